// xal_internal_web_account.h: the web account id and MSA tokens for a scope, silently and with UI
// (xuser-xal.md §2.5 "Internal-only header"), in both flavours.
import { describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_FAIL,
  E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED,
  E_GAMEUSER_SIGNED_OUT,
  E_ILLEGAL_METHOD_CALL,
  E_INVALIDARG,
  E_NOT_SUFFICIENT_BUFFER,
  E_NOT_SUPPORTED,
  E_POINTER,
  E_XAL_DEVICEUSER,
  E_XAL_NOTINITIALIZED,
  E_XAL_UIREQUIRED,
  E_XAL_UNEXPECTEDUSERSIGNEDIN,
  E_XAL_USERSIGNEDOUT,
  S_OK,
  type HRESULT,
} from '@gdkts/hresult';
import { XAsyncCancel, XAsyncGetStatusAsync, out, type XAsyncBlock } from '@gdkts/xasync';
import {
  WEB_ACCOUNT_SIGN_IN_SCOPE,
  XalGetDeviceUser,
  XalInitialize,
  XalShowUrlType,
  XalSignOutUserAsync,
  XalUserCloseHandle,
  XalUserGetWebAccountId,
  XalUserGetWebAccountIdSize,
  XalUserGetWebAccountTokenSilentlyAsync,
  XalUserGetWebAccountTokenSilentlyResult,
  XalUserGetWebAccountTokenSilentlyResultSize,
  XalUserGetWebAccountTokenWithUiAsync,
  XalUserGetWebAccountTokenWithUiResult,
  XalUserGetWebAccountTokenWithUiResultSize,
  currentXalEmulator,
  useXalEmulator,
  type XalEmulator,
  type XalUserGetWebAccountTokenArgs,
  type XalUserHandle,
  type XalWebAccountParameter,
} from '@gdkts/xal';
import { TEST_CLIENT_ID, TEST_TITLE_ID, currentXalSession } from '@gdkts/xal/testing';
import { installHooks, newHooks, useXalSandbox } from './helpers/title.js';
import { addSilently, addWithUi, call, cleanup, done, signedIn } from './helpers/calls.js';
import { account, makeEmulator } from './helpers/world.js';

useXalSandbox();

const SCOPE = 'service::onedrive.live.com::MBI_SSL';
const decode = (bytes: Uint8Array, size: number): string => new TextDecoder().decode(bytes.subarray(0, size - 1));

interface TokenOutcome {
  readonly hr: HRESULT;
  readonly token: string | null;
}

async function silentToken(user: XalUserHandle, args: XalUserGetWebAccountTokenArgs): Promise<TokenOutcome> {
  const block = await call((b) => XalUserGetWebAccountTokenSilentlyAsync(user, args, b));
  const size = out(0);
  const hr = XalUserGetWebAccountTokenSilentlyResultSize(block, size);
  if (hr !== S_OK) return { hr, token: null };
  const buffer = new Uint8Array(size.value);
  expect(XalUserGetWebAccountTokenSilentlyResult(block, size.value, buffer)).toBe(S_OK);
  expect(buffer[size.value - 1]).toBe(0);
  return { hr, token: decode(buffer, size.value) };
}

async function uiToken(user: XalUserHandle, args: XalUserGetWebAccountTokenArgs): Promise<TokenOutcome> {
  const block = await call((b) => XalUserGetWebAccountTokenWithUiAsync(user, args, b));
  const size = out(0);
  const hr = XalUserGetWebAccountTokenWithUiResultSize(block, size);
  if (hr !== S_OK) return { hr, token: null };
  const buffer = new Uint8Array(size.value);
  expect(XalUserGetWebAccountTokenWithUiResult(block, size.value, buffer)).toBe(S_OK);
  return { hr, token: decode(buffer, size.value) };
}

const emulator = (): XalEmulator => currentXalEmulator() as XalEmulator;

describe('XalUserGetWebAccountId', () => {
  it('writes the account id with the size rules of a string getter', async () => {
    const alice = account('Alice');
    expect(XalUserGetWebAccountId(null as never, 0, new Uint8Array(0), null)).toBe(E_XAL_NOTINITIALIZED);
    const { user } = await signedIn(alice, 'Android');
    const size = XalUserGetWebAccountIdSize(user);
    const expected = emulator().webAccountId(alice.xuid);
    expect(size).toBe(expected.length + 1);
    const buffer = new Uint8Array(size);
    const used = out(0);
    expect(XalUserGetWebAccountId(user, size, buffer, used)).toBe(S_OK);
    expect(decode(buffer, used.value)).toBe(expected);
    expect(used.value).toBe(size);
    expect(XalUserGetWebAccountId(user, size - 1, new Uint8Array(size - 1), null)).toBe(E_NOT_SUFFICIENT_BUFFER);
    expect(XalUserGetWebAccountId(user, size, buffer, Object.freeze({ value: 0 }))).toBe(E_POINTER);
    expect(XalUserGetWebAccountId(user, size, null as never, null)).toBe(E_INVALIDARG);
    const device = out<XalUserHandle | null>(null);
    expect(XalGetDeviceUser(device)).toBe(S_OK);
    expect(XalUserGetWebAccountIdSize(device.value as XalUserHandle)).toBe(0);
    expect(XalUserGetWebAccountId(device.value as XalUserHandle, size, buffer, null)).toBe(E_XAL_DEVICEUSER);
    XalUserCloseHandle(device.value as XalUserHandle);
    await done(user);
    expect(XalUserGetWebAccountIdSize(user)).toBe(0);
  });
});

describe('XalUserGetWebAccountTokenSilentlyAsync / WithUiAsync', () => {
  it('gives the sign-in scope silently, caches it per scope and parameters, and refreshes on ForceRefresh', async () => {
    const alice = account('Alice');
    const { hooks, user } = await signedIn(alice, 'Android');
    const pages = hooks.web.length;
    const first = await silentToken(user, { Scope: WEB_ACCOUNT_SIGN_IN_SCOPE });
    expect(first.hr).toBe(S_OK);
    expect(emulator().readWebAccountToken(first.token as string)).toMatchObject({
      xuid: alice.xuid,
      webAccountId: emulator().webAccountId(alice.xuid),
      scope: WEB_ACCOUNT_SIGN_IN_SCOPE,
      parameters: [],
    });
    expect((await silentToken(user, { Scope: WEB_ACCOUNT_SIGN_IN_SCOPE })).token).toBe(first.token);
    const withParameter = await silentToken(user, {
      Scope: WEB_ACCOUNT_SIGN_IN_SCOPE,
      parameterCount: 1,
      requestParameters: [{ name: 'prompt', value: 'none' }],
    });
    expect(withParameter.token).not.toBe(first.token);
    expect(emulator().readWebAccountToken(withParameter.token as string)?.parameters).toEqual([['prompt', 'none']]);
    const refreshed = await silentToken(user, { Scope: WEB_ACCOUNT_SIGN_IN_SCOPE, ForceRefresh: true });
    expect(refreshed.token).not.toBe(first.token);
    expect((await silentToken(user, { Scope: WEB_ACCOUNT_SIGN_IN_SCOPE })).token).toBe(refreshed.token);
    expect(hooks.web.length).toBe(pages); // never any UI
    expect(emulator().readWebAccountToken(`${first.token as string}x`)).toBeUndefined();
    await done(user);
  });

  it('copies the args before it returns', async () => {
    const { user } = await signedIn(undefined, 'Android');
    const parameters: XalWebAccountParameter[] = [{ name: 'a', value: '1' }];
    const args: XalUserGetWebAccountTokenArgs = {
      Scope: WEB_ACCOUNT_SIGN_IN_SCOPE,
      parameterCount: 1,
      requestParameters: parameters,
    };
    const block: XAsyncBlock = {};
    expect(XalUserGetWebAccountTokenSilentlyAsync(user, args, block)).toBe(S_OK);
    args.Scope = SCOPE;
    (parameters[0] as XalWebAccountParameter).value = '2';
    expect(await XAsyncGetStatusAsync(block)).toBe(S_OK);
    const size = out(0);
    XalUserGetWebAccountTokenSilentlyResultSize(block, size);
    const buffer = new Uint8Array(size.value);
    expect(XalUserGetWebAccountTokenSilentlyResult(block, size.value, buffer)).toBe(S_OK);
    expect(emulator().readWebAccountToken(decode(buffer, size.value))).toMatchObject({
      scope: WEB_ACCOUNT_SIGN_IN_SCOPE,
      parameters: [['a', '1']],
    });
    expect(XalUserGetWebAccountTokenSilentlyResult(block, size.value, buffer)).toBe(E_ILLEGAL_METHOD_CALL);
    await done(user);
  });

  it('refuses bad args and handles before starting anything', async () => {
    const { user } = await signedIn(undefined, 'Android');
    const bad: unknown[] = [
      null,
      {},
      { Scope: '' },
      { Scope: 42 },
      { Scope: SCOPE, ForceRefresh: 1 },
      { Scope: SCOPE, parameterCount: 2, requestParameters: [{ name: 'a', value: 'b' }] },
      { Scope: SCOPE, parameterCount: 1, requestParameters: [{ name: '', value: 'b' }] },
      { Scope: SCOPE, parameterCount: -1 },
    ];
    for (const args of bad) {
      expect(XalUserGetWebAccountTokenSilentlyAsync(user, args as never, {}), JSON.stringify(args)).toBe(E_INVALIDARG);
      expect(XalUserGetWebAccountTokenWithUiAsync(user, args as never, {}), JSON.stringify(args)).toBe(E_INVALIDARG);
    }
    for (const handle of [null, {}, 'user'])
      expect(XalUserGetWebAccountTokenSilentlyAsync(handle as never, { Scope: SCOPE }, {})).toBe(E_INVALIDARG);
    const device = out<XalUserHandle | null>(null);
    expect(XalGetDeviceUser(device)).toBe(S_OK);
    expect(XalUserGetWebAccountTokenSilentlyAsync(device.value as XalUserHandle, { Scope: SCOPE }, {})).toBe(
      E_XAL_DEVICEUSER,
    );
    XalUserCloseHandle(device.value as XalUserHandle);
    await done(user);
    expect(XalUserGetWebAccountTokenSilentlyAsync(user, { Scope: SCOPE }, {})).toBe(E_XAL_NOTINITIALIZED);
  });

  it('a new scope: silent E_XAL_UIREQUIRED, WithUi shows the consent page, then silent succeeds', async () => {
    const alice = account('Alice');
    const { hooks, user } = await signedIn(alice, 'Android');
    expect(await silentToken(user, { Scope: SCOPE })).toEqual({ hr: E_XAL_UIREQUIRED, token: null });
    hooks.script.push('cancel');
    expect((await uiToken(user, { Scope: SCOPE })).hr).toBe(E_ABORT);
    hooks.script.push('fail');
    expect((await uiToken(user, { Scope: SCOPE })).hr).toBe(E_FAIL);
    const consented = await uiToken(user, { Scope: SCOPE });
    expect(consented.hr).toBe(S_OK);
    const page = hooks.web.at(-1);
    expect(page?.type).toBe(XalShowUrlType.Normal);
    expect(new URL(page?.startUrl ?? '').searchParams.get('scope')).toBe(SCOPE);
    expect(emulator().readWebAccountToken(consented.token as string)).toMatchObject({ xuid: alice.xuid, scope: SCOPE });
    const pages = hooks.web.length;
    expect((await silentToken(user, { Scope: SCOPE })).token).toBe(consented.token);
    expect((await uiToken(user, { Scope: SCOPE })).token).toBe(consented.token); // no UI needed now
    expect(hooks.web.length).toBe(pages);
    await done(user);
  });

  it('WithUi answers E_XAL_UNEXPECTEDUSERSIGNEDIN when another account consents', async () => {
    const alice = account('Alice');
    const bob = account('Bob');
    useXalEmulator(await makeEmulator([alice, bob]));
    const hooks = newHooks();
    installHooks(hooks);
    expect(XalInitialize({ platform: 'Win32', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID }, null)).toBe(S_OK);
    const { user } = await addWithUi();
    hooks.script.push({ xuid: bob.xuid });
    expect((await uiToken(user as XalUserHandle, { Scope: SCOPE })).hr).toBe(E_XAL_UNEXPECTEDUSERSIGNEDIN);
    expect(emulator().hasWebAccountScope(alice.xuid, SCOPE)).toBe(false);
    await done(user as XalUserHandle);
  });

  it('an account issue: silent E_XAL_UIREQUIRED, WithUi fixes the account first; signed out: E_XAL_USERSIGNEDOUT', async () => {
    const alice = account('Alice');
    const { hooks, user } = await signedIn(alice, 'Android');
    alice.addIssue('TermsNotAccepted');
    expect((await silentToken(user, { Scope: WEB_ACCOUNT_SIGN_IN_SCOPE })).hr).toBe(E_XAL_UIREQUIRED);
    hooks.fixScript.push('cancel');
    expect((await uiToken(user, { Scope: WEB_ACCOUNT_SIGN_IN_SCOPE })).hr).toBe(E_ABORT);
    expect((await uiToken(user, { Scope: WEB_ACCOUNT_SIGN_IN_SCOPE })).hr).toBe(S_OK);
    expect(hooks.web.at(-1)?.type).toBe(XalShowUrlType.NonAuthFlow);
    expect((await silentToken(user, { Scope: WEB_ACCOUNT_SIGN_IN_SCOPE })).hr).toBe(S_OK);
    await call((b) => XalSignOutUserAsync(user, b));
    expect((await silentToken(user, { Scope: WEB_ACCOUNT_SIGN_IN_SCOPE })).hr).toBe(E_XAL_USERSIGNEDOUT);
    expect((await uiToken(user, { Scope: WEB_ACCOUNT_SIGN_IN_SCOPE })).hr).toBe(E_XAL_USERSIGNEDOUT);
    await done(user);
  });

  it('goes through the Work port: XAsyncCancel right after the call yields E_ABORT', async () => {
    const { user } = await signedIn(undefined, 'Android');
    const block: XAsyncBlock = {};
    expect(XalUserGetWebAccountTokenSilentlyAsync(user, { Scope: WEB_ACCOUNT_SIGN_IN_SCOPE }, block)).toBe(S_OK);
    XAsyncCancel(block);
    expect(await XAsyncGetStatusAsync(block)).toBe(E_ABORT);
    await done(user);
  });

  it('GDK flavour: silent only, with the GDK aliases; no web account id', async () => {
    const alice = account('Alice');
    useXalEmulator(await makeEmulator([alice], { defaultUser: alice.xuid }));
    expect(XalInitialize({}, null)).toBe(S_OK);
    const { user } = await addSilently();
    const u = user as XalUserHandle;
    expect((await silentToken(u, { Scope: WEB_ACCOUNT_SIGN_IN_SCOPE })).hr).toBe(S_OK);
    expect((await silentToken(u, { Scope: SCOPE })).hr).toBe(E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED);
    expect(XalUserGetWebAccountTokenWithUiAsync(u, { Scope: SCOPE }, {})).toBe(E_NOT_SUPPORTED);
    expect(XalUserGetWebAccountIdSize(u)).toBe(0);
    expect(XalUserGetWebAccountId(u, 32, new Uint8Array(32), null)).toBe(E_NOT_SUPPORTED);
    await currentXalSession()?.signOut(alice.xuid);
    expect((await silentToken(u, { Scope: WEB_ACCOUNT_SIGN_IN_SCOPE })).hr).toBe(E_GAMEUSER_SIGNED_OUT);
    XalUserCloseHandle(u);
    expect(await cleanup()).toBe(S_OK);
  });
});
