/**
 * The Steam Deck platform hooks of XUser (xuser-xal.md §1.3, §1.4): the remote-connect (device
 * code) prompt and the single-point-of-presence prompt a title draws itself. Microsoft documents
 * them as "Supported on Steam Deck" only; the emulated runtime is a console or Windows PC, where
 * the system draws those prompts, so each answers `E_NOTIMPL` (inferred: the notes name no code)
 * after checking its arguments, and nothing is kept.
 *
 * @module
 */
import { E_INVALIDARG, E_NOTIMPL, type HRESULT } from '@gdkts/hresult';
import { XTaskQueueGetPort, XTaskQueuePort, out } from '@gdkts/xasync';
import type { XTaskQueueHandle } from '@gdkts/xasync';
import { isFunction, isObject, isUint32 } from '@gdkts/xasync/provider';
import { XUserPlatformSpopOperationResult } from './types.js';
import type {
  XUserPlatformOperation,
  XUserPlatformRemoteConnectEventHandlers,
  XUserPlatformSpopPromptEventHandler,
} from './types.js';

/** The queue argument: `null`, or a queue with a Completion port. */
function queueError(queue: unknown): HRESULT | undefined {
  if (queue === null || queue === undefined) return undefined;
  const hr = XTaskQueueGetPort(queue as XTaskQueueHandle, XTaskQueuePort.Completion, out(null));
  return hr < 0 ? hr : undefined;
}

/**
 * Mirrors `XUserPlatformRemoteConnectSetEventHandlers` (Steam Deck): sets the handlers that show
 * and close the device-code sign-in prompt.
 *
 * @param queue - [in, optional] the queue the handlers would run on.
 * @param handlers - [in] `{ show, close, context }`; both handlers are required together.
 * @returns `E_NOTIMPL` on the emulated platform (not a Steam Deck); before that, `E_INVALIDARG`
 *   for handlers that are not two functions and the queue's handle error for a bad queue.
 */
export function XUserPlatformRemoteConnectSetEventHandlers(
  queue: XTaskQueueHandle | null,
  handlers: XUserPlatformRemoteConnectEventHandlers,
): HRESULT {
  const bad = queueError(queue);
  if (bad !== undefined) return bad;
  try {
    if (!isObject(handlers) || !isFunction(handlers.show) || !isFunction(handlers.close)) return E_INVALIDARG;
  } catch {
    return E_INVALIDARG; // a getter or proxy that throws: a bad pointer
  }
  return E_NOTIMPL;
}

/**
 * Mirrors `XUserPlatformRemoteConnectCancelPrompt` (Steam Deck): the user dismissed the device-code prompt.
 *
 * @param operation - [in] the prompt's operation.
 * @returns `E_NOTIMPL` on the emulated platform (no prompt is ever shown); `E_INVALIDARG` for a non-object.
 */
export function XUserPlatformRemoteConnectCancelPrompt(operation: XUserPlatformOperation): HRESULT {
  return isObject(operation) ? E_NOTIMPL : E_INVALIDARG;
}

/**
 * Mirrors `XUserPlatformSpopPromptSetEventHandlers` (Steam Deck): sets the handler of the prompt
 * shown when the account is signed in elsewhere.
 *
 * @param queue - [in, optional] the queue the handler would run on.
 * @param handler - [in] the handler.
 * @param context - [in, optional] passed to the handler.
 * @returns `E_NOTIMPL` on the emulated platform; before that, `E_INVALIDARG` for a handler that is
 *   not a function and the queue's handle error for a bad queue.
 */
export function XUserPlatformSpopPromptSetEventHandlers(
  queue: XTaskQueueHandle | null,
  handler: XUserPlatformSpopPromptEventHandler,
  context: unknown,
): HRESULT {
  void context;
  const bad = queueError(queue);
  if (bad !== undefined) return bad;
  return isFunction(handler) ? E_NOTIMPL : E_INVALIDARG;
}

/**
 * Mirrors `XUserPlatformSpopPromptClearEventHandler` (Steam Deck).
 *
 * @returns `E_NOTIMPL` on the emulated platform.
 */
export function XUserPlatformSpopPromptClearEventHandler(): HRESULT {
  return E_NOTIMPL;
}

/**
 * Mirrors `XUserPlatformSpopPromptComplete` (Steam Deck): the user answered the prompt.
 *
 * @param operation - [in] the prompt's operation.
 * @param result - [in] the {@link XUserPlatformSpopOperationResult}.
 * @returns `E_NOTIMPL` on the emulated platform; `E_INVALIDARG` for a non-object operation or an unknown result.
 */
export function XUserPlatformSpopPromptComplete(
  operation: XUserPlatformOperation,
  result: XUserPlatformSpopOperationResult,
): HRESULT {
  if (!isObject(operation) || !isUint32(result) || result > XUserPlatformSpopOperationResult.Canceled)
    return E_INVALIDARG;
  return E_NOTIMPL;
}
