/**
 * The runtime's clock: the time the queues use for delayed callbacks and timeouts.
 * @module
 */
import { runtime } from './internal/threads/runtime.js';

/**
 * The runtime's monotonic clock, in milliseconds: the host's `performance.now()` normally, the
 * virtual time under `@gdkts/xasync/testing`'s hosts. Retry and back-off logic that reads it sees
 * the same time as `XTaskQueueSubmitDelayedCallback` and the `XTaskQueueDispatch` timeout. (Not a
 * native function: the GDK's queues read the system's monotonic clock.)
 * @returns the current time in ms (fractional; only differences are meaningful).
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import { XTaskQueueCloseHandle, XTaskQueueCreate, XTaskQueueDispatch, XTaskQueueDispatchMode, XTaskQueuePort, XTaskQueueSubmitDelayedCallback, now, out, type XTaskQueueHandle } from '@gdkts/xasync';
 * const q = out<XTaskQueueHandle | null>(null);
 * XTaskQueueCreate(XTaskQueueDispatchMode.Manual, XTaskQueueDispatchMode.Manual, q);
 * const started = now();
 * let waited = 0;
 * XTaskQueueSubmitDelayedCallback(q.value, XTaskQueuePort.Work, 20, null, () => {
 *   waited = now() - started;
 * });
 * assert.equal(XTaskQueueDispatch(q.value, XTaskQueuePort.Work, 1000), true); // blocks until it is due
 * assert.ok(waited >= 20);
 * XTaskQueueCloseHandle(q.value!);
 * ```
 */
export function now(): number {
  return runtime.host.now();
}
