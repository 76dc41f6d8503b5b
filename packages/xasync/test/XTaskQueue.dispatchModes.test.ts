import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  S_OK,
  XTaskQueueCloseHandle,
  XTaskQueueDispatch,
  XTaskQueueIsEmpty,
  XTaskQueueSubmitCallback,
  XTaskQueueSubmitDelayedCallback,
  type XTaskQueueCallback,
  type XTaskQueueHandle,
} from '@gdkts/xasync';
import { setThreadPoolShuffle, setThreadPoolSize, useRuntimeSandbox } from '@gdkts/xasync/testing';
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
  type Deferred,
} from './helpers/queues.js';

const vh = useRuntimeSandbox({ beforeEach, afterEach });
const { createQueue } = vh;

/** Submits `n` Work callbacks `p0…` that log their start and return a pending Promise the test settles. */
function submitPromiseCallbacks(q: XTaskQueueHandle, log: CallLog, n: number): Deferred<void>[] {
  return Array.from({ length: n }, (_, i) => {
    const gate = deferred();
    const callback = (_ctx: unknown, canceled: boolean): Promise<void> => {
      log.note(canceled ? `p${i}!` : `p${i}`);
      return gate.promise;
    };
    // A Promise-returning callback is JS only; the public type says void.
    expect(XTaskQueueSubmitCallback(q, Work, undefined, callback as XTaskQueueCallback)).toBe(S_OK);
    return gate;
  });
}

describe('XTaskQueueDispatchMode.Manual', () => {
  it('runs nothing until XTaskQueueDispatch is called when the port is Manual', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    submit(q, Work, log.cb('a'));
    submit(q, Completion, log.cb('c'));
    vh.host.runAll();
    expect(log.calls).toEqual([]);
    expect(XTaskQueueIsEmpty(q, Work)).toBe(false);
    expect(XTaskQueueIsEmpty(q, Completion)).toBe(false);
    expect(dispatchAll(q, Work)).toBe(1);
    expect(dispatchAll(q, Completion)).toBe(1);
    expect(log.calls).toEqual(['a', 'c']);
    XTaskQueueCloseHandle(q);
  });

  it('runs one callback per XTaskQueueDispatch call, in FIFO order, on the caller stack when several are ready', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    let insideDispatch = false;
    const seenInside: boolean[] = [];
    for (const name of ['a', 'b', 'c'])
      submit(
        q,
        Work,
        log.cb(name, () => seenInside.push(insideDispatch)),
      );
    for (const expected of [['a'], ['a', 'b'], ['a', 'b', 'c']]) {
      insideDispatch = true;
      expect(XTaskQueueDispatch(q, Work, 0)).toBe(true);
      insideDispatch = false;
      expect(log.calls).toEqual(expected);
    }
    expect(XTaskQueueDispatch(q, Work, 0)).toBe(false);
    expect(seenInside).toEqual([true, true, true]);
    XTaskQueueCloseHandle(q);
  });

  it('runs a callback uncanceled with its context when dispatched', () => {
    const q = createQueue(Manual, Manual);
    const seen: [unknown, boolean][] = [];
    const context = { id: 1 };
    expect(XTaskQueueSubmitCallback(q, Work, context, (ctx, canceled) => seen.push([ctx, canceled]))).toBe(S_OK);
    expect(XTaskQueueDispatch(q, Work, 0)).toBe(true);
    expect(seen).toEqual([[context, false]]);
    expect(seen[0]![0]).toBe(context);
    XTaskQueueCloseHandle(q);
  });

  it('allows a re-entrant XTaskQueueDispatch from a callback of the same port', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    submit(
      q,
      Work,
      log.cb('outer', () => expect(XTaskQueueDispatch(q, Work, 0)).toBe(true)),
    );
    submit(q, Work, log.cb('inner'));
    expect(XTaskQueueDispatch(q, Work, 0)).toBe(true);
    expect(log.calls).toEqual(['outer', 'inner']);
    XTaskQueueCloseHandle(q);
  });

  it('reports a throwing callback asynchronously and keeps the port working', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    const boom = new Error('boom');
    submit(q, Work, () => {
      throw boom;
    });
    submit(q, Work, log.cb('next'));
    expect(XTaskQueueDispatch(q, Work, 0)).toBe(true);
    expect(vh.takeErrors()).toEqual([boom]);
    expect(XTaskQueueDispatch(q, Work, 0)).toBe(true);
    expect(log.calls).toEqual(['next']);
    expect(XTaskQueueIsEmpty(q, Work)).toBe(true);
    XTaskQueueCloseHandle(q);
  });
});

describe('XTaskQueueDispatchMode.ThreadPool', () => {
  it('never runs a callback inside the submitting call when the port is ThreadPool', () => {
    const q = createQueue(ThreadPool, ThreadPool);
    const log = new CallLog();
    submit(q, Work, log.cb('a'));
    submit(q, Completion, log.cb('c'));
    expect(log.calls).toEqual([]);
    expect(vh.host.pendingTasks()).toBeGreaterThan(0);
    vh.host.runTasks();
    expect(log.calls.sort()).toEqual(['a', 'c']);
    XTaskQueueCloseHandle(q);
  });

  it('starts each ready callback in a macrotask of its own, in FIFO order', () => {
    const q = createQueue(ThreadPool, Manual);
    const log = new CallLog();
    for (const name of ['a', 'b', 'c']) submit(q, Work, log.cb(name));
    expect(vh.host.pendingTasks()).toBe(3);
    vh.host.runNext();
    expect(log.calls).toEqual(['a']);
    vh.host.runNext();
    expect(log.calls).toEqual(['a', 'b']);
    vh.host.runNext();
    expect(log.calls).toEqual(['a', 'b', 'c']);
    XTaskQueueCloseHandle(q);
  });

  it('starts the next callback while an earlier one still holds its thread with a pending Promise', async () => {
    const q = createQueue(ThreadPool, Manual);
    const log = new CallLog();
    const gates = submitPromiseCallbacks(q, log, 2);
    vh.host.runTasks();
    expect(log.calls).toEqual(['p0', 'p1']);
    expect(XTaskQueueIsEmpty(q, Work)).toBe(false); // both still executing
    gates.forEach((g) => g.resolve());
    await flushMicrotasks();
    expect(XTaskQueueIsEmpty(q, Work)).toBe(true);
    XTaskQueueCloseHandle(q);
  });

  it('keeps at most setThreadPoolSize callbacks busy and starts the next in FIFO order when one settles', async () => {
    setThreadPoolSize(2);
    const q = createQueue(ThreadPool, Manual);
    const log = new CallLog();
    const gates = submitPromiseCallbacks(q, log, 5);
    vh.host.runTasks();
    expect(log.take()).toEqual(['p0', 'p1']);
    gates[1]!.resolve();
    await flushMicrotasks();
    vh.host.runTasks();
    expect(log.take()).toEqual(['p2']);
    gates[0]!.reject(new Error('rejected'));
    await flushMicrotasks();
    vh.host.runTasks();
    expect(log.take()).toEqual(['p3']);
    expect(vh.takeErrors()).toHaveLength(1); // the rejection is reported, the thread is freed
    for (const g of gates) g.resolve();
    await flushMicrotasks();
    vh.host.runTasks();
    expect(log.take()).toEqual(['p4']);
    await flushMicrotasks();
    expect(XTaskQueueIsEmpty(q, Work)).toBe(true);
    XTaskQueueCloseHandle(q);
  });

  it('still runs every item exactly once when the pool start order is shuffled', () => {
    setThreadPoolShuffle(1234);
    const q = createQueue(ThreadPool, Manual);
    const order: number[] = [];
    for (let i = 0; i < 20; i++) submit(q, Work, () => order.push(i));
    vh.host.runTasks();
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(order).not.toEqual([...order].sort((a, b) => a - b)); // the seed does reorder starts
    XTaskQueueCloseHandle(q);
  });

  it('runs a ready item on the caller stack when its ThreadPool port is dispatched by hand', () => {
    const q = createQueue(ThreadPool, Manual);
    const log = new CallLog();
    submit(q, Work, log.cb('a'));
    expect(XTaskQueueDispatch(q, Work, 0)).toBe(true);
    expect(log.calls).toEqual(['a']);
    vh.host.runTasks(); // the pool job finds nothing left
    expect(log.calls).toEqual(['a']);
    XTaskQueueCloseHandle(q);
  });
});

describe('XTaskQueueDispatchMode.SerializedThreadPool', () => {
  it('never runs a callback inside the submitting call and runs them one per macrotask in FIFO order', () => {
    const q = createQueue(SerializedThreadPool, Manual);
    const log = new CallLog();
    for (const name of ['a', 'b', 'c']) submit(q, Work, log.cb(name));
    expect(log.calls).toEqual([]);
    vh.host.runNext();
    expect(log.calls).toEqual(['a']);
    vh.host.runTasks();
    expect(log.calls).toEqual(['a', 'b', 'c']);
    XTaskQueueCloseHandle(q);
  });

  it('starts the next callback only after the previous one returned its Promise and it settled', async () => {
    setThreadPoolSize(8);
    const q = createQueue(SerializedThreadPool, Manual);
    const log = new CallLog();
    const gates = submitPromiseCallbacks(q, log, 3);
    submit(q, Work, log.cb('sync'));
    vh.host.runTasks();
    expect(log.take()).toEqual(['p0']);
    submit(q, Work, log.cb('late')); // submitting while busy does not start anything
    vh.host.runTasks();
    expect(log.take()).toEqual([]);
    gates[0]!.resolve();
    await flushMicrotasks();
    vh.host.runTasks();
    expect(log.take()).toEqual(['p1']);
    gates[1]!.reject(new Error('rejected'));
    await flushMicrotasks();
    vh.host.runTasks();
    expect(log.take()).toEqual(['p2']);
    expect(vh.takeErrors()).toHaveLength(1);
    gates[2]!.resolve();
    await flushMicrotasks();
    vh.host.runTasks();
    expect(log.take()).toEqual(['sync', 'late']);
    expect(XTaskQueueIsEmpty(q, Work)).toBe(true);
    XTaskQueueCloseHandle(q);
  });

  it('runs items submitted from a running callback after it, never nested', () => {
    const q = createQueue(SerializedThreadPool, Manual);
    const log = new CallLog();
    submit(
      q,
      Work,
      log.cb('a', () => {
        submit(q, Work, log.cb('b'));
        log.note('a-end');
      }),
    );
    vh.host.runTasks();
    expect(log.calls).toEqual(['a', 'a-end', 'b']);
    XTaskQueueCloseHandle(q);
  });
});

describe('XTaskQueueDispatchMode.Immediate', () => {
  it('runs the callback synchronously inside the submitting call, after the monitors', () => {
    const q = createQueue(Immediate, Immediate);
    const log = new CallLog();
    const token = registerMonitor(q, (_ctx, _queue, port) => log.note(`monitor:${port}`));
    submit(q, Work, log.cb('a'));
    log.note('returned');
    submit(q, Completion, log.cb('c'));
    expect(log.calls).toEqual(['monitor:0', 'a', 'returned', 'monitor:1', 'c']);
    expect(vh.host.pendingTasks()).toBe(0);
    expect(token.token).toBe(1n);
    XTaskQueueCloseHandle(q);
  });

  it('runs a submit made inside an Immediate callback nested, before the outer callback continues', () => {
    const q = createQueue(Immediate, Immediate);
    const log = new CallLog();
    submit(
      q,
      Work,
      log.cb('outer', () => {
        submit(q, Work, log.cb('inner'));
        log.note('outer-end');
      }),
    );
    expect(log.calls).toEqual(['outer', 'inner', 'outer-end']);
    XTaskQueueCloseHandle(q);
  });

  it('runs a delayed Immediate callback when it becomes due, not inside the submitting call', () => {
    const q = createQueue(Immediate, Immediate);
    const log = new CallLog();
    expect(XTaskQueueSubmitDelayedCallback(q, Work, 10, undefined, log.cb('d'))).toBe(S_OK);
    expect(log.calls).toEqual([]);
    vh.host.runAll();
    expect(log.calls).toEqual(['d']);
    expect(vh.host.now()).toBeGreaterThanOrEqual(10);
    XTaskQueueCloseHandle(q);
  });

  it('has nothing to dispatch by hand when the port is Immediate', () => {
    const q = createQueue(Immediate, Immediate);
    submit(q, Work, () => {});
    expect(XTaskQueueDispatch(q, Work, 0)).toBe(false);
    expect(XTaskQueueIsEmpty(q, Work)).toBe(true);
    XTaskQueueCloseHandle(q);
  });
});

describe('XTaskQueueCreate', () => {
  it('gives the two ports independent dispatch modes when Work is ThreadPool and Completion is Manual', () => {
    const q = createQueue(ThreadPool, Manual);
    const log = new CallLog();
    submit(
      q,
      Work,
      log.cb('work', () => submit(q, Completion, log.cb('completion'))),
    );
    vh.host.runAll();
    expect(log.calls).toEqual(['work']);
    expect(XTaskQueueDispatch(q, Completion, 0)).toBe(true);
    expect(log.calls).toEqual(['work', 'completion']);
    XTaskQueueCloseHandle(q);
  });

  it('gives the two ports independent dispatch modes when Work is Manual and Completion is Immediate', () => {
    const q = createQueue(Manual, Immediate);
    const log = new CallLog();
    submit(
      q,
      Work,
      log.cb('work', () => submit(q, Completion, log.cb('completion'))),
    );
    expect(log.calls).toEqual([]);
    expect(XTaskQueueDispatch(q, Completion, 0)).toBe(false); // dispatching Completion does not run Work
    expect(XTaskQueueDispatch(q, Work, 0)).toBe(true);
    expect(log.calls).toEqual(['work', 'completion']); // completion ran inside the Work callback's submit
    XTaskQueueCloseHandle(q);
  });
});
