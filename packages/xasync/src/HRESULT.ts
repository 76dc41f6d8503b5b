/**
 * HRESULT values and helpers, as in the Windows SDK / GDK headers (`winerror.h`, `XGameErr.h`,
 * libHttpClient `pal.h`).
 *
 * An HRESULT is a `number` holding the signed 32-bit value: `E_ABORT === (0x80004004 | 0)`.
 * @module
 */

/** A Windows `HRESULT`: the signed 32-bit status code native calls return. Non-negative is success. */
export type HRESULT = number;

/** `S_OK` (0x00000000): success. */
export const S_OK: HRESULT = 0;
/** `S_FALSE` (0x00000001): success, with a "false" meaning. Any non-negative value is a success. */
export const S_FALSE: HRESULT = 1;
/** `E_PENDING` (0x8000000A): the call has not finished; from a provider's DoWork, "more work to do". */
export const E_PENDING: HRESULT = 0x8000000a | 0;
/** `E_ABORT` (0x80004004): the call was canceled, or its queue is terminating or terminated. */
export const E_ABORT: HRESULT = 0x80004004 | 0;
/** `E_FAIL` (0x80004005): unspecified failure. User code that throws completes its call with it. */
export const E_FAIL: HRESULT = 0x80004005 | 0;
/** `E_INVALIDARG` (0x80070057): an argument is invalid (block in use, identity mismatch, bad value). */
export const E_INVALIDARG: HRESULT = 0x80070057 | 0;
/** `E_POINTER` (0x80004003): a required out-parameter or callback is missing. */
export const E_POINTER: HRESULT = 0x80004003 | 0;
/** `E_HANDLE` (0x80070006): the value is not a live handle. */
export const E_HANDLE: HRESULT = 0x80070006 | 0;
/** `E_NOTIMPL` (0x80004001): not implemented. */
export const E_NOTIMPL: HRESULT = 0x80004001 | 0;
/** `E_UNEXPECTED` (0x8000FFFF): a schedule is already pending, or DoWork succeeded without completing. */
export const E_UNEXPECTED: HRESULT = 0x8000ffff | 0;
/** `E_OUTOFMEMORY` (0x8007000E): allocation failed, or a registration limit (monitors, waiters) was hit. */
export const E_OUTOFMEMORY: HRESULT = 0x8007000e | 0;
/** `E_ILLEGAL_METHOD_CALL` (0x8000000E): the result of this call was already handed out. */
export const E_ILLEGAL_METHOD_CALL: HRESULT = 0x8000000e | 0;
/** `E_NOT_SUFFICIENT_BUFFER` (0x8007007A) = `HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER)`: the buffer is too small. */
export const E_NOT_SUFFICIENT_BUFFER: HRESULT = 0x8007007a | 0;
/** `E_NOT_SUPPORTED` (0x80070032) = `HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED)`. */
export const E_NOT_SUPPORTED: HRESULT = 0x80070032 | 0;
/** `E_NO_TASK_QUEUE` (0x800701AB) = `HRESULT_FROM_WIN32(ERROR_NO_TASK_QUEUE)`: no queue given and the process task queue is disabled. */
export const E_NO_TASK_QUEUE: HRESULT = 0x800701ab | 0;
/** `E_TIME_CRITICAL_THREAD` (0x800701A0): a blocking call was made on a time-critical thread (GDK). */
export const E_TIME_CRITICAL_THREAD: HRESULT = 0x800701a0 | 0;
/** `E_GAMERUNTIME_INVALID_HANDLE` (0x8924010C): the GDK runtime's invalid-handle code. This library returns `E_HANDLE`, as libHttpClient does. */
export const E_GAMERUNTIME_INVALID_HANDLE: HRESULT = 0x8924010c | 0;
/** `HRESULT_FROM_WIN32(ERROR_INVALID_STATE)` (0x8007139F). */
export const E_INVALID_STATE: HRESULT = 0x8007139f | 0;
/**
 * `E_POSSIBLE_DEADLOCK` (0x8007046B) = `HRESULT_FROM_WIN32(ERROR_POSSIBLE_DEADLOCK)`: gdkts's own. A
 * synchronous wait that could only finish through work that cannot run while the caller blocks
 * (a Manual port only the caller would dispatch, a Promise that cannot settle) returns it at once
 * instead of hanging, where the native call would hang.
 */
export const E_POSSIBLE_DEADLOCK: HRESULT = 0x8007046b | 0;

/** A number as a signed 32-bit value; anything that is not a number (which `| 0` could throw on) as 0. */
function int32(value: unknown): number {
  return typeof value === 'number' ? value | 0 : 0;
}

/**
 * Mirrors the `SUCCEEDED(hr)` macro.
 * @param hr - [in] the status.
 * @returns `true` when `hr` is a number `>= 0` (`false` for anything else).
 */
export function SUCCEEDED(hr: HRESULT): boolean {
  return typeof hr === 'number' && hr >= 0;
}

/**
 * Mirrors the `FAILED(hr)` macro.
 * @param hr - [in] the status.
 * @returns `true` when `hr` is a number `< 0` (`false` for anything else).
 */
export function FAILED(hr: HRESULT): boolean {
  return typeof hr === 'number' && hr < 0;
}

/**
 * Mirrors the `HRESULT_FROM_WIN32(x)` macro: `0x80070000 | (x & 0xFFFF)` for positive codes, `x` itself otherwise.
 * @param code - [in] a Win32 error code (`ERROR_*`).
 * @returns the HRESULT as a signed 32-bit number.
 */
export function HRESULT_FROM_WIN32(code: number): HRESULT {
  const c = int32(code);
  return c <= 0 ? c : ((c & 0xffff) | 0x80070000) | 0;
}

const names = new Map<HRESULT, string>([
  [S_OK, 'S_OK'],
  [S_FALSE, 'S_FALSE'],
  [E_PENDING, 'E_PENDING'],
  [E_ABORT, 'E_ABORT'],
  [E_FAIL, 'E_FAIL'],
  [E_INVALIDARG, 'E_INVALIDARG'],
  [E_POINTER, 'E_POINTER'],
  [E_HANDLE, 'E_HANDLE'],
  [E_NOTIMPL, 'E_NOTIMPL'],
  [E_UNEXPECTED, 'E_UNEXPECTED'],
  [E_OUTOFMEMORY, 'E_OUTOFMEMORY'],
  [E_ILLEGAL_METHOD_CALL, 'E_ILLEGAL_METHOD_CALL'],
  [E_NOT_SUFFICIENT_BUFFER, 'E_NOT_SUFFICIENT_BUFFER'],
  [E_NOT_SUPPORTED, 'E_NOT_SUPPORTED'],
  [E_NO_TASK_QUEUE, 'E_NO_TASK_QUEUE'],
  [E_TIME_CRITICAL_THREAD, 'E_TIME_CRITICAL_THREAD'],
  [E_GAMERUNTIME_INVALID_HANDLE, 'E_GAMERUNTIME_INVALID_HANDLE'],
  [E_INVALID_STATE, 'E_INVALID_STATE'],
  [E_POSSIBLE_DEADLOCK, 'E_POSSIBLE_DEADLOCK'],
]);

/**
 * Registers a name for an HRESULT so {@link hresultToString} prints it. Packages built on xasync
 * (xuser, xal) register their own codes (`E_GAMEUSER_*`, `E_XAL_*`).
 * @param hr - [in] the code.
 * @param name - [in] its native name.
 */
export function registerHResultName(hr: HRESULT, name: string): void {
  names.set(hr | 0, name);
}

/**
 * The native name of a code, if known.
 * @param hr - [in] the code.
 * @returns the name (`"E_ABORT"`), or `undefined` for an unknown code.
 */
export function hresultName(hr: HRESULT): string | undefined {
  return names.get(int32(hr));
}

/**
 * Prints an HRESULT as `"E_ABORT (0x80004004)"`; unknown codes print as hex alone (`"0x8009ABCD"`).
 * @param hr - [in] the code; any number (it is read as a signed 32-bit value).
 * @returns the printable form.
 */
export function hresultToString(hr: HRESULT): string {
  const hex = `0x${(int32(hr) >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
  const name = names.get(int32(hr));
  return name === undefined ? hex : `${name} (${hex})`;
}

/** Options of {@link HResultError}. */
export interface HResultErrorOptions extends ErrorOptions {
  /** The native function that failed (`"XUserAddAsync"`), put in the message. */
  readonly operation?: string;
}

/**
 * An `Error` carrying an HRESULT: what the Promise layers reject with. `name` is `"HResultError"`,
 * `code` the native name of the HRESULT, `operation` the native function that failed, `cause` the
 * underlying error (an `AbortSignal`'s reason, or what user code threw).
 *
 * @example
 * ```ts
 * import { E_FAIL, HResultError } from '@gdkts/xasync';
 * import { run } from '@gdkts/xasync/promises';
 * try { await run(() => { throw new HResultError(E_FAIL); }); }
 * catch (e) { if (e instanceof HResultError) console.log(e.code, e.hr); }
 * ```
 */
export class HResultError extends Error {
  /** The HRESULT, signed 32-bit. */
  readonly hr: HRESULT;
  /** The native name of {@link HResultError.hr} (`"E_ABORT"`), or its hex form when unknown. */
  readonly code: string;
  /** The native function that failed, when known. */
  readonly operation: string | undefined;

  /**
   * @param hr - [in] the failure code.
   * @param options - [in] `operation` (the failing native function) and the standard `cause`.
   */
  constructor(hr: HRESULT, options?: HResultErrorOptions) {
    const text = hresultToString(hr);
    super(options?.operation === undefined ? text : `${options.operation} failed: ${text}`, options);
    this.hr = hr | 0;
    this.code = names.get(this.hr) ?? text;
    this.operation = options?.operation;
    this.name = 'HResultError';
  }
}
