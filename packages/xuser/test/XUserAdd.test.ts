import { describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_GAMEUSER_MAX_USERS_ADDED,
  E_GAMEUSER_NO_DEFAULT_USER,
  E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED,
  E_GAMEUSER_USER_NOT_FOUND,
  E_GAMEUSER_USER_NOT_IN_SANDBOX,
  E_ILLEGAL_METHOD_CALL,
  E_INVALIDARG,
  E_POINTER,
  S_OK,
  type HRESULT,
} from '@gdkts/hresult';
import { out } from '@gdkts/xasync';
import type { XAsyncBlock } from '@gdkts/xasync';
import {
  XUserAddAsync,
  XUserAddByIdWithUiAsync,
  XUserAddByIdWithUiResult,
  XUserAddOptions,
  XUserAddResult,
  XUserCloseHandle,
  XUserCompare,
  XUserGetGamertag,
  XUserGetIsGuest,
} from '@gdkts/xuser';
import type { XUserHandle } from '@gdkts/xuser';
import type { EmulatedConsoleOptions } from '@gdkts/xuser/testing';
import { bootTestConsole } from '@gdkts/xuser/testing';
import { call, useLeakCheck } from './helpers/console.js';

useLeakCheck();

async function add(options: number): Promise<{ hr: HRESULT; user: XUserHandle | null }> {
  const block = await call((b) => XUserAddAsync(options, b));
  const user = out<XUserHandle | null>(null);
  const hr = XUserAddResult(block, user);
  return { hr, user: user.value };
}

function gamertag(user: XUserHandle | null): string {
  const buffer = new Uint8Array(16);
  const used = out(0);
  expect(XUserGetGamertag(user, 0, 16, buffer, used)).toBe(S_OK);
  return new TextDecoder().decode(buffer.subarray(0, used.value - 1));
}

async function bootWith(
  accounts: NonNullable<EmulatedConsoleOptions['accounts']>,
  options: EmulatedConsoleOptions = {},
) {
  return bootTestConsole({ accounts, ...options });
}

describe('XUserAddAsync / XUserAddResult (xuser-xal.md §1.5)', () => {
  it('AddDefaultUserSilently: the default user, again and again; each result is its own handle', async () => {
    await bootWith([{ gamertag: 'Alice' }, { gamertag: 'Bob' }], { defaultUser: 'Bob' });
    const first = await add(XUserAddOptions.AddDefaultUserSilently);
    const second = await add(XUserAddOptions.AddDefaultUserSilently);
    expect([first.hr, second.hr]).toEqual([S_OK, S_OK]);
    expect(gamertag(first.user)).toBe('Bob');
    expect(first.user).not.toBe(second.user);
    expect(XUserCompare(first.user, second.user)).toBe(0);
    XUserCloseHandle(first.user);
    XUserCloseHandle(second.user);
  });

  it('AddDefaultUserSilently: a signed-out default is replaced by the single remaining user', async () => {
    const console = await bootWith([{ gamertag: 'Alice' }, { gamertag: 'Bob' }], { defaultUser: 'Alice' });
    await console.signOut('Alice');
    const r = await add(XUserAddOptions.AddDefaultUserSilently);
    expect(r.hr).toBe(S_OK);
    expect(gamertag(r.user)).toBe('Bob');
    XUserCloseHandle(r.user);
  });

  it('AddDefaultUserSilently with several users and no default: E_GAMEUSER_NO_DEFAULT_USER', async () => {
    await bootWith([{ gamertag: 'Alice' }, { gamertag: 'Bob' }]);
    expect(await add(XUserAddOptions.AddDefaultUserSilently)).toEqual({ hr: E_GAMEUSER_NO_DEFAULT_USER, user: null });
  });

  it('AddDefaultUserSilently never shows UI: an account issue gives E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED; a foreign sandbox E_GAMEUSER_USER_NOT_IN_SANDBOX', async () => {
    const prompts: string[] = [];
    await bootWith([{ gamertag: 'Alice', issues: ['TermsNotAccepted'] }], {
      ui: (p) => (prompts.push(p.kind), { outcome: 'completed' }),
    });
    expect((await add(XUserAddOptions.AddDefaultUserSilently)).hr).toBe(E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED);
    expect(prompts).toEqual([]);
  });

  it('a user not allowed in the sandbox: E_GAMEUSER_USER_NOT_IN_SANDBOX', async () => {
    await bootWith([{ gamertag: 'Alice' }], { sandbox: 'XDKS.1' });
    expect((await add(XUserAddOptions.AddDefaultUserSilently)).hr).toBe(E_GAMEUSER_USER_NOT_IN_SANDBOX);
  });

  it('AddDefaultUserAllowingUI: shows the account fix, then adds', async () => {
    const prompts: string[] = [];
    await bootWith([{ gamertag: 'Alice', issues: ['TermsNotAccepted'] }], {
      ui: (p) => (prompts.push(p.kind), { outcome: 'completed' }),
    });
    const r = await add(XUserAddOptions.AddDefaultUserAllowingUI);
    expect(r.hr).toBe(S_OK);
    expect(prompts).toEqual(['resolveIssue']);
    XUserCloseHandle(r.user);
  });

  it('None shows the picker; dismissing it gives E_ABORT; completing it adds the picked account', async () => {
    const console = await bootWith([{ gamertag: 'Alice' }, { gamertag: 'Bob' }], { ui: [{ outcome: 'dismissed' }] });
    expect(await add(XUserAddOptions.None)).toEqual({ hr: E_ABORT, user: null });
    const bob = console.account('Bob')!;
    const kinds: string[] = [];
    await bootWith([{ account: bob }], { ui: (p) => (kinds.push(p.kind), { outcome: 'completed', xuid: bob.xuid }) });
    const r = await add(XUserAddOptions.None);
    expect(r.hr).toBe(S_OK);
    expect(gamertag(r.user)).toBe('Bob');
    expect(kinds).toEqual(['accountPicker']);
    XUserCloseHandle(r.user);
  });

  it('AllowGuests lets the picker offer and choose a guest; without it guests are not offered', async () => {
    const offered: number[] = [];
    await bootWith([{ gamertag: 'Host' }, { gamertag: 'Visitor', guest: true }], {
      ui: (p) => {
        if (p.kind !== 'accountPicker') return { outcome: 'completed' };
        offered.push(p.candidates.length);
        const visitor = p.candidates.find((a) => a.guest);
        return visitor === undefined ? { outcome: 'dismissed' } : { outcome: 'completed', xuid: visitor.xuid };
      },
    });
    expect((await add(XUserAddOptions.None)).hr).toBe(E_ABORT);
    const r = await add(XUserAddOptions.AllowGuests);
    expect(r.hr).toBe(S_OK);
    const isGuest = out(false);
    expect(XUserGetIsGuest(r.user, isGuest)).toBe(S_OK);
    expect(isGuest.value).toBe(true);
    expect(offered).toEqual([1, 2]);
    XUserCloseHandle(r.user);
  });

  it('AllowGuests with AddDefaultUserSilently, unknown flags, both default flags: E_INVALIDARG at the call, nothing started', async () => {
    await bootWith([{ gamertag: 'Alice' }]);
    const block: XAsyncBlock = { callback: () => expect.unreachable() };
    expect(XUserAddAsync(XUserAddOptions.AllowGuests | XUserAddOptions.AddDefaultUserSilently, block)).toBe(
      E_INVALIDARG,
    );
    expect(XUserAddAsync(0x08, block)).toBe(E_INVALIDARG);
    expect(
      XUserAddAsync(XUserAddOptions.AddDefaultUserSilently | XUserAddOptions.AddDefaultUserAllowingUI, block),
    ).toBe(E_INVALIDARG);
    expect(XUserAddAsync(-1, block)).toBe(E_INVALIDARG);
  });

  it('E_GAMEUSER_MAX_USERS_ADDED when the set is full; closing the last handle frees the slot', async () => {
    const console = await bootWith([{ gamertag: 'Alice' }, { gamertag: 'Bob' }], { maxUsers: 1, defaultUser: 'Alice' });
    const alice = await add(XUserAddOptions.AddDefaultUserSilently);
    const bob = console.account('Bob')!;
    const byId = async () => {
      const b = await call((block) => XUserAddByIdWithUiAsync(BigInt(bob.xuid), block));
      const user = out<XUserHandle | null>(null);
      return { hr: XUserAddByIdWithUiResult(b, user), user: user.value };
    };
    expect((await byId()).hr).toBe(E_GAMEUSER_MAX_USERS_ADDED);
    XUserCloseHandle(alice.user);
    const second = await byId();
    expect(second.hr).toBe(S_OK);
    expect(gamertag(second.user)).toBe('Bob');
    XUserCloseHandle(second.user);
  });

  it('XUserAddByIdWithUiAsync: E_GAMEUSER_USER_NOT_FOUND for a XUID not signed in on the device', async () => {
    await bootWith([{ gamertag: 'Alice' }]);
    const b = await call((block) => XUserAddByIdWithUiAsync(2533274800000001n, block));
    expect(XUserAddByIdWithUiResult(b, out(null))).toBe(E_GAMEUSER_USER_NOT_FOUND);
    expect(XUserAddByIdWithUiAsync(12 as unknown as bigint, {})).toBe(E_INVALIDARG);
  });

  it('the result is taken once; no out-parameter is E_POINTER (nothing consumed)', async () => {
    await bootWith([{ gamertag: 'Alice' }]);
    const b = await call((block) => XUserAddAsync(XUserAddOptions.AddDefaultUserSilently, block));
    expect(XUserAddResult(b, null as never)).toBe(E_POINTER);
    const user = out<XUserHandle | null>(null);
    expect(XUserAddResult(b, user)).toBe(S_OK);
    expect(XUserAddResult(b, out(null))).toBe(E_ILLEGAL_METHOD_CALL);
    XUserCloseHandle(user.value);
  });

  it('another API’s result function on the block is E_INVALIDARG and, as any non-pending outcome, consumes the result (its handle is closed with the call)', async () => {
    await bootWith([{ gamertag: 'Alice' }]);
    const b = await call((block) => XUserAddAsync(XUserAddOptions.AddDefaultUserSilently, block));
    expect(XUserAddByIdWithUiResult(b, out(null))).toBe(E_INVALIDARG);
    expect(XUserAddResult(b, out(null))).toBe(E_ILLEGAL_METHOD_CALL);
    // useLeakCheck: no user handle is left open
  });
});
