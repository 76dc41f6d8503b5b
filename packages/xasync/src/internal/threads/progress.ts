/**
 * How a blocking call lets emulated time pass (xasync-api.md §5): run one ready pool job, or sleep
 * until the next parked item that could make progress is due; `blockUntil` loops on it.
 */
import { fireDue, firstDue, nextUsefulDue } from './delayTimer.js';
import { runOneJob } from './pool.js';
import { runtime } from './runtime.js';

/** What one step of a blocking wait did. */
export type Progress = 'ran' | 'slept' | 'timeout' | 'stuck';

/**
 * One step of a blocking call: run one ready pool job; otherwise sleep until the next parked item
 * that could make progress is due (or until `deadline`), and promote what is due. `stuck` means
 * nothing can happen while the caller blocks.
 */
export function progressOnce(deadline: number, port?: unknown): Progress {
  if (runOneJob()) return 'ran';
  const next = nextUsefulDue(port);
  if (next === Infinity) return 'stuck';
  // The timer thread keeps running while the caller blocks: wake at every due time, not only the
  // useful ones, so items of other ports are promoted as each falls due (in due order).
  const wake = Math.min(next, firstDue());
  const now = runtime.host.now();
  if (wake > deadline) {
    runtime.host.sleep(Math.max(0, deadline - now));
    return 'timeout';
  }
  if (wake > now) runtime.host.sleep(Math.ceil(wake - now));
  fireDue();
  return 'slept';
}

/**
 * Blocks (letting emulated time pass) until `done()` holds. Returns false when nothing can make
 * progress while the caller blocks (the native call would hang there) or the deadline passed.
 */
export function blockUntil(done: () => boolean, deadline = Infinity): boolean {
  while (!done()) {
    if (runtime.host.now() >= deadline) return false;
    const step = progressOnce(deadline);
    if (step === 'stuck') return done();
  }
  return true;
}
