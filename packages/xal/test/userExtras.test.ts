// The rest of the user object: gamer pictures (two-step, no bufferUsed), the privilege flow, and
// profile change events (xuser-xal.md §2.5, §2.7).
import { describe, expect, it } from 'vitest';
import { E_ABORT, E_ILLEGAL_METHOD_CALL, E_INVALIDARG, E_NOT_SUFFICIENT_BUFFER, S_OK } from '@gdkts/hresult';
import { deferred } from '@gdkts/xasync/testing';
import { out } from '@gdkts/xasync';
import {
  XalGamerPictureSize,
  XalInitialize,
  XalPrivilege,
  XalUserChangeType,
  XalUserCheckPrivilege,
  XalUserCloseHandle,
  XalUserGetGamerPictureAsync,
  XalUserGetGamerPictureResult,
  XalUserGetGamerPictureResultSize,
  XalUserRegisterChangeEventHandler,
  XalUserResolveUserPrivilegeWithUiAsync,
  XalUserResolveUserPrivilegeWithUiResult,
  XalUserUnregisterChangeEventHandler,
  useXalEmulator,
  type XalRegistrationToken,
  type XalUserHandle,
} from '@gdkts/xal';
import { installHooks, newHooks, useXalSandbox, type TitleHooks } from './helpers/title.js';
import { addWithUi, call, cleanup } from './helpers/calls.js';
import { TEST_CLIENT_ID, TEST_TITLE_ID } from '@gdkts/xal/testing';
import { account, makeEmulator } from './helpers/world.js';
import type { Account } from '@gdkts/xboxlive';

useXalSandbox();

async function signedIn(alice: Account): Promise<{ hooks: TitleHooks; user: XalUserHandle }> {
  useXalEmulator(await makeEmulator([alice]));
  const hooks = newHooks();
  installHooks(hooks);
  expect(XalInitialize({ platform: 'Win32', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID }, null)).toBe(S_OK);
  const { user } = await addWithUi();
  return { hooks, user: user as XalUserHandle };
}

describe('gamer pictures', () => {
  it('hands out the PNG of each size once: ResultSize, then Result without bufferUsed', async () => {
    const { user } = await signedIn(account('Alice'));
    for (const [size, pixels] of [
      [XalGamerPictureSize.Small, 64],
      [XalGamerPictureSize.Medium, 208],
    ] as const) {
      const block = await call((b) => XalUserGetGamerPictureAsync(user, size, b));
      const bytes = out(0);
      expect(XalUserGetGamerPictureResultSize(block, bytes)).toBe(S_OK);
      const png = new Uint8Array(bytes.value);
      expect(XalUserGetGamerPictureResult(block, bytes.value, png)).toBe(S_OK);
      expect(Array.from(png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]);
      expect(new DataView(png.buffer).getUint32(16)).toBe(pixels); // IHDR width
      expect(XalUserGetGamerPictureResult(block, bytes.value, png)).toBe(E_ILLEGAL_METHOD_CALL);
    }
    const small = await call((b) => XalUserGetGamerPictureAsync(user, XalGamerPictureSize.Small, b));
    expect(XalUserGetGamerPictureResult(small, 10, new Uint8Array(10))).toBe(E_NOT_SUFFICIENT_BUFFER);
    expect(XalUserGetGamerPictureAsync(user, 7 as never, {})).toBe(E_INVALIDARG);
    XalUserCloseHandle(user);
    expect(await cleanup()).toBe(S_OK);
  });
});

describe('privileges and profile changes', () => {
  it('the privilege page grants a missing privilege (canceled: E_ABORT); gamertag and privilege changes reach the change handler', async () => {
    const alice = account('Alice', { ageGroup: 'Adult', privileges: [] });
    const { hooks, user } = await signedIn(alice);
    const changes: number[] = [];
    const gotTwo = deferred<void>();
    const token = out<XalRegistrationToken>({ token: 0n });
    expect(
      XalUserRegisterChangeEventHandler(
        null,
        null,
        (_c, _id, change) => {
          changes.push(change);
          if (changes.length === 2) gotTwo.resolve();
        },
        token,
      ),
    ).toBe(S_OK);
    hooks.fixScript.push('cancel');
    expect(
      XalUserResolveUserPrivilegeWithUiResult(
        await call((b) => XalUserResolveUserPrivilegeWithUiAsync(user, XalPrivilege.Multiplayer, b)),
      ),
    ).toBe(E_ABORT);
    expect(
      XalUserResolveUserPrivilegeWithUiResult(
        await call((b) => XalUserResolveUserPrivilegeWithUiAsync(user, XalPrivilege.Multiplayer, b)),
      ),
    ).toBe(S_OK);
    const has = out(false);
    expect(XalUserCheckPrivilege(user, XalPrivilege.Multiplayer, has, null)).toBe(S_OK);
    expect(has.value).toBe(true);
    alice.update({ gamertag: 'Alice2' });
    await gotTwo.promise;
    expect(changes).toEqual([XalUserChangeType.Privileges, XalUserChangeType.Gamertag]);
    XalUserUnregisterChangeEventHandler(token.value);
    XalUserCloseHandle(user);
    expect(await cleanup()).toBe(S_OK);
  });
});
