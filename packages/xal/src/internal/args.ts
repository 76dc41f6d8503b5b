// Argument rules of the XAL face, on the kit's (@gdkts/xasync/provider): a bad JS value is the JS
// form of a bad pointer (E_INVALIDARG; E_POINTER for a missing out-parameter). Reads never throw.
import { out, XTaskQueueGetPort, XTaskQueuePort, type Out, type XTaskQueueHandle, type XTaskQueuePortHandle } from '@gdkts/xasync';
export { isBoolean, isBuffer, isFunction, isOptionalBuffer, isOut, isSize, isString, isUint32, writeOut } from '@gdkts/xasync/provider';

/** A `uint64_t` as a bigint. */
export function isUint64(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= 0n && value <= 0xffffffffffffffffn;
}

/** A value of a frozen enum object. */
export function isEnumValue(values: Readonly<Record<string, number>>, value: unknown): value is number {
  return typeof value === 'number' && Object.values(values).includes(value);
}

/** A queue argument: `null` / `undefined` (the process queue) or a live queue handle. */
export function isQueueArgument(queue: unknown): queue is XTaskQueueHandle | null | undefined {
  if (queue === null || queue === undefined) return true;
  const port: Out<XTaskQueuePortHandle | null> = out(null);
  return XTaskQueueGetPort(queue as XTaskQueueHandle, XTaskQueuePort.Work, port) === 0;
}

/**
 * Reads the named fields of a struct argument as C zero-initialisation would see them: each read
 * once, and a throwing getter or proxy makes the whole struct a bad pointer.
 * @returns the fields, or `undefined` for a non-object or a throwing read.
 */
export function readStruct<K extends string>(value: unknown, keys: readonly K[]): Partial<Record<K, unknown>> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const fields: Partial<Record<K, unknown>> = {};
  try {
    for (const key of keys) fields[key] = (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
  return fields;
}
