/**
 * XUser change events and sign-out deferrals (xuser-xal.md §1.4): registrations deliver
 * `(context, userLocalId, event)` on the Completion port of the registered queue (the process task
 * queue when none); during a `SigningOut` callback the title may take deferrals, and the sign-out
 * waits for them (or the console's timeout). The sign-out also waits until every registration's
 * `SigningOut` callback has run.
 *
 * @module
 */
import { E_GAMEUSER_DEFERRAL_NOT_AVAILABLE, E_POINTER, FAILED, S_OK, type HRESULT } from '@gdkts/hresult';
import { UserChange } from '@gdkts/identity';
import type { UserChangeEvent } from '@gdkts/identity';
import { XTaskQueuePort, XTaskQueueSubmitCallback } from '@gdkts/xasync';
import type { Out, XTaskQueueHandle, XTaskQueueRegistrationToken } from '@gdkts/xasync';
import { isOut, writeOut } from '@gdkts/xasync/provider';
import { registerCallback } from './internal/callbacks.js';
import { current } from './internal/runtime.js';
import type { Runtime } from './internal/runtime.js';
import { XUserChangeEvent } from './types.js';
import type { XUserChangeEventCallback, XUserSignOutDeferralHandle } from './types.js';

const EVENT_VALUES: Readonly<Record<UserChange, XUserChangeEvent>> = {
  [UserChange.SignedInAgain]: XUserChangeEvent.SignedInAgain,
  [UserChange.SigningOut]: XUserChangeEvent.SigningOut,
  [UserChange.SignedOut]: XUserChangeEvent.SignedOut,
  [UserChange.Gamertag]: XUserChangeEvent.Gamertag,
  [UserChange.GamerPicture]: XUserChangeEvent.GamerPicture,
  [UserChange.Privileges]: XUserChangeEvent.Privileges,
};

/** @internal Queues one identity change to every registration (the runtime's session listener). */
export function deliverChange(rt: Runtime, event: UserChangeEvent): void {
  const value = EVENT_VALUES[event.kind];
  const localId = Object.freeze({ value: event.user.localId });
  for (const [token, registration] of rt.changes.entries()) {
    // Each registration's SigningOut callback holds the sign-out until it has run.
    const hold = event.kind === UserChange.SigningOut ? event.takeDeferral() : undefined;
    const hr = XTaskQueueSubmitCallback(
      registration.queue,
      XTaskQueuePort.Completion,
      undefined,
      (_context, canceled) => {
        try {
          if (canceled) return;
          rt.changes.invoke(token, (r) => {
            const outer = rt.signingOut;
            if (event.kind === UserChange.SigningOut) rt.signingOut = event;
            try {
              r.callback(r.context, localId, value);
            } finally {
              rt.signingOut = outer;
            }
          });
        } finally {
          hold?.complete();
        }
      },
    );
    if (FAILED(hr)) hold?.complete();
  }
}

/**
 * Mirrors `XUserRegisterForChangeEvent`: calls `callback(context, userLocalId, event)` for every
 * user change, on the Completion port of `queue`.
 *
 * @param queue - [in, optional] the queue; `null` for the process task queue.
 * @param context - [in, optional] passed to the callback.
 * @param callback - [in] the callback.
 * @param token - [out] receives the registration token.
 * @returns `S_OK`; `E_GAMERUNTIME_NOT_INITIALIZED`; `E_INVALIDARG` for a callback that is not a
 *   function; `E_POINTER` without an out-parameter; the queue's handle error for a bad queue.
 */
export function XUserRegisterForChangeEvent(
  queue: XTaskQueueHandle | null,
  context: unknown,
  callback: XUserChangeEventCallback,
  token: Out<XTaskQueueRegistrationToken | null>,
): HRESULT {
  const rt = current();
  if (typeof rt === 'number') return rt;
  return registerCallback(rt.changes, queue, context, callback, token);
}

/**
 * Mirrors `XUserUnregisterForChangeEvent`: no callback of the registration starts afterwards.
 *
 * @param token - [in] the registration token.
 * @param wait - [in] when a callback is running: `true` waits for it, `false` returns `false` and
 *   the registration removes itself when that callback returns.
 * @returns whether the registration is gone; `false` for an unknown token or before initialization.
 */
export function XUserUnregisterForChangeEvent(token: XTaskQueueRegistrationToken, wait: boolean): boolean {
  const rt = current();
  if (typeof rt === 'number') return false;
  return rt.changes.unregister(token, wait === true);
}

/**
 * Mirrors `XUserGetSignOutDeferral`: inside a `SigningOut` callback, holds the sign-out until the
 * returned handle is closed (or the timeout).
 *
 * @param deferral - [out] receives the deferral handle.
 * @returns `S_OK`; `E_GAMERUNTIME_NOT_INITIALIZED`; `E_POINTER` without an out-parameter;
 *   `E_GAMEUSER_DEFERRAL_NOT_AVAILABLE` outside a `SigningOut` callback (or once that sign-out has finished).
 */
export function XUserGetSignOutDeferral(deferral: Out<XUserSignOutDeferralHandle | null>): HRESULT {
  const rt = current();
  if (typeof rt === 'number') return rt;
  if (!isOut(deferral)) return E_POINTER;
  writeOut(deferral, null);
  const taken = rt.signingOut?.takeDeferral();
  if (taken === undefined) return E_GAMEUSER_DEFERRAL_NOT_AVAILABLE;
  const handle = rt.deferrals.create(taken);
  if (!writeOut(deferral, handle)) {
    rt.deferrals.close(handle);
    return E_POINTER;
  }
  return S_OK;
}

/**
 * Mirrors `XUserCloseSignOutDeferralHandle`: completes a deferral. Other values are ignored.
 *
 * @param deferral - [in] the deferral handle.
 */
export function XUserCloseSignOutDeferralHandle(deferral: XUserSignOutDeferralHandle): void {
  const rt = current();
  if (typeof rt === 'number') return;
  rt.deferrals.close(deferral);
}
