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

/**
 * What the work of a {@link beginPromiseCall} receives besides the block: the call's cancel signal.
 */
export interface PromiseCall {
  /**
   * Aborted by `XAsyncCancel` once the work started (already aborted when read after that). Made on
   * first read, so work that completes without waiting need not read it and the call allocates no
   * `AbortController`; destructuring (`({ signal }) => …`) reads it at once.
   */
  readonly signal: AbortSignal;
}

/** The work of a {@link beginPromiseCall}. */
export type PromiseCallStart = (
  call: PromiseCall,
  asyncBlock: XAsyncBlock,
) => PromiseLike<PromiseCallResult | void> | PromiseCallResult | void;

/** The options of {@link beginPromiseCall}. */
export interface PromiseCallOptions {
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
 * work (Begin → `XAsyncSchedule`), starts it on the Work port (DoWork → `start(call)` →
 * `E_PENDING`), completes the call when the Promise settles (`XAsyncComplete` with its `hr` and
 * payload size; a rejection with an `HResultError` gives its `hr`, any other `E_FAIL`), cancels it
 * (Cancel before the work started → `E_ABORT` and the work never runs; after → the signal aborts
 * and the work decides), copies the payload (GetResult) and drops it (Cleanup).
 *
 * @param asyncBlock - [in,out] the caller's block.
 * @param identity - [in] the call's identity (typically the `…Async` function), checked by `XAsyncGetResult`.
 * @param identityName - [in] a name for tracing, or `null`.
 * @param start - [in] the work: receives the {@link PromiseCall} (its `signal`, aborted by `XAsyncCancel`
 * once started, made on first read) and the provider's copy of the block; returns (a Promise of) `{ hr?, payload? }` or nothing.
 * A synchronous throw fails the call as a rejection does.
 * @param options - [in, optional] start delay, cleanup hook.
 * @returns what `XAsyncBegin` returns: `S_OK`; `E_INVALIDARG`; `E_HANDLE`; `E_NO_TASK_QUEUE`; `E_ABORT`.
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import { S_OK, XAsyncGetResult, XAsyncGetStatusAsync, type HRESULT, type XAsyncBlock } from '@gdkts/xasync';
 * import { beginPromiseCall } from '@gdkts/xasync/provider';
 * const fetchPicture = async (size: number, signal: AbortSignal): Promise<Uint8Array> => {
 *   signal.throwIfAborted();
 *   return new Uint8Array(size).fill(7);
 * };
 * function GetPictureAsync(size: number, asyncBlock: XAsyncBlock): HRESULT {
 *   return beginPromiseCall(asyncBlock, GetPictureAsync, 'GetPictureAsync', async ({ signal }) => ({ payload: await fetchPicture(size, signal) }));
 * }
 * const block: XAsyncBlock = {};
 * assert.equal(GetPictureAsync(4, block), S_OK);
 * assert.equal(await XAsyncGetStatusAsync(block), S_OK);
 * const picture = new Uint8Array(4);
 * assert.equal(XAsyncGetResult(block, GetPictureAsync, 4, picture, null), S_OK);
 * assert.deepEqual([...picture], [7, 7, 7, 7]);
 * ```
 */
export function beginPromiseCall(
  asyncBlock: XAsyncBlock,
  identity: unknown,
  identityName: string | null,
  start: PromiseCallStart,
  options?: PromiseCallOptions,
): HRESULT {
  return XAsyncBegin(asyncBlock, new PromiseCallState(start, options), identity, identityName, promiseCallProvider);
}

/** One promise-backed call: the provider's context (one object per call; no closure per op). */
class PromiseCallState implements PromiseCall {
  readonly start: PromiseCallStart;
  readonly options: PromiseCallOptions | undefined;
  /** DoWork ran. */
  started = false;
  /** XAsyncCancel came after DoWork. */
  canceled = false;
  /** Made by the first read of {@link signal}. */
  controller: AbortController | undefined = undefined;
  /** What GetResult copies, while the call holds one. */
  payload: Uint8Array | PayloadWriter | null = null;

  constructor(start: PromiseCallStart, options: PromiseCallOptions | undefined) {
    this.start = start;
    this.options = options;
  }

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.canceled) this.controller.abort();
    }
    return this.controller.signal;
  }

  /** Completes the call with a settled work's result. */
  settle(copy: XAsyncBlock, result: PromiseCallResult | void): void {
    const hr = finalStatus(result?.hr);
    const p = result?.payload ?? null;
    const size = p === null || FAILED(hr) ? 0 : payloadSize(p);
    if (size > 0) this.payload = p;
    XAsyncComplete(copy, hr, size);
  }
}

/** The provider of every {@link beginPromiseCall}: its ops read the call from `data.context`. */
function promiseCallProvider(op: XAsyncOp, data: XAsyncProviderData): HRESULT {
  const call = data.context as PromiseCallState;
  switch (op) {
    case XAsyncOp.Begin:
      return XAsyncSchedule(data.async, call.options?.delayInMs ?? 0);
    case XAsyncOp.DoWork: {
      call.started = true;
      const copy = data.async;
      let r: ReturnType<PromiseCallStart>;
      try {
        r = call.start(call, copy);
      } catch (error) {
        return hresultOfError(error);
      }
      if (isThenable(r)) {
        r.then(
          (result) => call.settle(copy, result),
          (error: unknown) => XAsyncComplete(copy, hresultOfError(error), 0),
        );
      } else call.settle(copy, r);
      return E_PENDING;
    }
    case XAsyncOp.GetResult:
      return call.payload === null || data.buffer === null ? E_UNEXPECTED : writePayload(call.payload, data.buffer);
    case XAsyncOp.Cancel:
      if (!call.started) XAsyncComplete(data.async, E_ABORT, 0);
      else {
        call.canceled = true;
        call.controller?.abort();
      }
      return S_OK;
    case XAsyncOp.Cleanup:
      call.payload = null;
      call.options?.onCleanup?.();
      return S_OK;
    default:
      return S_OK;
  }
}
