// Queue helpers of the xasync benchmarks. Timing, ratios and reports come from the one harness,
// scripts/bench/harness.ts; each figure runs in a process of its own (scripts/bench.mjs runs every
// *.bench.ts separately), so one figure's JIT and heap state never colour another's.
import {
  XTaskQueueCloseHandle,
  XTaskQueueCreate,
  XTaskQueueTerminate,
  out,
  type XTaskQueueDispatchMode,
  type XTaskQueueHandle,
} from '@gdkts/xasync';

export function queue(work: number, completion: number): XTaskQueueHandle {
  const q = out<XTaskQueueHandle | null>(null);
  XTaskQueueCreate(work as XTaskQueueDispatchMode, completion as XTaskQueueDispatchMode, q);
  return q.value!;
}

export function close(q: XTaskQueueHandle): void {
  XTaskQueueTerminate(q, true, undefined, null);
  XTaskQueueCloseHandle(q);
}
