// Bad input over every XAL export (as packages/xasync/test/badInput.fuzz.test.ts does for xasync):
// each native function, called with JS values of the wrong kind in random positions, returns what
// its kind returns (an HRESULT, a bool, a size, nothing) and never throws; XAL keeps working after
// each run; and a table pins the exact code for each kind of bad value of the user functions.
// Random values sometimes make a valid call (a uint32 and any object are `XalAddUserWithUiAsync`'s
// arguments): such a call completes, and its result is taken and its user closed, as a title must
// (a result never taken keeps the call in flight, and XalCleanupAsync waits for it).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { E_INVALIDARG, E_PENDING, E_POINTER, FAILED, S_OK } from '@gdkts/hresult';
import { XAsyncGetStatus, XAsyncGetStatusAsync, out, type XAsyncBlock } from '@gdkts/xasync';
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

const isObject = (value: unknown): value is object =>
  (typeof value === 'object' && value !== null) || typeof value === 'function';

/**
 * Finishes a call that bad-looking input started (`name` returned S_OK): each argument that is now
 * a call's block completes, its result is taken with the paired `…Result` (after `…ResultSize`
 * when there is one), and a user handle it hands out is closed.
 */
async function finishStarted(name: string, args: readonly unknown[]): Promise<void> {
  const base = name.slice(0, -'Async'.length);
  const functions = api as unknown as Record<string, ((...a: unknown[]) => unknown) | undefined>;
  for (const block of args.filter(isObject) as XAsyncBlock[]) {
    if (block === throwing || XAsyncGetStatus(block, false) === E_INVALIDARG) continue;
    expect(await XAsyncGetStatusAsync(block), `${name}: the call completes`).not.toBe(E_PENDING);
    const take = functions[`${base}Result`];
    const takeSize = functions[`${base}ResultSize`];
    if (takeSize !== undefined) {
      // a buffer result (a token, a picture): its size, then the bytes
      const size = out(0);
      takeSize(block, size);
      const hr = take?.(block, size.value, new Uint8Array(size.value), out(null), out(0));
      expect(typeof hr, `${name}: its result answers an HRESULT`).toBe('number');
    } else if (take !== undefined) {
      // a status or a new user (the add calls): a handed-out user is closed again
      const user = out<XalUserHandle | null>(null);
      const hr = take(block, user);
      expect(typeof hr, `${name}: its result answers an HRESULT`).toBe('number');
      if (!FAILED(hr as number) && user.value !== null) XalUserCloseHandle(user.value);
    }
  }
}

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
      await fc.assert(
        fc.asyncProperty(fc.array(badValue, { minLength: 0, maxLength: 8 }), async (args) => {
          const result = fn(...args);
          if (BOOLEAN.has(name)) return typeof result === 'boolean';
          if (VOID.has(name)) return result === undefined;
          if (NUMBER.has(name)) return typeof result === 'number' && Number.isSafeInteger(result);
          if (result === S_OK && name.endsWith('Async')) await finishStarted(name, args);
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
  }, 60_000); // ~70 functions × 40 runs, about 1 s on an idle machine: room for a loaded 2-core one

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
