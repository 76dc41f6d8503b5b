// Shared by the xasync benchmarks: each figure runs in a process of its own (scripts/bench.mjs
// runs every *.bench.ts separately), so one figure's JIT and heap state never colour another's.
import { XTaskQueueCloseHandle, XTaskQueueCreate, XTaskQueueTerminate, out, type XTaskQueueDispatchMode, type XTaskQueueHandle } from '@gdkts/xasync';

export const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);
export const fmt = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(1));

export function report(name: string, ours: number, base: number, baseName: string, unit: string, target: string, higherIsBetter = true): void {
  const ratio = higherIsBetter ? ours / base : base / ours;
  console.log(`${name}: ${fmt(ours)} ${unit} vs ${baseName} ${fmt(base)} ${unit} = ${ratio.toFixed(2)}x (target ${target})`);
}

export function queue(work: number, completion: number): XTaskQueueHandle {
  const q = out<XTaskQueueHandle | null>(null);
  XTaskQueueCreate(work as XTaskQueueDispatchMode, completion as XTaskQueueDispatchMode, q);
  return q.value!;
}

export function close(q: XTaskQueueHandle): void {
  XTaskQueueTerminate(q, true, undefined, null);
  XTaskQueueCloseHandle(q);
}

export async function timed(fn: () => Promise<void> | void): Promise<number> {
  gc();
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export const ROUNDS = 7;

/**
 * Times `ours` and `base` in alternating rounds (so both see the same machine, which is noisy
 * here) and returns the pair, in ms, whose ratio is the median.
 */
export async function paired(ours: () => Promise<void> | void, base: () => Promise<void> | void): Promise<[number, number]> {
  const pairs: [number, number][] = [];
  for (let round = 0; round < ROUNDS; round++) pairs.push([await timed(ours), await timed(base)]);
  pairs.sort((a, b) => a[0] / a[1] - b[0] / b[1]);
  return pairs[pairs.length >> 1]!;
}

export function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
