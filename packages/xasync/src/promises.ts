/**
 * `@gdkts/xasync/promises`: the idiomatic layer. `async` functions, `AbortSignal` for
 * cancellation, rejections with {@link HResultError}. Built only on the native API.
 *
 * @example
 * ```ts
 * import { run } from '@gdkts/xasync/promises';
 * const answer = await run(async () => 42);
 * ```
 * @packageDocumentation
 */
import { E_ABORT, FAILED, HResultError, type HRESULT } from './HRESULT.js';
import { out, type Out } from './Out.js';
import { deferred } from './internal/deferred.js';
import { beginPromiseCall } from './kit/promiseCall.js';
import { XAsyncCancel, XAsyncGetStatus } from './XAsync.js';
import type { XAsyncBlock, XTaskQueueHandle } from './types.js';

export { HResultError } from './HRESULT.js';

/** Options shared by the Promise functions. */
export interface CallOptions {
  /** The queue to run on; absent or `null`: the process task queue. */
  readonly queue?: XTaskQueueHandle | null;
  /** Aborting it calls `XAsyncCancel` on the call (or rejects at once when already aborted). */
  readonly signal?: AbortSignal;
}

function abortError(signal: AbortSignal, operation: string): HResultError {
  return new HResultError(E_ABORT, { operation, cause: signal.reason });
}

/**
 * The generic bridge: turns a native `…Async` + `…Result` pair into a Promise. `start` receives a
 * fresh block and calls the native `…Async` function; when the call completes, `finish` calls the
 * native `…Result` function(s) on the completion port and writes the value.
 *
 * @typeParam T - the value the Promise resolves to.
 * @param operation - [in] the native name, for error messages (`"XUserAddAsync"`).
 * @param start - [in] calls the native `…Async` function with the block; returns its HRESULT.
 * @param finish - [in] calls the native `…Result` function(s); writes the value to `result`; returns the HRESULT.
 * @param options - [in] queue and abort signal.
 * @returns a Promise of the value; rejects with {@link HResultError} (`hr` = the failing HRESULT,
 * `cause` = the abort reason or the thrown error) when `start` or `finish` fails or throws.
 * @example
 * ```ts no-check
 * const data = await fromAsync('MyGetAsync',
 *   (b) => MyGetAsync(args, b),
 *   (b, result) => MyGetResult(b, result));
 * ```
 */
export function fromAsync<T>(
  operation: string,
  start: (asyncBlock: XAsyncBlock) => HRESULT,
  finish: (asyncBlock: XAsyncBlock, result: Out<T | undefined>) => HRESULT,
  options: CallOptions = {},
): Promise<T> {
  const { signal } = options;
  if (signal?.aborted === true) return Promise.reject(abortError(signal, operation));
  const d = deferred<T>();
  const onAbort = (): void => XAsyncCancel(block);
  let completed = false; // the routine may run inside `start` (Immediate ports)
  const block: XAsyncBlock = {
    queue: options.queue ?? null,
    callback: (b) => {
      completed = true;
      signal?.removeEventListener('abort', onAbort);
      const value = out<T | undefined>(undefined);
      let hr: HRESULT;
      try {
        hr = finish(b, value);
      } catch (error) {
        d.reject(HResultError.from(error, operation));
        return;
      }
      if (FAILED(hr)) {
        const cause: unknown = hr === E_ABORT && signal?.aborted === true ? signal.reason : undefined;
        d.reject(new HResultError(hr, { operation, cause }));
      } else d.resolve(value.value as T);
    },
  };
  let hr: HRESULT;
  try {
    hr = start(block);
  } catch (error) {
    return Promise.reject(HResultError.from(error, operation));
  }
  if (FAILED(hr)) return Promise.reject(new HResultError(hr, { operation }));
  if (!completed) signal?.addEventListener('abort', onAbort, { once: true });
  return d.promise;
}

/**
 * The bridge for payload-returning calls: `start` calls the native `…Async` function; on
 * completion the `…ResultSize` call sizes the payload, a buffer of that size is allocated, and the
 * `…Result` call fills it (Size → allocate → Result).
 *
 * @param operation - [in] the native name, for error messages (`"XUserGetGamerPictureAsync"`).
 * @param start - [in] calls the native `…Async` function with the block; returns its HRESULT.
 * @param resultSize - [in] calls the native `…ResultSize` function.
 * @param result - [in] calls the native `…Result` function with the allocated buffer.
 * @param options - [in] queue and abort signal.
 * @returns a Promise of the written bytes (`bufferUsed` of them; empty for a zero-payload success);
 * rejects with {@link HResultError} when any step fails.
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import { XAsyncGetResult, XAsyncGetResultSize, type HRESULT, type XAsyncBlock } from '@gdkts/xasync';
 * import { fromAsyncSized } from '@gdkts/xasync/promises';
 * import { beginPromiseCall } from '@gdkts/xasync/provider';
 * function GetBytesAsync(n: number, b: XAsyncBlock): HRESULT {
 *   return beginPromiseCall(b, GetBytesAsync, 'GetBytesAsync', async () => ({ payload: new Uint8Array(n).fill(1) }));
 * }
 * const bytes = await fromAsyncSized('GetBytesAsync',
 *   (b) => GetBytesAsync(3, b),
 *   (b, size) => XAsyncGetResultSize(b, size),
 *   (b, size, buffer, used) => XAsyncGetResult(b, GetBytesAsync, size, buffer, used));
 * assert.deepEqual([...bytes], [1, 1, 1]);
 * ```
 */
export function fromAsyncSized(
  operation: string,
  start: (asyncBlock: XAsyncBlock) => HRESULT,
  resultSize: (asyncBlock: XAsyncBlock, bufferSize: Out<number>) => HRESULT,
  result: (asyncBlock: XAsyncBlock, bufferSize: number, buffer: Uint8Array, bufferUsed: Out<number>) => HRESULT,
  options: CallOptions = {},
): Promise<Uint8Array> {
  return fromAsync<Uint8Array>(
    operation,
    start,
    (b, value) => {
      const size = out(0);
      const sized = resultSize(b, size);
      if (FAILED(sized)) return sized;
      const buffer = new Uint8Array(size.value);
      const used = out(0);
      const hr = result(b, size.value, buffer, used);
      if (!FAILED(hr)) value.value = buffer.subarray(0, used.value);
      return hr;
    },
    options,
  );
}

/**
 * Runs `work` on the Work port of a queue and resolves with what it returns. Unlike `XAsyncRun`,
 * an abort before the work started cancels it (the call completes with `E_ABORT` and `work` never
 * runs); once started, `work` gets the signal and decides.
 *
 * @typeParam T - what `work` returns.
 * @param work - [in] runs on the Work port; receives an `AbortSignal` (never aborted when none was given).
 * @param options - [in] queue and abort signal.
 * @returns a Promise of `work`'s value; rejects with {@link HResultError}: `E_ABORT` when aborted
 * first, the thrown HResultError, or `E_FAIL` with the thrown error as `cause`.
 * @example
 * ```ts
 * import { run } from '@gdkts/xasync/promises';
 * const controller = new AbortController();
 * const n = await run(async (signal) => 6 * 7, { signal: controller.signal });
 * ```
 */
export function run<T>(work: (signal: AbortSignal) => T | PromiseLike<T>, options: CallOptions = {}): Promise<T> {
  const signal = options.signal ?? new AbortController().signal;
  let value: T | undefined;
  let failure: unknown;
  const start = (): PromiseLike<void> => {
    let r: T | PromiseLike<T>;
    try {
      r = work(signal);
    } catch (error) {
      failure = error;
      throw error;
    }
    return Promise.resolve(r).then(
      (v) => {
        value = v;
      },
      (error: unknown) => {
        failure = error;
        throw error;
      },
    );
  };
  return fromAsync<T>(
    'XAsyncRun',
    (b) => beginPromiseCall(b, run, 'run', start),
    (b, result) => {
      const hr = XAsyncGetStatus(b, false);
      if (FAILED(hr) && failure !== undefined) throw HResultError.from(failure, 'XAsyncRun');
      result.value = value;
      return hr;
    },
    { ...options, signal },
  );
}
