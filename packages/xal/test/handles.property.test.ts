// User handle lifetimes as a model (xuser-xal.md §2.5, §2.7, §4 item 6): every returned handle is
// its own reference; duplicates name the same user; a closed handle is dead (E_INVALIDARG); a user
// keeps their slot in the set while any handle is open, and the slot frees with the last close.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { E_INVALIDARG, E_XAL_USERSETFULL, S_OK } from '@gdkts/hresult';
import { out } from '@gdkts/xasync';
import {
  XalCompareUsers,
  XalInitialize,
  XalUserCloseHandle,
  XalUserDuplicateHandle,
  XalUserGetId,
  useXalEmulator,
  type XalUserHandle,
} from '@gdkts/xal';
import { TEST_CLIENT_ID, TEST_TITLE_ID, currentXalSession, resetXal, xalLeakCounts } from '@gdkts/xal/testing';
import { installHooks, newHooks, useXalSandbox, type TitleHooks } from './helpers/title.js';
import { addWithUi, cleanup } from './helpers/calls.js';
import { account, makeEmulator } from './helpers/world.js';
import type { Account } from '@gdkts/xboxlive';

useXalSandbox();

const MAX = 2;

interface Real {
  readonly hooks: TitleHooks;
  readonly accounts: readonly Account[];
  readonly open: { handle: XalUserHandle; xuid: string }[];
  readonly closed: XalUserHandle[];
}
interface Model {
  /** Open handles per XUID. */
  readonly open: Map<string, number>;
}

const inSet = (m: Model): number => [...m.open.values()].filter((n) => n > 0).length;

class AddCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  check(): boolean {
    return true;
  }
  async run(m: Model, r: Real): Promise<void> {
    const target = r.accounts[this.index % r.accounts.length] as Account;
    r.hooks.script.push({ xuid: target.xuid });
    const { hr, user } = await addWithUi();
    const already = (m.open.get(target.xuid) ?? 0) > 0;
    if (!already && inSet(m) >= MAX) {
      expect(hr).toBe(E_XAL_USERSETFULL);
      return;
    }
    expect(hr).toBe(S_OK);
    r.open.push({ handle: user as XalUserHandle, xuid: target.xuid });
    m.open.set(target.xuid, (m.open.get(target.xuid) ?? 0) + 1);
  }
  toString(): string {
    return `add(${this.index})`;
  }
}

class DuplicateCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check(m: Model): boolean {
    return inSet(m) > 0;
  }
  async run(m: Model, r: Real): Promise<void> {
    const source = r.open[this.pick % r.open.length] as Real['open'][number];
    const dup = out<XalUserHandle | null>(null);
    expect(XalUserDuplicateHandle(source.handle, dup)).toBe(S_OK);
    expect(dup.value).not.toBe(source.handle);
    expect(XalCompareUsers(source.handle, dup.value)).toBe(0);
    r.open.push({ handle: dup.value as XalUserHandle, xuid: source.xuid });
    m.open.set(source.xuid, (m.open.get(source.xuid) ?? 0) + 1);
  }
  toString(): string {
    return `duplicate(${this.pick})`;
  }
}

class CloseCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check(m: Model): boolean {
    return inSet(m) > 0;
  }
  async run(m: Model, r: Real): Promise<void> {
    const [gone] = r.open.splice(this.pick % r.open.length, 1) as [Real['open'][number]];
    XalUserCloseHandle(gone.handle);
    r.closed.push(gone.handle);
    m.open.set(gone.xuid, (m.open.get(gone.xuid) ?? 1) - 1);
    expect(XalUserGetId(gone.handle, out(0n))).toBe(E_INVALIDARG);
    for (const { handle, xuid } of r.open) {
      const id = out(0n);
      expect(XalUserGetId(handle, id)).toBe(S_OK);
      expect(id.value).toBe(BigInt(xuid));
    }
    expect(currentXalSession()?.users.length).toBe(inSet(m)); // the slot frees with the last close
  }
  toString(): string {
    return `close(${this.pick})`;
  }
}

describe('user handle lifetimes', () => {
  it('match the model under random add, duplicate and close sequences', async () => {
    const accounts = [account('A'), account('B'), account('C')];
    const emulator = await makeEmulator(accounts);
    await fc.assert(
      fc.asyncProperty(
        fc.commands(
          [
            fc.nat(5).map((i) => new AddCommand(i)),
            fc.nat(20).map((i) => new DuplicateCommand(i)),
            fc.nat(20).map((i) => new CloseCommand(i)),
          ],
          { maxCommands: 25 },
        ),
        async (commands) => {
          resetXal();
          useXalEmulator(emulator);
          const hooks = newHooks();
          installHooks(hooks, { generic: true });
          expect(
            XalInitialize(
              { platform: 'Generic', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID, maxSignedInUsers: MAX },
              null,
            ),
          ).toBe(S_OK);
          const real: Real = { hooks, accounts, open: [], closed: [] };
          try {
            await fc.asyncModelRun(() => ({ model: { open: new Map() }, real }), commands);
          } finally {
            for (const { handle } of real.open) XalUserCloseHandle(handle);
          }
          expect(xalLeakCounts().userHandles).toBe(0);
          expect(await cleanup()).toBe(S_OK);
        },
      ),
      { numRuns: 25 },
    );
  });
});
