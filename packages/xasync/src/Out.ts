/**
 * Out-parameters: the JS form of a native `T*` that the callee writes.
 * @module
 */

/**
 * An out-parameter: any object with a writable `value` property. The callee writes `value` as the
 * native call writes through the pointer. `_Out_opt_` parameters also accept `null`.
 * @typeParam T - the type written.
 */
export interface Out<T> {
  /** Written by the callee. */
  value: T;
}

/**
 * Makes an out-parameter.
 * @param initial - [in] the starting value, read by nobody but the caller.
 * @returns `{ value: initial }`.
 * @example
 * ```ts
 * import { XTaskQueueCreate, XTaskQueueDispatchMode, out, type XTaskQueueHandle } from '@gdkts/xasync';
 * const q = out<XTaskQueueHandle | null>(null);
 * XTaskQueueCreate(XTaskQueueDispatchMode.Manual, XTaskQueueDispatchMode.Manual, q);
 * ```
 */
export function out<T>(initial: T): Out<T> {
  return { value: initial };
}
