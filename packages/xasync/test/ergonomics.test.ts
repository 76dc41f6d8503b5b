/**
 * What a line-for-line port of native code needs (issue 6 §9): `Symbol.dispose` on handles,
 * `ref()` write-through out-parameters, typed contexts, the provider's resolved block copy and
 * non-null GetResult buffer, the runtime's clock, and blocking waits that say why they gave up.
 */
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  CreateEvent,
  E_HANDLE,
  E_PENDING,
  E_POSSIBLE_DEADLOCK,
  S_OK,
  SetEvent,
  XAsyncBegin,
  XAsyncComplete,
  XAsyncGetStatus,
  XAsyncGetResult,
  XAsyncGetStatusAsync,
  XAsyncOp,
  XAsyncRun,
  XAsyncSchedule,
  XTaskQueueCreate,
  XTaskQueueDispatchMode,
  XTaskQueueDuplicateHandle,
  XTaskQueuePort,
  XTaskQueueRegisterMonitor,
  XTaskQueueSubmitCallback,
  XTaskQueueSubmitDelayedCallback,
  XTaskQueueTerminate,
  XTaskQueueTerminateAsync,
  now,
  out,
  ref,
  trace,
  type Out,
  type PossibleDeadlockEvent,
  type XAsyncBlock,
  type XTaskQueueHandle,
  type XTaskQueueRegistrationToken,
  type XWaitHandle,
} from '@gdkts/xasync';
import { Registrations, beginPromiseCall } from '@gdkts/xasync/provider';
import { deferred, liveTaskQueueCount } from '@gdkts/xasync/testing';
import { pump, useRuntimeSandbox } from '@gdkts/xasync/testing';

const { Manual, ThreadPool } = XTaskQueueDispatchMode;
const { Work, Completion } = XTaskQueuePort;

const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, { virtualHost: false });
const { createQueue, closeQueue } = sandbox;

function recordDeadlocks(): { events: PossibleDeadlockEvent[]; stop(): void } {
  const events: PossibleDeadlockEvent[] = [];
  const listener = (e: PossibleDeadlockEvent): void => void events.push(e);
  trace.on('possibleDeadlock', listener);
  return { events, stop: () => void trace.off('possibleDeadlock', listener) };
}

describe('Symbol.dispose on handles', () => {
  it('`using` closes a queue handle at the end of its scope', () => {
    const before = liveTaskQueueCount();
    let escaped: XTaskQueueHandle | null = null;
    {
      using q = (() => {
        const h = out<XTaskQueueHandle | null>(null);
        XTaskQueueCreate(Manual, Manual, h);
        return h.value!;
      })();
      escaped = q;
      expect(XTaskQueueSubmitCallback(q, Work, null, () => undefined)).toBe(S_OK);
      pump(q);
    }
    expect(XTaskQueueSubmitCallback(escaped, Work, null, () => undefined)).toBe(E_HANDLE);
    expect(liveTaskQueueCount()).toBe(before);
  });

  it('`using` closes an event; disposing a port handle does nothing', () => {
    let event: XWaitHandle | null = null;
    {
      using e = CreateEvent(false, false);
      event = e;
      expect(SetEvent(e)).toBe(true);
    }
    expect(SetEvent(event)).toBe(false);
    expectTypeOf<XTaskQueueHandle>().toExtend<Disposable>();
    expectTypeOf<XWaitHandle>().toExtend<Disposable>();
  });
});

describe('ref(): a write-through out-parameter onto a field', () => {
  it('the callee writes the field directly (no temporary, no copy-back)', () => {
    const game = { queue: null as XTaskQueueHandle | null, name: 'g' };
    expect(XTaskQueueCreate(Manual, Manual, ref(game, 'queue'))).toBe(S_OK);
    expect(game.queue).not.toBeNull();
    const block: XAsyncBlock = {};
    expect(XTaskQueueDuplicateHandle(game.queue, ref(block, 'queue'))).toBe(S_OK);
    expect(block.queue).not.toBe(game.queue);
    const r = ref(game, 'name');
    expect(r.value).toBe('g');
    game.name = 'h';
    expect(r.value).toBe('h');
    expectTypeOf(ref(game, 'queue')).toEqualTypeOf<Out<XTaskQueueHandle | null>>();
    closeQueue(block.queue!);
    closeQueue(game.queue!);
  });
});

interface Game {
  readonly frames: number[];
}

describe('typed contexts', () => {
  it('the completion routine, the work routine and queue callbacks read their context without a cast', () => {
    const q = createQueue();
    const game: Game = { frames: [] };
    const block: XAsyncBlock<Game> = {
      queue: q,
      context: game,
      callback: (b) => {
        expectTypeOf(b.context).toEqualTypeOf<Game | undefined>();
        b.context!.frames.push(2);
      },
    };
    expect(
      XAsyncRun(block, (copy) => {
        expectTypeOf(copy.context).toEqualTypeOf<Game | undefined>();
        expectTypeOf(copy.queue).toEqualTypeOf<XTaskQueueHandle>(); // the resolved queue, never null
        copy.context!.frames.push(1);
        return S_OK;
      }),
    ).toBe(S_OK);
    expect(
      XTaskQueueSubmitCallback(q, Work, game, (ctx, canceled) => {
        expectTypeOf(ctx).toEqualTypeOf<Game>();
        if (!canceled) ctx.frames.push(3);
      }),
    ).toBe(S_OK);
    const token = out<XTaskQueueRegistrationToken>({ token: 0n });
    XTaskQueueRegisterMonitor(q, game, (ctx) => expectTypeOf(ctx).toEqualTypeOf<Game>(), token);
    XTaskQueueSubmitDelayedCallback(q, Work, 0, 7, (n) => expectTypeOf(n).toEqualTypeOf<number>());
    pump(q); // drains Work (the work routine, then the queue callback) before Completion
    expect(game.frames).toEqual([1, 3, 2]);
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
  });

  it("a provider's data: typed context, the resolved queue, and a non-null buffer in GetResult", () => {
    const q = createQueue();
    const block: XAsyncBlock = { queue: q };
    const seenQueues: XTaskQueueHandle[] = [];
    XAsyncBegin(block, { answer: 42 }, block, 'TypedAsync', (op, data) => {
      expectTypeOf(data.context).toEqualTypeOf<{ answer: number }>();
      expectTypeOf(data.async.queue).toEqualTypeOf<XTaskQueueHandle>();
      seenQueues.push(data.async.queue);
      switch (op) {
        case XAsyncOp.Begin:
          return XAsyncSchedule(data.async, 0);
        case XAsyncOp.DoWork:
          XAsyncComplete(data.async, S_OK, 1);
          return S_OK;
        case XAsyncOp.GetResult:
          expectTypeOf(data.buffer).toEqualTypeOf<Uint8Array>();
          data.buffer[0] = data.context.answer;
          return S_OK;
        default:
          expectTypeOf(data.buffer).toEqualTypeOf<Uint8Array | null>();
          return S_OK;
      }
    });
    pump(q);
    const buffer = new Uint8Array(1);
    expect(XAsyncGetResult(block, block, 1, buffer, null)).toBe(S_OK);
    expect(buffer[0]).toBe(42);
    expect(seenQueues.every((h) => h !== null && typeof h === 'object')).toBe(true);
  });
});

describe('now(): the runtime clock', () => {
  it('reads the same time the queues use (virtual under ./testing)', () => {
    const host = sandbox.useVirtualHost();
    const q = createQueue();
    const start = now();
    let ranAt = -1;
    XTaskQueueSubmitDelayedCallback(q, Work, 250, null, () => {
      ranAt = now();
    });
    host.advance(249);
    pump(q);
    expect(ranAt).toBe(-1);
    expect(now() - start).toBe(249);
    host.advance(1);
    pump(q);
    expect(ranAt - start).toBe(250);
  });
});

describe('a blocking wait that cannot finish says why, and names its awaitable twin', () => {
  it('XAsyncGetStatus(wait) on a call held by a Manual port: manual-port', () => {
    const rec = recordDeadlocks();
    try {
      const q = createQueue(Manual, Manual);
      const block: XAsyncBlock = { queue: q };
      XAsyncRun(block, () => S_OK);
      expect(XAsyncGetStatus(block, true)).toBe(E_POSSIBLE_DEADLOCK);
      expect(rec.events).toMatchObject([{ operation: 'XAsyncGetStatus', reason: 'manual-port', awaitable: 'XAsyncGetStatusAsync', hr: E_POSSIBLE_DEADLOCK }]);
      expect(rec.events[0]!.message).toContain('await XAsyncGetStatusAsync');
      pump(q);
    } finally {
      rec.stop();
    }
  });

  it('XAsyncGetStatus(wait) on a call whose work awaits a Promise: outside-runtime; the twin finishes it', async () => {
    const rec = recordDeadlocks();
    try {
      const q = createQueue(ThreadPool, ThreadPool);
      const gate = deferred<void>();
      const block: XAsyncBlock = { queue: q };
      beginPromiseCall(block, block, 'FetchAsync', () => gate.promise);
      expect(XAsyncGetStatus(block, true)).toBe(E_POSSIBLE_DEADLOCK);
      expect(rec.events.map((e) => [e.operation, e.reason])).toEqual([['XAsyncGetStatus', 'outside-runtime']]);
      expect(rec.events[0]!.message).toContain('a Promise, a real timer or real I/O');
      expect(XAsyncGetStatus(block, false)).toBe(E_PENDING);
      gate.resolve();
      expect(await XAsyncGetStatusAsync(block)).toBe(S_OK);
    } finally {
      rec.stop();
    }
  });

  it('XTaskQueueTerminate(wait) on a Manual queue: manual-port, pointing to XTaskQueueTerminateAsync', async () => {
    const rec = recordDeadlocks();
    try {
      const q = createQueue(Manual, Manual);
      XTaskQueueSubmitCallback(q, Completion, null, () => undefined);
      expect(XTaskQueueTerminate(q, true, null, null)).toBe(E_POSSIBLE_DEADLOCK);
      expect(rec.events).toMatchObject([{ operation: 'XTaskQueueTerminate', reason: 'manual-port', awaitable: 'XTaskQueueTerminateAsync' }]);
      const finished = XTaskQueueTerminateAsync(q);
      pump(q);
      pump(q); // a termination step needs a dispatch that runs nothing
      pump(q);
      expect(await finished).toBe(S_OK);
    } finally {
      rec.stop();
    }
  });

  it('Registrations.unregister(wait) from inside its own callback: caller-stack', () => {
    const rec = recordDeadlocks();
    try {
      const regs = new Registrations<string>();
      const t = out<XTaskQueueRegistrationToken>({ token: 0n });
      regs.register('r', t);
      regs.invoke(t.value, () => expect(regs.unregister(t.value, true)).toBe(false));
      expect(rec.events).toMatchObject([{ operation: 'Registrations.unregister', reason: 'caller-stack', awaitable: 'Registrations.unregisterAsync' }]);
    } finally {
      rec.stop();
    }
  });
});
