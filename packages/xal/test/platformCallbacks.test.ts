// What the Generic crypto and date/time callbacks feed (xuser-xal.md §2.3): the sign-in page's
// request id and state, and the clock of the request signatures; the storage clear of a sign-out;
// the privilege-resolve presence query.
import { describe, expect, it } from 'vitest';
import { E_FAIL, S_OK } from '@gdkts/hresult';
import {
  XalInitialize,
  XalPlatformCryptoSetCallbacks,
  XalPlatformDateTimeSetCallbacks,
  XalPlatformOperationResult,
  XalSignOutUserAsync,
  XalSignOutUserResult,
  XalUserCloseHandle,
  XalUserResolvePrivilegeWithUiIsPresent,
  useXalEmulator,
} from '@gdkts/xal';
import { installHooks, newHooks, useXalSandbox } from './helpers/title.js';
import { addWithUi, call, cleanup, getToken } from './helpers/calls.js';
import { TEST_CLIENT_ID, TEST_SEED_URL, TEST_TITLE_ID } from '@gdkts/xal/testing';
import { account, makeEmulator } from './helpers/world.js';

useXalSandbox();

const generic = { platform: 'Generic', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID } as const;

describe('Generic crypto and date/time callbacks', () => {
  it("the sign-in page's client-request-id is the uuid callback's and its state the random callback's bytes", async () => {
    useXalEmulator(await makeEmulator([account('Alice')]));
    const hooks = newHooks();
    installHooks(hooks, { generic: true }); // uuid 12345678-9abc-4def-8001-…, random (i * 37 + 11) & 0xff
    expect(XalInitialize(generic, null)).toBe(S_OK);
    const { hr, user } = await addWithUi();
    expect(hr).toBe(S_OK);
    const start = new URL(hooks.web[0]?.startUrl ?? '');
    expect(start.searchParams.get('client-request-id')).toBe('12345678-9abc-4def-8001-020304050607');
    const state = Buffer.from(Array.from({ length: 16 }, (_, i) => (i * 37 + 11) & 0xff)).toString('hex');
    expect(start.searchParams.get('state')).toBe(state);
    XalUserCloseHandle(user as never);
    expect(await cleanup()).toBe(S_OK);
  });

  it('a failing random callback fails the sign-in (E_FAIL) before any page opens', async () => {
    useXalEmulator(await makeEmulator([account('Alice')]));
    const hooks = newHooks();
    installHooks(hooks, { generic: true });
    expect(
      XalPlatformCryptoSetCallbacks({
        uuid: () => XalPlatformOperationResult.Failure,
        random: () => XalPlatformOperationResult.Failure,
      }),
    ).toBe(S_OK);
    expect(XalInitialize(generic, null)).toBe(S_OK);
    expect((await addWithUi()).hr).toBe(E_FAIL);
    expect(hooks.web).toEqual([]);
    expect(await cleanup()).toBe(S_OK);
  });

  it("the date/time callback is the clock of the request signature's timestamp", async () => {
    useXalEmulator(await makeEmulator([account('Alice')]));
    installHooks(newHooks(), { generic: true });
    const fixed = Date.now() + 3_600_000; // an hour ahead of the host clock: only the callback says so
    expect(
      XalPlatformDateTimeSetCallbacks({
        timestamp: (_c, seconds, ms) => {
          seconds.value = BigInt(Math.floor(fixed / 1000));
          ms.value = fixed % 1000;
          return XalPlatformOperationResult.Success;
        },
        timestampToComponents: () => XalPlatformOperationResult.Failure,
        componentsToTimestamp: () => XalPlatformOperationResult.Failure,
      }),
    ).toBe(S_OK);
    expect(XalInitialize(generic, null)).toBe(S_OK);
    const { user } = await addWithUi();
    const token = await getToken(user as never, { method: 'GET', url: TEST_SEED_URL });
    expect(token.hr).toBe(S_OK);
    const signature = Buffer.from(token.data?.signature ?? '', 'base64');
    const filetime = signature.readBigUInt64BE(4); // 100 ns ticks since 1601
    expect(Number((filetime - 116_444_736_000_000_000n) / 10_000n)).toBe(fixed);
    XalUserCloseHandle(user as never);
    expect(await cleanup()).toBe(S_OK);
  });
});

describe('storage clear and presence queries', () => {
  it('sign-out clears the cached user through the storage clear hook', async () => {
    useXalEmulator(await makeEmulator([account('Alice')]));
    const hooks = newHooks();
    installHooks(hooks);
    expect(XalInitialize({ platform: 'macOS', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID }, null)).toBe(S_OK);
    const { user } = await addWithUi();
    const key = `xal/${TEST_CLIENT_ID.toLowerCase()}/default-user`;
    expect(hooks.storage.has(key)).toBe(true);
    const signOut = await call((b) => XalSignOutUserAsync(user as never, b));
    expect(XalSignOutUserResult(signOut)).toBe(S_OK);
    expect(hooks.storageOps.at(-1)).toBe(`clear ${key}`);
    expect(hooks.storage.has(key)).toBe(false);
    expect(XalUserResolvePrivilegeWithUiIsPresent()).toBe(true);
    XalUserCloseHandle(user as never);
    expect(await cleanup()).toBe(S_OK);
  });
});
