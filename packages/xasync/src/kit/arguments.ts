/**
 * The argument rules: how a native-shaped face reads a JS value of the wrong kind. A bad value is
 * the JS form of a bad pointer (`E_INVALIDARG`; `E_POINTER` for a missing out-parameter; the
 * handle error for a non-handle, see `HandleTable`). Every check here is total: it never throws,
 * not even for a revoked proxy or a throwing getter (xasync-api.md §1).
 * @module
 */
import type { Out } from '../Out.js';

/**
 * An object (or function) a WeakMap can key: the JS form of a non-null pointer.
 * @param value - [in] any value.
 * @returns whether `value` is a non-null object or a function.
 */
export function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/**
 * A callback argument: a function (anything else is `E_INVALIDARG`, or `E_POINTER` where the native
 * parameter is annotated `_In_` without `_opt_` and the API documents `E_POINTER`).
 * @param value - [in] any value.
 * @returns whether `value` is callable.
 */
export function isFunction(value: unknown): value is (...args: never[]) => unknown {
  return typeof value === 'function';
}

/**
 * An optional callback argument: `null`, `undefined` or a function.
 * @param value - [in] any value.
 * @returns whether `value` is absent or callable.
 */
export function isOptionalFunction(value: unknown): value is ((...args: never[]) => unknown) | null | undefined {
  return value === null || value === undefined || typeof value === 'function';
}

/**
 * An out-parameter: an unfrozen object with a `value` property (anything else is `E_POINTER`).
 * @param value - [in] any value.
 * @returns whether the callee may write `value.value`.
 */
export function isOut(value: unknown): value is Out<unknown> {
  try {
    return typeof value === 'object' && value !== null && 'value' in value && !Object.isFrozen(value);
  } catch {
    return false; // a proxy whose traps throw (a revoked one)
  }
}

/**
 * An `_Out_opt_` parameter: `null`, `undefined` or an out-parameter.
 * @param value - [in] any value.
 * @returns whether `value` is absent or an out-parameter.
 */
export function isOptionalOut(value: unknown): value is Out<unknown> | null | undefined {
  return value === null || value === undefined || isOut(value);
}

/**
 * Writes an out-parameter, never throwing (a throwing setter is the caller's bad pointer).
 * @param target - [out] the out-parameter (already checked with {@link isOut}).
 * @param value - [in] what the native call writes through the pointer.
 * @returns false when the write threw.
 */
export function writeOut<T>(target: Out<T>, value: T): boolean {
  try {
    target.value = value;
    return true;
  } catch {
    return false; // a setter that throws
  }
}

/**
 * A `uint32_t`: an integer in [0, 0xFFFFFFFF].
 * @param value - [in] any value.
 * @returns whether `value` is a `uint32_t`.
 */
export function isUint32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}

/**
 * A `size_t` byte count: a non-negative safe integer.
 * @param value - [in] any value.
 * @returns whether `value` is a size.
 */
export function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * An HRESULT argument: an integer in the int32 or uint32 range, normalised to signed 32 bits.
 * @param value - [in] any value.
 * @returns the signed HRESULT; `undefined` for anything else.
 */
export function asHResult(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff)
    return undefined;
  return value | 0;
}

/**
 * A `bool` argument: `true` or `false` (truthy values are not booleans).
 * @param value - [in] any value.
 * @returns whether `value` is a boolean.
 */
export function isBoolean(value: unknown): value is boolean {
  return value === true || value === false;
}

/**
 * A string argument (`const char*`): a primitive string.
 * @param value - [in] any value.
 * @returns whether `value` is a string.
 */
export function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/**
 * A real `Uint8Array` (or subclass, e.g. `Buffer`). Never runs a trap of a proxy: `ArrayBuffer.isView`
 * reads an internal slot a proxy does not have, so a hostile value answers `false` instead of
 * throwing from `instanceof` (the JS form of a bad pointer is an HRESULT, never an exception).
 * @param value - [in] any value.
 * @returns whether `value` is a `Uint8Array`.
 */
export function isUint8Array(value: unknown): value is Uint8Array {
  return ArrayBuffer.isView(value) && value instanceof Uint8Array;
}

/**
 * A `(size, buffer)` pair: `buffer` is a `Uint8Array` and `size` a byte count no larger than it.
 * @param size - [in] the caller's buffer size.
 * @param buffer - [in] the caller's buffer.
 * @returns whether the pair is well formed (a mismatch is `E_INVALIDARG`).
 */
export function isBuffer(size: unknown, buffer: unknown): buffer is Uint8Array {
  return isUint8Array(buffer) && isSize(size) && size <= buffer.length;
}

/**
 * A `(size, buffer)` pair where the buffer is `_Out_writes_opt_`: `buffer` null/undefined (any size),
 * or as {@link isBuffer}.
 * @param size - [in] the caller's buffer size.
 * @param buffer - [in] the caller's buffer or null.
 * @returns whether the pair is well formed.
 */
export function isOptionalBuffer(size: unknown, buffer: unknown): buffer is Uint8Array | null | undefined {
  return buffer === null || buffer === undefined ? isSize(size) : isBuffer(size, buffer);
}

/**
 * The value of a registration token argument (`XTaskQueueRegistrationToken`-shaped `{ token: bigint }`),
 * read once and safely.
 * @param token - [in] any value.
 * @returns the token's bigint; `undefined` for anything else (a getter or proxy that throws included).
 */
export function tokenValue(token: unknown): bigint | undefined {
  if (!isObject(token)) return undefined;
  try {
    const value = (token as { token?: unknown }).token;
    return typeof value === 'bigint' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A thenable: what a JS callback returns when it awaits (a Promise or any `then`-able).
 * @param value - [in] any value.
 * @returns whether `value` has a callable `then`.
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** An `XTaskQueuePort` value (xasync only; not part of the kit). @internal */
export function isPort(value: unknown): value is 0 | 1 {
  return value === 0 || value === 1;
}
