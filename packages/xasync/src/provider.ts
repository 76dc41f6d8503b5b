/**
 * `@gdkts/xasync/provider`: the building blocks a native-shaped library on xasync needs (xuser,
 * xal): handle tables, registration tokens, the argument rules, result-buffer writers and struct
 * codecs, and a promise-backed provider (xasync-api.md §1). Everything here is built on xasync's
 * public API and follows its rules: expected failures are HRESULTs, never throws.
 *
 * @example
 * ```ts
 * import { beginPromiseCall, HandleTable, TwoStepResult } from '@gdkts/xasync/provider';
 * import { E_HANDLE, type XAsyncBlock, type HRESULT } from '@gdkts/xasync';
 * const things = new HandleTable<{ name: string }>({ kind: 'ThingHandle', invalidHandle: E_HANDLE });
 * function GetNameAsync(thing: object, async: XAsyncBlock): HRESULT {
 *   const t = things.resolve(thing);
 *   if (typeof t === 'number') return t;
 *   return beginPromiseCall(async, GetNameAsync, 'GetNameAsync', async () => ({ payload: new TextEncoder().encode(t.name) }));
 * }
 * const name = new TwoStepResult(GetNameAsync);
 * ```
 * @packageDocumentation
 */
export { HandleTable, type HandleTableOptions } from './kit/handleTable.js';
export { TokenTable } from './kit/tokenTable.js';
export { Registrations, type RegistrationsOptions } from './kit/registrations.js';
export {
  asHResult,
  isBoolean,
  isBuffer,
  isUint8Array,
  isFunction,
  isObject,
  isOptionalBuffer,
  isOptionalFunction,
  isOptionalOut,
  isOut,
  isSize,
  isString,
  isThenable,
  isUint32,
  tokenValue,
  writeOut,
} from './kit/arguments.js';
export {
  copyToBuffer,
  defineStruct,
  payloadSize,
  readUtf16,
  readUtf8,
  TwoStepResult,
  utf16Size,
  utf8Size,
  writePayload,
  writeUtf16,
  writeUtf8,
  type FieldType,
  type FieldValue,
  type PayloadWriter,
  type StructCodec,
  type StructFields,
  type StructValues,
} from './kit/payload.js';
export {
  beginPromiseCall,
  hresultOfError,
  type PromiseCall,
  type PromiseCallOptions,
  type PromiseCallResult,
  type PromiseCallStart,
} from './kit/promiseCall.js';
