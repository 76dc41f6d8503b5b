/**
 * S5 — UserManagement (samples.md §2 S5): ../src/GameUserManager.ts on the emulated console,
 * in-process, XUser's live counters checked after the run. The lines are exact: the default sign-in
 * fails with E_GAMEUSER_NO_DEFAULT_USER and the screen retries with the UI, the dismissed picker
 * answers E_ABORT, the second Player Two sign-in is de-duplicated with XUserCompare (one user), the
 * cancelled picture's callback still fires (E_ABORT) and delivers nothing, the sign-out deferral is
 * taken and closed, the screen hears of the sign-out before the user is removed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useRuntimeSandbox } from '@gdkts/xasync/testing';
import { XUSER_SANDBOX, bootTestConsole, uninitializeGameRuntime } from '@gdkts/xuser/testing';
import { GameUserManager, UserManagementMain } from '../src/GameUserManager.js';
import { createOutput } from '../src/helpers.js';
import { S5_LINES } from './expectedOutput.js';

useRuntimeSandbox({ beforeEach, afterEach }, XUSER_SANDBOX);
afterEach(() => uninitializeGameRuntime()); // runs before the sandbox's check, whatever a failed test left

describe('S5 — UserManagement: UI fallback, de-duplication, cancelled picture, deferral', () => {
  it('default sign-in fails with NO_DEFAULT_USER, the UI sign-in picks a user, a second sign-in de-duplicates', async () => {
    const { lines, Log } = createOutput();
    await UserManagementMain(Log);
    expect(lines).toEqual(S5_LINES);
  });

  it('refuses a second sign-in while one is in progress, and a default sign-in once users exist', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Solo' }], defaultUser: 'Solo' });
    const { lines, Log } = createOutput();
    const manager = new GameUserManager(Log);
    const results: number[] = [];
    expect(manager.TryStartSignInAsync((hr) => results.push(hr), true, false)).toBe(true);
    expect(manager.TryStartSignInAsync((hr) => results.push(hr), false, false)).toBe(false);
    while (results.length === 0) {
      manager.Update();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(results).toEqual([0]);
    expect(manager.TryStartSignInAsync((hr) => results.push(hr), true, false)).toBe(false);
    expect(lines).toEqual(['Sign-in Callback : UserLocalId: 1000, Result = 0x00000000']);
    manager.Destroy();
  });
});
