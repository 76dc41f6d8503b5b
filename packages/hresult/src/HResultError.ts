/**
 * `HResultError`: the `Error` the Promise layers reject with, recognisable across two copies of
 * this package by a `Symbol.for` brand.
 * @module
 */
import { E_FAIL } from './codes/winerror.js';
import { int32, type HRESULT } from './HRESULT.js';
import { hresultName, hresultToString } from './hresultToString.js';

/**
 * The brand every {@link HResultError} carries: `Symbol.for('@gdkts/hresult/HResultError')`, the same
 * symbol in every copy of the package, so an error from one copy is recognised by another.
 */
export const HRESULT_ERROR_BRAND: unique symbol = Symbol.for('@gdkts/hresult/HResultError');

/** Options of {@link HResultError}. */
export interface HResultErrorOptions extends ErrorOptions {
  /** The native function that failed (`"XUserAddAsync"`), put in the message. */
  readonly operation?: string;
}

/**
 * Whether a value is an {@link HResultError} of any copy of this package: it carries the
 * {@link HRESULT_ERROR_BRAND} and a numeric `hr`.
 * @param value - [in] any value.
 * @returns `true` for a branded error (or branded object with a numeric `hr`).
 */
export function isHResultError(value: unknown): value is HResultError {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const v = value as { [HRESULT_ERROR_BRAND]?: unknown; hr?: unknown };
  return v[HRESULT_ERROR_BRAND] === true && typeof v.hr === 'number';
}

/**
 * An `Error` carrying an HRESULT: what the Promise layers reject with. `name` is `"HResultError"`,
 * `code` the native name of the HRESULT, `operation` the native function that failed, `cause` the
 * underlying error (an `AbortSignal`'s reason, or what user code threw). `instanceof HResultError`
 * is true for an error of any copy of the package (it tests the {@link HRESULT_ERROR_BRAND}).
 *
 * @example
 * ```ts
 * import { E_FAIL, HResultError } from '@gdkts/hresult';
 * import { run } from '@gdkts/xasync/promises';
 * try { await run(() => { throw new HResultError(E_FAIL); }); }
 * catch (e) { if (e instanceof HResultError) console.log(e.code, e.hr); }
 * ```
 */
export class HResultError extends Error {
  /** The brand, on the prototype: see {@link HRESULT_ERROR_BRAND}. */
  declare readonly [HRESULT_ERROR_BRAND]: true;
  /** The HRESULT, signed 32-bit. */
  readonly hr: HRESULT;
  /** The native name of {@link HResultError.hr} (`"E_ABORT"`), or its hex form when unknown. */
  readonly code: string;
  /** The native function that failed, when known. */
  readonly operation: string | undefined;

  static {
    Object.defineProperty(this.prototype, HRESULT_ERROR_BRAND, { value: true });
  }

  /**
   * `instanceof HResultError` tests the brand, so an error made by another copy of the package
   * counts; for a subclass, the ordinary prototype test.
   * @param value - [in] the left operand of `instanceof`.
   * @returns whether `value` is an instance.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return this === HResultError ? isHResultError(value) : Function.prototype[Symbol.hasInstance].call(this, value);
  }

  /**
   * The error a Promise layer rejects with for anything thrown: an {@link HResultError} (of any copy)
   * as it is, anything else as `E_FAIL` with it as `cause`.
   * @param error - [in] what was thrown or rejected.
   * @param operation - [in, optional] the native function that failed, for a new error.
   * @returns the HResultError.
   */
  static from(error: unknown, operation?: string): HResultError {
    if (isHResultError(error)) return error;
    return new HResultError(E_FAIL, operation === undefined ? { cause: error } : { operation, cause: error });
  }

  /**
   * @param hr - [in] the failure code.
   * @param options - [in] `operation` (the failing native function) and the standard `cause`.
   */
  constructor(hr: HRESULT, options?: HResultErrorOptions) {
    const text = hresultToString(hr);
    super(options?.operation === undefined ? text : `${options.operation} failed: ${text}`, options);
    this.hr = int32(hr);
    this.code = hresultName(this.hr) ?? text;
    this.operation = options?.operation;
    this.name = 'HResultError';
  }
}
