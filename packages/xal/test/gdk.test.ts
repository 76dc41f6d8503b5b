// The GDK flavour (xal_gsdk_impl.h): empty init args, XalInitialize S_OK, cleanup at once, XAL calls
// with XUser's semantics and the E_XAL_* codes as their GDK aliases (XAL_GDK_ALIASES; xuser-xal.md §2.1, §2.8).
import { describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_GAMERUNTIME_INVALID_HANDLE,
  E_GAMEUSER_DEFERRAL_NOT_AVAILABLE,
  E_GAMEUSER_MAX_USERS_ADDED,
  E_GAMEUSER_NO_DEFAULT_USER,
  E_GAMEUSER_NO_TOKEN_REQUIRED,
  E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED,
  E_GAMEUSER_USER_NOT_FOUND,
  E_INVALIDARG,
  E_NOT_SUPPORTED,
  E_XAL_NODEFAULTUSER,
  E_XAL_NOTINITIALIZED,
  E_XAL_UIREQUIRED,
  S_OK,
  XAL_GDK_ALIASES,
  lookupHResultName,
} from '@gdkts/hresult';
import { scriptedUi } from '@gdkts/identity';
import { deferred } from '@gdkts/xasync/testing';
import { out } from '@gdkts/xasync';
import {
  XalFindUserByLocalId,
  XalGamertagComponent,
  XalGetDeviceUser,
  XalGetDeviceUserIsPresent,
  XalGetMaxUsers,
  XalInitialize,
  XalSignOutUserAsync,
  XalSignOutUserAsyncIsPresent,
  XalUserChangeType,
  XalUserCloseHandle,
  XalUserCloseSignoutDeferral,
  XalUserGetGamertagSize,
  XalUserGetSignoutDeferral,
  XalUserGetTokenAndSignatureSilentlyAsync,
  XalUserRegisterChangeEventHandler,
  XalUserResolveIssueWithUiAsync,
  XalUserResolveIssueWithUiResult,
  XalUserUnregisterChangeEventHandler,
  useXalEmulator,
  type XalRegistrationToken,
  type XalSignoutDeferralHandle,
  type XalUserHandle,
} from '@gdkts/xal';
import { TEST_SEED_URL, TEST_UNMAPPED_URL, currentXalSession } from '@gdkts/xal/testing';
import { useXalSandbox } from './helpers/title.js';
import { addSilently, addWithUi, call, cleanup, getToken } from './helpers/calls.js';
import { account, makeEmulator } from './helpers/world.js';

useXalSandbox();

describe('the GDK flavour', () => {
  it('takes every aliased code from XAL_GDK_ALIASES', () => {
    expect(lookupHResultName(XAL_GDK_ALIASES.E_XAL_UIREQUIRED)?.value).toBe(E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED);
    expect(E_XAL_UIREQUIRED).not.toBe(E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED);
    expect(E_XAL_NODEFAULTUSER).not.toBe(E_GAMEUSER_NO_DEFAULT_USER);
  });

  it('adds the console default user silently, the picker with UI, and answers XUser codes', async () => {
    const alice = account('Alice');
    const bob = account('Bob');
    const ui = scriptedUi([{ outcome: 'dismissed' }, { outcome: 'completed', xuid: bob.xuid }]);
    useXalEmulator(await makeEmulator([alice, bob], { ui }));
    expect(XalInitialize({}, null)).toBe(S_OK); // no hooks needed
    expect(await addSilently()).toEqual({ hr: E_GAMEUSER_NO_DEFAULT_USER, user: null }); // two signed in, none default
    expect((await addWithUi()).hr).toBe(E_ABORT);
    const b = await addWithUi();
    expect(b.hr).toBe(S_OK);
    expect(ui.prompts.map((p) => p.kind)).toEqual(['accountPicker', 'accountPicker']);
    expect(XalSignOutUserAsyncIsPresent()).toBe(false);
    expect(XalSignOutUserAsync(b.user as XalUserHandle, {})).toBe(E_NOT_SUPPORTED);
    expect(XalGetDeviceUserIsPresent()).toBe(false);
    expect(XalGetDeviceUser(out<XalUserHandle | null>(null))).toBe(E_NOT_SUPPORTED);
    expect(XalUserGetGamertagSize(b.user as XalUserHandle, XalGamertagComponent.Classic)).toBe(16);
    expect(XalUserGetGamertagSize(b.user as XalUserHandle, XalGamertagComponent.UniqueModern)).toBe(101);
    expect(XalFindUserByLocalId({ value: 999n }, out<XalUserHandle | null>(null))).toBe(E_GAMEUSER_USER_NOT_FOUND);
    XalUserCloseHandle(b.user as XalUserHandle);
    expect(XalUserGetGamertagSize(b.user as XalUserHandle, XalGamertagComponent.Classic)).toBe(0);
    expect(
      XalUserGetTokenAndSignatureSilentlyAsync(b.user as XalUserHandle, { method: 'GET', url: TEST_SEED_URL }, {}),
    ).toBe(E_GAMERUNTIME_INVALID_HANDLE);
    expect(await cleanup()).toBe(S_OK);
  });

  it('fills the user set to E_GAMEUSER_MAX_USERS_ADDED', async () => {
    const accounts = ['A', 'B', 'C', 'D', 'E'].map((g) => account(g));
    useXalEmulator(
      await makeEmulator(accounts, {
        ui: scriptedUi(accounts.map((a) => ({ outcome: 'completed' as const, xuid: a.xuid }))),
      }),
    );
    expect(XalInitialize({}, null)).toBe(S_OK);
    const held: XalUserHandle[] = [];
    for (let i = 0; i < 4; i++) {
      const added = await addWithUi();
      expect(added.hr).toBe(S_OK);
      held.push(added.user as XalUserHandle);
    }
    expect((await addWithUi()).hr).toBe(E_GAMEUSER_MAX_USERS_ADDED);
    for (const h of held) XalUserCloseHandle(h);
    expect(await cleanup()).toBe(S_OK);
  });

  it('token calls follow XUser: no token required, resolve required then resolve, a body with size 0 refused', async () => {
    const alice = account('Alice');
    useXalEmulator(await makeEmulator([alice], { defaultUser: alice.xuid }));
    expect(XalInitialize({}, null)).toBe(S_OK);
    const { hr, user } = await addSilently();
    expect(hr).toBe(S_OK);
    const u = user as XalUserHandle;
    expect((await getToken(u, { method: 'GET', url: TEST_UNMAPPED_URL })).hr).toBe(E_GAMEUSER_NO_TOKEN_REQUIRED);
    expect(
      XalUserGetTokenAndSignatureSilentlyAsync(
        u,
        { method: 'GET', url: TEST_SEED_URL, bodySize: 0, body: new Uint8Array(1) },
        {},
      ),
    ).toBe(E_INVALIDARG);
    alice.addIssue('TermsNotAccepted');
    expect((await getToken(u, { method: 'GET', url: TEST_SEED_URL })).hr).toBe(E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED);
    const resolve = await call((b) => XalUserResolveIssueWithUiAsync(u, TEST_SEED_URL, b));
    expect(XalUserResolveIssueWithUiResult(resolve)).toBe(S_OK);
    expect((await getToken(u, { method: 'GET', url: TEST_SEED_URL })).hr).toBe(S_OK);
    XalUserCloseHandle(u);
    expect(await cleanup()).toBe(S_OK);
  });

  it('a system sign-out raises SigningOut (with a deferral) and SignedOut; deferrals elsewhere are the GDK alias', async () => {
    const alice = account('Alice');
    useXalEmulator(await makeEmulator([alice], { defaultUser: alice.xuid }));
    expect(XalInitialize({}, null)).toBe(S_OK);
    const { user } = await addSilently();
    expect(XalUserGetSignoutDeferral(out<XalSignoutDeferralHandle | null>(null))).toBe(
      E_GAMEUSER_DEFERRAL_NOT_AVAILABLE,
    );
    const changes: number[] = [];
    const held = deferred<XalSignoutDeferralHandle>();
    const delivered = deferred<void>();
    const token = out<XalRegistrationToken>({ token: 0n });
    expect(
      XalUserRegisterChangeEventHandler(
        null,
        null,
        (_c, _id, change) => {
          changes.push(change);
          if (change === XalUserChangeType.SigningOut) {
            const d = out<XalSignoutDeferralHandle | null>(null);
            expect(XalUserGetSignoutDeferral(d)).toBe(S_OK);
            held.resolve(d.value as XalSignoutDeferralHandle);
          }
          if (change === XalUserChangeType.SignedOut) delivered.resolve();
        },
        token,
      ),
    ).toBe(S_OK);
    const signedOut = (currentXalSession() ?? expect.fail('no session')).signOut(alice.xuid);
    XalUserCloseSignoutDeferral(await held.promise);
    await signedOut;
    await delivered.promise; // events reach the handler through its queue
    expect(changes).toEqual([XalUserChangeType.SigningOut, XalUserChangeType.SignedOut]);
    XalUserUnregisterChangeEventHandler(token.value);
    XalUserCloseHandle(user as XalUserHandle);
    expect(await cleanup()).toBe(S_OK);
  });

  it('cleanup completes at once, even with a user still present (the console keeps them)', async () => {
    const alice = account('Alice');
    useXalEmulator(await makeEmulator([alice], { defaultUser: alice.xuid }));
    expect(XalInitialize({}, null)).toBe(S_OK);
    const { user } = await addSilently();
    expect(await cleanup()).toBe(S_OK);
    const state = out(0);
    expect(XalGetMaxUsers(state)).toBe(S_OK); // still usable
    XalUserCloseHandle(user as XalUserHandle);
    expect(await cleanup()).toBe(S_OK);
    expect(XalGetMaxUsers(state)).toBe(E_XAL_NOTINITIALIZED);
  });
});
