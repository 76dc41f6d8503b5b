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

/**
 * A write-through out-parameter onto a field: `value` reads and writes `target[key]`, so the
 * native `&m_handle` or `&block.queue` needs no temporary and no copy-back.
 * @typeParam O - the object's type.
 * @typeParam K - the field's name.
 * @param target - [in] the object holding the field.
 * @param key - [in] the field the callee writes.
 * @returns an `Out` whose `value` is `target[key]` (typed without `undefined`, so an optional field
 * such as `XAsyncBlock.queue` fits an out-parameter of its handle type).
 * @example
 * ```ts no-check
 * const game = { queue: null as XTaskQueueHandle | null };
 * XTaskQueueCreate(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.Manual, ref(game, 'queue'));
 * game.queue; // the new handle
 * ```
 */
export function ref<O extends object, K extends keyof O>(target: O, key: K): Out<Exclude<O[K], undefined>> {
  return {
    get value(): Exclude<O[K], undefined> {
      return target[key] as Exclude<O[K], undefined>;
    },
    set value(v: Exclude<O[K], undefined>) {
      target[key] = v;
    },
  };
}
