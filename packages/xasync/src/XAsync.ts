/**
 * The caller's side of an async call (XAsync.h) and the provider API (XAsyncProvider.h).
 * @module
 */
import {
  E_ILLEGAL_METHOD_CALL,
  E_INVALIDARG,
  E_PENDING,
  E_POINTER,
  FAILED,
  S_OK,
  SUCCEEDED,
  type HRESULT,
} from './HRESULT.js';
import type { Out } from './Out.js';
import {
  AsyncState,
  FailedBegin,
  recordOf as ownRecord,
  runProvider,
  setRecord,
  type CallRecord,
} from './internal/call/asyncState.js';
import { resolveQueue } from './internal/queue/processQueue.js';
import { deadlockReason, possibleDeadlock } from './internal/deadlock.js';
import { blockUntil } from './internal/threads/progress.js';
import { asHResult, isFunction, isObject, isOut, isSize, isUint32, writeOut } from './kit/arguments.js';
import { untilChanged } from './internal/threads/wakeups.js';
import type { XAsyncBlock, XAsyncProvider, XAsyncWork } from './types.js';

function recordOf(block: unknown): CallRecord | undefined {
  return isObject(block) ? ownRecord(block) : undefined;
}

/** The status a block reports: 0 for a block never used. */
function statusOf(record: CallRecord | undefined): HRESULT {
  return record === undefined ? S_OK : record.status;
}

/**
 * Mirrors `XAsyncGetStatus`: the call's status, `E_PENDING` while it runs. The final status is
 * visible before the completion routine runs.
 * @param asyncBlock - [in] the caller's block (or the provider's copy).
 * @param wait - [in] `true`: wait for the call (its completion routine returned, or completion when
 * there is none). One JS thread cannot block on others, so the wait runs the work other threads
 * would do and sleeps until delayed work is due.
 * @returns the status (`S_OK` for a never-used block); `E_INVALIDARG` for a block that is not an
 * object; `E_POSSIBLE_DEADLOCK` when `wait` is true and the call cannot finish while this thread
 * blocks: it needs a Manual port that only the caller would dispatch, or work outside the runtime
 * (a Promise, a real timer, real I/O: e.g. a provider awaiting `fetch`). The call goes on; the
 * `possibleDeadlock` trace event says which; await {@link XAsyncGetStatusAsync} instead.
 */
export function XAsyncGetStatus(asyncBlock: XAsyncBlock, wait: boolean): HRESULT {
  if (!isObject(asyncBlock)) return E_INVALIDARG;
  const record = recordOf(asyncBlock);
  const state = record?.attached ?? null;
  if (wait !== true || state === null) return statusOf(record);
  state.addRef();
  try {
    return blockUntil(() => state.completionSignaled)
      ? record!.status
      : possibleDeadlock('XAsyncGetStatus', deadlockReason(state.queue), 'XAsyncGetStatusAsync');
  } finally {
    state.release();
  }
}

/**
 * Awaitable twin of `XAsyncGetStatus(asyncBlock, true)`: waits by yielding to the event loop.
 * @param asyncBlock - [in] the caller's block.
 * @returns a Promise of the final status (`E_INVALIDARG` for a block that is not an object).
 */
export async function XAsyncGetStatusAsync(asyncBlock: XAsyncBlock): Promise<HRESULT> {
  if (!isObject(asyncBlock)) return E_INVALIDARG;
  const record = recordOf(asyncBlock);
  const state = record?.attached ?? null;
  if (state === null) return statusOf(record);
  await untilChanged(() => state.completionSignaled);
  return record!.status;
}

/**
 * Mirrors `XAsyncGetResultSize`: the status, and the payload size while a successful payload waits.
 * @param asyncBlock - [in] the caller's block.
 * @param bufferSize - [out] receives the payload size, or 0 (pending, failed, no payload, already fetched).
 * @returns the status, as {@link XAsyncGetStatus} without waiting; `E_POINTER` without an
 * out-parameter; `E_INVALIDARG` for a block that is not an object.
 */
export function XAsyncGetResultSize(asyncBlock: XAsyncBlock, bufferSize: Out<number>): HRESULT {
  if (!isOut(bufferSize)) return E_POINTER;
  if (!isObject(asyncBlock)) return E_INVALIDARG;
  const record = recordOf(asyncBlock);
  const status = statusOf(record);
  const state = record?.attached ?? null;
  writeOut(
    bufferSize,
    state !== null && SUCCEEDED(status) && status !== E_PENDING && !record!.handedOut ? state.payloadSize : 0,
  );
  return status;
}

/**
 * Mirrors `XAsyncCancel`: asks the provider to cancel (its Cancel op runs synchronously here). It
 * does not complete the call by itself; the provider must call `XAsyncComplete(E_ABORT)`.
 * @param asyncBlock - [in] the caller's block. A block with no live call is ignored.
 */
export function XAsyncCancel(asyncBlock: XAsyncBlock): void {
  recordOf(asyncBlock)?.attached?.cancel();
}

/**
 * Mirrors `XAsyncRun`: runs `work` on the Work port of the block's queue; the call's status is what
 * `work` returns. JS only: `work` may return a Promise (the call completes when it settles; a
 * rejection with an `HResultError` gives its `hr`, any other `E_FAIL`). Cancel is ignored.
 * @typeParam TContext - the type of the block's `context` (what `work` and the completion routine read).
 * @param asyncBlock - [in,out] the caller's block.
 * @param work - [in] the work routine; it receives the library's copy of the block (its queue resolved, never null).
 * @returns `S_OK`; `E_INVALIDARG` (block in use, or not an object, or `work` not a function);
 * `E_NO_TASK_QUEUE`; `E_HANDLE`; `E_ABORT` (queue terminated).
 */
export function XAsyncRun<TContext = unknown>(asyncBlock: XAsyncBlock<TContext>, work: XAsyncWork<TContext>): HRESULT {
  if (!isFunction(work)) return E_INVALIDARG;
  return beginCall(asyncBlock, work, XAsyncRun, 'XAsyncRun', runProvider);
}

/**
 * Mirrors `XAsyncBegin`: starts a call on the block and invokes `provider(Begin)`.
 * @typeParam TContext - the type of the provider's context (`data.context` in every op).
 * @param asyncBlock - [in,out] the caller's block.
 * @param context - [in] the provider's context (freed in its Cleanup op).
 * @param identity - [in] compared (`Object.is`) by {@link XAsyncGetResult}; typically the `…Async` function.
 * @param identityName - [in] a name for tracing, or `null`.
 * @param provider - [in] the provider.
 * @returns `S_OK` (also when the Begin op fails: the call then completes with that failure);
 * `E_INVALIDARG` (block in use, or arguments of the wrong kind); `E_NO_TASK_QUEUE`; `E_HANDLE`;
 * `E_ABORT` (the queue's Work port is terminating or terminated).
 */
export function XAsyncBegin<TContext = unknown>(
  asyncBlock: XAsyncBlock,
  context: TContext,
  identity: unknown,
  identityName: string | null,
  provider: XAsyncProvider<TContext>,
): HRESULT {
  if (
    !isFunction(provider) ||
    (identityName !== null && identityName !== undefined && typeof identityName !== 'string')
  )
    return E_INVALIDARG;
  return beginCall(asyncBlock, context, identity, identityName ?? null, provider as XAsyncProvider);
}

function beginCall(
  asyncBlock: XAsyncBlock,
  context: unknown,
  identity: unknown,
  identityName: string | null,
  provider: XAsyncProvider,
): HRESULT {
  if (!isObject(asyncBlock)) return E_INVALIDARG;
  // 1. block still live
  if (ownRecord(asyncBlock)?.attached != null) return E_INVALIDARG;
  let queueArg: unknown;
  let callback: unknown;
  try {
    queueArg = asyncBlock.queue;
    callback = asyncBlock.callback;
  } catch {
    return E_INVALIDARG;
  }
  if (callback !== null && callback !== undefined && !isFunction(callback)) return E_INVALIDARG;
  // 3. queue resolution; 5. termination suspension
  const q = resolveQueue(queueArg);
  const hr = typeof q === 'number' ? q : q.suspend();
  if (typeof q === 'number' || FAILED(hr)) {
    setRecord(asyncBlock, new FailedBegin(hr, asyncBlock));
    return hr;
  }
  // 6. state, provider(Begin)
  const state = new AsyncState(
    asyncBlock,
    q,
    provider,
    context,
    identity,
    identityName,
    (callback as ((b: XAsyncBlock) => void) | null | undefined) ?? null,
  );
  state.begin();
  return S_OK;
}

/**
 * Mirrors `XAsyncSchedule`: queues one DoWork op on the Work port after `delayInMs`.
 * @param asyncBlock - [in] the block (the caller's or the provider's copy).
 * @param delayInMs - [in] delay in ms (a `uint32_t`); 0 = ready now.
 * @returns `S_OK`; the call's failure status if it already failed (e.g. `E_ABORT`); `E_INVALIDARG`
 * (no live call, or a bad delay); `E_UNEXPECTED` (a schedule is already pending); `E_ABORT` (the
 * Work port is terminating).
 */
export function XAsyncSchedule(asyncBlock: XAsyncBlock, delayInMs: number): HRESULT {
  if (!isUint32(delayInMs)) return E_INVALIDARG;
  const record = recordOf(asyncBlock);
  if (record === undefined) return E_INVALIDARG;
  if (FAILED(record.status) && record.status !== E_PENDING) return record.status;
  const state = record.attached;
  if (state === null) return E_INVALIDARG;
  return state.schedule(delayInMs);
}

/**
 * Mirrors `XAsyncComplete`: finishes the call. The first completion wins; `E_PENDING` is ignored; a
 * failure forces the size to 0. The status is visible at once; the completion routine is queued to
 * the Completion port (it runs inside this call when that port is Immediate).
 * @param asyncBlock - [in] the block (the caller's or the provider's copy).
 * @param result - [in] the call's final status.
 * @param requiredBufferSize - [in] payload size for {@link XAsyncGetResult}; 0 for none.
 */
export function XAsyncComplete(asyncBlock: XAsyncBlock, result: HRESULT, requiredBufferSize: number): void {
  const hr = asHResult(result);
  if (hr === undefined || !isSize(requiredBufferSize)) return;
  recordOf(asyncBlock)?.owner?.complete(hr, requiredBufferSize);
}

/**
 * Mirrors `XAsyncGetResult`: hands out the payload once. A failed attempt (wrong identity, null
 * buffer, buffer too small, provider failure) also consumes it; call {@link XAsyncGetResultSize} first.
 * @param asyncBlock - [in] the caller's block.
 * @param identity - [in] must be the identity given to `XAsyncBegin` (payload calls only).
 * @param bufferSize - [in] the buffer's size in bytes; at most `buffer.length`.
 * @param buffer - [out] receives the payload (written by the provider's GetResult op).
 * @param bufferUsed - [out, optional] receives the payload size (0 for a zero-payload success).
 * @returns `E_PENDING` while running (nothing changes); the failure of a failed call; for a success:
 * `E_ILLEGAL_METHOD_CALL` (already handed out), the success status with `bufferUsed = 0` (no
 * payload), `E_INVALIDARG` (identity mismatch, null buffer), `E_NOT_SUFFICIENT_BUFFER`, or the
 * provider's GetResult HRESULT. Arguments of the wrong JS kind (a size that is NaN, negative or past
 * the buffer's end; a buffer that is not a `Uint8Array`) return `E_INVALIDARG` without touching the call.
 */
export function XAsyncGetResult(
  asyncBlock: XAsyncBlock,
  identity: unknown,
  bufferSize: number,
  buffer: Uint8Array | null,
  bufferUsed: Out<number> | null,
): HRESULT {
  if (bufferUsed !== null && bufferUsed !== undefined && !isOut(bufferUsed)) return E_POINTER;
  if (!isObject(asyncBlock) || !isSize(bufferSize)) return E_INVALIDARG;
  if (
    buffer !== null &&
    buffer !== undefined &&
    (!(ArrayBuffer.isView(buffer) && buffer instanceof Uint8Array) || bufferSize > buffer.length)
  )
    return E_INVALIDARG;
  const used = bufferUsed ?? null;
  const record = recordOf(asyncBlock);
  const status = statusOf(record);
  if (status === E_PENDING) return E_PENDING;
  if (FAILED(status)) return status;
  if (record?.handedOut === true) return E_ILLEGAL_METHOD_CALL;
  const state = record?.attached ?? null;
  if (state === null) {
    if (used !== null) writeOut(used, 0);
    return status;
  }
  return state.getResult(identity, bufferSize, buffer ?? null, used);
}
