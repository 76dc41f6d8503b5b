/**
 * Bad input for every exported XUser function (the xasync fuzz extended): called with JS values of
 * the wrong kind in random argument positions (the others valid), each function never throws,
 * returns a value of its declared kind (an HRESULT, a bool, an int32, nothing), and leaves the
 * runtime working: afterwards a valid call still succeeds and nothing leaks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { E_PENDING, S_OK } from '@gdkts/hresult';
import { XAsyncCancel, XAsyncGetResult, XAsyncGetStatus, out } from '@gdkts/xasync';
import type { XAsyncBlock } from '@gdkts/xasync';
import * as api from '@gdkts/xuser';
import type { XUserHandle } from '@gdkts/xuser';
import { TEST_SIGNED_URL, bootTestConsole, xuserLiveCounts } from '@gdkts/xuser/testing';
import { call, settleCalls, useLeakCheck } from './helpers/console.js';

const sandbox = useLeakCheck();

const ASYNC_IDENTITIES = Object.entries(api)
  .filter(([name, v]) => typeof v === 'function' && name.endsWith('Async'))
  .map(([, v]) => v);

interface Fixture {
  readonly user: XUserHandle;
  readonly closed: XUserHandle;
  /** Blocks of completed calls, one per API whose Result functions take one. */
  readonly done: Readonly<Record<string, XAsyncBlock>>;
}

type Kind = 'hresult' | 'bool' | 'int' | 'void';
interface Entry {
  readonly kind: Kind;
  readonly valid: (fx: Fixture) => unknown[];
}

const block = (): XAsyncBlock => ({});
const entries: Readonly<Record<string, Entry>> = {
  XGameRuntimeInitialize: { kind: 'hresult', valid: () => [] },
  XGameRuntimeUninitialize: { kind: 'void', valid: () => [] },
  XUserAddAsync: { kind: 'hresult', valid: () => [api.XUserAddOptions.AddDefaultUserSilently, block()] },
  XUserAddResult: { kind: 'hresult', valid: (fx) => [fx.done['add'], out(null)] },
  XUserAddByIdWithUiAsync: { kind: 'hresult', valid: () => [1n, block()] },
  XUserAddByIdWithUiResult: { kind: 'hresult', valid: (fx) => [fx.done['addById'], out(null)] },
  XUserCheckPrivilege: {
    kind: 'hresult',
    valid: (fx) => [fx.user, 0, api.XUserPrivilege.Multiplayer, out(false), out(0)],
  },
  XUserCloseHandle: { kind: 'void', valid: (fx) => [fx.closed] },
  XUserCompare: { kind: 'int', valid: (fx) => [fx.user, fx.user] },
  XUserDuplicateHandle: { kind: 'hresult', valid: (fx) => [fx.user, out(null)] },
  XUserFindUserById: { kind: 'hresult', valid: () => [1n, out(null)] },
  XUserFindUserByLocalId: { kind: 'hresult', valid: () => [{ value: 1n }, out(null)] },
  XUserGetAgeGroup: { kind: 'hresult', valid: (fx) => [fx.user, out(0)] },
  XUserGetGamerPictureAsync: { kind: 'hresult', valid: (fx) => [fx.user, api.XUserGamerPictureSize.Small, block()] },
  XUserGetGamerPictureResultSize: { kind: 'hresult', valid: (fx) => [fx.done['picture'], out(0)] },
  XUserGetGamerPictureResult: { kind: 'hresult', valid: (fx) => [fx.done['picture'], 0, new Uint8Array(0), out(0)] },
  XUserGetGamertag: { kind: 'hresult', valid: (fx) => [fx.user, 0, 16, new Uint8Array(16), out(0)] },
  XUserGetId: { kind: 'hresult', valid: (fx) => [fx.user, out(0n)] },
  XUserGetIsGuest: { kind: 'hresult', valid: (fx) => [fx.user, out(false)] },
  XUserGetLocalId: { kind: 'hresult', valid: (fx) => [fx.user, out(null)] },
  XUserGetMaxUsers: { kind: 'hresult', valid: () => [out(0)] },
  XUserGetState: { kind: 'hresult', valid: (fx) => [fx.user, out(0)] },
  XUserGetSignOutDeferral: { kind: 'hresult', valid: () => [out(null)] },
  XUserCloseSignOutDeferralHandle: { kind: 'void', valid: () => [{}] },
  XUserRegisterForChangeEvent: { kind: 'hresult', valid: () => [null, null, () => undefined, out(null)] },
  XUserUnregisterForChangeEvent: { kind: 'bool', valid: () => [{ token: 999n }, false] },
  XUserResolveIssueWithUiAsync: { kind: 'hresult', valid: (fx) => [fx.user, null, block()] },
  XUserResolveIssueWithUiResult: { kind: 'hresult', valid: (fx) => [fx.done['resolve']] },
  XUserResolveIssueWithUiUtf16Async: { kind: 'hresult', valid: (fx) => [fx.user, null, block()] },
  XUserResolveIssueWithUiUtf16Result: { kind: 'hresult', valid: (fx) => [fx.done['resolve16']] },
  XUserResolvePrivilegeWithUiAsync: {
    kind: 'hresult',
    valid: (fx) => [fx.user, 0, api.XUserPrivilege.Multiplayer, block()],
  },
  XUserResolvePrivilegeWithUiResult: { kind: 'hresult', valid: (fx) => [fx.done['privilege']] },
  XUserGetTokenAndSignatureAsync: {
    kind: 'hresult',
    valid: (fx) => [fx.user, 0, 'GET', TEST_SIGNED_URL, 0, null, 0, null, block()],
  },
  XUserGetTokenAndSignatureResultSize: { kind: 'hresult', valid: (fx) => [fx.done['token'], out(0)] },
  XUserGetTokenAndSignatureResult: {
    kind: 'hresult',
    valid: (fx) => [fx.done['token'], 4096, new Uint8Array(4096), out(null), out(0)],
  },
  XUserGetTokenAndSignatureUtf16Async: {
    kind: 'hresult',
    valid: (fx) => [fx.user, 0, 'GET', TEST_SIGNED_URL, 0, null, 0, null, block()],
  },
  XUserGetTokenAndSignatureUtf16ResultSize: { kind: 'hresult', valid: (fx) => [fx.done['token16'], out(0)] },
  XUserGetTokenAndSignatureUtf16Result: {
    kind: 'hresult',
    valid: (fx) => [fx.done['token16'], 8192, new Uint8Array(8192), out(null), out(0)],
  },
  XUserFindForDevice: { kind: 'hresult', valid: () => [{ value: new Uint8Array(32).fill(1) }, out(null)] },
  XUserRegisterForDeviceAssociationChanged: { kind: 'hresult', valid: () => [null, null, () => undefined, out(null)] },
  XUserUnregisterForDeviceAssociationChanged: { kind: 'bool', valid: () => [{ token: 999n }, false] },
  XUserFindControllerForUserWithUiAsync: { kind: 'hresult', valid: (fx) => [fx.user, block()] },
  XUserFindControllerForUserWithUiResult: { kind: 'hresult', valid: (fx) => [fx.done['controller'], out(null)] },
  XUserGetDefaultAudioEndpointUtf16: {
    kind: 'hresult',
    valid: () => [{ value: 0x1000n }, 0, 56, new Uint8Array(112), out(0)],
  },
  XUserRegisterForDefaultAudioEndpointUtf16Changed: {
    kind: 'hresult',
    valid: () => [null, null, () => undefined, out(null)],
  },
  XUserUnregisterForDefaultAudioEndpointUtf16Changed: { kind: 'bool', valid: () => [{ token: 999n }, false] },
  XUserIsStoreUser: { kind: 'bool', valid: (fx) => [fx.user] },
  XUserGetMsaTokenSilentlyAsync: { kind: 'hresult', valid: (fx) => [fx.user, 0, 'scope', block()] },
  XUserGetMsaTokenSilentlyResultSize: { kind: 'hresult', valid: (fx) => [fx.done['token'], out(0)] },
  XUserGetMsaTokenSilentlyResult: {
    kind: 'hresult',
    valid: (fx) => [fx.done['token'], 16, new Uint8Array(16), out(0)],
  },
  XUserPlatformRemoteConnectSetEventHandlers: {
    kind: 'hresult',
    valid: () => [null, { show: () => undefined, close: () => undefined }],
  },
  XUserPlatformRemoteConnectCancelPrompt: { kind: 'hresult', valid: () => [{ kind: 'op' }] },
  XUserPlatformSpopPromptSetEventHandlers: { kind: 'hresult', valid: () => [null, () => undefined, null] },
  XUserPlatformSpopPromptClearEventHandler: { kind: 'hresult', valid: () => [] },
  XUserPlatformSpopPromptComplete: { kind: 'hresult', valid: () => [{ kind: 'op' }, 0] },
};

/** A proxy whose every trap throws: made fresh per call (fast-check must be able to print the marker). */
class ThrowingProxy {
  [fc.toStringMethod](): string {
    return 'ThrowingProxy';
  }
}
function materialize(value: unknown): unknown {
  if (!(value instanceof ThrowingProxy)) return value;
  const fail = (): never => {
    throw new Error('a bad pointer');
  };
  return new Proxy(
    {},
    { get: fail, has: fail, set: fail, ownKeys: fail, getPrototypeOf: fail, getOwnPropertyDescriptor: fail },
  );
}
const badValue = fc.oneof(
  fc.anything(),
  fc.constantFrom<unknown>(
    null,
    undefined,
    NaN,
    -1,
    2 ** 53,
    Infinity,
    '',
    'x',
    0n,
    -1n,
    {},
    [],
    Object.freeze({ value: 0 }),
    new ThrowingProxy(),
    new Uint8Array(1),
    () => undefined,
    Symbol('s'),
  ),
);

function allowed(kind: Kind, result: unknown): boolean {
  switch (kind) {
    case 'hresult':
      return typeof result === 'number' && Number.isInteger(result) && result === (result | 0);
    case 'bool':
      return typeof result === 'boolean';
    case 'int':
      return result === -1 || result === 0 || result === 1;
    case 'void':
      return result === undefined;
  }
}

async function fixture(): Promise<Fixture> {
  await bootTestConsole({
    accounts: [{ gamertag: 'Fuzz' }],
    ui: () => ({ outcome: 'dismissed' }),
    inputDevices: [{ id: new Uint8Array(32).fill(1) }],
    audioEndpoints: [{ user: 'Fuzz', communicationRender: 'render-1' }],
  });
  const add = async (): Promise<XUserHandle> => {
    const b = await call((x) => api.XUserAddAsync(api.XUserAddOptions.AddDefaultUserSilently, x));
    const h = out<XUserHandle | null>(null);
    expect(api.XUserAddResult(b, h)).toBe(S_OK);
    return h.value!;
  };
  const user = await add();
  const closed = await add();
  api.XUserCloseHandle(closed);
  const [addBlock, addById, picture, resolve, resolve16, privilege, token, token16, controller] = await Promise.all([
    call((b) => api.XUserAddAsync(api.XUserAddOptions.AddDefaultUserSilently, b)),
    call((b) => api.XUserAddByIdWithUiAsync(1n, b)),
    call((b) => api.XUserGetGamerPictureAsync(user, 0, b)),
    call((b) => api.XUserResolveIssueWithUiAsync(user, null, b)),
    call((b) => api.XUserResolveIssueWithUiUtf16Async(user, null, b)),
    call((b) => api.XUserResolvePrivilegeWithUiAsync(user, 0, api.XUserPrivilege.Multiplayer, b)),
    call((b) => api.XUserGetTokenAndSignatureAsync(user, 0, 'GET', TEST_SIGNED_URL, 0, null, 0, null, b)),
    call((b) => api.XUserGetTokenAndSignatureUtf16Async(user, 0, 'GET', TEST_SIGNED_URL, 0, null, 0, null, b)),
    call((b) => api.XUserFindControllerForUserWithUiAsync(user, b)),
  ]);
  return {
    user,
    closed,
    done: { add: addBlock, addById, picture, resolve, resolve16, privilege, token, token16, controller },
  };
}

function valueOf(arg: unknown): unknown {
  try {
    return typeof arg === 'object' && arg !== null && 'value' in arg ? (arg as { value: unknown }).value : undefined;
  } catch {
    return undefined;
  }
}

/** Ends what a call started: handles written to out-parameters, calls begun on blocks, results waiting. */
async function cleanUp(fx: Fixture, args: readonly unknown[]): Promise<void> {
  for (const arg of args) api.XUserCloseHandle(valueOf(arg) as XUserHandle);
  for (const arg of args) {
    try {
      if ((typeof arg === 'object' && arg !== null) || typeof arg === 'function') XAsyncCancel(arg as XAsyncBlock);
    } catch {
      // a proxy
    }
  }
  const isBlock = (b: unknown): b is XAsyncBlock => {
    try {
      return (typeof b === 'object' && b !== null) || typeof b === 'function';
    } catch {
      return false; // a proxy
    }
  };
  const blocks = [...Object.values(fx.done), ...args].filter(isBlock);
  const pending = (b: XAsyncBlock): boolean => {
    try {
      return XAsyncGetStatus(b, false) === E_PENDING;
    } catch {
      return false; // a proxy
    }
  };
  for (let i = 0; i < 200 && blocks.some(pending); i++) await new Promise((r) => setImmediate(r));
  const taken = out<XUserHandle | null>(null);
  for (const b of blocks) {
    try {
      if (api.XUserAddResult(b, taken) === S_OK || api.XUserAddByIdWithUiResult(b, taken) === S_OK)
        api.XUserCloseHandle(taken.value);
      for (const identity of ASYNC_IDENTITIES) XAsyncGetResult(b, identity, 1 << 16, new Uint8Array(1 << 16), null); // consumes a payload left
    } catch {
      // a proxy
    }
  }
  api.XUserCloseHandle(fx.user);
}

describe('fuzz: every exported XUser function with bad values in random argument positions', () => {
  it('covers every exported function', () => {
    const exported = Object.entries(api)
      .filter(([, v]) => typeof v === 'function')
      .map(([name]) => name);
    expect(Object.keys(entries).sort()).toEqual(exported.sort());
  });

  for (const [name, entry] of Object.entries(entries)) {
    it(`${name}: never throws, returns a value of its kind, the runtime keeps working`, async () => {
      const arity = Math.max(1, (api as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!.length);
      const positions = fc.array(fc.tuple(fc.integer({ min: 0, max: arity - 1 }), badValue), {
        minLength: 1,
        maxLength: arity,
      });
      await fc.assert(
        fc.asyncProperty(positions, async (bad) => {
          const fx = await fixture();
          const args = entry.valid(fx);
          for (const [i, value] of bad) args[i] = materialize(value);
          const fn = (api as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
          let result: unknown;
          try {
            result = fn(...args);
          } catch (error) {
            throw new Error(`${name} threw ${String(error)}`, { cause: error });
          }
          expect(allowed(entry.kind, result), `${name} returned ${String(result)}`).toBe(true);
          await cleanUp(fx, args);
          // the runtime still works (re-initialized when the call was the uninitialize)
          if (!xuserLiveCounts().initialized) api.XGameRuntimeInitialize();
          const max = out(0);
          expect(api.XUserGetMaxUsers(max)).toBe(S_OK);
          const b = await call((x) => api.XUserAddAsync(api.XUserAddOptions.AddDefaultUserSilently, x));
          const h = out<XUserHandle | null>(null);
          expect(api.XUserAddResult(b, h)).toBe(S_OK);
          api.XUserCloseHandle(h.value);
          while (xuserLiveCounts().initialized) api.XGameRuntimeUninitialize();
          await settleCalls(sandbox);
          expect(xuserLiveCounts()).toEqual({
            initialized: false,
            userHandles: 0,
            deferralHandles: 0,
            registrations: 0,
          });
          expect(
            sandbox.leaks().states,
            `live calls after ${name}(${bad.map(([i, v]) => `${i}: ${fc.stringify(v)}`).join(', ')})`,
          ).toBe(0);
        }),
        { numRuns: 15 },
      );
    });
  }
});
