/**
 * The promise-backed provider: an `…Async` call whose work is a Promise, in one call
 * (xasync-api.md §4 "Provider ops": DoWork returns `E_PENDING` and the call completes when the
 * Promise settles).
 * @module
 */
import { E_ABORT, E_FAIL, E_PENDING, E_UNEXPECTED, FAILED, HResultError, S_OK, type HRESULT } from '../HRESULT.js';
import { XAsyncBegin, XAsyncComplete, XAsyncSchedule } from '../XAsync.js';
import { XAsyncOp, type XAsyncBlock, type XAsyncProviderData } from '../types.js';
import { asHResult, isThenable } from './arguments.js';
import { payloadSize, writePayload, type PayloadWriter } from './payload.js';

/** What the work of a {@link beginPromiseCall} settles with. */
export interface PromiseCallResult {
  /** The call's status; default `S_OK`. `E_PENDING` is not a final status (it becomes `E_UNEXPECTED`). */
  readonly hr?: HRESULT;
  /** The payload `XAsyncGetResult` hands out (successful calls only); absent or empty: none. */
  readonly payload?: Uint8Array | PayloadWriter | null;
}

/** The work of a {@link beginPromiseCall}. */
export type PromiseCallStart = (
  signal: AbortSignal,
  asyncBlock: XAsyncBlock,
) => PromiseLike<PromiseCallResult | void> | PromiseCallResult | void;

/** The options of {@link beginPromiseCall}. */
export interface PromiseCallOptions {
  /** The provider's context (what `XAsyncBegin` receives); default `null`. */
  readonly context?: unknown;
  /** Delay before the work starts, as `XAsyncSchedule(…, delayInMs)`; default 0. */
  readonly delayInMs?: number;
  /** Runs in the provider's Cleanup op (exactly once, last): free what the call held. */
  readonly onCleanup?: () => void;
}

/**
 * The HRESULT a thrown or rejected value stands for: an `HResultError`'s failing `hr`, else `E_FAIL`.
 * @param error - [in] what was thrown.
 * @returns a failure HRESULT.
 */
export function hresultOfError(error: unknown): HRESULT {
  return error instanceof HResultError && FAILED(error.hr) ? error.hr : E_FAIL;
}

/** A settled work's status: an HRESULT; `E_UNEXPECTED` for `E_PENDING`; `E_FAIL` for a non-HRESULT. */
function finalStatus(hr: unknown): HRESULT {
  if (hr === undefined) return S_OK;
  const value = asHResult(hr);
  if (value === undefined) return E_FAIL;
  return value === E_PENDING ? E_UNEXPECTED : value;
}


/**
 * Begins an async call whose work is a Promise: `XAsyncBegin` with a provider that schedules the
 * work (Begin → `XAsyncSchedule`), starts it on the Work port (DoWork → `start(signal)` →
 * `E_PENDING`), completes the call when the Promise settles (`XAsyncComplete` with its `hr` and
 * payload size; a rejection with an `HResultError` gives its `hr`, any other `E_FAIL`), cancels it
 * (Cancel before the work started → `E_ABORT` and the work never runs; after → the signal aborts
 * and the work decides), copies the payload (GetResult) and drops it (Cleanup).
 *
 * @param asyncBlock - [in,out] the caller's block.
 * @param identity - [in] the call's identity (typically the `…Async` function), checked by `XAsyncGetResult`.
 * @param identityName - [in] a name for tracing, or `null`.
 * @param start - [in] the work: receives an `AbortSignal` (aborted by `XAsyncCancel` once started)
 * and the provider's copy of the block; returns (a Promise of) `{ hr?, payload? }` or nothing.
 * A synchronous throw fails the call as a rejection does.
 * @param options - [in, optional] context, start delay, cleanup hook.
 * @returns what `XAsyncBegin` returns: `S_OK`; `E_INVALIDARG`; `E_HANDLE`; `E_NO_TASK_QUEUE`; `E_ABORT`.
 * @example
 * ```ts no-check
 * export function XUserGetGamerPictureAsync(user: XUserHandle, size: number, async: XAsyncBlock): HRESULT {
 *   return beginPromiseCall(async, XUserGetGamerPictureAsync, 'XUserGetGamerPictureAsync',
 *     async (signal) => ({ payload: await fetchPicture(user, size, signal) }));
 * }
 * ```
 */
export function beginPromiseCall(
  asyncBlock: XAsyncBlock,
  identity: unknown,
  identityName: string | null,
  start: PromiseCallStart,
  options: PromiseCallOptions = {},
): HRESULT {
  const controller = new AbortController();
  let started = false;
  let payload: Uint8Array | PayloadWriter | null = null;
  const settle = (copy: XAsyncBlock, result: PromiseCallResult | void): void => {
    const hr = finalStatus(result?.hr);
    const p = result?.payload ?? null;
    const size = p === null || FAILED(hr) ? 0 : payloadSize(p);
    if (size > 0) payload = p;
    XAsyncComplete(copy, hr, size);
  };
  const provider = (op: XAsyncOp, data: XAsyncProviderData): HRESULT => {
    switch (op) {
      case XAsyncOp.Begin:
        return XAsyncSchedule(data.async, options.delayInMs ?? 0);
      case XAsyncOp.DoWork: {
        started = true;
        const copy = data.async;
        let r: ReturnType<PromiseCallStart>;
        try {
          r = start(controller.signal, copy);
        } catch (error) {
          return hresultOfError(error);
        }
        if (isThenable(r)) {
          r.then(
            (result) => settle(copy, result),
            (error: unknown) => XAsyncComplete(copy, hresultOfError(error), 0),
          );
        } else settle(copy, r);
        return E_PENDING;
      }
      case XAsyncOp.GetResult:
        return payload === null || data.buffer === null ? E_UNEXPECTED : writePayload(payload, data.buffer);
      case XAsyncOp.Cancel:
        if (!started) XAsyncComplete(data.async, E_ABORT, 0);
        else controller.abort();
        return S_OK;
      case XAsyncOp.Cleanup:
        payload = null;
        options.onCleanup?.();
        return S_OK;
      default:
        return S_OK;
    }
  };
  return XAsyncBegin(asyncBlock, options.context ?? null, identity, identityName, provider);
}
