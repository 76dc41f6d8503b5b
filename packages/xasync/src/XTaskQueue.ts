/**
 * The task queue API (XTaskQueue.h), with libHttpClient's private diagnostics (XTaskQueuePriv.h).
 * @module
 */
import { E_INVALIDARG, E_POINTER, S_OK, type HRESULT } from './HRESULT.js';
import type { Out } from './Out.js';
import { closeHandle, createQueue, newHandle, resolvePort } from './internal/queue/handles.js';
import { processQueue, resetProcessQueue, resolveQueue, setProcessQueue } from './internal/queue/processQueue.js';
import type { QueueCallback } from './internal/queue/modes.js';
import { liveQueueCount, type QueueObject } from './internal/queue/QueueObject.js';
import { deadlockReason, possibleDeadlock } from './internal/deadlock.js';
import { blockUntil } from './internal/threads/progress.js';
import { runtime } from './internal/threads/runtime.js';
import { untilChanged, wakeAwaiters } from './internal/threads/wakeups.js';
import { isBoolean, isFunction, isOut, isPort, isUint32, tokenValue, writeOut } from './kit/arguments.js';
import { waitEventOf } from './XEvent.js';
import type {
  XTaskQueueCallback,
  XTaskQueueDispatchMode,
  XTaskQueueHandle,
  XTaskQueueMonitorCallback,
  XTaskQueuePort,
  XTaskQueuePortHandle,
  XTaskQueueRegistration,
  XTaskQueueRegistrationToken,
  XTaskQueueTerminatedCallback,
  XWaitHandle,
} from './types.js';

function isMode(value: unknown): value is XTaskQueueDispatchMode {
  return value === 0 || value === 1 || value === 2 || value === 3;
}

/**
 * Mirrors `XTaskQueueCreate`: a queue with two independent ports, each with its own dispatch mode.
 * @param workDispatchMode - [in] dispatch mode of the Work port.
 * @param completionDispatchMode - [in] dispatch mode of the Completion port.
 * @param queue - [out] receives the new handle (set to `null` first); close it with {@link XTaskQueueCloseHandle}.
 * @returns `S_OK`; `E_POINTER` when `queue` is not an out-parameter; `E_INVALIDARG` for a mode that is
 * not a {@link XTaskQueueDispatchMode} value (libHttpClient does not validate modes; gdkts does).
 */
export function XTaskQueueCreate(
  workDispatchMode: XTaskQueueDispatchMode,
  completionDispatchMode: XTaskQueueDispatchMode,
  queue: Out<XTaskQueueHandle | null>,
): HRESULT {
  if (!isOut(queue)) return E_POINTER;
  writeOut(queue, null);
  if (!isMode(workDispatchMode) || !isMode(completionDispatchMode)) return E_INVALIDARG;
  return giveHandle(queue, createQueue(workDispatchMode, completionDispatchMode)) ? S_OK : E_POINTER;
}

/** Writes a new handle to an out-parameter; closes it again when the write throws (nobody could close it). */
function giveHandle(target: Out<XTaskQueueHandle | null>, handle: XTaskQueueHandle): boolean {
  if (writeOut(target, handle)) return true;
  closeHandle(handle);
  return false;
}

/**
 * Mirrors `XTaskQueueCreateComposite`: a queue whose Work and Completion roles use existing ports
 * (possibly the same port for both). It has its own status, termination, monitors and waiters, and
 * keeps the ports' queues alive.
 * @param workPort - [in] port handle for the Work role (from {@link XTaskQueueGetPort}).
 * @param completionPort - [in] port handle for the Completion role.
 * @param queue - [out] receives the new handle (set to `null` first).
 * @returns `S_OK`; `E_HANDLE` if either port handle is not a live port handle; `E_POINTER` when `queue` is not an out-parameter.
 */
export function XTaskQueueCreateComposite(
  workPort: XTaskQueuePortHandle,
  completionPort: XTaskQueuePortHandle,
  queue: Out<XTaskQueueHandle | null>,
): HRESULT {
  if (!isOut(queue)) return E_POINTER;
  writeOut(queue, null);
  const wp = resolvePort(workPort);
  if (typeof wp === 'number') return wp;
  const cp = resolvePort(completionPort);
  if (typeof cp === 'number') return cp;
  return giveHandle(queue, createQueue(wp, cp)) ? S_OK : E_POINTER;
}

/**
 * Mirrors `XTaskQueueGetPort`: the port object backing a role (for a composite, the shared underlying port).
 * @param queue - [in] the queue; `null` means the process task queue.
 * @param port - [in] which role.
 * @param portHandle - [out] receives the port handle (owned by the queue; never closed).
 * @returns `S_OK`; `E_HANDLE` (`queue` not a live queue handle: a closed handle, a string, a plain
 * object…); `E_INVALIDARG` (port not 0/1); `E_POINTER` (no out-parameter); `E_NO_TASK_QUEUE` (null
 * queue, process queue disabled).
 */
export function XTaskQueueGetPort(
  queue: XTaskQueueHandle | null,
  port: XTaskQueuePort,
  portHandle: Out<XTaskQueuePortHandle | null>,
): HRESULT {
  if (!isOut(portHandle)) return E_POINTER;
  const q = resolveQueue(queue);
  if (typeof q === 'number') return q;
  if (!isPort(port)) return E_INVALIDARG;
  writeOut(portHandle, q.context(port).port.handle as XTaskQueuePortHandle);
  return S_OK;
}

/**
 * Mirrors `XTaskQueueDuplicateHandle`: a new, distinct handle (`dup !== queue`) holding its own reference.
 * @param queue - [in] the handle to duplicate; `null` means the process task queue.
 * @param duplicatedHandle - [out] receives the new handle (set to `null` before validation).
 * @returns `S_OK`; `E_POINTER` (no out-parameter); `E_HANDLE` (any value but null that is not a live
 * queue handle); `E_NO_TASK_QUEUE`.
 */
export function XTaskQueueDuplicateHandle(
  queue: XTaskQueueHandle | null,
  duplicatedHandle: Out<XTaskQueueHandle | null>,
): HRESULT {
  if (!isOut(duplicatedHandle)) return E_POINTER;
  writeOut(duplicatedHandle, null);
  const q = resolveQueue(queue);
  if (typeof q === 'number') return q;
  return giveHandle(duplicatedHandle, newHandle(q)) ? S_OK : E_POINTER;
}

/**
 * Mirrors `XTaskQueueCloseHandle`: releases one reference. The queue lives on while anything holds
 * it (other handles, composites, queued items, in-flight calls, termination). Closing cancels nothing.
 * @param queue - [in] the handle; anything that is not a live handle is ignored.
 */
export function XTaskQueueCloseHandle(queue: XTaskQueueHandle): void {
  closeHandle(queue);
}

/**
 * Mirrors `XTaskQueueDispatch`: runs at most one ready callback of the port on the caller's stack.
 * With a timeout it lets emulated time pass (runs ready thread-pool work, sleeps until the next
 * delayed item) and returns `false` as soon as nothing can arrive within the timeout.
 * @param queue - [in] the queue; `null` means the process task queue.
 * @param port - [in] which port.
 * @param timeoutInMs - [in] 0: no wait; {@link INFINITE}: no limit.
 * @returns `true` iff a callback was invoked; `false` otherwise, and for any invalid argument.
 */
export function XTaskQueueDispatch(queue: XTaskQueueHandle | null, port: XTaskQueuePort, timeoutInMs: number): boolean {
  const q = resolveQueue(queue);
  if (typeof q === 'number' || !isPort(port) || !isUint32(timeoutInMs)) return false;
  const ctx = q.context(port);
  return ctx.dispatch(timeoutInMs);
}

/**
 * Awaitable twin of {@link XTaskQueueDispatch}: waits by yielding to the event loop, so Promise-based
 * work and real I/O progress meanwhile.
 * @param queue - [in] the queue; `null` means the process task queue.
 * @param port - [in] which port.
 * @param timeoutInMs - [in] 0: no wait; {@link INFINITE}: no limit.
 * @returns a Promise of `true` iff a callback was invoked.
 */
export async function XTaskQueueDispatchAsync(
  queue: XTaskQueueHandle | null,
  port: XTaskQueuePort,
  timeoutInMs: number,
): Promise<boolean> {
  const q = resolveQueue(queue);
  if (typeof q === 'number' || !isPort(port) || !isUint32(timeoutInMs)) return false;
  const ctx = q.context(port);
  if (ctx.dispatch(0)) return true;
  if (timeoutInMs === 0) return false;
  const deadline = timeoutInMs === 0xffffffff ? Infinity : runtime.host.now() + timeoutInMs;
  q.addRef();
  try {
    for (;;) {
      if (ctx.terminated) return false;
      const remaining = deadline - runtime.host.now();
      if (remaining <= 0) return false;
      await untilChanged(() => ctx.hasDispatchableWork, remaining);
      if (ctx.dispatch(0)) return true;
    }
  } finally {
    q.release();
  }
}

/**
 * Mirrors `XTaskQueueTerminate`: cancels everything queued for this queue (each pending callback is
 * invoked exactly once with `canceled = true`), rejects new submissions with `E_ABORT`, drains the
 * Work port before the Completion port, then invokes `callback(callbackContext)` on the Completion
 * port's dispatcher. Does not close the handle.
 * @param queue - [in] the queue; `null` means the process task queue.
 * @param wait - [in] `true`: return once termination finished (emulated: runs the work other threads would do).
 * @param callbackContext - [in] passed to `callback`.
 * @param callback - [in] optional termination callback.
 * @returns `S_OK`; `E_POSSIBLE_DEADLOCK` when `wait` is true and termination cannot finish while this
 * thread blocks: it needs a Manual port only the caller would dispatch, or a callback that awaits
 * work outside the runtime (a Promise, a real timer, real I/O). Termination goes on and completes as
 * the ports are dispatched later; the `possibleDeadlock` trace event says which; await
 * {@link XTaskQueueTerminateAsync} instead; `E_HANDLE`, `E_INVALIDARG` (bad arguments), `E_NO_TASK_QUEUE`.
 */
export function XTaskQueueTerminate<TContext = unknown>(
  queue: XTaskQueueHandle | null,
  wait: boolean,
  callbackContext: TContext,
  callback: XTaskQueueTerminatedCallback<TContext> | null,
): HRESULT {
  const started = startTermination(queue, wait, callback);
  if (typeof started === 'number') return started;
  const [q, wasTerminated] = started;
  const record = q.terminate((callback as XTaskQueueTerminatedCallback | null | undefined) ?? null, callbackContext);
  if (!wait || wasTerminated) return S_OK;
  q.addRef();
  try {
    return blockUntil(() => q.terminationFinished(record))
      ? S_OK
      : possibleDeadlock('XTaskQueueTerminate', deadlockReason(q), 'XTaskQueueTerminateAsync');
  } finally {
    q.release();
  }
}

function startTermination(queue: unknown, wait: unknown, callback: unknown): [QueueObject, boolean] | HRESULT {
  const q = resolveQueue(queue);
  if (typeof q === 'number') return q;
  if (!isBoolean(wait) || (callback !== null && callback !== undefined && !isFunction(callback))) return E_INVALIDARG;
  return [q, q.terminated];
}

/**
 * Awaitable twin of `XTaskQueueTerminate(queue, true, …)`: starts termination and resolves once it
 * finished, waiting by yielding to the event loop (so Manual ports can be dispatched meanwhile).
 * @param queue - [in] the queue; `null` means the process task queue.
 * @param callbackContext - [in] passed to `callback`.
 * @param callback - [in] optional termination callback.
 * @returns a Promise of `S_OK`, or of `E_HANDLE` / `E_INVALIDARG` / `E_NO_TASK_QUEUE` for bad arguments.
 */
export async function XTaskQueueTerminateAsync<TContext = unknown>(
  queue: XTaskQueueHandle | null,
  callbackContext?: TContext,
  callback?: XTaskQueueTerminatedCallback<TContext> | null,
): Promise<HRESULT> {
  const started = startTermination(queue, true, callback);
  if (typeof started === 'number') return started;
  const [q, wasTerminated] = started;
  const record = q.terminate((callback as XTaskQueueTerminatedCallback | null | undefined) ?? null, callbackContext);
  if (wasTerminated) return S_OK;
  q.addRef();
  try {
    await untilChanged(() => q.terminationFinished(record));
  } finally {
    q.release();
  }
  return S_OK;
}

/**
 * Mirrors `XTaskQueueSubmitCallback`: same as {@link XTaskQueueSubmitDelayedCallback} with delay 0.
 * @param queue - [in] the queue; `null` means the process task queue.
 * @param port - [in] which port.
 * @param callbackContext - [in] passed to `callback`.
 * @param callback - [in] invoked as `callback(context, canceled)`.
 * @returns `S_OK`; `E_ABORT` (port terminating or terminated); `E_HANDLE`; `E_INVALIDARG` (bad port,
 * missing callback); `E_NO_TASK_QUEUE`.
 */
export function XTaskQueueSubmitCallback<TContext = unknown>(
  queue: XTaskQueueHandle | null,
  port: XTaskQueuePort,
  callbackContext: TContext,
  callback: XTaskQueueCallback<TContext>,
): HRESULT {
  return XTaskQueueSubmitDelayedCallback(queue, port, 0, callbackContext, callback);
}

/**
 * Mirrors `XTaskQueueSubmitDelayedCallback`: adds `callback(context, canceled)` to the port, ready
 * now (delay 0: monitors fire, pool work starts, an Immediate port runs it before returning) or no
 * earlier than `delayMs` from now on a monotonic clock.
 * @param queue - [in] the queue; `null` means the process task queue.
 * @param port - [in] which port.
 * @param delayMs - [in] delay in ms (a `uint32_t`).
 * @param callbackContext - [in] passed to `callback`.
 * @param callback - [in] invoked as `callback(context, canceled)`.
 * @returns `S_OK`; `E_ABORT` (this queue's port is terminating or terminated); `E_HANDLE`;
 * `E_INVALIDARG` (bad port or delay, missing callback); `E_NO_TASK_QUEUE`.
 */
export function XTaskQueueSubmitDelayedCallback<TContext = unknown>(
  queue: XTaskQueueHandle | null,
  port: XTaskQueuePort,
  delayMs: number,
  callbackContext: TContext,
  callback: XTaskQueueCallback<TContext>,
): HRESULT {
  const q = resolveQueue(queue);
  if (typeof q === 'number') return q;
  if (!isPort(port) || !isUint32(delayMs) || !isFunction(callback)) return E_INVALIDARG;
  return q.submit(port, delayMs, callbackContext, callback as QueueCallback);
}

/**
 * Mirrors `XTaskQueueRegisterWaiter`: each time `waitHandle` is signalled, one callback is queued
 * to the port (an auto-reset event: one per `SetEvent`; a manual-reset event left set: again after
 * each callback until reset or unregistered). At termination the callback is queued once more with
 * `canceled = true` and the registration removed.
 * @param queue - [in] the queue; `null` means the process task queue.
 * @param port - [in] which port.
 * @param waitHandle - [in] an event from `CreateEvent`.
 * @param callbackContext - [in] passed to `callback`.
 * @param callback - [in] invoked as `callback(context, canceled)`.
 * @param token - [out] receives the registration token.
 * @returns `S_OK`; `E_POINTER` (no callback or token); `E_INVALIDARG` (bad port or wait handle);
 * `E_HANDLE`; `E_ABORT` (port terminating); `E_OUTOFMEMORY` (60 per port or 120 per queue); `E_NO_TASK_QUEUE`.
 */
export function XTaskQueueRegisterWaiter<TContext = unknown>(
  queue: XTaskQueueHandle | null,
  port: XTaskQueuePort,
  waitHandle: XWaitHandle,
  callbackContext: TContext,
  callback: XTaskQueueCallback<TContext>,
  token: Out<XTaskQueueRegistrationToken>,
): HRESULT {
  if (!isFunction(callback) || !isOut(token)) return E_POINTER;
  const q = resolveQueue(queue);
  if (typeof q === 'number') return q;
  const event = waitEventOf(waitHandle);
  if (!isPort(port) || event === undefined) return E_INVALIDARG;
  const reg = q.registerWaiter(port, event, callbackContext, callback as QueueCallback);
  if (typeof reg === 'number') return reg;
  const t = reg.token;
  writeOut(
    token,
    registration(t, () => q.unregisterWaiter(t)),
  );
  return S_OK;
}

/** A written token: `{ token }` with a non-enumerable `Symbol.dispose` that unregisters it (a no-op once unregistered). */
function registration(token: bigint, unregister: () => void): XTaskQueueRegistration {
  return Object.defineProperty({ token }, Symbol.dispose, {
    value: unregister,
    enumerable: false,
  }) as XTaskQueueRegistration;
}

/**
 * Mirrors `XTaskQueueUnregisterWaiter`: no further callbacks for that registration.
 * @param queue - [in] the queue it was registered on; `null` means the process task queue.
 * @param token - [in] the registration token. Unknown tokens and invalid handles are ignored.
 */
export function XTaskQueueUnregisterWaiter(queue: XTaskQueueHandle | null, token: XTaskQueueRegistrationToken): void {
  const q = resolveQueue(queue);
  const t = tokenValue(token);
  if (typeof q === 'number' || t === undefined) return;
  q.unregisterWaiter(t);
}

/**
 * Mirrors `XTaskQueueRegisterMonitor`: `callback(context, queue, port)` runs synchronously whenever
 * an item becomes ready on a port this queue uses (fan-out: every queue sharing the port is told).
 * @param queue - [in] the queue; `null` means the process task queue.
 * @param callbackContext - [in] passed to `callback`.
 * @param callback - [in] the monitor.
 * @param token - [out] receives the registration token.
 * @returns `S_OK`; `E_POINTER` (no callback or token); `E_HANDLE`; `E_OUTOFMEMORY` (32 already
 * registered); `E_INVALIDARG`; `E_NO_TASK_QUEUE`.
 */
export function XTaskQueueRegisterMonitor<TContext = unknown>(
  queue: XTaskQueueHandle | null,
  callbackContext: TContext,
  callback: XTaskQueueMonitorCallback<TContext>,
  token: Out<XTaskQueueRegistrationToken>,
): HRESULT {
  if (!isFunction(callback) || !isOut(token)) return E_POINTER;
  const q = resolveQueue(queue);
  if (typeof q === 'number') return q;
  const t = q.registerMonitor(callbackContext, callback as never);
  if (typeof t === 'number') return t;
  writeOut(
    token,
    registration(t, () => q.unregisterMonitor(t)),
  );
  return S_OK;
}

/**
 * Mirrors `XTaskQueueUnregisterMonitor`.
 * @param queue - [in] the queue it was registered on; `null` means the process task queue.
 * @param token - [in] the registration token. Unknown tokens and invalid handles are ignored.
 */
export function XTaskQueueUnregisterMonitor(queue: XTaskQueueHandle | null, token: XTaskQueueRegistrationToken): void {
  const q = resolveQueue(queue);
  const t = tokenValue(token);
  if (typeof q === 'number' || t === undefined) return;
  q.unregisterMonitor(t);
}

/**
 * Mirrors `XTaskQueueGetCurrentProcessTaskQueue`: a new handle to the process task queue, which the
 * caller must close. The default (ThreadPool / ThreadPool) is created on first use.
 * @param queue - [out] receives the new handle, or `null` when the process queue was set to null.
 * @returns `true` with a handle; `false` when disabled or `queue` is not an out-parameter.
 */
export function XTaskQueueGetCurrentProcessTaskQueue(queue: Out<XTaskQueueHandle | null>): boolean {
  if (!isOut(queue)) return false;
  const q = processQueue();
  if (q === null) {
    writeOut(queue, null);
    return false;
  }
  return giveHandle(queue, newHandle(q));
}

/**
 * Mirrors `XTaskQueueSetCurrentProcessTaskQueue`: the process queue becomes a duplicate of `queue`
 * (the previously set one is closed); `null` disables it (XAsync calls with no queue then fail with
 * `E_NO_TASK_QUEUE`).
 * @param queue - [in] the new process queue, or `null`. A value that is not a live handle is ignored.
 */
export function XTaskQueueSetCurrentProcessTaskQueue(queue: XTaskQueueHandle | null): void {
  if (queue === null) {
    setProcessQueue(null);
    return;
  }
  const q = resolveQueue(queue);
  if (typeof q !== 'number') setProcessQueue(q);
}

// ---- XTaskQueuePriv.h ----

/**
 * Mirrors libHttpClient's private `XTaskQueueIsEmpty`: the port's ready FIFO and delayed list are
 * empty and no callback is executing on it (port-wide, across every queue sharing it).
 * @param queue - [in] the queue; `null` means the process task queue.
 * @param port - [in] which port.
 * @returns whether the port is empty; `false` for invalid arguments.
 */
export function XTaskQueueIsEmpty(queue: XTaskQueueHandle | null, port: XTaskQueuePort): boolean {
  const q = resolveQueue(queue);
  if (typeof q === 'number' || !isPort(port)) return false;
  return q.context(port).port.isEmpty;
}

/**
 * Mirrors libHttpClient's private `XTaskQueueSuspendTermination`: holds termination of the Work port
 * (as every in-flight XAsync call does) until {@link XTaskQueueResumeTermination}.
 * @param queue - [in] the queue; `null` means the process task queue.
 * @returns `S_OK`; `E_ABORT` (already terminating); `E_HANDLE` (not a live queue handle); `E_NO_TASK_QUEUE`.
 */
export function XTaskQueueSuspendTermination(queue: XTaskQueueHandle | null): HRESULT {
  const q = resolveQueue(queue);
  if (typeof q === 'number') return q;
  return q.suspendTermination();
}

/**
 * Mirrors libHttpClient's private `XTaskQueueResumeTermination`: drops one suspension taken by
 * {@link XTaskQueueSuspendTermination}; at zero a parked termination proceeds. Without a matching
 * suspension it does nothing (the suspensions in-flight XAsync calls hold are theirs to release).
 * @param queue - [in] the queue; `null` means the process task queue.
 */
export function XTaskQueueResumeTermination(queue: XTaskQueueHandle | null): void {
  const q = resolveQueue(queue);
  if (typeof q !== 'number') q.resumeTermination();
}

/**
 * Mirrors libHttpClient's private `XTaskQueueUninitialize`: closes the default and the set process
 * queues, resets both to unset, then waits (letting emulated time pass) up to
 * `min(timeoutMs, 5000)` ms for every task-queue object to be destroyed.
 * @param timeoutMs - [in] how long to wait; default 0.
 * @returns `true` once no queue object is left alive.
 */
export function XTaskQueueUninitialize(timeoutMs = 0): boolean {
  resetProcessQueue();
  wakeAwaiters();
  const limit = isUint32(timeoutMs) ? Math.min(timeoutMs, 5000) : 0;
  return blockUntil(() => liveQueueCount() === 0, runtime.host.now() + limit);
}
