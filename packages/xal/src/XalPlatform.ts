/**
 * The platform hooks of `xal_platform.h` (xuser-xal.md §2.3): web view, storage, remote connect,
 * crypto, date/time and the SPOP prompt. Hooks are set before `XalInitialize` and cleared only
 * before it or after `XalCleanupAsync` completed; XAL raises each event on the hook's queue (its
 * Completion port; `null` is the process task queue, and the queue must outlive the hook) with an
 * {@link XalPlatformOperation} the title completes exactly once.
 *
 * @module
 */
import {
  E_INVALIDARG,
  E_XAL_ALREADYINITIALIZED,
  E_XAL_HANDLERALREADYREGISTERED,
  S_OK,
  type HRESULT,
} from '@gdkts/hresult';
import type { XTaskQueueHandle } from '@gdkts/xasync';
import { isEnumValue, isFunction, isQueueArgument, isSize, readStruct } from './internal/args.js';
import { hooks, operationOf } from './internal/hooks.js';
import { xal } from './internal/runtime.js';
import {
  XalPlatformOperationResult,
  XalSpopOperationResult,
  type XalPlatformCryptoCallbacks,
  type XalPlatformDateTimeCallbacks,
  type XalPlatformOperation,
  type XalPlatformRemoteConnectEventHandlers,
  type XalPlatformSpopPromptEventHandler,
  type XalPlatformStorageEventHandlers,
  type XalPlatformWebShowUrlEventHandler,
} from './types.js';
import { isUint8Array } from '@gdkts/xasync/provider';

/** Hooks may change only while XAL is not initialized (nor cleaning up). */
function changeable(): boolean {
  return xal.runtime === null;
}

/**
 * Mirrors `XalPlatformWebSetEventHandler`: the web view that shows sign-in, account-fix and
 * sign-out pages.
 * @param queue - [in, optional] where the handler runs; `null` for the process task queue.
 * @param context - [in, optional] passed back to the handler.
 * @param handler - [in] the show-URL handler.
 * @returns `S_OK`; `E_INVALIDARG` (not a function, not a queue); `E_XAL_ALREADYINITIALIZED` (XAL is
 * initialized); `E_XAL_HANDLERALREADYREGISTERED` (a handler is set: clear it first).
 */
export function XalPlatformWebSetEventHandler(
  queue: XTaskQueueHandle | null,
  context: unknown,
  handler: XalPlatformWebShowUrlEventHandler,
): HRESULT {
  if (!isFunction(handler) || !isQueueArgument(queue)) return E_INVALIDARG;
  if (!changeable()) return E_XAL_ALREADYINITIALIZED;
  if (hooks.web !== null) return E_XAL_HANDLERALREADYREGISTERED;
  hooks.web = { queue: queue ?? null, context, handler };
  return S_OK;
}

/**
 * Mirrors `XalPlatformWebClearEventHandler`.
 * @returns `S_OK` (also when none is set); `E_XAL_ALREADYINITIALIZED` while XAL is initialized.
 */
export function XalPlatformWebClearEventHandler(): HRESULT {
  if (!changeable()) return E_XAL_ALREADYINITIALIZED;
  hooks.web = null;
  return S_OK;
}

/**
 * Mirrors `XalPlatformWebShowUrlComplete`: ends a show-URL operation.
 * @param operation - [in] the operation the handler received.
 * @param result - [in] Success, Failure or Canceled (the user closed the UI).
 * @param url - [in] on Success, the full URL the view was redirected to (its query carries the
 * auth code); ignored otherwise.
 * @returns `S_OK`; `E_INVALIDARG` (not an outstanding web operation, a bad result, or Success without a URL).
 */
export function XalPlatformWebShowUrlComplete(
  operation: XalPlatformOperation,
  result: XalPlatformOperationResult,
  url: string | null,
): HRESULT {
  const record = operationOf(operation, 'web');
  if (record === undefined || !isEnumValue(XalPlatformOperationResult, result)) return E_INVALIDARG;
  if (result === XalPlatformOperationResult.Success && typeof url !== 'string') return E_INVALIDARG;
  record.settle({ result, url: result === XalPlatformOperationResult.Success ? url : null });
  return S_OK;
}

/**
 * Mirrors `XalPlatformStorageSetEventHandlers`: where XAL keeps its cached users and tokens.
 * @param queue - [in, optional] where the handlers run; `null` for the process task queue.
 * @param handlers - [in] `write`, `read` and `clear` (all three) and `context`.
 * @returns `S_OK`; `E_INVALIDARG` (a handler missing, not a queue); `E_XAL_ALREADYINITIALIZED`;
 * `E_XAL_HANDLERALREADYREGISTERED`.
 */
export function XalPlatformStorageSetEventHandlers(
  queue: XTaskQueueHandle | null,
  handlers: XalPlatformStorageEventHandlers,
): HRESULT {
  const fields = readStruct(handlers, ['write', 'read', 'clear', 'context'] as const);
  if (
    fields === undefined ||
    !isFunction(fields.write) ||
    !isFunction(fields.read) ||
    !isFunction(fields.clear) ||
    !isQueueArgument(queue)
  )
    return E_INVALIDARG;
  if (!changeable()) return E_XAL_ALREADYINITIALIZED;
  if (hooks.storage !== null) return E_XAL_HANDLERALREADYREGISTERED;
  hooks.storage = { queue: queue ?? null, handlers: Object.freeze({ ...(fields as XalPlatformStorageEventHandlers) }) };
  return S_OK;
}

/**
 * Mirrors `XalPlatformStorageClearEventHandlers`.
 * @returns `S_OK`; `E_XAL_ALREADYINITIALIZED` while XAL is initialized.
 */
export function XalPlatformStorageClearEventHandlers(): HRESULT {
  if (!changeable()) return E_XAL_ALREADYINITIALIZED;
  hooks.storage = null;
  return S_OK;
}

/**
 * Mirrors `XalPlatformStorageWriteComplete`.
 * @param operation - [in] the write operation.
 * @param result - [in] Success, Failure or Canceled.
 * @returns `S_OK`; `E_INVALIDARG` (not an outstanding write, a bad result).
 */
export function XalPlatformStorageWriteComplete(
  operation: XalPlatformOperation,
  result: XalPlatformOperationResult,
): HRESULT {
  const record = operationOf(operation, 'storageWrite');
  if (record === undefined || !isEnumValue(XalPlatformOperationResult, result)) return E_INVALIDARG;
  record.settle({ result });
  return S_OK;
}

/**
 * Mirrors `XalPlatformStorageReadComplete`. A key that was never written completes Success with no
 * data (`0`, `null`). The bytes are copied before the call returns.
 * @param operation - [in] the read operation.
 * @param result - [in] Success, Failure or Canceled.
 * @param dataSize - [in] bytes of `data` to read.
 * @param data - [in, optional] the stored bytes.
 * @returns `S_OK`; `E_INVALIDARG` (not an outstanding read, a bad result, `dataSize` > 0 without at
 * least that many bytes of `data`).
 */
export function XalPlatformStorageReadComplete(
  operation: XalPlatformOperation,
  result: XalPlatformOperationResult,
  dataSize: number,
  data: Uint8Array | null,
): HRESULT {
  const record = operationOf(operation, 'storageRead');
  if (record === undefined || !isEnumValue(XalPlatformOperationResult, result) || !isSize(dataSize))
    return E_INVALIDARG;
  if (data !== null && data !== undefined && !isUint8Array(data)) return E_INVALIDARG;
  if (dataSize > 0 && (data === null || data === undefined || data.length < dataSize)) return E_INVALIDARG;
  record.settle({ result, data: dataSize > 0 && data ? data.slice(0, dataSize) : null });
  return S_OK;
}

/**
 * Mirrors `XalPlatformStorageClearComplete`.
 * @param operation - [in] the clear operation.
 * @param result - [in] Success, Failure or Canceled.
 * @returns `S_OK`; `E_INVALIDARG` (not an outstanding clear, a bad result).
 */
export function XalPlatformStorageClearComplete(
  operation: XalPlatformOperation,
  result: XalPlatformOperationResult,
): HRESULT {
  const record = operationOf(operation, 'storageClear');
  if (record === undefined || !isEnumValue(XalPlatformOperationResult, result)) return E_INVALIDARG;
  record.settle({ result });
  return S_OK;
}

/**
 * Mirrors `XalPlatformRemoteConnectSetEventHandlers` (Generic with `useRemoteAuth`): the device-code prompt.
 * @param queue - [in, optional] where the handlers run; `null` for the process task queue.
 * @param handlers - [in] `show` and `close` (both) and `context`.
 * @returns `S_OK`; `E_INVALIDARG`; `E_XAL_ALREADYINITIALIZED`; `E_XAL_HANDLERALREADYREGISTERED`.
 */
export function XalPlatformRemoteConnectSetEventHandlers(
  queue: XTaskQueueHandle | null,
  handlers: XalPlatformRemoteConnectEventHandlers,
): HRESULT {
  const fields = readStruct(handlers, ['show', 'close', 'context'] as const);
  if (fields === undefined || !isFunction(fields.show) || !isFunction(fields.close) || !isQueueArgument(queue))
    return E_INVALIDARG;
  if (!changeable()) return E_XAL_ALREADYINITIALIZED;
  if (hooks.remoteConnect !== null) return E_XAL_HANDLERALREADYREGISTERED;
  hooks.remoteConnect = {
    queue: queue ?? null,
    handlers: Object.freeze({ ...(fields as XalPlatformRemoteConnectEventHandlers) }),
  };
  return S_OK;
}

/**
 * Mirrors `XalPlatformRemoteConnectClearEventHandlers`.
 * @returns `S_OK`; `E_XAL_ALREADYINITIALIZED` while XAL is initialized.
 */
export function XalPlatformRemoteConnectClearEventHandlers(): HRESULT {
  if (!changeable()) return E_XAL_ALREADYINITIALIZED;
  hooks.remoteConnect = null;
  return S_OK;
}

/**
 * Mirrors `XalPlatformRemoteConnectCancelPrompt`: the user dismissed the device-code prompt. The
 * flow stops, the close prompt is still raised, and the add-user call completes with `E_ABORT`.
 * @param operation - [in] the operation the show prompt received.
 * @returns `S_OK`; `E_INVALIDARG` (not an outstanding remote-connect operation).
 */
export function XalPlatformRemoteConnectCancelPrompt(operation: XalPlatformOperation): HRESULT {
  const record = operationOf(operation, 'remoteConnect');
  if (record === undefined || record.cancel === undefined) return E_INVALIDARG;
  record.cancel();
  return S_OK;
}

/**
 * Mirrors `XalPlatformCryptoSetCallbacks` (Generic): UUIDs and random bytes for XAL's requests.
 * @param callbacks - [in] `uuid` and `random` (both) and `context`.
 * @returns `S_OK`; `E_INVALIDARG`; `E_XAL_ALREADYINITIALIZED`.
 */
export function XalPlatformCryptoSetCallbacks(callbacks: XalPlatformCryptoCallbacks): HRESULT {
  const fields = readStruct(callbacks, ['uuid', 'random', 'context'] as const);
  if (fields === undefined || !isFunction(fields.uuid) || !isFunction(fields.random)) return E_INVALIDARG;
  if (!changeable()) return E_XAL_ALREADYINITIALIZED;
  hooks.crypto = Object.freeze({ ...(fields as XalPlatformCryptoCallbacks) });
  return S_OK;
}

/**
 * Mirrors `XalPlatformDateTimeSetCallbacks` (Generic): XAL's clock (token expiry, signatures) and
 * UTC calendar conversions.
 * @param callbacks - [in] `timestamp`, `timestampToComponents`, `componentsToTimestamp` and `context`.
 * @returns `S_OK`; `E_INVALIDARG`; `E_XAL_ALREADYINITIALIZED`.
 */
export function XalPlatformDateTimeSetCallbacks(callbacks: XalPlatformDateTimeCallbacks): HRESULT {
  const fields = readStruct(callbacks, [
    'timestamp',
    'timestampToComponents',
    'componentsToTimestamp',
    'context',
  ] as const);
  if (
    fields === undefined ||
    !isFunction(fields.timestamp) ||
    !isFunction(fields.timestampToComponents) ||
    !isFunction(fields.componentsToTimestamp)
  )
    return E_INVALIDARG;
  if (!changeable()) return E_XAL_ALREADYINITIALIZED;
  hooks.dateTime = Object.freeze({ ...(fields as XalPlatformDateTimeCallbacks) });
  return S_OK;
}

/**
 * Mirrors `XalPlatformSpopPromptSetEventHandlers`: the prompt shown when the account picked in an
 * add with UI is signed in on another device.
 * @param queue - [in, optional] where the handler runs; `null` for the process task queue.
 * @param handler - [in] the prompt handler.
 * @param context - [in, optional] passed back to the handler.
 * @returns `S_OK`; `E_INVALIDARG`; `E_XAL_ALREADYINITIALIZED`; `E_XAL_HANDLERALREADYREGISTERED`.
 */
export function XalPlatformSpopPromptSetEventHandlers(
  queue: XTaskQueueHandle | null,
  handler: XalPlatformSpopPromptEventHandler,
  context: unknown,
): HRESULT {
  if (!isFunction(handler) || !isQueueArgument(queue)) return E_INVALIDARG;
  if (!changeable()) return E_XAL_ALREADYINITIALIZED;
  if (hooks.spop !== null) return E_XAL_HANDLERALREADYREGISTERED;
  hooks.spop = { queue: queue ?? null, context, handler };
  return S_OK;
}

/**
 * Mirrors `XalPlatformSpopPromptClearEventHandler`.
 * @returns `S_OK`; `E_XAL_ALREADYINITIALIZED` while XAL is initialized.
 */
export function XalPlatformSpopPromptClearEventHandler(): HRESULT {
  if (!changeable()) return E_XAL_ALREADYINITIALIZED;
  hooks.spop = null;
  return S_OK;
}

/**
 * Mirrors `XalPlatformSpopPromptComplete`.
 * @param operation - [in] the prompt's operation.
 * @param result - [in] SignInHere, SwitchAccount, Canceled or Failure.
 * @returns `S_OK`; `E_INVALIDARG` (not an outstanding SPOP operation, a bad result).
 */
export function XalPlatformSpopPromptComplete(
  operation: XalPlatformOperation,
  result: XalSpopOperationResult,
): HRESULT {
  const record = operationOf(operation, 'spop');
  if (record === undefined || !isEnumValue(XalSpopOperationResult, result)) return E_INVALIDARG;
  record.settle({ result });
  return S_OK;
}
