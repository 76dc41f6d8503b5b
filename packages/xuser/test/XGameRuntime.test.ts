import { describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_GAMERUNTIME_INVALID_HANDLE,
  E_GAMERUNTIME_NOT_INITIALIZED,
  E_GAMEUSER_NO_TITLE_ID,
  S_OK,
} from '@gdkts/hresult';
import { XAsyncGetStatus, out } from '@gdkts/xasync';
import type { XAsyncBlock } from '@gdkts/xasync';
import {
  XGameRuntimeInitialize,
  XGameRuntimeUninitialize,
  XUserAddAsync,
  XUserAddOptions,
  XUserAddResult,
  XUserFindUserById,
  XUserGetId,
  XUserGetMaxUsers,
  XUserGetSignOutDeferral,
  XUserGetTokenAndSignatureAsync,
  XUserRegisterForChangeEvent,
  XUserUnregisterForChangeEvent,
} from '@gdkts/xuser';
import type { XUserHandle } from '@gdkts/xuser';
import {
  TEST_SIGNED_URL,
  bootTestConsole,
  createTestConsole,
  uninstallEmulatedConsole,
  xuserLiveCounts,
} from '@gdkts/xuser/testing';
import { call, useLeakCheck } from './helpers/console.js';

useLeakCheck();

describe('XGameRuntimeInitialize / XGameRuntimeUninitialize', () => {
  it('before initialization every XUser call answers E_GAMERUNTIME_NOT_INITIALIZED and starts nothing', async () => {
    await createTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const block: XAsyncBlock = {};
    expect(XUserAddAsync(XUserAddOptions.AddDefaultUserSilently, block)).toBe(E_GAMERUNTIME_NOT_INITIALIZED);
    expect(XUserGetMaxUsers(out(0))).toBe(E_GAMERUNTIME_NOT_INITIALIZED);
    expect(XUserFindUserById(1n, out(null))).toBe(E_GAMERUNTIME_NOT_INITIALIZED);
    expect(XUserGetSignOutDeferral(out(null))).toBe(E_GAMERUNTIME_NOT_INITIALIZED);
    expect(XUserRegisterForChangeEvent(null, null, () => undefined, out(null))).toBe(E_GAMERUNTIME_NOT_INITIALIZED);
    expect(XUserUnregisterForChangeEvent({ token: 1n }, false)).toBe(false);
    expect(XUserGetTokenAndSignatureAsync(null, 0, 'GET', TEST_SIGNED_URL, 0, null, 0, null, block)).toBe(
      E_GAMERUNTIME_NOT_INITIALIZED,
    );
  });

  it('nests: each initialize needs its uninitialize', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    expect(XGameRuntimeInitialize()).toBe(S_OK);
    XGameRuntimeUninitialize();
    expect(XUserGetMaxUsers(out(0))).toBe(S_OK);
    XGameRuntimeUninitialize();
    expect(XUserGetMaxUsers(out(0))).toBe(E_GAMERUNTIME_NOT_INITIALIZED);
    XGameRuntimeUninitialize(); // nothing to undo
  });

  it('uninitialize drops handles and registrations; a handle of an earlier runtime is invalid in the next', async () => {
    const console = await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const b = await call((block) => XUserAddAsync(XUserAddOptions.AddDefaultUserSilently, block));
    const user = out<XUserHandle | null>(null);
    expect(XUserAddResult(b, user)).toBe(S_OK);
    expect(XUserRegisterForChangeEvent(null, null, () => undefined, out(null))).toBe(S_OK);
    expect(xuserLiveCounts()).toEqual({ initialized: true, userHandles: 1, deferralHandles: 0, registrations: 1 });
    XGameRuntimeUninitialize();
    expect(xuserLiveCounts()).toEqual({ initialized: false, userHandles: 0, deferralHandles: 0, registrations: 0 });
    expect(console.session).toBeUndefined();
    expect(XGameRuntimeInitialize()).toBe(S_OK);
    expect(XUserGetId(user.value, out(0n))).toBe(E_GAMERUNTIME_INVALID_HANDLE);
  });

  it('a call still running when the runtime ends completes with E_ABORT', async () => {
    let answer: (r: { outcome: 'completed' }) => void = () => undefined;
    await bootTestConsole({
      accounts: [{ gamertag: 'Alice' }],
      ui: () => new Promise((resolve) => (answer = resolve)),
    });
    const done = call((block) => XUserAddAsync(XUserAddOptions.None, block));
    await new Promise((r) => setImmediate(r));
    XGameRuntimeUninitialize();
    expect(XAsyncGetStatus(await done, false)).toBe(E_ABORT);
    answer({ outcome: 'completed' });
  });

  it('without an emulated console there is no title: E_GAMEUSER_NO_TITLE_ID', async () => {
    await createTestConsole();
    uninstallEmulatedConsole();
    expect(XGameRuntimeInitialize()).toBe(E_GAMEUSER_NO_TITLE_ID);
    expect(xuserLiveCounts().initialized).toBe(false);
  });
});
