// @gdkts/xal/promises: initialize, addUser (silent → UI), getTokenAndSignature, signOut, cleanup, AbortSignal.
import { describe, expect, it } from 'vitest';
import { E_ABORT, E_XAL_MISSINGCLIENTID, E_XAL_USERSETNOTEMPTY, HResultError, S_OK } from '@gdkts/hresult';
import {
  XalPlatformOperationResult,
  XalPlatformWebShowUrlComplete,
  XalUserCloseHandle,
  XalUserGetState,
  XalUserState,
  useXalEmulator,
} from '@gdkts/xal';
import { addUser, cleanup, getTokenAndSignature, initialize, signOut } from '@gdkts/xal/promises';
import { out } from '@gdkts/xasync';
import { installHooks, newHooks, useXalSandbox } from './helpers/title.js';
import { TEST_CLIENT_ID, TEST_SEED_URL, TEST_TITLE_ID, TEST_UNMAPPED_URL, TEST_UNSIGNED_URL } from '@gdkts/xal/testing';
import { account, makeEmulator } from './helpers/world.js';

useXalSandbox();

const args = { platform: 'macOS', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID } as const;

describe('@gdkts/xal/promises', () => {
  it('rejects with the HRESULT as an HResultError', async () => {
    useXalEmulator(await makeEmulator([account('Alice')]));
    installHooks(newHooks());
    const error = await initialize({ platform: 'macOS' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HResultError);
    expect((error as HResultError).hr).toBe(E_XAL_MISSINGCLIENTID);
  });

  it('signs in (silent, then the web view), gets tokens (null when none is needed), signs out and cleans up', async () => {
    useXalEmulator(await makeEmulator([account('Alice')]));
    const hooks = newHooks();
    installHooks(hooks);
    await initialize(args);
    const user = await addUser({ userIdentifier: 2 });
    expect(hooks.web.map((e) => e.userIdentifier)).toEqual([2]);
    const signed = await getTokenAndSignature(user, {
      method: 'POST',
      url: TEST_SEED_URL,
      headers: { 'Content-Type': 'application/json' },
      body: new Uint8Array([1, 2, 3]),
    });
    expect(signed?.token).toMatch(/^XBL3\.0 x=/);
    expect(typeof signed?.signature).toBe('string');
    expect((await getTokenAndSignature(user, { method: 'GET', url: TEST_UNSIGNED_URL }))?.signature).toBeNull();
    expect(await getTokenAndSignature(user, { method: 'GET', url: TEST_UNMAPPED_URL })).toBeNull();
    await expect(cleanup()).rejects.toMatchObject({ hr: E_XAL_USERSETNOTEMPTY });
    await signOut(user);
    const state = out<XalUserState>(XalUserState.SignedIn);
    expect(XalUserGetState(user, state)).toBe(S_OK);
    expect(state.value).toBe(XalUserState.SignedOut);
    XalUserCloseHandle(user);
    await cleanup();
  });

  it('an aborted signal cancels the UI add with E_ABORT; the web view completing later adds no one', async () => {
    useXalEmulator(await makeEmulator([account('Alice')]));
    const hooks = newHooks();
    hooks.script.push('hold');
    installHooks(hooks);
    await initialize(args);
    const controller = new AbortController();
    const pending = addUser({ signal: controller.signal });
    while (hooks.held.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ hr: E_ABORT });
    const held = hooks.held[0];
    expect(XalPlatformWebShowUrlComplete(held?.operation as never, XalPlatformOperationResult.Canceled, null)).toBe(
      S_OK,
    );
    await cleanup();
  });
});
