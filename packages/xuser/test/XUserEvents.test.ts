import { describe, expect, it } from 'vitest';
import { E_GAMEUSER_DEFERRAL_NOT_AVAILABLE, E_INVALIDARG, E_POINTER, S_OK } from '@gdkts/hresult';
import { XTaskQueueCloseHandle, out } from '@gdkts/xasync';
import type { XTaskQueueRegistrationToken } from '@gdkts/xasync';
import {
  XUserChangeEvent,
  XUserCloseHandle,
  XUserCloseSignOutDeferralHandle,
  XUserGetLocalId,
  XUserGetSignOutDeferral,
  XUserGetState,
  XUserRegisterForChangeEvent,
  XUserState,
  XUserUnregisterForChangeEvent,
} from '@gdkts/xuser';
import type { XUserLocalId, XUserSignOutDeferralHandle } from '@gdkts/xuser';
import { bootTestConsole } from '@gdkts/xuser/testing';
import { addDefault, drain, manualQueue, useLeakCheck } from './helpers/console.js';

useLeakCheck();

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('XUserRegisterForChangeEvent', () => {
  it('delivers (context, localId, event) on the Completion port of the given queue, only when dispatched', async () => {
    const console = await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const queue = manualQueue();
    const seen: [unknown, bigint, number][] = [];
    const token = out<XTaskQueueRegistrationToken | null>(null);
    const context = { name: 'ctx' };
    expect(XUserRegisterForChangeEvent(queue, context, (c, id, e) => seen.push([c, id.value, e]), token)).toBe(S_OK);
    const alice = console.account('Alice')!;
    alice.update({ gamertag: 'Alicia' });
    console.changeGamerPicture(alice.xuid);
    alice.update({ privileges: [254] });
    expect(seen).toEqual([]);
    expect(drain(queue)).toBe(3);
    const local = out<XUserLocalId | null>(null);
    XUserGetLocalId(user, local);
    expect(seen).toEqual([
      [context, local.value!.value, XUserChangeEvent.Gamertag],
      [context, local.value!.value, XUserChangeEvent.GamerPicture],
      [context, local.value!.value, XUserChangeEvent.Privileges],
    ]);
    alice.update({ gamertag: 'Alice' }); // queued now…
    expect(XUserUnregisterForChangeEvent(token.value!, false)).toBe(true); // …then unregistered
    expect(drain(queue)).toBe(1); // the queued item runs, but the callback is skipped
    expect(seen).toHaveLength(3);
    alice.update({ gamertag: 'Alicia' });
    expect(drain(queue)).toBe(0); // nothing is queued for a registration that is gone
    expect(XUserUnregisterForChangeEvent(token.value!, false)).toBe(false);
    XTaskQueueCloseHandle(queue);
    XUserCloseHandle(user);
  });

  it('rejects a callback that is not a function, a missing token out-parameter, a bad queue', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    expect(XUserRegisterForChangeEvent(null, null, 'nope' as never, out(null))).toBe(E_INVALIDARG);
    expect(XUserRegisterForChangeEvent(null, null, () => undefined, null as never)).toBe(E_POINTER);
    expect(XUserRegisterForChangeEvent({} as never, null, () => undefined, out(null))).toBeLessThan(0);
  });
});

describe('sign-out deferrals', () => {
  it('a deferral taken in the SigningOut callback holds the sign-out until it is closed', async () => {
    const console = await bootTestConsole({ accounts: [{ gamertag: 'Alice' }], signOutTimeoutMs: 3_600_000 });
    const user = await addDefault();
    const queue = manualQueue();
    const events: number[] = [];
    let deferral: XUserSignOutDeferralHandle | null = null;
    const token = out<XTaskQueueRegistrationToken | null>(null);
    XUserRegisterForChangeEvent(
      queue,
      null,
      (_c, _id, event) => {
        events.push(event);
        if (event === XUserChangeEvent.SigningOut) {
          const d = out<XUserSignOutDeferralHandle | null>(null);
          expect(XUserGetSignOutDeferral(d)).toBe(S_OK);
          deferral = d.value;
        }
      },
      token,
    );
    let signedOut = false;
    const finished = console.signOut('Alice').then(() => (signedOut = true));
    await tick();
    expect(drain(queue)).toBe(1);
    await tick();
    const s = out<XUserState>(XUserState.SignedIn);
    XUserGetState(user, s);
    expect([signedOut, s.value]).toEqual([false, XUserState.SigningOut]);
    XUserCloseSignOutDeferralHandle(deferral!);
    await finished;
    drain(queue);
    expect(events).toEqual([XUserChangeEvent.SigningOut, XUserChangeEvent.SignedOut]);
    XUserGetState(user, s);
    expect(s.value).toBe(XUserState.SignedOut);
    XUserUnregisterForChangeEvent(token.value!, true);
    XTaskQueueCloseHandle(queue);
    XUserCloseHandle(user);
  });

  it('the sign-out waits until every SigningOut callback has been dispatched', async () => {
    const console = await bootTestConsole({ accounts: [{ gamertag: 'Alice' }], signOutTimeoutMs: 3_600_000 });
    const user = await addDefault();
    const queue = manualQueue();
    const token = out<XTaskQueueRegistrationToken | null>(null);
    XUserRegisterForChangeEvent(queue, null, () => undefined, token);
    let signedOut = false;
    const finished = console.signOut('Alice').then(() => (signedOut = true));
    await tick();
    await tick();
    expect(signedOut).toBe(false);
    drain(queue);
    await finished;
    XUserUnregisterForChangeEvent(token.value!, true);
    drain(queue);
    XTaskQueueCloseHandle(queue);
    XUserCloseHandle(user);
  });

  it('E_GAMEUSER_DEFERRAL_NOT_AVAILABLE outside a SigningOut callback', async () => {
    const console = await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    expect(XUserGetSignOutDeferral(out(null))).toBe(E_GAMEUSER_DEFERRAL_NOT_AVAILABLE);
    const queue = manualQueue();
    const answers: number[] = [];
    const token = out<XTaskQueueRegistrationToken | null>(null);
    XUserRegisterForChangeEvent(
      queue,
      null,
      (_c, _id, event) => {
        if (event === XUserChangeEvent.Gamertag) answers.push(XUserGetSignOutDeferral(out(null)));
      },
      token,
    );
    console.account('Alice')!.update({ gamertag: 'Alicia' });
    drain(queue);
    expect(answers).toEqual([E_GAMEUSER_DEFERRAL_NOT_AVAILABLE]);
    expect(XUserGetSignOutDeferral(null as never)).toBe(E_POINTER);
    XUserUnregisterForChangeEvent(token.value!, true);
    XTaskQueueCloseHandle(queue);
    XUserCloseHandle(user);
  });

  it('a deferral never closed is cut short by the timeout; closing it afterwards is harmless', async () => {
    const console = await bootTestConsole({ accounts: [{ gamertag: 'Alice' }], signOutTimeoutMs: 5 });
    const user = await addDefault();
    let deferral: XUserSignOutDeferralHandle | null = null;
    let signedOutDelivered: () => void = () => undefined;
    const delivered = new Promise<void>((resolve) => (signedOutDelivered = resolve));
    const token = out<XTaskQueueRegistrationToken | null>(null);
    XUserRegisterForChangeEvent(
      null,
      null,
      (_c, _id, event) => {
        if (event === XUserChangeEvent.SigningOut) {
          const d = out<XUserSignOutDeferralHandle | null>(null);
          XUserGetSignOutDeferral(d);
          deferral = d.value;
        }
        if (event === XUserChangeEvent.SignedOut) signedOutDelivered();
      },
      token,
    );
    await console.signOut('Alice');
    await delivered;
    const s = out<XUserState>(XUserState.SignedIn);
    XUserGetState(user, s);
    expect(s.value).toBe(XUserState.SignedOut);
    expect(deferral).not.toBeNull();
    XUserCloseSignOutDeferralHandle(deferral!);
    XUserCloseSignOutDeferralHandle(deferral!);
    XUserUnregisterForChangeEvent(token.value!, true);
    XUserCloseHandle(user);
  });
});
