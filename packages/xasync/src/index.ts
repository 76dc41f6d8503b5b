/**
 * `@gdkts/xasync`: the Xbox GDK XAsync / XTaskQueue runtime with the native names, argument order
 * and HRESULTs (libHttpClient semantics). Functions never throw for expected failures: they return
 * the HRESULT the native call returns.
 *
 * @example
 * ```ts
 * import { XAsyncRun, XAsyncGetStatus, XTaskQueueCreate, XTaskQueueDispatchMode, out, S_OK } from '@gdkts/xasync';
 * import type { XAsyncBlock, XTaskQueueHandle } from '@gdkts/xasync';
 * const q = out<XTaskQueueHandle | null>(null);
 * XTaskQueueCreate(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.Manual, q);
 * const block: XAsyncBlock = { queue: q.value, callback: (b) => console.log('done', XAsyncGetStatus(b, false)) };
 * XAsyncRun(block, () => S_OK);
 * ```
 * @packageDocumentation
 */
export * from './HRESULT.js';
export { out, ref, type Out } from './Out.js';
export { now } from './clock.js';
export * from './types.js';
export {
  XAsyncBegin,
  XAsyncCancel,
  XAsyncComplete,
  XAsyncGetResult,
  XAsyncGetResultSize,
  XAsyncGetStatus,
  XAsyncGetStatusAsync,
  XAsyncRun,
  XAsyncSchedule,
} from './XAsync.js';
export {
  XTaskQueueCloseHandle,
  XTaskQueueCreate,
  XTaskQueueCreateComposite,
  XTaskQueueDispatch,
  XTaskQueueDispatchAsync,
  XTaskQueueDuplicateHandle,
  XTaskQueueGetCurrentProcessTaskQueue,
  XTaskQueueGetPort,
  XTaskQueueIsEmpty,
  XTaskQueueRegisterMonitor,
  XTaskQueueRegisterWaiter,
  XTaskQueueResumeTermination,
  XTaskQueueSetCurrentProcessTaskQueue,
  XTaskQueueSubmitCallback,
  XTaskQueueSubmitDelayedCallback,
  XTaskQueueSuspendTermination,
  XTaskQueueTerminate,
  XTaskQueueTerminateAsync,
  XTaskQueueUninitialize,
  XTaskQueueUnregisterMonitor,
  XTaskQueueUnregisterWaiter,
} from './XTaskQueue.js';
export { CloseHandle, CreateEvent, ResetEvent, SetEvent } from './XEvent.js';
export {
  trace,
  TraceEmitter,
  type CallEvent,
  type CallEventBase,
  type CompleteEvent,
  type DispatchEvent,
  type ProviderOpEvent,
  type SubmitEvent,
  type PossibleDeadlockEvent,
  type TerminationEvent,
  type TraceEventBase,
  type TraceEvents,
} from './trace.js';
