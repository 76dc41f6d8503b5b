import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { E_GAMERUNTIME_INVALID_HANDLE, E_INVALIDARG, E_NOTFOUND, E_POINTER, S_OK } from '@gdkts/hresult';
import { out } from '@gdkts/xasync';
import {
  XUserChangeEvent,
  XUserCloseHandle,
  XUserCompare,
  XUserDuplicateHandle,
  XUserFindUserByLocalId,
  XUserGetLocalId,
  XUserGetState,
  XUserRegisterForChangeEvent,
  XUserState,
  XUserUnregisterForChangeEvent,
} from '@gdkts/xuser';
import type { XUserHandle, XUserLocalId } from '@gdkts/xuser';
import { bootTestConsole, xuserLiveCounts } from '@gdkts/xuser/testing';
import { useLeakCheck, addDefault } from './helpers/console.js';

useLeakCheck();

function localId(user: XUserHandle | null): bigint {
  const id = out<XUserLocalId | null>(null);
  expect(XUserGetLocalId(user, id)).toBe(S_OK);
  return (id.value as XUserLocalId).value;
}

function state(user: XUserHandle | null): number {
  const s = out<XUserState>(XUserState.SignedIn);
  expect(XUserGetState(user, s)).toBe(S_OK);
  return s.value;
}

describe('XUser handles', () => {
  it('duplicate: a distinct handle, same user, same local id; each closes once', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const dup = out<XUserHandle | null>(null);
    expect(XUserDuplicateHandle(user, dup)).toBe(S_OK);
    expect(dup.value).not.toBe(user);
    expect(XUserCompare(user, dup.value)).toBe(0);
    expect(localId(dup.value)).toBe(localId(user));
    XUserCloseHandle(user);
    expect(localId(dup.value)).toBeGreaterThan(0n);
    expect(XUserGetLocalId(user, out(null))).toBe(E_GAMERUNTIME_INVALID_HANDLE);
    XUserCloseHandle(user); // a second close is ignored
    expect(xuserLiveCounts().userHandles).toBe(1);
    XUserCloseHandle(dup.value);
  });

  it('null is E_INVALIDARG; a string, a plain object, a closed handle are E_GAMERUNTIME_INVALID_HANDLE; no out-parameter is E_POINTER', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    expect(XUserDuplicateHandle(null, out(null))).toBe(E_INVALIDARG);
    for (const bad of ['user', {}, { kind: 'XUserHandle' }, 42, Object.freeze({ ...user })]) {
      expect(XUserDuplicateHandle(bad as XUserHandle, out(null))).toBe(E_GAMERUNTIME_INVALID_HANDLE);
      expect(XUserGetState(bad as XUserHandle, out(0))).toBe(E_GAMERUNTIME_INVALID_HANDLE);
    }
    expect(XUserDuplicateHandle(user, null as never)).toBe(E_POINTER);
    XUserCloseHandle(user);
    expect(XUserDuplicateHandle(user, out(null))).toBe(E_GAMERUNTIME_INVALID_HANDLE);
  });

  it('XUserCompare is three-way, antisymmetric and stable; null orders first', async () => {
    const console = await bootTestConsole({
      accounts: [{ gamertag: 'Alice' }, { gamertag: 'Bob' }],
      defaultUser: 'Alice',
    });
    const alice = await addDefault();
    const bobAccount = console.account('Bob')!;
    const found = out<XUserHandle | null>(null);
    await console.session!.addUserById(bobAccount.xuid).then((r) => {
      expect(r.ok).toBe(true);
    });
    // Bob is in the set without a handle yet: take one through the public find.
    const bobLocal = console.session!.findById(bobAccount.xuid)!.localId;
    expect(XUserFindUserByLocalId({ value: bobLocal }, found)).toBe(S_OK);
    const bob = found.value as XUserHandle;
    const ab = XUserCompare(alice, bob);
    expect(Math.abs(ab)).toBe(1);
    expect(XUserCompare(bob, alice)).toBe(-ab);
    expect(XUserCompare(alice, bob)).toBe(ab);
    expect(XUserCompare(null, alice)).toBe(-1);
    expect(XUserCompare(alice, null)).toBe(1);
    expect(XUserCompare(null, null)).toBe(0);
    XUserCloseHandle(alice);
    XUserCloseHandle(bob);
  });

  it('handles survive sign-out (SignedOut) and see SignedInAgain when the user comes back', async () => {
    const console = await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const events: number[] = [];
    const token = out<{ token: bigint } | null>(null);
    let seen = (): void => undefined;
    expect(XUserRegisterForChangeEvent(null, null, (_c, _id, event) => (events.push(event), seen()), token)).toBe(S_OK);
    const delivered = (n: number) =>
      new Promise<void>((resolve) => (seen = () => (events.length >= n ? resolve() : undefined)));
    const two = delivered(2);
    await console.signOut('Alice');
    await two;
    expect(state(user)).toBe(XUserState.SignedOut);
    const three = delivered(3);
    console.signIn('Alice');
    await three;
    expect(state(user)).toBe(XUserState.SignedIn);
    expect(events).toEqual([XUserChangeEvent.SigningOut, XUserChangeEvent.SignedOut, XUserChangeEvent.SignedInAgain]);
    expect(XUserUnregisterForChangeEvent(token.value!, true)).toBe(true);
    XUserCloseHandle(user);
  });

  it('XUserFindUserByLocalId gives a new reference; unknown ids are E_NOTFOUND', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const found = out<XUserHandle | null>(null);
    expect(XUserFindUserByLocalId({ value: localId(user) }, found)).toBe(S_OK);
    XUserCloseHandle(user);
    expect(state(found.value)).toBe(XUserState.SignedIn);
    expect(XUserFindUserByLocalId({ value: 1n }, out(null))).toBe(E_NOTFOUND);
    expect(XUserFindUserByLocalId({ value: 5 } as never, out(null))).toBe(E_INVALIDARG);
    const id = localId(found.value);
    XUserCloseHandle(found.value);
    expect(XUserFindUserByLocalId({ value: id }, out(null))).toBe(E_NOTFOUND); // the last close freed the slot
  });

  it('property: reference counts under random duplicate / close / sign-out / sign-in match a model', async () => {
    const console = await bootTestConsole({ accounts: [{ gamertag: 'Alice' }], signOutTimeoutMs: 0 });
    const alice = console.account('Alice')!;
    // The model: each open handle belongs to one reference-counted target (an add or a find makes
    // one; a duplicate joins its source's); the user stays in the set while any handle is open.
    type Model = { open: number[]; signedIn: boolean; nextTarget: number };
    type Real = { handles: XUserHandle[] };
    const dup = (index: number): fc.AsyncCommand<Model, Real> => ({
      check: (m) => m.open.length > 0,
      run: async (m, r) => {
        const i = index % r.handles.length;
        const d = out<XUserHandle | null>(null);
        expect(XUserDuplicateHandle(r.handles[i]!, d)).toBe(S_OK);
        r.handles.push(d.value!);
        m.open.push(m.open[i]!);
      },
      toString: () => `duplicate(${index})`,
    });
    const close = (index: number): fc.AsyncCommand<Model, Real> => ({
      check: (m) => m.open.length > 0,
      run: async (m, r) => {
        const i = index % r.handles.length;
        const [h] = r.handles.splice(i, 1);
        m.open.splice(i, 1);
        XUserCloseHandle(h!);
        expect(XUserGetState(h!, out(0))).toBe(E_GAMERUNTIME_INVALID_HANDLE);
      },
      toString: () => `close(${index})`,
    });
    const add: fc.AsyncCommand<Model, Real> = {
      check: (m) => m.signedIn,
      run: async (m, r) => {
        r.handles.push(await addDefault());
        m.open.push(m.nextTarget++);
      },
      toString: () => 'add',
    };
    const signOut: fc.AsyncCommand<Model, Real> = {
      check: (m) => m.signedIn,
      run: async (m) => {
        await console.signOut('Alice');
        m.signedIn = false;
      },
      toString: () => 'signOut',
    };
    const signIn: fc.AsyncCommand<Model, Real> = {
      check: (m) => !m.signedIn,
      run: async (m) => {
        console.signIn('Alice');
        m.signedIn = true;
      },
      toString: () => 'signIn',
    };
    await fc.assert(
      fc.asyncProperty(
        fc.commands(
          [fc.nat(8).map(dup), fc.nat(8).map(close), fc.constant(add), fc.constant(signOut), fc.constant(signIn)],
          { maxCommands: 30 },
        ),
        async (cmds) => {
          if (!console.session!.isSignedInOnDevice(alice.xuid)) console.signIn('Alice');
          const model: Model = { open: [], signedIn: true, nextTarget: 0 };
          const real: Real = { handles: [] };
          try {
            await fc.asyncModelRun(() => ({ model, real }), cmds);
            expect(xuserLiveCounts().userHandles).toBe(new Set(model.open).size);
            expect(console.session!.users.length).toBe(model.open.length > 0 ? 1 : 0);
            for (const h of real.handles)
              expect(state(h)).toBe(model.signedIn ? XUserState.SignedIn : XUserState.SignedOut);
          } finally {
            for (const h of real.handles) XUserCloseHandle(h);
          }
          expect(xuserLiveCounts().userHandles).toBe(0);
          expect(console.session!.users.length).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });
});
