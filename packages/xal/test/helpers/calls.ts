// Short forms of the XAL calls the flow tests make: start, wait for completion, read the result.
import { expect } from 'vitest';
import { S_OK, type HRESULT } from '@gdkts/hresult';
import { XAsyncGetStatusAsync, out, type XAsyncBlock } from '@gdkts/xasync';
import {
  XalAddUserWithUiAsync,
  XalAddUserWithUiResult,
  XalCleanupAsync,
  XalInitialize,
  XalTryAddDefaultUserSilentlyAsync,
  XalTryAddDefaultUserSilentlyResult,
  XalUserGetTokenAndSignatureSilentlyAsync,
  XalUserGetTokenAndSignatureSilentlyResult,
  XalUserGetTokenAndSignatureSilentlyResultSize,
  XalUserCloseHandle,
  useXalEmulator,
  type XalUserGetTokenAndSignatureArgs,
  type XalUserGetTokenAndSignatureData,
  type XalUserHandle,
} from '@gdkts/xal';
import type { Account } from '@gdkts/xboxlive';
import { installHooks, newHooks, type TitleHooks } from './title.js';
import { TEST_CLIENT_ID, TEST_TITLE_ID } from '@gdkts/xal/testing';
import { account, makeEmulator } from './world.js';

/** Starts a call (expecting S_OK) and waits for it. */
export async function call(start: (block: XAsyncBlock) => HRESULT): Promise<XAsyncBlock> {
  const block: XAsyncBlock = {};
  expect(start(block)).toBe(S_OK);
  await XAsyncGetStatusAsync(block);
  return block;
}

export interface AddOutcome {
  readonly hr: HRESULT;
  readonly user: XalUserHandle | null;
}

export async function addSilently(userIdentifier = 0): Promise<AddOutcome> {
  const block = await call((b) => XalTryAddDefaultUserSilentlyAsync(userIdentifier, b));
  const user = out<XalUserHandle | null>(null);
  return { hr: XalTryAddDefaultUserSilentlyResult(block, user), user: user.value };
}

export async function addWithUi(userIdentifier = 0): Promise<AddOutcome> {
  const block = await call((b) => XalAddUserWithUiAsync(userIdentifier, b));
  const user = out<XalUserHandle | null>(null);
  return { hr: XalAddUserWithUiResult(block, user), user: user.value };
}

export interface TokenOutcome {
  readonly hr: HRESULT;
  readonly data: XalUserGetTokenAndSignatureData | null;
  readonly size: number;
}

export async function getToken(user: XalUserHandle, args: XalUserGetTokenAndSignatureArgs): Promise<TokenOutcome> {
  const block = await call((b) => XalUserGetTokenAndSignatureSilentlyAsync(user, args, b));
  const size = out(0);
  const hr = XalUserGetTokenAndSignatureSilentlyResultSize(block, size);
  if (hr !== S_OK) return { hr, data: null, size: size.value };
  const buffer = new Uint8Array(size.value);
  const data = out<XalUserGetTokenAndSignatureData | null>(null);
  return {
    hr: XalUserGetTokenAndSignatureSilentlyResult(block, size.value, buffer, data, null),
    data: data.value,
    size: size.value,
  };
}

export async function cleanup(): Promise<HRESULT> {
  const block = await call((b) => XalCleanupAsync(b));
  return XAsyncGetStatusAsync(block);
}

/** A title on `platform` with the test hooks, and `alice` added with UI. */
export async function signedIn(
  alice: Account = account('Alice'),
  platform: 'Win32' | 'Android' | 'iOS' | 'macOS' = 'iOS',
): Promise<{ hooks: TitleHooks; user: XalUserHandle }> {
  useXalEmulator(await makeEmulator([alice]));
  const hooks = newHooks();
  installHooks(hooks);
  expect(XalInitialize({ platform, clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID }, null)).toBe(S_OK);
  const { hr, user } = await addWithUi();
  expect(hr).toBe(S_OK);
  return { hooks, user: user as XalUserHandle };
}

/** Closes the user and cleans XAL up. */
export async function done(user: XalUserHandle): Promise<void> {
  XalUserCloseHandle(user);
  expect(await cleanup()).toBe(S_OK);
}
