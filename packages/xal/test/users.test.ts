// Adding users, the user set, the user object, events, sign-out and cleanup on a platform XAL
// (xuser-xal.md §2.4, §2.5, §2.7).
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_FAIL,
  E_INVALIDARG,
  E_NOT_SUFFICIENT_BUFFER,
  E_XAL_DEFERRALNOTAVAILABLE,
  E_XAL_DEVICEUSER,
  E_XAL_NODEFAULTUSER,
  E_XAL_UIREQUIRED,
  E_XAL_UNLISTEDCONSENT,
  E_XAL_USERNOTFOUND,
  E_XAL_USERSETFULL,
  E_XAL_USERSETNOTEMPTY,
  S_OK,
} from '@gdkts/hresult';
import { deferred } from '@gdkts/xasync/testing';
import { XAsyncGetStatusAsync, out, type XAsyncBlock } from '@gdkts/xasync';
import {
  XAL_NO_USER_IDENTIFIER,
  XalAgeGroup,
  XalCheckUcsConsentForAllUsers,
  XalCleanupAsync,
  XalCompareUsers,
  XalConsentState,
  XalFindUserByLocalId,
  XalGamertagComponent,
  XalGetDeviceUser,
  XalGetDeviceUserIsPresent,
  XalInitialize,
  XalPlatformStorageSetEventHandlers,
  XalPlatformWebSetEventHandler,
  XalPrivilege,
  XalPrivilegeCheckDenyReasons,
  XalShowUrlType,
  XalSignOutUserAsync,
  XalSignOutUserAsyncIsPresent,
  XalSignOutUserResult,
  XalTryAddUserByIdAsync,
  XalTryAddUserByIdResult,
  XalUserChangeType,
  XalUserCheckPrivilege,
  XalUserCheckUcsConsent,
  XalUserCloseHandle,
  XalUserCloseSignoutDeferral,
  XalUserDuplicateHandle,
  XalUserGetAgeGroup,
  XalUserGetGamertag,
  XalUserGetGamertagSize,
  XalUserGetId,
  XalUserGetLocalId,
  XalUserGetSignoutDeferral,
  XalUserGetState,
  XalUserIsDevice,
  XalUserIsGuest,
  XalUserManageUcsConsentWithUiAsync,
  XalUserManageUcsConsentWithUiResult,
  XalUserRegisterChangeEventHandler,
  XalUserState,
  XalUserUnregisterChangeEventHandler,
  createEmulatorWebViewHandler,
  createFileStorageHandlers,
  useXalEmulator,
  type XalRegistrationToken,
  type XalSignoutDeferralHandle,
  type XalUserChangeType as ChangeType,
  type XalUserHandle,
  type XalUserLocalId,
} from '@gdkts/xal';
import { TEST_CLIENT_ID, TEST_TITLE_ID, resetXal } from '@gdkts/xal/testing';
import { installHooks, newHooks, useXalSandbox, type TitleHooks } from './helpers/title.js';
import { addSilently, addWithUi, call, cleanup } from './helpers/calls.js';
import { account, makeEmulator } from './helpers/world.js';

useXalSandbox();

const win32 = { platform: 'Win32', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID } as const;
const generic = { platform: 'Generic', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID } as const;
const CACHE_KEY = `xal/${TEST_CLIENT_ID.toLowerCase()}/default-user`;

async function start(
  accounts = [account('Alice')],
  args: Parameters<typeof XalInitialize>[0] = win32,
): Promise<TitleHooks> {
  useXalEmulator(await makeEmulator(accounts));
  const hooks = newHooks();
  installHooks(hooks, { generic: (args as { platform?: string }).platform === 'Generic' });
  expect(XalInitialize(args, null)).toBe(S_OK);
  return hooks;
}

function xuidOf(user: XalUserHandle | null): bigint {
  const id = out(0n);
  expect(XalUserGetId(user as XalUserHandle, id)).toBe(S_OK);
  return id.value;
}

describe('adding users', () => {
  it('first launch: silent needs UI; the web view signs in and the storage hook caches the user; after a restart silent restores it', async () => {
    const alice = account('Alice');
    const hooks = await start([alice]);
    expect((await addSilently(7)).hr).toBe(E_XAL_UIREQUIRED);
    expect(hooks.web).toHaveLength(0);
    const added = await addWithUi(7);
    expect(added.hr).toBe(S_OK);
    expect(xuidOf(added.user)).toBe(BigInt(alice.xuid));
    const page = hooks.web[0];
    expect(page?.type).toBe(XalShowUrlType.Normal);
    expect(page?.userIdentifier).toBe(7);
    expect(page?.finalUrl).toBe(`ms-xal-${TEST_CLIENT_ID}://auth`);
    const startUrl = new URL(page?.startUrl ?? '');
    expect(startUrl.searchParams.get('client_id')).toBe(TEST_CLIENT_ID);
    expect(startUrl.searchParams.get('redirect_uri')).toBe(page?.finalUrl);
    expect(hooks.storageOps).toEqual([`read ${CACHE_KEY}`, `write ${CACHE_KEY}`]);
    XalUserCloseHandle(added.user as XalUserHandle);
    expect(await cleanup()).toBe(S_OK);
    // relaunch with the same storage
    expect(XalInitialize(win32, null)).toBe(S_OK);
    const restored = await addSilently(8);
    expect(restored.hr).toBe(S_OK);
    expect(xuidOf(restored.user)).toBe(BigInt(alice.xuid));
    expect(hooks.web).toHaveLength(1); // no UI
    XalUserCloseHandle(restored.user as XalUserHandle);
    expect(await cleanup()).toBe(S_OK);
  });

  it('UI canceled completes with E_ABORT, a failed web view with E_FAIL; nothing is added or cached', async () => {
    const hooks = await start();
    hooks.script.push('cancel', 'fail');
    expect(await addWithUi()).toEqual({ hr: E_ABORT, user: null });
    expect(await addWithUi()).toEqual({ hr: E_FAIL, user: null });
    expect(XalPlatformWebSetEventHandler(null, null, () => undefined)).not.toBe(S_OK); // hooks are fixed while initialized
    expect(hooks.storage.size).toBe(0);
    expect(await cleanup()).toBe(S_OK);
  });

  it('the user set is full until every handle of a user is closed', async () => {
    const alice = account('Alice');
    const bob = account('Bob');
    const hooks = await start([alice, bob]);
    const a = await addWithUi();
    hooks.script.push({ xuid: bob.xuid });
    expect((await addWithUi()).hr).toBe(E_XAL_USERSETFULL);
    const dup = out<XalUserHandle | null>(null);
    expect(XalUserDuplicateHandle(a.user as XalUserHandle, dup)).toBe(S_OK);
    expect(dup.value).not.toBe(a.user);
    expect(XalCompareUsers(a.user, dup.value)).toBe(0);
    XalUserCloseHandle(a.user as XalUserHandle);
    hooks.script.push({ xuid: bob.xuid });
    expect((await addWithUi()).hr).toBe(E_XAL_USERSETFULL);
    XalUserCloseHandle(dup.value as XalUserHandle);
    hooks.script.push({ xuid: bob.xuid });
    const b = await addWithUi();
    expect(b.hr).toBe(S_OK);
    expect(xuidOf(b.user)).toBe(BigInt(bob.xuid));
    XalUserCloseHandle(b.user as XalUserHandle);
    expect(await cleanup()).toBe(S_OK);
  });

  it('silent restore of an account that is gone answers E_XAL_NODEFAULTUSER; by id finds the cached user only', async () => {
    const alice = account('Alice');
    const hooks = await start([alice], generic);
    const a = await addWithUi();
    const byId = await call((b) => XalTryAddUserByIdAsync(1, BigInt(alice.xuid), b));
    const again = out<XalUserHandle | null>(null);
    expect(XalTryAddUserByIdResult(byId, again)).toBe(S_OK);
    expect(XalCompareUsers(a.user, again.value)).toBe(0);
    const unknown = await call((b) => XalTryAddUserByIdAsync(1, 42n, b));
    expect(XalTryAddUserByIdResult(unknown, out<XalUserHandle | null>(null))).toBe(E_XAL_USERNOTFOUND);
    expect(XalTryAddUserByIdAsync(1, -1n, {})).toBe(E_INVALIDARG);
    XalUserCloseHandle(a.user as XalUserHandle);
    XalUserCloseHandle(again.value as XalUserHandle);
    hooks.storage.set(CACHE_KEY, new TextEncoder().encode(JSON.stringify({ xuid: '12345' })));
    expect((await addSilently()).hr).toBe(E_XAL_NODEFAULTUSER);
    expect(await cleanup()).toBe(S_OK);
  });

  it('an account that needs the user (terms) is E_XAL_UIREQUIRED silently and fixed by a NonAuthFlow page in the UI add', async () => {
    const alice = account('Alice');
    const hooks = await start([alice]);
    hooks.storage.set(CACHE_KEY, new TextEncoder().encode(JSON.stringify({ xuid: alice.xuid })));
    alice.addIssue('TermsNotAccepted');
    expect((await addSilently()).hr).toBe(E_XAL_UIREQUIRED);
    const added = await addWithUi();
    expect(added.hr).toBe(S_OK);
    expect(hooks.web.map((e) => e.type)).toEqual([XalShowUrlType.Normal, XalShowUrlType.NonAuthFlow]);
    expect(alice.requiresUserAction).toBe(false);
    XalUserCloseHandle(added.user as XalUserHandle);
    expect(await cleanup()).toBe(S_OK);
  });
});

describe('the user object', () => {
  it('answers id, local id, state, guest, gamertags, age group, privileges, UCS consent and find by local id', async () => {
    const alice = account('Alice', {
      modernGamertag: 'Alîce',
      modernGamertagSuffix: '123',
      ageGroup: 'Teen',
      privileges: [XalPrivilege.Multiplayer],
    });
    await start([alice], { ...generic, ucsConsentCount: 1, ucsConsents: ['telemetry'] });
    const { user } = await addWithUi();
    const u = user as XalUserHandle;
    const localId = out<XalUserLocalId>({ value: 0n });
    expect(XalUserGetLocalId(u, localId)).toBe(S_OK);
    const state = out<XalUserState>(XalUserState.SignedOut);
    expect(XalUserGetState(u, state)).toBe(S_OK);
    expect(state.value).toBe(XalUserState.SignedIn);
    expect(XalUserIsGuest(u)).toBe(false);
    expect(XalUserIsDevice(u)).toBe(false);
    for (const [component, text] of [
      [XalGamertagComponent.Classic, 'Alice'],
      [XalGamertagComponent.Modern, 'Alîce'],
      [XalGamertagComponent.ModernSuffix, '123'],
      [XalGamertagComponent.UniqueModern, 'Alîce#123'],
    ] as const) {
      const size = XalUserGetGamertagSize(u, component);
      expect(size).toBe(new TextEncoder().encode(text).length + 1);
      const buffer = new Uint8Array(size);
      const used = out(0);
      expect(XalUserGetGamertag(u, component, size - 1, buffer, used)).toBe(E_NOT_SUFFICIENT_BUFFER);
      expect(XalUserGetGamertag(u, component, size, buffer, used)).toBe(S_OK);
      expect(used.value).toBe(size);
      expect(new TextDecoder().decode(buffer.subarray(0, size - 1))).toBe(text);
    }
    expect(XalUserGetGamertag(u, 9 as never, 4, new Uint8Array(4), null)).toBe(E_INVALIDARG);
    const age = out<XalAgeGroup>(XalAgeGroup.Unknown);
    expect(XalUserGetAgeGroup(u, age)).toBe(S_OK);
    expect(age.value).toBe(XalAgeGroup.Teen);
    const has = out(false);
    const reasons = out<XalPrivilegeCheckDenyReasons>(XalPrivilegeCheckDenyReasons.Unknown);
    expect(XalUserCheckPrivilege(u, XalPrivilege.Multiplayer, has, reasons)).toBe(S_OK);
    expect([has.value, reasons.value]).toEqual([true, XalPrivilegeCheckDenyReasons.None]);
    expect(XalUserCheckPrivilege(u, XalPrivilege.Comms, has, reasons)).toBe(S_OK);
    expect([has.value, reasons.value]).toEqual([false, XalPrivilegeCheckDenyReasons.Restricted]);
    const consent = out<XalConsentState>(XalConsentState.QueryFailure);
    expect(XalUserCheckUcsConsent(u, 'ads', consent)).toBe(E_XAL_UNLISTEDCONSENT);
    expect(XalUserCheckUcsConsent(u, 'telemetry', consent)).toBe(S_OK);
    expect(consent.value).toBe(XalConsentState.OptedOut);
    const all = out(true);
    expect(XalCheckUcsConsentForAllUsers('telemetry', all)).toBe(S_OK);
    expect(all.value).toBe(false);
    const manage = await call((b) => XalUserManageUcsConsentWithUiAsync(u, 'telemetry', b));
    const managed = out<XalConsentState>(XalConsentState.QueryFailure);
    expect(XalUserManageUcsConsentWithUiResult(manage, managed)).toBe(S_OK);
    expect(managed.value).toBe(XalConsentState.OptedIn);
    expect(XalUserCheckUcsConsent(u, 'telemetry', consent)).toBe(S_OK);
    expect(consent.value).toBe(XalConsentState.OptedIn);
    expect(XalCheckUcsConsentForAllUsers('telemetry', all)).toBe(S_OK);
    expect(all.value).toBe(true);
    expect(XalUserManageUcsConsentWithUiAsync(u, 'ads', {})).toBe(E_XAL_UNLISTEDCONSENT);
    const found = out<XalUserHandle | null>(null);
    expect(XalFindUserByLocalId(localId.value, found)).toBe(S_OK);
    expect(XalCompareUsers(u, found.value)).toBe(0);
    expect(XalFindUserByLocalId({ value: 999n }, out<XalUserHandle | null>(null))).toBe(E_XAL_USERNOTFOUND);
    XalUserCloseHandle(found.value as XalUserHandle);
    // the device user
    expect(XalGetDeviceUserIsPresent()).toBe(true);
    const device = out<XalUserHandle | null>(null);
    expect(XalGetDeviceUser(device)).toBe(S_OK);
    expect(XalUserIsDevice(device.value as XalUserHandle)).toBe(true);
    expect(XalUserGetId(device.value as XalUserHandle, out(0n))).toBe(E_XAL_DEVICEUSER);
    expect(XalCompareUsers(device.value, u)).toBe(-1);
    XalUserCloseHandle(device.value as XalUserHandle);
    // a closed handle is a bad pointer
    XalUserCloseHandle(u);
    expect(XalUserGetId(u, out(0n))).toBe(E_INVALIDARG);
    expect(XalUserGetGamertagSize(u, XalGamertagComponent.Classic)).toBe(0);
    expect(await cleanup()).toBe(S_OK);
  });
});

describe('events, sign-out and cleanup', () => {
  it('sign-out: cookie removal page, cache cleared, SigningOut held by a deferral, then SignedOut; silent then needs UI again', async () => {
    const alice = account('Alice');
    const hooks = await start([alice]);
    expect(XalSignOutUserAsyncIsPresent()).toBe(true);
    const { user } = await addWithUi(3);
    const u = user as XalUserHandle;
    const events: ChangeType[] = [];
    let deferral: XalSignoutDeferralHandle | null = null;
    const signingOut = deferred<void>();
    const signedOut = deferred<void>();
    const token = out<XalRegistrationToken>({ token: 0n });
    expect(XalUserGetSignoutDeferral(out<XalSignoutDeferralHandle | null>(null))).toBe(E_XAL_DEFERRALNOTAVAILABLE);
    expect(
      XalUserRegisterChangeEventHandler(
        null,
        'ctx',
        (context, localId, change) => {
          expect(context).toBe('ctx');
          expect(typeof localId.value).toBe('bigint');
          events.push(change);
          if (change === XalUserChangeType.SigningOut) {
            const d = out<XalSignoutDeferralHandle | null>(null);
            expect(XalUserGetSignoutDeferral(d)).toBe(S_OK);
            deferral = d.value;
            signingOut.resolve();
          }
          if (change === XalUserChangeType.SignedOut) signedOut.resolve();
        },
        token,
      ),
    ).toBe(S_OK);
    const block: XAsyncBlock = {};
    expect(XalSignOutUserAsync(u, block)).toBe(S_OK);
    await signingOut.promise;
    const state = out<XalUserState>(XalUserState.SignedIn);
    expect(XalUserGetState(u, state)).toBe(S_OK);
    expect(state.value).toBe(XalUserState.SigningOut);
    expect(hooks.web.at(-1)?.type).toBe(XalShowUrlType.CookieRemovalSkipIfSharedCredentials);
    expect(hooks.web.at(-1)?.userIdentifier).toBe(3);
    expect(hooks.storage.has(CACHE_KEY)).toBe(false);
    XalUserCloseSignoutDeferral(deferral as unknown as XalSignoutDeferralHandle);
    await signedOut.promise;
    expect(await XAsyncGetStatusAsync(block)).toBe(S_OK);
    expect(XalSignOutUserResult(block)).toBe(S_OK);
    expect(events).toEqual([XalUserChangeType.SigningOut, XalUserChangeType.SignedOut]);
    expect(XalUserGetState(u, state)).toBe(S_OK);
    expect(state.value).toBe(XalUserState.SignedOut);
    expect((await addSilently()).hr).toBe(E_XAL_UIREQUIRED);
    XalUserUnregisterChangeEventHandler(token.value);
    XalUserCloseHandle(u);
    expect(await cleanup()).toBe(S_OK);
  });

  it('cleanup with a user still present is refused with E_XAL_USERSETNOTEMPTY and XAL stays usable', async () => {
    await start();
    const { user } = await addWithUi();
    expect(XalCleanupAsync({})).toBe(E_XAL_USERSETNOTEMPTY);
    expect(XalGetDeviceUserIsPresent()).toBe(true);
    XalUserCloseHandle(user as XalUserHandle);
    expect(await cleanup()).toBe(S_OK);
    expect(XalGetDeviceUserIsPresent()).toBe(false);
  });
});

describe('the default hooks', () => {
  it('file storage and the emulator web view: the cached user survives a restart; writes are atomic (no temp file left)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'xal-'));
    try {
      const alice = account('Alice');
      const bob = account('Bob');
      useXalEmulator(await makeEmulator([alice, bob]));
      expect(XalPlatformWebSetEventHandler(null, null, createEmulatorWebViewHandler({ account: bob.xuid }))).toBe(S_OK);
      expect(XalPlatformStorageSetEventHandlers(null, createFileStorageHandlers(dir))).toBe(S_OK);
      expect(XalInitialize(win32, null)).toBe(S_OK);
      expect((await addSilently()).hr).toBe(E_XAL_UIREQUIRED);
      const added = await addWithUi();
      expect(xuidOf(added.user)).toBe(BigInt(bob.xuid));
      XalUserCloseHandle(added.user as XalUserHandle);
      expect(await cleanup()).toBe(S_OK);
      expect(await readdir(dir)).toEqual(['xal-storage.json']);
      expect(Object.keys(JSON.parse(await readFile(join(dir, 'xal-storage.json'), 'utf8')) as object)).toEqual([
        CACHE_KEY,
      ]);
      // a new process: fresh handlers over the same directory
      resetXal();
      expect(XalPlatformWebSetEventHandler(null, null, createEmulatorWebViewHandler())).toBe(S_OK);
      expect(XalPlatformStorageSetEventHandlers(null, createFileStorageHandlers(dir))).toBe(S_OK);
      expect(XalInitialize(win32, null)).toBe(S_OK);
      const restored = await addSilently();
      expect(restored.hr).toBe(S_OK);
      expect(xuidOf(restored.user)).toBe(BigInt(bob.xuid));
      XalUserCloseHandle(restored.user as XalUserHandle);
      expect(await cleanup()).toBe(S_OK);
      expect(XAL_NO_USER_IDENTIFIER).toBe(0xffffffff);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
