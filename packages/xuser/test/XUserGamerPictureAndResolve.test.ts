import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import {
  E_ABORT,
  E_GAMEUSER_FAILED_TO_RESOLVE,
  E_ILLEGAL_METHOD_CALL,
  E_INVALIDARG,
  E_NOT_SUFFICIENT_BUFFER,
  S_OK,
} from '@gdkts/hresult';
import { XAsyncCancel, XAsyncGetStatus, out } from '@gdkts/xasync';
import type { XAsyncBlock } from '@gdkts/xasync';
import {
  XUserCheckPrivilege,
  XUserCloseHandle,
  XUserGamerPictureSize,
  XUserGetGamerPictureAsync,
  XUserGetGamerPictureResult,
  XUserGetGamerPictureResultSize,
  XUserGetId,
  XUserPrivilege,
  XUserResolveIssueWithUiAsync,
  XUserResolveIssueWithUiResult,
  XUserResolveIssueWithUiUtf16Async,
  XUserResolveIssueWithUiUtf16Result,
  XUserResolvePrivilegeWithUiAsync,
  XUserResolvePrivilegeWithUiResult,
} from '@gdkts/xuser';
import type { XUserHandle } from '@gdkts/xuser';
import type { UiResponse } from '@gdkts/xuser/testing';
import { TEST_SIGNED_URL, bootTestConsole } from '@gdkts/xuser/testing';
import { call, useLeakCheck, addDefault } from './helpers/console.js';

useLeakCheck();

async function picture(user: XUserHandle, size: number): Promise<Uint8Array> {
  const block = await call((b) => XUserGetGamerPictureAsync(user, size as never, b));
  const n = out(0);
  expect(XUserGetGamerPictureResultSize(block, n)).toBe(S_OK);
  const buffer = new Uint8Array(n.value);
  const used = out(0);
  expect(XUserGetGamerPictureResult(block, n.value, buffer, used)).toBe(S_OK);
  expect(used.value).toBe(n.value);
  return buffer;
}

describe('XUserGetGamerPictureAsync', () => {
  it('real PNG bytes of each size, which a PNG decoder opens', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const sizes: [number, number][] = [
      [XUserGamerPictureSize.Small, 64],
      [XUserGamerPictureSize.Medium, 208],
      [XUserGamerPictureSize.Large, 424],
      [XUserGamerPictureSize.ExtraLarge, 1080],
    ];
    for (const [size, edge] of sizes) {
      const png = PNG.sync.read(Buffer.from(await picture(user, size)));
      expect([png.width, png.height]).toEqual([edge, edge]);
      const centre = (Math.floor(edge / 2) * edge + Math.floor(edge / 2)) * 4;
      const corner = 0;
      expect(png.data[centre + 3]).toBe(255);
      expect([...png.data.subarray(centre, centre + 3)]).not.toEqual([...png.data.subarray(corner, corner + 3)]);
    }
    XUserCloseHandle(user);
  });

  it('a changed picture has other bytes; a small buffer is E_NOT_SUFFICIENT_BUFFER and consumes; bad size E_INVALIDARG', async () => {
    const console = await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const before = await picture(user, XUserGamerPictureSize.Small);
    console.changeGamerPicture('Alice');
    const after = await picture(user, XUserGamerPictureSize.Small);
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(false);
    const block = await call((b) => XUserGetGamerPictureAsync(user, XUserGamerPictureSize.Small, b));
    const n = out(0);
    XUserGetGamerPictureResultSize(block, n);
    expect(XUserGetGamerPictureResult(block, n.value - 1, new Uint8Array(n.value), null)).toBe(E_NOT_SUFFICIENT_BUFFER);
    expect(XUserGetGamerPictureResult(block, n.value, new Uint8Array(n.value), null)).toBe(E_ILLEGAL_METHOD_CALL);
    expect(XUserGetGamerPictureAsync(user, 4 as never, {})).toBe(E_INVALIDARG);
    expect(XUserGetGamerPictureAsync(user, 1.5 as never, {})).toBe(E_INVALIDARG);
    XUserCloseHandle(user);
  });

  it('cancelled right after the call: E_ABORT (S5 cancels gamer picture requests)', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const done = new Promise<XAsyncBlock>((resolve) => {
      const block: XAsyncBlock = { callback: resolve };
      expect(XUserGetGamerPictureAsync(user, XUserGamerPictureSize.Medium, block)).toBe(S_OK);
      XAsyncCancel(block);
    });
    expect(XAsyncGetStatus(await done, false)).toBe(E_ABORT);
    XUserCloseHandle(user);
  });
});

describe('XUserResolveIssueWithUiAsync / XUserResolvePrivilegeWithUiAsync', () => {
  async function resolveIssue(ui: UiResponse[], utf16 = false): Promise<{ hr: number; idHr: number }> {
    const console = await bootTestConsole({ accounts: [{ gamertag: 'Alice' }], ui });
    const user = await addDefault();
    console.account('Alice')!.addIssue('TermsNotAccepted');
    const block = await call((b) =>
      utf16
        ? XUserResolveIssueWithUiUtf16Async(user, TEST_SIGNED_URL, b)
        : XUserResolveIssueWithUiAsync(user, TEST_SIGNED_URL, b),
    );
    const hr = utf16 ? XUserResolveIssueWithUiUtf16Result(block) : XUserResolveIssueWithUiResult(block);
    const idHr = XUserGetId(user, out(0n));
    XUserCloseHandle(user);
    return { hr, idHr };
  }

  it('completed: S_OK and the account works again', async () => {
    expect(await resolveIssue([{ outcome: 'completed' }])).toEqual({ hr: S_OK, idHr: S_OK });
  });

  it('dismissed: E_ABORT; failed: E_GAMEUSER_FAILED_TO_RESOLVE; the Utf16 twin answers the same', async () => {
    expect((await resolveIssue([{ outcome: 'dismissed' }])).hr).toBe(E_ABORT);
    expect((await resolveIssue([{ outcome: 'failed' }])).hr).toBe(E_GAMEUSER_FAILED_TO_RESOLVE);
    expect(await resolveIssue([{ outcome: 'completed' }], true)).toEqual({ hr: S_OK, idHr: S_OK });
  });

  it('a non-string URL is E_INVALIDARG at the call; a user without issues needs no UI', async () => {
    const prompts: string[] = [];
    await bootTestConsole({
      accounts: [{ gamertag: 'Alice' }],
      ui: (p) => (prompts.push(p.kind), { outcome: 'dismissed' }),
    });
    const user = await addDefault();
    expect(XUserResolveIssueWithUiAsync(user, 5 as never, {})).toBe(E_INVALIDARG);
    expect(XUserResolveIssueWithUiAsync(null, null, {})).toBe(E_INVALIDARG);
    const block = await call((b) => XUserResolveIssueWithUiAsync(user, null, b));
    expect(XUserResolveIssueWithUiResult(block)).toBe(S_OK);
    expect(prompts).toEqual([]);
    XUserCloseHandle(user);
  });

  it('privilege: completed grants it; dismissed E_ABORT; failed E_GAMEUSER_FAILED_TO_RESOLVE', async () => {
    await bootTestConsole({
      accounts: [{ gamertag: 'Alice', privileges: [] }],
      ui: [{ outcome: 'dismissed' }, { outcome: 'failed' }, { outcome: 'completed' }],
    });
    const user = await addDefault();
    const resolve = async () =>
      XUserResolvePrivilegeWithUiResult(
        await call((b) => XUserResolvePrivilegeWithUiAsync(user, 0, XUserPrivilege.Multiplayer, b)),
      );
    expect(await resolve()).toBe(E_ABORT);
    expect(await resolve()).toBe(E_GAMEUSER_FAILED_TO_RESOLVE);
    expect(await resolve()).toBe(S_OK);
    const has = out(false);
    XUserCheckPrivilege(user, 0, XUserPrivilege.Multiplayer, has, null);
    expect(has.value).toBe(true);
    expect(XUserResolvePrivilegeWithUiAsync(user, 9, XUserPrivilege.Multiplayer, {})).toBe(E_INVALIDARG);
    XUserCloseHandle(user);
  });
});
