/**
 * The runtime's clock: the time the queues use for delayed callbacks and timeouts.
 * @module
 */
import { runtime } from './internal/runtime.js';

/**
 * The runtime's monotonic clock, in milliseconds: the host's `performance.now()` normally, the
 * virtual time under `@gdkts/xasync/testing`'s hosts. Retry and back-off logic that reads it sees
 * the same time as `XTaskQueueSubmitDelayedCallback` and the `XTaskQueueDispatch` timeout. (Not a
 * native function: the GDK's queues read the system's monotonic clock.)
 * @returns the current time in ms (fractional; only differences are meaningful).
 * @example
 * ```ts no-check
 * const started = now();
 * XTaskQueueSubmitDelayedCallback(q, XTaskQueuePort.Work, 100, null, () => console.log(now() - started >= 100));
 * ```
 */
export function now(): number {
  return runtime.host.now();
}
