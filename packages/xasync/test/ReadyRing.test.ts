// Unit test of a private file: the port's ready FIFO of recycled slots against an array model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PortContext } from '../src/internal/queue/PortObject.js';
import { ReadyRing } from '../src/internal/queue/ReadyRing.js';

interface Item {
  readonly ctx: PortContext;
  readonly callback: () => void;
  readonly context: unknown;
  readonly id: number;
}

interface World {
  readonly ring: ReadyRing;
  readonly model: Item[];
  next: number;
}

class Push implements fc.Command<World, World> {
  check(): boolean {
    return true;
  }
  run(_m: World, w: World): void {
    const n = ++w.next;
    const item: Item = { ctx: { n } as unknown as PortContext, callback: () => undefined, context: { n }, id: n };
    w.ring.push(item.ctx, item.callback, item.context, null, item.id);
    w.model.push(item);
    expect(w.ring.length).toBe(w.model.length);
  }
  toString(): string {
    return 'push';
  }
}

class Take implements fc.Command<World, World> {
  constructor(readonly at: number) {}
  check(): boolean {
    return true;
  }
  run(_m: World, w: World): void {
    const index = w.model.length === 0 ? 0 : this.at % (w.model.length + 1); // sometimes one past the end
    const taken = w.ring.take(index);
    expect(taken).toBe(index < w.model.length);
    if (taken) {
      const [item] = w.model.splice(index, 1);
      expect([w.ring.takenCtx, w.ring.takenCallback, w.ring.takenContext, w.ring.takenWaiter, w.ring.takenId]).toEqual([
        item!.ctx,
        item!.callback,
        item!.context,
        null,
        item!.id,
      ]);
      expect(w.ring.takenCtx).toBe(item!.ctx);
    }
    expect(w.ring.length).toBe(w.model.length);
  }
  toString(): string {
    return `take(${this.at})`;
  }
}

describe('ReadyRing (a port ready FIFO of recycled slots)', () => {
  it('behaves as an array FIFO with removal at any offset, across growth and wrap-around', () => {
    const commands = [
      fc.constant(new Push()),
      fc.constant(new Push()),
      fc.nat(40).map((at) => new Take(at)),
      fc.constant(new Take(0)),
    ];
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 200 }), (cmds) => {
        const world: World = { ring: new ReadyRing(), model: [], next: 0 };
        fc.modelRun(() => ({ model: world, real: world }), cmds);
        // drain: the rest comes out in order
        while (world.model.length > 0) new Take(0).run(world, world);
        expect(world.ring.take()).toBe(false);
      }),
    );
  });
});
