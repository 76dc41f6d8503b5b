import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateEvent,
  E_ABORT,
  E_HANDLE,
  E_INVALIDARG,
  E_POSSIBLE_DEADLOCK,
  INFINITE,
  S_OK,
  XAsyncBegin,
  XAsyncCancel,
  XAsyncComplete,
  XAsyncOp,
  XTaskQueueCloseHandle,
  XTaskQueueDispatch,
  XTaskQueueRegisterWaiter,
  XTaskQueueResumeTermination,
  XTaskQueueSubmitCallback,
  XTaskQueueSubmitDelayedCallback,
  XTaskQueueSuspendTermination,
  XTaskQueueTerminate,
  XTaskQueueTerminateAsync,
  hresultToString as hex,
  out,
  type HRESULT,
  type XTaskQueueCallback,
  type XTaskQueueHandle,
  type XTaskQueueRegistrationToken,
} from '@gdkts/xasync';
import { liveTaskQueueCount, pump, useRuntimeSandbox } from '@gdkts/xasync/testing';
import {
  CallLog,
  Completion,
  Immediate,
  Manual,
  SerializedThreadPool,
  ThreadPool,
  Work,
  createComposite,
  deferred,
  dispatchAll,
  flushMicrotasks,
  getPort,
  registerWaiter,
  submit,
  type Deferred,
} from './helpers/queues.js';

const vh = useRuntimeSandbox({ beforeEach, afterEach });
const { createQueue } = vh;

/** A termination callback that logs `terminated` (with the time) and checks its context. */
function onTerminated(log: CallLog, expectedContext?: unknown): (context: unknown) => void {
  return (context) => {
    if (expectedContext !== undefined) expect(context).toBe(expectedContext);
    log.note('terminated');
  };
}

function terminate(q: XTaskQueueHandle, log: CallLog, wait = false): HRESULT {
  return XTaskQueueTerminate(q, wait, undefined, onTerminated(log));
}

describe('XTaskQueueTerminate', () => {
  it('invokes every pending, delayed and waiter callback once with canceled=true, surfacing Completion delays only after Work drained', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    const context = { id: 'termination' };
    const e = CreateEvent(false, false);
    submit(q, Work, log.cb('a'));
    submit(q, Work, log.cb('b'));
    submit(q, Work, log.cb('d300'), 300);
    submit(q, Work, log.cb('d100'), 100);
    registerWaiter(q, Work, e, log.cb('ww'));
    submit(q, Completion, log.cb('c'));
    submit(q, Completion, log.cb('dc'), 500);
    registerWaiter(q, Completion, e, log.cb('wc'));

    expect(XTaskQueueTerminate(q, false, context, onTerminated(log, context))).toBe(S_OK);
    expect(log.calls).toEqual([]);
    expect(dispatchAll(q, Completion)).toBe(1); // the queued Completion item runs canceled; its delayed item is not surfaced yet
    expect(log.take()).toEqual(['c!']);
    expect(dispatchAll(q, Work)).toBe(5);
    expect(log.take()).toEqual(['a!', 'b!', 'd300!', 'd100!', 'ww!']); // FIFO, then delayed in submission order, then waiters
    expect(dispatchAll(q, Completion)).toBe(2);
    expect(log.take()).toEqual(['dc!', 'wc!', 'terminated']);
    expect(pump(q)).toBe(0);
    expect(vh.host.now()).toBe(0); // delayed items surfaced at once, not at their due time
    vh.host.runAll();
    expect(log.calls).toEqual([]);
    XTaskQueueCloseHandle(q);
  });

  it('drains the Work port before terminating the Completion port when both are pool ports', () => {
    const q = createQueue(ThreadPool, ThreadPool);
    const log = new CallLog();
    submit(q, Completion, log.cb('dc'), 10);
    submit(q, Work, log.cb('dw'), 20);
    expect(terminate(q, log)).toBe(S_OK);
    vh.host.runTasks();
    expect(log.calls).toEqual(['dw!', 'dc!', 'terminated']);
    XTaskQueueCloseHandle(q);
  });

  it('accepts Completion items submitted by canceled Work callbacks and invokes them canceled (B14)', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    const results: HRESULT[] = [];
    for (const name of ['w1', 'w2']) {
      submit(
        q,
        Work,
        log.cb(name, () => results.push(XTaskQueueSubmitCallback(q, Completion, undefined, log.cb(`${name}-done`)))),
      );
    }
    expect(terminate(q, log)).toBe(S_OK);
    pump(q);
    expect(results).toEqual([S_OK, S_OK]);
    expect(log.calls).toEqual(['w1!', 'w2!', 'w1-done!', 'w2-done!', 'terminated']);
    XTaskQueueCloseHandle(q);
  });

  it('returns E_ABORT for Work submissions at once and for Completion submissions once the Work port terminated', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    const cb: XTaskQueueCallback = () => {};
    const token = out<XTaskQueueRegistrationToken>({ token: 0n });
    submit(q, Work, log.cb('a'));
    expect(terminate(q, log)).toBe(S_OK);
    expect(XTaskQueueSubmitCallback(q, Work, undefined, cb)).toBe(E_ABORT);
    expect(XTaskQueueSubmitDelayedCallback(q, Work, 10, undefined, cb)).toBe(E_ABORT);
    expect(XTaskQueueRegisterWaiter(q, Work, CreateEvent(false, false), undefined, cb, token)).toBe(E_ABORT);
    expect(XTaskQueueSubmitCallback(q, Completion, undefined, log.cb('accepted'))).toBe(S_OK);
    expect(dispatchAll(q, Work)).toBe(1);
    expect(XTaskQueueSubmitCallback(q, Completion, undefined, cb)).toBe(E_ABORT);
    expect(XTaskQueueSubmitDelayedCallback(q, Completion, 10, undefined, cb)).toBe(E_ABORT);
    pump(q);
    expect(log.calls).toEqual(['a!', 'accepted!', 'terminated']);
    for (const port of [Work, Completion]) {
      expect(XTaskQueueSubmitCallback(q, port, undefined, cb)).toBe(E_ABORT);
      expect(XTaskQueueDispatch(q, port, INFINITE)).toBe(false);
    }
    XTaskQueueCloseHandle(q);
  });

  it('invokes the termination callback inside XTaskQueueDispatch of a Manual Completion port, for an empty queue too (B15)', () => {
    const q = createQueue(Manual, Manual);
    let dispatching: XTaskQueueHandle | null = null;
    const seen: (XTaskQueueHandle | null)[] = [];
    expect(XTaskQueueTerminate(q, false, undefined, () => seen.push(dispatching))).toBe(S_OK);
    expect(XTaskQueueDispatch(q, Completion, 0)).toBe(false); // Work has not terminated yet
    expect(XTaskQueueDispatch(q, Work, 0)).toBe(false); // processes the Work step; runs no callback
    expect(seen).toEqual([]);
    dispatching = q;
    expect(XTaskQueueDispatch(q, Completion, 0)).toBe(false);
    dispatching = null;
    expect(seen).toEqual([q]);
    XTaskQueueCloseHandle(q);
  });

  it('invokes everything and the termination callback synchronously inside the call when both ports are Immediate', () => {
    const q = createQueue(Immediate, Immediate);
    const log = new CallLog();
    submit(q, Work, log.cb('dw'), 100);
    submit(q, Completion, log.cb('dc'), 100);
    expect(terminate(q, log)).toBe(S_OK);
    expect(log.calls).toEqual(['dw!', 'dc!', 'terminated']);
    expect(vh.host.pendingTasks()).toBe(0);
    XTaskQueueCloseHandle(q);
  });

  it('invokes the termination callback on a pool macrotask, never inside the call, for an empty pool queue (B15)', () => {
    for (const mode of [ThreadPool, SerializedThreadPool]) {
      const q = createQueue(mode, mode);
      const log = new CallLog();
      expect(terminate(q, log)).toBe(S_OK);
      expect(log.calls).toEqual([]);
      vh.host.runTasks();
      expect(log.calls).toEqual(['terminated']);
      XTaskQueueCloseHandle(q);
    }
  });

  it('parks termination while a suspension is held and finishes it on XTaskQueueResumeTermination (B25)', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    expect(XTaskQueueSuspendTermination(q)).toBe(S_OK);
    submit(q, Work, log.cb('a'));
    expect(terminate(q, log)).toBe(S_OK);
    expect(XTaskQueueSuspendTermination(q)).toBe(E_ABORT);
    pump(q);
    vh.host.runAll();
    pump(q);
    expect(log.take()).toEqual(['a!']); // canceled callbacks still run; the termination steps wait
    expect(XTaskQueueSubmitCallback(q, Completion, undefined, log.cb('c'))).toBe(S_OK);
    XTaskQueueResumeTermination(q);
    pump(q);
    expect(log.calls).toEqual(['c!', 'terminated']);
    XTaskQueueCloseHandle(q);
  });

  it("ignores XTaskQueueResumeTermination without a matching suspension, keeping an in-flight call's suspension", () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    const block = { queue: q };
    // A provider that never completes on its own: the call holds its suspension until canceled.
    expect(
      XAsyncBegin(block, undefined, 'id', null, (op, data) =>
        op === XAsyncOp.Cancel ? (XAsyncComplete(data.async, E_ABORT, 0), S_OK) : S_OK,
      ),
    ).toBe(S_OK);
    XTaskQueueResumeTermination(q); // misuse: nothing was suspended explicitly
    expect(terminate(q, log)).toBe(S_OK);
    pump(q);
    expect(log.calls).toEqual([]); // still parked behind the call's suspension
    XAsyncCancel(block);
    pump(q);
    expect(log.calls).toEqual(['terminated']);
    XTaskQueueCloseHandle(q);
  });

  it('finishes termination when the handle is closed right after the call or inside the termination callback (B18/B19)', () => {
    const pool = createQueue(ThreadPool, ThreadPool);
    const log = new CallLog();
    submit(pool, Work, log.cb('a'));
    expect(terminate(pool, log)).toBe(S_OK);
    XTaskQueueCloseHandle(pool);
    const manual = createQueue(Manual, Manual);
    const alive = liveTaskQueueCount();
    expect(
      XTaskQueueTerminate(manual, false, undefined, () => {
        XTaskQueueCloseHandle(manual);
        log.note('closed');
      }),
    ).toBe(S_OK);
    pump(manual);
    vh.host.runTasks();
    expect(log.calls).toEqual(['closed', 'a!', 'terminated']);
    expect(liveTaskQueueCount()).toBe(alive - 2);
  });

  it('returns S_OK and invokes the new callback again when the queue is already terminated', () => {
    const immediate = createQueue(Immediate, Immediate);
    const log = new CallLog();
    expect(terminate(immediate, log)).toBe(S_OK);
    expect(terminate(immediate, log)).toBe(S_OK);
    expect(terminate(immediate, log, true)).toBe(S_OK);
    expect(log.take()).toEqual(['terminated', 'terminated', 'terminated']);
    XTaskQueueCloseHandle(immediate);

    const manual = createQueue(Manual, Manual);
    expect(terminate(manual, log)).toBe(S_OK);
    pump(manual);
    expect(log.take()).toEqual(['terminated']);
    expect(terminate(manual, log, true)).toBe(S_OK); // already terminated: no deadlock to report
    pump(manual);
    expect(log.take()).toEqual(['terminated']);
    XTaskQueueCloseHandle(manual);
  });

  it('returns S_OK after the termination callback when wait is true on pool ports, without sleeping out delays', () => {
    for (const mode of [ThreadPool, SerializedThreadPool]) {
      const q = createQueue(mode, mode);
      const log = new CallLog();
      submit(q, Work, log.cb('a'));
      submit(q, Work, log.cb('d'), 1000);
      submit(q, Completion, log.cb('c'));
      expect(terminate(q, log, true)).toBe(S_OK);
      expect(log.calls.sort()).toEqual(['a!', 'c!', 'd!', 'terminated']);
      expect(log.calls.at(-1)).toBe('terminated');
      expect(vh.host.now()).toBe(0);
      XTaskQueueCloseHandle(q);
    }
  });

  it('returns E_POSSIBLE_DEADLOCK when wait is true and a Manual port must be dispatched, and termination completes when it is', () => {
    const manual = createQueue(Manual, Manual);
    const log = new CallLog();
    submit(manual, Work, log.cb('a'));
    expect(terminate(manual, log, true)).toBe(E_POSSIBLE_DEADLOCK);
    expect(log.calls).toEqual([]);
    pump(manual);
    expect(log.take()).toEqual(['a!', 'terminated']);
    XTaskQueueCloseHandle(manual);

    const mixed = createQueue(ThreadPool, Manual);
    submit(mixed, Work, log.cb('w'));
    expect(terminate(mixed, log, true)).toBe(E_POSSIBLE_DEADLOCK);
    expect(log.take()).toEqual(['w!']); // the pool drained Work while the caller "blocked"
    expect(XTaskQueueDispatch(mixed, Completion, 0)).toBe(false);
    expect(log.take()).toEqual(['terminated']);
    XTaskQueueCloseHandle(mixed);
  });

  it('returns E_POSSIBLE_DEADLOCK when wait is true while a pool callback holds a Promise that cannot settle meanwhile', async () => {
    const q = createQueue(ThreadPool, ThreadPool);
    const log = new CallLog();
    const gate = deferred();
    submit(q, Work, (() => gate.promise) as XTaskQueueCallback);
    vh.host.runTasks();
    expect(terminate(q, log, true)).toBe(E_POSSIBLE_DEADLOCK);
    gate.resolve();
    await flushMicrotasks();
    vh.host.runTasks();
    expect(log.calls).toEqual(['terminated']);
    XTaskQueueCloseHandle(q);
  });

  it('returns E_POSSIBLE_DEADLOCK when wait is true from inside a callback of the same queue, and finishes after it returns', () => {
    for (const mode of [ThreadPool, Manual, Immediate]) {
      const q = createQueue(mode, mode);
      const log = new CallLog();
      const results: HRESULT[] = [];
      submit(q, Work, log.cb('b'), 10);
      submit(
        q,
        Work,
        log.cb('a', () => results.push(terminate(q, log, true))),
      );
      vh.host.runTasks();
      pump(q);
      vh.host.runTasks();
      expect(results).toEqual([E_POSSIBLE_DEADLOCK]);
      expect(log.calls).toEqual(['a', 'b!', 'terminated']);
      XTaskQueueCloseHandle(q);
    }
  });

  it('returns E_HANDLE for a closed handle and E_INVALIDARG for a callback that is not a function', () => {
    const q = createQueue(Manual, Manual);
    expect(XTaskQueueTerminate(q, false, undefined, 'callback' as never)).toBe(E_INVALIDARG);
    XTaskQueueCloseHandle(q);
    expect(XTaskQueueTerminate(q, false, undefined, null)).toBe(E_HANDLE);
  });

  it('lets a termination callback terminate another queue sharing nothing with it', () => {
    const first = createQueue(ThreadPool, ThreadPool);
    const second = createQueue(Manual, Manual);
    const log = new CallLog();
    expect(
      XTaskQueueTerminate(first, false, undefined, () => {
        log.note('first');
        expect(terminate(second, log)).toBe(S_OK);
      }),
    ).toBe(S_OK);
    vh.host.runTasks();
    pump(second);
    expect(log.calls).toEqual(['first', 'terminated']);
    XTaskQueueCloseHandle(first);
    XTaskQueueCloseHandle(second);
  });
});

describe('XTaskQueueTerminateAsync', () => {
  it('resolves S_OK once a Manual queue was dispatched to the end of its termination', async () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    const context = { id: 1 };
    submit(q, Work, log.cb('a'));
    let settled = false;
    const done = XTaskQueueTerminateAsync(q, context, onTerminated(log, context)).then((hr) => {
      settled = true;
      return hr;
    });
    await flushMicrotasks();
    expect(settled).toBe(false);
    pump(q);
    expect(await done).toBe(S_OK);
    expect(log.calls).toEqual(['a!', 'terminated']);
    XTaskQueueCloseHandle(q);
  });

  it('resolves S_OK once pool ports finished termination and E_HANDLE for a closed handle', async () => {
    const q = createQueue(ThreadPool, SerializedThreadPool);
    const log = new CallLog();
    submit(q, Completion, log.cb('c'), 50);
    const done = XTaskQueueTerminateAsync(q, undefined, onTerminated(log));
    vh.host.runTasks();
    expect(await done).toBe(S_OK);
    expect(log.calls).toEqual(['c!', 'terminated']);
    expect(await XTaskQueueTerminateAsync(q, undefined, onTerminated(log))).toBe(S_OK); // already terminated: at once
    vh.host.runTasks();
    expect(log.calls).toEqual(['c!', 'terminated', 'terminated']);
    XTaskQueueCloseHandle(q);
    expect(await XTaskQueueTerminateAsync(q)).toBe(E_HANDLE);
  });

  it('resumes only after the termination callback returned, even when the callback wakes waits (§4.7)', async () => {
    const q = createQueue(Manual, Manual);
    const other = createQueue(Manual, Manual);
    const order: string[] = [];
    let continuation: Promise<void> | undefined;
    const done = XTaskQueueTerminateAsync(q, undefined, () => {
      order.push('callback: start');
      submit(other, Work, () => order.push('other item')); // an item became ready: awaited waits re-check
      // An async continuation (two microtask hops) the callback starts after that wake-up: it runs
      // before the awaiter resumes.
      continuation = Promise.resolve()
        .then(() => undefined)
        .then(() => {
          order.push('callback: continuation');
        });
      order.push('callback: end');
    }).then((hr) => {
      order.push('resumed');
      return hr;
    });
    pump(q);
    expect(await done).toBe(S_OK);
    await continuation;
    expect(order).toEqual(['callback: start', 'callback: end', 'callback: continuation', 'resumed']);
    pump(other);
    expect(order.at(-1)).toBe('other item');
    XTaskQueueCloseHandle(q);
    XTaskQueueCloseHandle(other);
  });

  // A wait for termination returns once no callback of the queue's ports still executes: here a
  // composite sharing the Completion port runs Promise work that the termination callback started
  // (its nested blocking Terminate ran that pool job and could not finish behind it).
  it('resumes only once no callback of its ports still executes (a composite sharing the Completion port)', async () => {
    const q = createQueue(ThreadPool, ThreadPool);
    const composite = createComposite(getPort(q, Work), getPort(q, Completion));
    const gate = deferred();
    const order: string[] = [];
    const done = XTaskQueueTerminateAsync(q, undefined, () => {
      const work = (): Promise<void> =>
        gate.promise.then(() => {
          order.push('promise work settled');
        });
      submit(composite, Completion, work as XTaskQueueCallback);
      expect(XTaskQueueTerminate(composite, true, undefined, null)).toBe(E_POSSIBLE_DEADLOCK);
      order.push('callback returned');
    }).then((hr) => {
      order.push('resumed');
      return hr;
    });
    vh.host.runTasks();
    await flushMicrotasks();
    expect(order, 'the composite still runs its Promise work on the shared port').toEqual(['callback returned']);
    gate.resolve();
    expect(await done).toBe(S_OK);
    expect(order).toEqual(['callback returned', 'promise work settled', 'resumed']);
    vh.host.runTasks();
    XTaskQueueCloseHandle(composite);
    XTaskQueueCloseHandle(q);
  });
});

describe('XTaskQueueCreateComposite', () => {
  it('terminates only the composite: the source and its items on the shared port keep working (B17/B22)', () => {
    const source = createQueue(Manual, Manual);
    const composite = createComposite(getPort(source, Work), getPort(source, Completion));
    const log = new CallLog();
    submit(source, Work, log.cb('s1'));
    submit(composite, Work, log.cb('c1'));
    submit(source, Work, log.cb('s2'));
    expect(terminate(composite, log)).toBe(S_OK);
    pump(source); // the source's dispatcher drains the shared ports, termination steps included
    expect(log.take()).toEqual(['s1', 'c1!', 's2', 'terminated']);
    expect(XTaskQueueSubmitCallback(composite, Work, undefined, () => {})).toBe(E_ABORT);
    expect(XTaskQueueSubmitCallback(composite, Completion, undefined, () => {})).toBe(E_ABORT);
    submit(source, Work, log.cb('s3'));
    submit(source, Completion, log.cb('s4'));
    pump(source);
    expect(log.calls).toEqual(['s3', 's4']);
    XTaskQueueCloseHandle(composite);
    XTaskQueueCloseHandle(source);
  });

  it("still dispatches other queues' items on the shared port through a terminated composite", () => {
    const source = createQueue(Manual, Manual);
    const composite = createComposite(getPort(source, Work), getPort(source, Completion));
    const log = new CallLog();
    expect(terminate(composite, log)).toBe(S_OK);
    pump(composite);
    expect(log.take()).toEqual(['terminated']);
    submit(source, Work, log.cb('s'));
    expect(XTaskQueueDispatch(composite, Work, INFINITE)).toBe(true); // pops first, then reports termination
    expect(XTaskQueueDispatch(composite, Work, INFINITE)).toBe(false);
    expect(log.calls).toEqual(['s']);
    XTaskQueueCloseHandle(composite);
    XTaskQueueCloseHandle(source);
  });

  it('invokes each termination callback once when a source and its composites are all terminated (B29)', () => {
    const source = createQueue(Manual, Manual);
    const work = getPort(source, Work);
    const completion = getPort(source, Completion);
    const queues = [source, createComposite(work, completion), createComposite(completion, work)];
    const log = new CallLog();
    queues.forEach((q, i) => {
      submit(q, Work, log.cb(`item${i}`));
      expect(XTaskQueueTerminate(q, false, undefined, () => log.note(`terminated${i}`))).toBe(S_OK);
    });
    pump(source);
    expect(log.calls.filter((c) => c.startsWith('item')).sort()).toEqual(['item0!', 'item1!', 'item2!']);
    expect(log.calls.filter((c) => c.startsWith('terminated')).sort()).toEqual([
      'terminated0',
      'terminated1',
      'terminated2',
    ]);
    const alive = liveTaskQueueCount();
    for (const q of queues) XTaskQueueCloseHandle(q);
    expect(liveTaskQueueCount()).toBe(alive - 3);
  });

  it('keeps a composite working when its source queue is terminated', () => {
    const source = createQueue(ThreadPool, ThreadPool);
    const composite = createComposite(getPort(source, Work), getPort(source, Completion));
    const log = new CallLog();
    submit(composite, Work, log.cb('c1'));
    submit(source, Work, log.cb('s1'));
    expect(terminate(source, log)).toBe(S_OK);
    submit(composite, Completion, log.cb('c2'));
    vh.host.runTasks();
    expect(log.calls.sort()).toEqual(['c1', 'c2', 's1!', 'terminated']);
    XTaskQueueCloseHandle(source);
    XTaskQueueCloseHandle(composite);
  });

  // xasync-semantics.md §4.7 step 7: wait=true returns after the termination callback, and then only
  // once no callback executes on either port: the ports, which a composite shares with its source.
  // The termination callback below starts a Promise callback on the shared Completion port (its own
  // blocking Terminate of the source runs the pool job), so that callback executes when it returns.
  function heldWorkOnSharedPort(source: XTaskQueueHandle, log: CallLog, gate: Deferred<void>): () => void {
    return () => {
      log.note('terminated');
      submit(source, Completion, (() => {
        log.note('held');
        return gate.promise;
      }) as XTaskQueueCallback);
      log.note(`source ${hex(XTaskQueueTerminate(source, true, undefined, null))}`);
    };
  }

  it('waits (wait = true) for a Promise callback that executes on the shared Completion port after the termination callback', async () => {
    const source = createQueue(ThreadPool, ThreadPool);
    const composite = createComposite(getPort(source, Work), getPort(source, Completion));
    const log = new CallLog();
    const gate = deferred();
    const hr = XTaskQueueTerminate(composite, true, undefined, heldWorkOnSharedPort(source, log, gate));
    expect(log.take()).toEqual(['terminated', 'held', `source ${hex(E_POSSIBLE_DEADLOCK)}`]);
    expect(hex(hr), 'the held callback cannot settle while Terminate blocks').toBe(hex(E_POSSIBLE_DEADLOCK));
    gate.resolve();
    await flushMicrotasks();
    vh.host.runAll();
    for (const q of [composite, source]) XTaskQueueCloseHandle(q);
  });

  it("neither promotes nor strands a sibling's delayed items when a composite is terminated (B32)", () => {
    const source = createQueue(ThreadPool, ThreadPool);
    const workPort = getPort(source, Work);
    const first = createComposite(workPort, workPort);
    const second = createComposite(workPort, workPort);
    const log = new CallLog();
    submit(first, Work, log.cb('first'), 50);
    submit(second, Work, log.cb('second'), 100);
    submit(source, Work, log.cb('source'), 150);
    expect(terminate(first, log)).toBe(S_OK);
    vh.host.runTasks();
    expect(log.take()).toEqual(['first!', 'terminated']);
    vh.host.advance(99);
    expect(log.calls).toEqual([]); // not promoted early when the terminated composite's deadline passes
    vh.host.advance(10);
    expect(log.take()).toEqual(['second']);
    vh.host.advance(40); // t = 149
    expect(log.calls).toEqual([]);
    vh.host.runAll();
    expect(log.calls).toEqual(['source']);
    expect(vh.host.now()).toBeGreaterThanOrEqual(150);
    for (const q of [first, second, source]) XTaskQueueCloseHandle(q);
  });
});
