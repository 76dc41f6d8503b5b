/**
 * The awaitable twins' wake-ups: an `…Async` wait re-checks its condition whenever the runtime
 * reports a change (an item became ready or finished, a termination step, a call's completion
 * signal), instead of blocking as the synchronous calls do.
 */
import { runtime } from './runtime.js';

/** Async waiters (the `…Async` twins): each re-checks its own condition when something changed. */
const awaiters = new Set<() => void>();

/** Something a waiter may be waiting for happened (an item became ready or finished, a termination step, a call's wait signal). */
export function wakeAwaiters(): void {
  if (awaiters.size === 0) return;
  for (const w of [...awaiters]) w();
}

/** Resolves when `ready()` holds (checked at every {@link wakeAwaiters}) or after `timeoutMs`. */
export function untilChanged(ready: () => boolean, timeoutMs = Infinity): Promise<void> {
  return new Promise<void>((resolve) => {
    let timer: unknown;
    const done = (): void => {
      awaiters.delete(check);
      if (timer !== undefined) runtime.host.clearTimer(timer);
      resolve();
    };
    const check = (): void => {
      if (ready()) done();
    };
    if (ready()) {
      resolve();
      return;
    }
    awaiters.add(check);
    if (timeoutMs !== Infinity) timer = runtime.host.setTimer(Math.max(0, Math.ceil(timeoutMs)), done);
  });
}
