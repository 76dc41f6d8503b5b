// The register half every XUser callback registration shares (change events, device associations,
// audio endpoints): the out-parameter, the callback and the queue are checked, then the kit's
// Registrations table hands out the token (xuser-xal.md §1.4).
import { E_INVALIDARG, E_POINTER, FAILED, type HRESULT } from '@gdkts/hresult';
import { XTaskQueueGetPort, XTaskQueuePort, out } from '@gdkts/xasync';
import type { Out, XTaskQueueHandle, XTaskQueueRegistrationToken } from '@gdkts/xasync';
import { isFunction, isOut, type Registrations } from '@gdkts/xasync/provider';
import type { CallbackRegistration } from './runtime.js';

/**
 * Registers `callback` with `context` on `queue` (`null`: the process task queue).
 * @returns `S_OK`; `E_POINTER` without an out-parameter; `E_INVALIDARG` for a callback that is not
 *   a function; the queue's handle error for a bad queue.
 */
export function registerCallback<C>(
  table: Registrations<CallbackRegistration<C>>,
  queue: XTaskQueueHandle | null,
  context: unknown,
  callback: C,
  token: Out<XTaskQueueRegistrationToken | null>,
): HRESULT {
  if (!isOut(token)) return E_POINTER;
  if (!isFunction(callback)) return E_INVALIDARG;
  const q = queue ?? null;
  if (q !== null) {
    const hr = XTaskQueueGetPort(q, XTaskQueuePort.Completion, out(null));
    if (FAILED(hr)) return hr;
  }
  return table.register({ queue: q, context, callback }, token as Out<XTaskQueueRegistrationToken>);
}

/** Queues `deliver(registration)` to every registration's queue, on its Completion port. */
export function notifyAll<C>(
  table: Registrations<CallbackRegistration<C>>,
  deliver: (registration: CallbackRegistration<C>) => void,
): void {
  for (const [token, registration] of table.entries())
    table.submit(registration.queue, XTaskQueuePort.Completion, token, (r, canceled) => {
      if (!canceled) deliver(r);
    });
}
