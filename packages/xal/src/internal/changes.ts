// Change events (xuser-xal.md §2.7): the identity engine's changes delivered to every
// XalUserRegisterChangeEventHandler registration on its queue's Completion port. A SigningOut
// delivery holds a deferral of XAL's own until the handler returned, so the handler can take its
// own with XalUserGetSignoutDeferral while it runs.
import { UserChange, type UserChangeEvent } from '@gdkts/identity';
import { XTaskQueuePort, XTaskQueueSubmitCallback } from '@gdkts/xasync';
import { FAILED } from '@gdkts/hresult';
import { XalUserChangeType } from '../types.js';
import { changeHandlers, signingOut } from './users.js';

const CHANGE_TYPES: Readonly<Record<UserChange, XalUserChangeType>> = Object.freeze<Record<UserChange, XalUserChangeType>>({
  [UserChange.SignedInAgain]: XalUserChangeType.SignedInAgain,
  [UserChange.SigningOut]: XalUserChangeType.SigningOut,
  [UserChange.SignedOut]: XalUserChangeType.SignedOut,
  [UserChange.Gamertag]: XalUserChangeType.Gamertag,
  [UserChange.GamerPicture]: XalUserChangeType.GamerPicture,
  [UserChange.Privileges]: XalUserChangeType.Privileges,
});

/**
 * Delivers one change to every registration.
 * @param event - [in] the identity engine's event.
 */
export function deliverChange(event: UserChangeEvent): void {
  const change = CHANGE_TYPES[event.kind];
  const localId = event.user.localId;
  for (const [token, registration] of changeHandlers.entries()) {
    const hold = event.kind === UserChange.SigningOut ? event.takeDeferral() : undefined;
    // the kit's invoke counts the handler as running (unregister semantics); the hold ends even
    // when the registration was removed before its turn
    const hr = XTaskQueueSubmitCallback(registration.queue, XTaskQueuePort.Completion, undefined, (_context, canceled) => {
      try {
        if (!canceled) {
          changeHandlers.invoke(token, (reg) => {
            signingOut.event = hold !== undefined ? event : null;
            try {
              reg.handler(reg.context, { value: localId }, change);
            } finally {
              signingOut.event = null;
            }
          });
        }
      } finally {
        hold?.complete();
      }
    });
    if (FAILED(hr)) hold?.complete();
  }
}
