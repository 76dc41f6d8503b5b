import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  E_HANDLE,
  E_INVALIDARG,
  INFINITE,
  S_OK,
  XTaskQueueCloseHandle,
  XTaskQueueDispatch,
  XTaskQueueDispatchAsync,
  XTaskQueueIsEmpty,
  XTaskQueueSubmitDelayedCallback,
  XTaskQueueTerminate,
  type XTaskQueueCallback,
  type XTaskQueueDispatchMode,
} from '@gdkts/xasync';
import { useRuntimeSandbox } from '@gdkts/xasync/testing';
import {
  CallLog,
  Completion,
  Immediate,
  Manual,
  SerializedThreadPool,
  ThreadPool,
  Work,
  deferred,
  dispatchAll,
  flushMicrotasks,
  registerMonitor,
  submit,
  submitGatedWork,
} from './helpers/queues.js';

const vh = useRuntimeSandbox({ beforeEach, afterEach });
const { createQueue } = vh;

type Action = { readonly submit: number } | { readonly advance: number };

describe('XTaskQueueSubmitDelayedCallback', () => {
  it('never runs an item early, never strands it, and keeps submission order among items due in order', () => {
    const action = fc.oneof(
      fc.record({ submit: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 120 })) }),
      fc.record({ advance: fc.integer({ min: 0, max: 40 }) }),
    );
    const mode = fc.constantFrom<XTaskQueueDispatchMode>(Manual, ThreadPool, SerializedThreadPool, Immediate);
    fc.assert(
      fc.property(mode, fc.array(action, { minLength: 1, maxLength: 30 }), (workMode, actions: Action[]) => {
        const q = createQueue(workMode, Manual);
        const items: { due: number; timed: boolean; ranAt: number | undefined }[] = [];
        const order: number[] = [];
        const pumpManual = (): void => {
          if (workMode === Manual) while (XTaskQueueDispatch(q, Work, 0));
        };
        for (const a of actions) {
          if ('submit' in a) {
            const i = items.length;
            items.push({ due: vh.host.now() + a.submit, timed: a.submit > 0, ranAt: undefined });
            submit(
              q,
              Work,
              () => {
                items[i]!.ranAt = vh.host.now();
                order.push(i);
              },
              a.submit,
            );
          } else vh.host.advance(a.advance);
          pumpManual();
          for (const item of items) if (item.ranAt !== undefined) expect(item.ranAt).toBeGreaterThanOrEqual(item.due);
        }
        vh.host.runAll();
        pumpManual();
        expect(order.length).toBe(items.length); // none stranded
        for (const item of items) expect(item.ranAt).toBeGreaterThanOrEqual(item.due);
        // Items that went through the timer keep submission order whenever they are due in that order.
        // (A delay-0 item is appended at once, so it may pass a delayed item that is due this very moment.)
        const position = new Map(order.map((item, at) => [item, at]));
        for (let i = 0; i < items.length; i++) {
          for (let j = i + 1; j < items.length; j++) {
            const [a, b] = [items[i]!, items[j]!];
            if (a.timed && b.timed && a.due <= b.due) expect(position.get(i)!).toBeLessThan(position.get(j)!);
          }
        }
        XTaskQueueCloseHandle(q);
      }),
    );
  });

  it('does not promote a later item when the timer re-arms for an earlier item submitted after it', () => {
    const q = createQueue(ThreadPool, Manual);
    const log = new CallLog();
    submit(q, Work, log.cb('late'), 100);
    submit(q, Work, log.cb('early'), 30);
    vh.host.advance(50);
    expect(log.calls).toEqual(['early']);
    vh.host.advance(49); // t = 99
    expect(log.calls).toEqual(['early']);
    vh.host.advance(10);
    expect(log.calls).toEqual(['early', 'late']);
    XTaskQueueCloseHandle(q);
  });

  it('keeps submission order among items that fall due at the same time', () => {
    const q = createQueue(ThreadPool, Manual);
    const order: number[] = [];
    for (let i = 0; i < 20; i++) {
      submit(q, Work, () => order.push(i), 20 - i); // every item is due at t = 20
      vh.host.advance(1);
    }
    vh.host.runAll();
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
    XTaskQueueCloseHandle(q);
  });

  it('appends an item with delay 0 at once, without the timer, ahead of earlier delayed items', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    submit(q, Work, log.cb('delayed'), 5);
    const timers = vh.host.pendingTimers();
    submit(q, Work, log.cb('now'), 0);
    expect(vh.host.pendingTimers()).toBe(timers);
    expect(XTaskQueueDispatch(q, Work, 0)).toBe(true);
    expect(log.calls).toEqual(['now']);
    expect(vh.host.now()).toBe(0);
    expect(XTaskQueueDispatch(q, Work, INFINITE)).toBe(true);
    expect(log.calls).toEqual(['now', 'delayed']);
    XTaskQueueCloseHandle(q);
  });

  it('still needs XTaskQueueDispatch for a delayed item that became due on a Manual port', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    submit(q, Work, log.cb('d'), 10);
    vh.host.runAll();
    expect(vh.host.now()).toBeGreaterThanOrEqual(10);
    expect(log.calls).toEqual([]);
    expect(XTaskQueueIsEmpty(q, Work)).toBe(false);
    expect(XTaskQueueDispatch(q, Work, 0)).toBe(true);
    expect(log.calls).toEqual(['d']);
    XTaskQueueCloseHandle(q);
  });

  // A timer thread held up past several due times promotes everything overdue in one sweep, in
  // submission order, not in due order (xasync-semantics.md §4.3).
  it('releases overdue items in submission order when the timer fires late (virtual host, stalled timers)', () => {
    const q = createQueue(SerializedThreadPool, Manual);
    const log = new CallLog();
    submit(q, Work, log.cb('A'), 20);
    submit(q, Work, log.cb('B'), 10);
    submit(q, Work, log.cb('C'), 60);
    vh.host.stallTimers(40);
    expect(vh.host.now()).toBe(40);
    expect(log.calls, 'nothing fires while the timers are stalled').toEqual([]);
    vh.host.advance(0); // the stalled timer fires, late: one sweep at t = 40
    expect(log.take()).toEqual(['A', 'B']);
    vh.host.advance(19);
    expect(log.calls, 'C is not overdue').toEqual([]);
    vh.host.advance(1);
    expect(log.take()).toEqual(['C']);
    XTaskQueueCloseHandle(q);
  });

  it('releases overdue items in submission order when the timer fires late (real host, event loop blocked)', async () => {
    vh.useRealHost(); // a real timer made late by a busy thread
    const q = createQueue(SerializedThreadPool, Manual);
    const log = new CallLog();
    const done = deferred();
    submit(q, Work, log.cb('A'), 20);
    submit(
      q,
      Work,
      log.cb('B', () => done.resolve()),
      10,
    );
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 40); // holds the thread past both due times
    await done.promise;
    expect(log.take()).toEqual(['A', 'B']);
    XTaskQueueCloseHandle(q);
  });

  it('keeps no host timer for delayed items termination surfaced: re-armed for the next due item, then cleared', () => {
    const q = createQueue(ThreadPool, ThreadPool);
    const other = createQueue(ThreadPool, ThreadPool);
    const log = new CallLog();
    submit(q, Work, log.cb('q work'), 3_600_000); // due in an hour: the earliest timer is q's
    submit(q, Completion, log.cb('q completion'), 10);
    submit(other, Work, log.cb('other'), 50);
    expect(vh.host.pendingTimers()).toBe(1);
    expect(XTaskQueueTerminate(q, false, undefined, null)).toBe(S_OK);
    vh.host.runTasks();
    expect(log.take()).toEqual(['q work!', 'q completion!']);
    expect(vh.host.pendingTimers(), 'the one timer left is for the other queue').toBe(1);
    vh.host.advance(49);
    expect(log.calls).toEqual([]);
    vh.host.advance(1);
    expect(log.take()).toEqual(['other']);
    submit(other, Work, log.cb('later'), 1_000);
    expect(XTaskQueueTerminate(other, false, undefined, null)).toBe(S_OK);
    vh.host.runTasks();
    expect(log.take()).toEqual(['later!']);
    expect(vh.host.pendingTimers(), 'nothing is parked: no host timer').toBe(0);
    XTaskQueueCloseHandle(q);
    XTaskQueueCloseHandle(other);
  });

  it('keeps no real timer alive (the process could exit) once termination surfaced the delayed items', async () => {
    vh.useRealHost();
    const timeouts = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timeouts();
    const q = createQueue(ThreadPool, ThreadPool);
    const log = new CallLog();
    submit(q, Work, log.cb('hour'), 3_600_000);
    expect(timeouts()).toBe(before + 1);
    const done = deferred();
    expect(XTaskQueueTerminate(q, false, undefined, () => done.resolve())).toBe(S_OK);
    expect(timeouts(), 'the timer went with the item').toBe(before);
    await done.promise;
    expect(log.calls).toEqual(['hour!']);
    XTaskQueueCloseHandle(q);
  });

  it('returns E_INVALIDARG for a delay that is not a uint32, a bad port or a missing callback', () => {
    const q = createQueue(Manual, Manual);
    const cb: XTaskQueueCallback = () => {};
    for (const delay of [-1, 1.5, 2 ** 32, Number.NaN])
      expect(XTaskQueueSubmitDelayedCallback(q, Work, delay, undefined, cb)).toBe(E_INVALIDARG);
    expect(XTaskQueueSubmitDelayedCallback(q, 2 as never, 1, undefined, cb)).toBe(E_INVALIDARG);
    expect(XTaskQueueSubmitDelayedCallback(q, Work, 1, undefined, null as never)).toBe(E_INVALIDARG);
    expect(XTaskQueueSubmitDelayedCallback(q, Work, 0xffffffff, undefined, cb)).toBe(S_OK);
    expect(XTaskQueueIsEmpty(q, Work)).toBe(false);
    vh.host.runAll(); // the accepted item is due about 49.7 days later
    expect(XTaskQueueDispatch(q, Work, 0)).toBe(true);
    XTaskQueueCloseHandle(q);
    const closed = createQueue(Manual, Manual);
    XTaskQueueCloseHandle(closed);
    expect(XTaskQueueSubmitDelayedCallback(closed, Work, 1, undefined, cb)).toBe(E_HANDLE);
  });
});

describe('XTaskQueueDispatch', () => {
  it('lets emulated time pass until a delayed item is due when given a timeout', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    submit(q, Work, log.cb('d'), 100);
    expect(XTaskQueueDispatch(q, Work, 1000)).toBe(true);
    expect(log.calls).toEqual(['d']);
    expect(vh.host.now()).toBeGreaterThanOrEqual(100);
    expect(vh.host.now()).toBeLessThan(1000);
    XTaskQueueCloseHandle(q);
  });

  it('returns false once the timeout passed when the delayed item is due later', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    submit(q, Work, log.cb('d'), 100);
    expect(XTaskQueueDispatch(q, Work, 40)).toBe(false);
    expect(vh.host.now()).toBe(40);
    expect(log.calls).toEqual([]);
    expect(XTaskQueueDispatch(q, Work, INFINITE)).toBe(true);
    expect(vh.host.now()).toBeGreaterThanOrEqual(100);
    expect(log.calls).toEqual(['d']);
    XTaskQueueCloseHandle(q);
  });

  it('returns false at once, without sleeping out the timeout, when nothing can arrive on the port', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    expect(XTaskQueueDispatch(q, Work, 5000)).toBe(false);
    expect(XTaskQueueDispatch(q, Work, INFINITE)).toBe(false);
    // A delayed item of the other Manual port would need a Dispatch of that port to run.
    submit(q, Work, log.cb('w'), 10);
    expect(XTaskQueueDispatch(q, Completion, INFINITE)).toBe(false);
    expect(vh.host.now()).toBe(0);
    expect(XTaskQueueDispatch(q, Work, INFINITE)).toBe(true);
    expect(log.calls).toEqual(['w']);
    XTaskQueueCloseHandle(q);
  });

  it('runs ready and delayed thread-pool work while it waits and returns true when that work submits to the port', () => {
    const q = createQueue(ThreadPool, Manual);
    const log = new CallLog();
    submit(
      q,
      Work,
      log.cb('work', () => submit(q, Completion, log.cb('completion'))),
      50,
    );
    expect(XTaskQueueDispatch(q, Completion, INFINITE)).toBe(true);
    expect(log.calls).toEqual(['work', 'completion']);
    expect(vh.host.now()).toBeGreaterThanOrEqual(50);
    XTaskQueueCloseHandle(q);
  });

  it("promotes other ports' items as each falls due while it lets time pass, as the timer thread would", () => {
    const waiting = createQueue(Manual, Manual);
    const other = createQueue(Manual, Manual);
    const log = new CallLog();
    registerMonitor(other, () => log.note(`ready@${vh.host.now()}`));
    submit(other, Work, log.cb('A'), 20);
    vh.host.advance(1);
    submit(other, Work, log.cb('B'), 10); // due at 11, before A
    submit(waiting, Work, log.cb('W'), 99); // due at 100
    expect(XTaskQueueDispatch(waiting, Work, 1000)).toBe(true);
    expect(dispatchAll(other, Work)).toBe(2);
    expect(log.calls).toEqual(['ready@11', 'ready@20', 'W', 'B', 'A']);
    XTaskQueueCloseHandle(waiting);
    XTaskQueueCloseHandle(other);
  });

  it('returns false at once when only a pending Promise of a pool callback could submit to the port', async () => {
    const q = createQueue(ThreadPool, Manual);
    const log = new CallLog();
    const gate = submitGatedWork(q, log);
    expect(XTaskQueueDispatch(q, Completion, INFINITE)).toBe(false);
    expect(vh.host.now()).toBe(0);
    gate.resolve();
    await flushMicrotasks();
    expect(XTaskQueueDispatch(q, Completion, 0)).toBe(true);
    expect(log.calls).toEqual(['completion']);
    XTaskQueueCloseHandle(q);
  });

  it('returns false for an invalid port, timeout or handle', () => {
    const q = createQueue(Manual, Manual);
    submit(q, Work, () => {});
    expect(XTaskQueueDispatch(q, 2 as never, 0)).toBe(false);
    expect(XTaskQueueDispatch(q, Work, -1)).toBe(false);
    expect(XTaskQueueDispatch({} as never, Work, 0)).toBe(false);
    expect(XTaskQueueDispatch('queue' as never, Work, 0)).toBe(false);
    expect(XTaskQueueDispatch(q, Work, 0)).toBe(true);
    XTaskQueueCloseHandle(q);
  });
});

describe('XTaskQueueDispatchAsync', () => {
  it('resolves true once a delayed item becomes due while time advances', async () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    submit(q, Work, log.cb('d'), 100);
    let settled = false;
    const result = XTaskQueueDispatchAsync(q, Work, 1000).then((ran) => {
      settled = true;
      return ran;
    });
    await flushMicrotasks();
    expect(settled).toBe(false);
    vh.host.advance(200);
    expect(await result).toBe(true);
    expect(log.calls).toEqual(['d']);
    XTaskQueueCloseHandle(q);
  });

  it('resolves false when the timeout passes before anything is ready', async () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    submit(q, Work, log.cb('d'), 100);
    const result = XTaskQueueDispatchAsync(q, Work, 50);
    vh.host.advance(60);
    expect(await result).toBe(false);
    expect(log.calls).toEqual([]);
    expect(XTaskQueueDispatch(q, Work, INFINITE)).toBe(true);
    XTaskQueueCloseHandle(q);
  });

  it('resolves true when Promise-based pool work submits to the port meanwhile', async () => {
    const q = createQueue(ThreadPool, Manual);
    const log = new CallLog();
    const gate = submitGatedWork(q, log);
    const result = XTaskQueueDispatchAsync(q, Completion, INFINITE);
    vh.host.runTasks();
    gate.resolve();
    expect(await result).toBe(true);
    expect(log.calls).toEqual(['completion']);
    XTaskQueueCloseHandle(q);
  });

  for (const [name, mode] of [
    ['ThreadPool', ThreadPool],
    ['SerializedThreadPool', SerializedThreadPool],
  ] as const) {
    it(`neither spins nor oversleeps while a termination step waits for a pending Promise callback when Work is ${name}`, async () => {
      vh.useRealHost(); // only real macrotasks show whether the wait starves the event loop or misses the wake-up
      const q = createQueue(mode, Manual);
      const gate = deferred();
      const started = deferred();
      submit(q, Work, (() => {
        started.resolve();
        return gate.promise;
      }) as XTaskQueueCallback);
      await started.promise;
      expect(XTaskQueueTerminate(q, false, undefined, null)).toBe(S_OK);
      const order: string[] = [];
      setImmediate(() => {
        order.push('macrotask');
        gate.resolve();
        setImmediate(() => order.push('next macrotask'));
      });
      const ran = await XTaskQueueDispatchAsync(q, Work, 1000); // the bound only matters when the wait is broken
      order.push('dispatch returned');
      expect(ran).toBe(false); // the Work port terminated once the callback settled
      expect(order).toEqual(['macrotask', 'dispatch returned']);
      expect(XTaskQueueDispatch(q, Completion, 0)).toBe(false); // finishes termination
      XTaskQueueCloseHandle(q);
    });
  }

  it('resolves false at once for timeout 0 when nothing is ready, and true when an item is', async () => {
    const q = createQueue(Manual, Manual);
    expect(await XTaskQueueDispatchAsync(q, Work, 0)).toBe(false);
    submit(q, Work, () => {});
    expect(await XTaskQueueDispatchAsync(q, Work, 0)).toBe(true);
    XTaskQueueCloseHandle(q);
  });
});
