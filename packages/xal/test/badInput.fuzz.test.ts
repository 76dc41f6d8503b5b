// Bad input over every XAL export (as packages/xasync/test/badInput.fuzz.test.ts does for xasync):
// each native function, called with JS values of the wrong kind in random positions, returns what
// its kind returns (an HRESULT, a bool, a size, nothing) and never throws; XAL keeps working after
// each run; and a table pins the exact code for each kind of bad value of the user functions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { E_INVALIDARG, E_POINTER, FAILED, S_OK } from '@gdkts/hresult';
import { out } from '@gdkts/xasync';
import * as api from '@gdkts/xal';
import { XalInitialize, XalUserCloseHandle, XalUserGetId, useXalEmulator, type XalUserHandle } from '@gdkts/xal';
import { TEST_CLIENT_ID, TEST_TITLE_ID, xalLeakCounts } from '@gdkts/xal/testing';
import { installHooks, newHooks, useXalSandbox } from './helpers/title.js';
import { addWithUi, cleanup } from './helpers/calls.js';
import { account, makeEmulator } from './helpers/world.js';

useXalSandbox();

const BOOLEAN = new Set([
  'XalUserIsDevice',
  'XalUserIsGuest',
  'XalGetDeviceUserIsPresent',
  'XalSignOutUserAsyncIsPresent',
  'XalUserResolvePrivilegeWithUiIsPresent',
]);
const NUMBER = new Set([
  'XalGetSandboxSize',
  'XalUserGetGamertagSize',
  'XalUserGetWebAccountIdSize',
  'XalCompareUsers',
]);
const VOID = new Set(['XalUserCloseHandle', 'XalUserUnregisterChangeEventHandler', 'XalUserCloseSignoutDeferral']);

const natives = Object.entries(api).filter(
  ([name, value]) => typeof value === 'function' && /^Xal[A-Z]/.test(name) && name !== 'XalEmulator',
) as [string, (...args: unknown[]) => unknown][];

const throwing = new Proxy(
  {},
  {
    get: () => {
      throw new Error('bad pointer');
    },
  },
);
const badValue = fc.oneof(
  fc.anything(),
  fc.constantFrom<unknown>(
    null,
    undefined,
    NaN,
    -1,
    2 ** 53,
    0xffffffff + 1,
    -1n,
    '',
    {},
    [],
    Object.freeze({ value: 0 }),
    throwing,
    () => undefined,
    new Uint8Array(2),
  ),
);

async function settle(): Promise<void> {
  while (xalLeakCounts().callsInFlight > 0 || xalLeakCounts().operations > 0)
    await new Promise((resolve) => setImmediate(resolve));
}

describe('bad input', () => {
  it('covers every XAL function', () => {
    expect(natives.length).toBeGreaterThanOrEqual(60);
  });

  it('never throws and answers the kind of value its function returns; XAL keeps working', async () => {
    useXalEmulator(await makeEmulator([account('Alice')]));
    installHooks(newHooks());
    expect(XalInitialize({ platform: 'Win32', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID }, null)).toBe(S_OK);
    const { user } = await addWithUi();
    for (const [name, fn] of natives) {
      fc.assert(
        fc.property(fc.array(badValue, { minLength: 0, maxLength: 8 }), (args) => {
          const result = fn(...args);
          if (BOOLEAN.has(name)) return typeof result === 'boolean';
          if (VOID.has(name)) return result === undefined;
          if (NUMBER.has(name)) return typeof result === 'number' && Number.isSafeInteger(result);
          return (
            typeof result === 'number' && Number.isInteger(result) && result >= -0x80000000 && result <= 0x7fffffff
          );
        }),
        { numRuns: 40 },
      );
      await settle();
      const id = out(0n);
      expect(XalUserGetId(user as XalUserHandle, id), name).toBe(S_OK);
    }
    XalUserCloseHandle(user as XalUserHandle);
    await settle();
    expect(await cleanup()).toBe(S_OK);
  }, 60_000); // ~70 functions × 40 runs: slow on a loaded machine

  it('answers E_INVALIDARG for a null, closed or foreign user and E_POINTER for a missing out-parameter', async () => {
    useXalEmulator(await makeEmulator([account('Alice')]));
    installHooks(newHooks());
    expect(XalInitialize({ platform: 'Win32', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID }, null)).toBe(S_OK);
    const { user } = await addWithUi();
    const closed = out<XalUserHandle | null>(null);
    expect(api.XalUserDuplicateHandle(user as XalUserHandle, closed)).toBe(S_OK);
    XalUserCloseHandle(closed.value as XalUserHandle);
    const getters: [string, (u: XalUserHandle, o: { value: unknown }) => number][] = [
      ['XalUserGetId', (u, o) => api.XalUserGetId(u, o as never)],
      ['XalUserGetLocalId', (u, o) => api.XalUserGetLocalId(u, o as never)],
      ['XalUserGetState', (u, o) => api.XalUserGetState(u, o as never)],
      ['XalUserGetAgeGroup', (u, o) => api.XalUserGetAgeGroup(u, o as never)],
      ['XalUserDuplicateHandle', (u, o) => api.XalUserDuplicateHandle(u, o as never)],
      ['XalUserCheckPrivilege', (u, o) => api.XalUserCheckPrivilege(u, 254, o as never, null)],
    ];
    for (const [name, get] of getters) {
      for (const bad of [null, closed.value, {}, 'user', 42])
        expect(get(bad as XalUserHandle, { value: 0 }), `${name}(${String(bad)})`).toBe(E_INVALIDARG);
      expect(get(user as XalUserHandle, Object.freeze({ value: 0 })), name).toBe(E_POINTER);
      expect(FAILED(get(user as XalUserHandle, null as never)), name).toBe(true);
    }
    XalUserCloseHandle(user as XalUserHandle);
    expect(await cleanup()).toBe(S_OK);
  });
});
