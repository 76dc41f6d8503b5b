// Short forms of the XAL calls the flow tests make: start, wait for completion, read the result.
import { expect } from 'vitest';
import { S_OK, type HRESULT } from '@gdkts/hresult';
import { XAsyncGetStatusAsync, out, type XAsyncBlock } from '@gdkts/xasync';
import {
  XalAddUserWithUiAsync,
  XalAddUserWithUiResult,
  XalCleanupAsync,
  XalTryAddDefaultUserSilentlyAsync,
  XalTryAddDefaultUserSilentlyResult,
  XalUserGetTokenAndSignatureSilentlyAsync,
  XalUserGetTokenAndSignatureSilentlyResult,
  XalUserGetTokenAndSignatureSilentlyResultSize,
  type XalUserGetTokenAndSignatureArgs,
  type XalUserGetTokenAndSignatureData,
  type XalUserHandle,
} from '@gdkts/xal';

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
  return { hr: XalUserGetTokenAndSignatureSilentlyResult(block, size.value, buffer, data, null), data: data.value, size: size.value };
}

export async function cleanup(): Promise<HRESULT> {
  const block = await call((b) => XalCleanupAsync(b));
  return XAsyncGetStatusAsync(block);
}
