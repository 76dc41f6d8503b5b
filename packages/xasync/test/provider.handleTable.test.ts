/**
 * `HandleTable` (`@gdkts/xasync/provider`): distinct frozen handles over reference-counted targets,
 * the codes each API picks, close-once, `onLastClose`, the live count and `Symbol.dispose`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { E_HANDLE, E_INVALIDARG, E_POINTER, S_OK, out } from '@gdkts/xasync';
import { HandleTable } from '@gdkts/xasync/provider';

const E_GAMERUNTIME_INVALID_HANDLE = 0x89240102 | 0;

interface Thing {
  readonly name: string;
}

declare const thingBrand: unique symbol;
interface ThingHandle {
  readonly [thingBrand]: 'ThingHandle';
}

function table(closed: Thing[] = []): HandleTable<Thing, ThingHandle> {
  return new HandleTable<Thing, ThingHandle>({ kind: 'ThingHandle', invalidHandle: E_GAMERUNTIME_INVALID_HANDLE, onLastClose: (t) => closed.push(t) });
}

describe('HandleTable', () => {
  it('resolves a live handle to its record; every handle is a distinct frozen object', () => {
    const things = table();
    const record = { name: 'a' };
    const h = things.create(record);
    const dup = out<ThingHandle | null>(null);
    expect(things.duplicate(h, dup)).toBe(S_OK);
    expect(dup.value).not.toBe(h);
    expect(Object.isFrozen(h)).toBe(true);
    expect(Object.isFrozen(dup.value)).toBe(true);
    expect(things.resolve(h)).toBe(record);
    expect(things.resolve(dup.value)).toBe(record);
    expect(things.isHandle(h)).toBe(true);
  });

  it('answers the null-handle code for null/undefined and the handle error for every other non-handle', () => {
    const things = table();
    const other = new HandleTable<Thing>({ kind: 'Other', invalidHandle: E_HANDLE });
    const h = things.create({ name: 'a' });
    const closed = things.create({ name: 'b' });
    things.close(closed);
    expect(things.resolve(null)).toBe(E_INVALIDARG);
    expect(things.resolve(undefined)).toBe(E_INVALIDARG);
    for (const fake of ['handle', 42, 0, true, 1n, Symbol('h'), {}, [], () => undefined, { ...h }, Object.create(h as object), new Proxy(h, {}), closed, other.create({ name: 'c' })]) {
      expect(things.resolve(fake), String(typeof fake)).toBe(E_GAMERUNTIME_INVALID_HANDLE);
      expect(things.isHandle(fake)).toBe(false);
    }
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    expect(things.resolve(revocable.proxy)).toBe(E_GAMERUNTIME_INVALID_HANDLE);
  });

  it('lets the API pick the null-handle code', () => {
    const things = new HandleTable<Thing>({ kind: 'T', invalidHandle: E_HANDLE, nullHandle: E_POINTER });
    expect(things.resolve(null)).toBe(E_POINTER);
    expect(things.duplicate(null, out(null))).toBe(E_POINTER);
  });

  it('runs onLastClose once, when the last handle of a target closes; closing twice does nothing', () => {
    const closed: Thing[] = [];
    const things = table(closed);
    const record = { name: 'a' };
    const h = things.create(record);
    const dup = out<ThingHandle | null>(null);
    things.duplicate(h, dup);
    expect(things.close(h)).toBe(true);
    expect(things.close(h)).toBe(false);
    expect(closed).toEqual([]);
    expect(things.resolve(h)).toBe(E_GAMERUNTIME_INVALID_HANDLE);
    expect(things.resolve(dup.value)).toBe(record);
    expect(things.close(dup.value)).toBe(true);
    expect(closed).toEqual([record]);
    expect(things.close('h')).toBe(false);
  });

  it('counts live targets for leak checks', () => {
    const things = table();
    expect(things.liveCount).toBe(0);
    const a = things.create({ name: 'a' });
    const b = things.create({ name: 'b' });
    const dup = out<ThingHandle | null>(null);
    things.duplicate(a, dup);
    expect(things.liveCount).toBe(2);
    things.close(a);
    things.close(b);
    expect(things.liveCount).toBe(1);
    things.close(dup.value);
    expect(things.liveCount).toBe(0);
  });

  it('duplicate writes null first, answers E_POINTER without an out-parameter and the handle error for a closed handle', () => {
    const things = table();
    const h = things.create({ name: 'a' });
    expect(things.duplicate(h, null as never)).toBe(E_POINTER);
    expect(things.duplicate(h, Object.freeze({ value: null }) as never)).toBe(E_POINTER);
    things.close(h);
    const dup = out<ThingHandle | null>(h);
    expect(things.duplicate(h, dup)).toBe(E_GAMERUNTIME_INVALID_HANDLE);
    expect(dup.value).toBeNull();
    expect(things.liveCount).toBe(0);
  });

  it('closes the new handle again when writing the out-parameter throws (nobody could close it)', () => {
    const closed: Thing[] = [];
    const things = table(closed);
    const h = things.create({ name: 'a' });
    let writes = 0;
    const throwing = {
      get value(): null {
        return null;
      },
      set value(v: unknown) {
        if (++writes > 1) throw new Error(`no ${String(v)}`);
      },
    };
    expect(things.duplicate(h, throwing as never)).toBe(E_POINTER);
    things.close(h);
    expect(closed).toHaveLength(1);
    expect(things.liveCount).toBe(0);
  });

  it('closes a handle with Symbol.dispose, so `using` replaces a hand-written close', () => {
    const closed: Thing[] = [];
    const things = table(closed);
    const record = { name: 'scoped' };
    {
      using h = things.create(record) as ThingHandle & Disposable;
      expect(things.resolve(h)).toBe(record);
    }
    expect(closed).toEqual([record]);
  });

  it('pinned handles hold no reference, ignore close, and resolve while the record is live', () => {
    let live = true;
    const things = new HandleTable<Thing, ThingHandle>({ kind: 'T', invalidHandle: E_HANDLE, isLive: () => live });
    const record = { name: 'p' };
    const pinned = things.createPinned(record);
    expect(things.liveCount).toBe(0);
    expect(things.close(pinned)).toBe(false);
    expect(things.resolve(pinned)).toBe(record);
    const dup = out<ThingHandle | null>(null);
    expect(things.duplicate(pinned, dup)).toBe(S_OK);
    expect(things.liveCount).toBe(1);
    things.close(dup.value);
    live = false;
    expect(things.resolve(pinned)).toBe(E_HANDLE);
  });

  it('keeps every target alive exactly while one of its handles is open (model)', () => {
    type Model = { handles: { target: number; open: boolean }[]; refs: number[]; closedTargets: number[] };
    type Real = { table: HandleTable<{ id: number }, ThingHandle>; handles: ThingHandle[]; closedTargets: number[] };
    class Create implements fc.Command<Model, Real> {
      check = (): boolean => true;
      run(m: Model, r: Real): void {
        const id = m.refs.length;
        m.refs.push(1);
        m.handles.push({ target: id, open: true });
        r.handles.push(r.table.create({ id }));
      }
      toString = (): string => 'create';
    }
    class Duplicate implements fc.Command<Model, Real> {
      constructor(readonly pick: number) {}
      check = (m: Readonly<Model>): boolean => m.handles.length > 0;
      run(m: Model, r: Real): void {
        const i = this.pick % m.handles.length;
        const dup = out<ThingHandle | null>(null);
        const hr = r.table.duplicate(r.handles[i]!, dup);
        if (m.handles[i]!.open) {
          expect(hr).toBe(S_OK);
          m.refs[m.handles[i]!.target]!++;
          m.handles.push({ target: m.handles[i]!.target, open: true });
          r.handles.push(dup.value!);
        } else {
          expect(hr).toBe(E_GAMERUNTIME_INVALID_HANDLE);
          expect(dup.value).toBeNull();
        }
      }
      toString = (): string => `duplicate(${this.pick})`;
    }
    class Close implements fc.Command<Model, Real> {
      constructor(readonly pick: number) {}
      check = (m: Readonly<Model>): boolean => m.handles.length > 0;
      run(m: Model, r: Real): void {
        const i = this.pick % m.handles.length;
        const h = m.handles[i]!;
        expect(r.table.close(r.handles[i]!)).toBe(h.open);
        if (h.open) {
          h.open = false;
          if (--m.refs[h.target]! === 0) m.closedTargets.push(h.target);
        }
      }
      toString = (): string => `close(${this.pick})`;
    }
    class Resolve implements fc.Command<Model, Real> {
      constructor(readonly pick: number) {}
      check = (m: Readonly<Model>): boolean => m.handles.length > 0;
      run(m: Model, r: Real): void {
        const i = this.pick % m.handles.length;
        const got = r.table.resolve(r.handles[i]!);
        if (m.handles[i]!.open) expect(got).toEqual({ id: m.handles[i]!.target });
        else expect(got).toBe(E_GAMERUNTIME_INVALID_HANDLE);
        expect(r.closedTargets).toEqual(m.closedTargets);
        expect(r.table.liveCount).toBe(m.refs.filter((n) => n > 0).length);
      }
      toString = (): string => `resolve(${this.pick})`;
    }
    const pick = fc.nat(50);
    fc.assert(
      fc.property(
        fc.commands([fc.constant(new Create()), pick.map((p) => new Duplicate(p)), pick.map((p) => new Close(p)), pick.map((p) => new Resolve(p))], { size: '+1' }),
        (cmds) => {
          const closedTargets: number[] = [];
          const real: Real = {
            table: new HandleTable<{ id: number }, ThingHandle>({ kind: 'T', invalidHandle: E_GAMERUNTIME_INVALID_HANDLE, onLastClose: (rec) => closedTargets.push(rec.id) }),
            handles: [],
            closedTargets,
          };
          fc.modelRun(() => ({ model: { handles: [], refs: [], closedTargets: [] }, real }), cmds);
          for (const h of real.handles) real.table.close(h);
          expect(real.table.liveCount).toBe(0);
        },
      ),
    );
  });
});
