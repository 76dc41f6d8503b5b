import type { Out } from '../Out.js';

/** An object (or function) a WeakMap can key: the JS form of a non-null pointer. */
export function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

export function isFunction(value: unknown): value is (...args: never[]) => unknown {
  return typeof value === 'function';
}

/** An out-parameter: an unfrozen object with a `value` property. */
export function isOut(value: unknown): value is Out<unknown> {
  try {
    return typeof value === 'object' && value !== null && 'value' in value && !Object.isFrozen(value);
  } catch {
    return false; // a proxy whose traps throw (a revoked one)
  }
}

/**
 * Writes an out-parameter, never throwing (a throwing setter is the caller's bad pointer).
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

/** A `uint32_t`: an integer in [0, 0xFFFFFFFF]. */
export function isUint32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}

/** A `size_t` byte count: a non-negative safe integer. */
export function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** An HRESULT: an integer in the int32 or uint32 range, normalised to signed 32 bits; `undefined` otherwise. */
export function asHResult(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) return undefined;
  return value | 0;
}

export function isPort(value: unknown): value is 0 | 1 {
  return value === 0 || value === 1;
}

export function isBoolean(value: unknown): value is boolean {
  return value === true || value === false;
}
