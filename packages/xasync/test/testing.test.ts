/**
 * `@gdkts/xasync/testing`: the virtual host (clock + macrotasks stepped by hand), the seeded
 * shuffle of thread-pool start order, the fast-check scheduler host and the leak counters; and
 * `./testing/properties`' provider generators and scenario runner (the sandbox and pump:
 * testing.sandbox.test.ts). The fast-check seed is printed by vitest.setup.ts on every run.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_FAIL,
  E_PENDING,
  S_OK,
  XAsyncBegin,
  XAsyncCancel,
  XAsyncGetResult,
  XAsyncGetResultSize,
  XAsyncGetStatus,
  XAsyncOp,
  XAsyncRun,
  XTaskQueueCloseHandle,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
  XTaskQueueSubmitCallback,
  XTaskQueueSubmitDelayedCallback,
  out,
  type XAsyncBlock,
  type XTaskQueueHandle,
} from '@gdkts/xasync';
import {
  installSchedulerHost,
  installVirtualHost,
  liveAsyncStateCount,
  liveTaskQueueCount,
  openRuntimeSandbox,
  pump,
  setThreadPoolShuffle,
  setThreadPoolSize,
  useRuntimeSandbox,
} from '@gdkts/xasync/testing';
import {
  callOutcomeProblems,
  callScenario,
  makeProvider,
  providerBehaviour,
  runCallScenario,
  type ProviderBehaviour,
} from '@gdkts/xasync/testing/properties';
import { countOps, deferred, expectCleanupRules, finalStatusesOf, hex } from './helpers/model.js';

const { Manual, ThreadPool, SerializedThreadPool, Immediate } = XTaskQueueDispatchMode;
const { Work } = XTaskQueuePort;

// the real host unless a test asks for a virtual one (the host API under test is used directly too)
const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, { virtualHost: false });
const { createQueue: queue, useVirtualHost: virtualHost } = sandbox;

/** Submits `n` Work callbacks logging their index; @returns the log. */
function submitMany(q: XTaskQueueHandle, n: number): number[] {
  const order: number[] = [];
  for (let i = 0; i < n; i++)
    expect(XTaskQueueSubmitCallback(q, Work, i, (ctx) => order.push(ctx as number))).toBe(S_OK);
  return order;
}

/** Submits a Work callback that throws; @returns what it throws. */
function submitThrowing(q: XTaskQueueHandle): Error {
  const boom = new Error('callback failed');
  expect(
    XTaskQueueSubmitCallback(q, Work, undefined, () => {
      throw boom;
    }),
  ).toBe(S_OK);
  return boom;
}

describe('installVirtualHost', () => {
  it('hands pool jobs still waiting on one host over to the next, so none is stranded', () => {
    const q = queue(ThreadPool);
    const first = installVirtualHost();
    const order = submitMany(q, 1);
    first.uninstall(); // its posted macrotask is dropped with it
    const second = virtualHost();
    expect(XTaskQueueSubmitCallback(q, Work, 1, (ctx) => order.push(ctx as number))).toBe(S_OK);
    expect(second.pendingTasks()).toBe(2);
    second.runAll();
    expect(order).toEqual([0, 1]);
  });

  it('starts the clock where told; pool callbacks wait as macrotasks that runNext / runTasks step', () => {
    const host = virtualHost({ start: 1000 });
    expect(host.now()).toBe(1000);
    const q = queue(ThreadPool);
    const order = submitMany(q, 3);
    expect(order, 'nothing runs inside the submitting call').toEqual([]);
    expect(host.pendingTasks()).toBe(3);
    expect(host.runNext()).toBe(true);
    expect(order).toEqual([0]);
    expect(host.runTasks()).toBe(2);
    expect(order).toEqual([0, 1, 2]);
    expect(host.runNext()).toBe(false);
    expect(host.pendingTasks()).toBe(0);
    expect(host.now(), 'running tasks does not move the clock').toBe(1000);
  });

  it('runTasks stops at its limit', () => {
    const host = virtualHost();
    const order = submitMany(queue(ThreadPool), 5);
    expect(host.runTasks(2)).toBe(2);
    expect(order).toEqual([0, 1]);
    expect(host.runTasks()).toBe(3);
  });

  it('advance fires each timer at its due time, in due order, never early', () => {
    const host = virtualHost({ start: 100 });
    const q = queue(ThreadPool);
    const ran: [number, number][] = [];
    for (const delay of [30, 10, 20]) {
      expect(
        XTaskQueueSubmitDelayedCallback(q, Work, delay, delay, (ctx) => ran.push([ctx as number, host.now()])),
      ).toBe(S_OK);
    }
    expect(host.pendingTimers()).toBeGreaterThan(0);
    host.advance(9);
    expect(ran).toEqual([]);
    host.advance(6); // now 115
    expect(ran.map(([d]) => d)).toEqual([10]);
    host.advance(100);
    expect(ran.map(([d]) => d)).toEqual([10, 20, 30]);
    for (const [delay, at] of ran) expect(at, `the ${delay} ms callback ran at its due time`).toBe(100 + delay);
    expect(host.now()).toBe(215);
    expect(host.pendingTimers()).toBe(0);
  });

  it('runAll runs macrotasks and timers until nothing is left, moving the clock', () => {
    const host = virtualHost();
    const q = queue(ThreadPool);
    const ran: string[] = [];
    expect(XTaskQueueSubmitDelayedCallback(q, Work, 50, 'late', (ctx) => ran.push(ctx as string))).toBe(S_OK);
    expect(XTaskQueueSubmitCallback(q, Work, 'now', (ctx) => ran.push(ctx as string))).toBe(S_OK);
    expect(host.runAll()).toBeGreaterThanOrEqual(2);
    expect(ran).toEqual(['now', 'late']);
    expect(host.now()).toBeGreaterThanOrEqual(50);
    expect(host.pendingTasks() + host.pendingTimers()).toBe(0);
    expect(host.runAll()).toBe(0);
  });

  it('blocking waits let virtual time pass instead of sleeping', () => {
    const host = virtualHost();
    const q = queue(ThreadPool);
    const block: XAsyncBlock = { queue: q };
    expect(XAsyncRun(block, () => S_OK)).toBe(S_OK);
    expect(XAsyncGetStatus(block, true)).toBe(S_OK);
    let ran = false;
    expect(XTaskQueueSubmitDelayedCallback(q, Work, 40, undefined, () => (ran = true))).toBe(S_OK);
    const other: XAsyncBlock = { queue: q };
    expect(XAsyncRun(other, () => (ran ? 1 : 2))).toBe(S_OK);
    expect(XAsyncGetStatus(other, true)).toBe(2);
    expect(host.now()).toBe(0);
  });

  it('collects what user callbacks throw; the queue keeps working', () => {
    const host = virtualHost();
    const q = queue(ThreadPool);
    const boom = submitThrowing(q);
    const order = submitMany(q, 1);
    host.runAll();
    expect(host.errors).toEqual([boom]);
    expect(order).toEqual([0]);
    expect(sandbox.takeErrors(), 'the sandbox takes them from the host').toEqual([boom]);
  });

  it('uninstall restores the real host: pool work runs on real macrotasks again', async () => {
    const host = installVirtualHost();
    host.uninstall();
    const q = queue(ThreadPool);
    const ran = deferred();
    expect(XTaskQueueSubmitCallback(q, Work, undefined, () => ran.resolve())).toBe(S_OK);
    expect(host.pendingTasks(), 'the uninstalled host receives nothing').toBe(0);
    await ran.promise;
  });

  it('shuffleSeed shuffles pool start order until uninstall', () => {
    const orders = new Set<string>();
    for (let seed = 1; seed <= 8; seed++) {
      const host = installVirtualHost({ shuffleSeed: seed });
      try {
        const q = queue(ThreadPool);
        const order = submitMany(q, 6);
        host.runAll();
        orders.add(order.join());
        XTaskQueueCloseHandle(q);
        host.runAll();
      } finally {
        host.uninstall();
      }
    }
    expect(orders.size).toBeGreaterThan(1);
    const host = virtualHost();
    const order = submitMany(queue(ThreadPool), 6);
    host.runAll();
    expect(order, 'FIFO again after uninstall').toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('setThreadPoolShuffle', () => {
  afterEach(() => setThreadPoolShuffle(null));

  /** The start order of `n` ThreadPool callbacks under the current shuffle. */
  function startOrder(n: number, mode: XTaskQueueDispatchMode = ThreadPool): number[] {
    const host = installVirtualHost();
    try {
      const q = queue(mode);
      const order = submitMany(q, n);
      host.runAll();
      XTaskQueueCloseHandle(q);
      host.runAll();
      return order;
    } finally {
      host.uninstall();
    }
  }

  it('a seed gives a permutation, the same one every time', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 12 }), (seed, n) => {
        setThreadPoolShuffle(seed);
        const first = startOrder(n);
        setThreadPoolShuffle(seed);
        const second = startOrder(n);
        expect([...first].sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
        expect(second).toEqual(first);
      }),
      { numRuns: 50 },
    );
  });

  it('seeds change the order; null restores FIFO', () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 10; seed++) {
      setThreadPoolShuffle(seed);
      orders.add(startOrder(8).join());
    }
    expect(orders.size).toBeGreaterThan(1);
    setThreadPoolShuffle(null);
    expect(startOrder(8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('SerializedThreadPool ports stay FIFO', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        setThreadPoolShuffle(seed);
        expect(startOrder(6, SerializedThreadPool)).toEqual([0, 1, 2, 3, 4, 5]);
      }),
      { numRuns: 20 },
    );
  });
});

describe('setThreadPoolSize', () => {
  it('returns the previous size and ignores sizes below 1', () => {
    const original = setThreadPoolSize(3);
    try {
      expect(setThreadPoolSize(0)).toBe(3);
      expect(setThreadPoolSize(1.5)).toBe(3);
      expect(setThreadPoolSize(2)).toBe(3);
      expect(setThreadPoolSize(2)).toBe(2);
    } finally {
      setThreadPoolSize(original);
    }
  });
});

describe('liveAsyncStateCount and liveTaskQueueCount', () => {
  it('count calls until their state dies and queues until they are destroyed', () => {
    const host = virtualHost();
    const states = liveAsyncStateCount();
    const queues = liveTaskQueueCount();
    const q = queue(ThreadPool);
    expect(liveTaskQueueCount()).toBe(queues + 1);
    const block: XAsyncBlock = { queue: q };
    expect(XAsyncRun(block, () => S_OK)).toBe(S_OK);
    expect(liveAsyncStateCount()).toBe(states + 1);
    XTaskQueueCloseHandle(q);
    expect(liveTaskQueueCount(), 'the call keeps its queue alive').toBe(queues + 1);
    host.runAll();
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
    expect(liveAsyncStateCount()).toBe(states);
    expect(liveTaskQueueCount()).toBe(queues);
  });

  it('a payload never fetched keeps its call alive, as in native', () => {
    const states = liveAsyncStateCount();
    const q = queue(Manual);
    const { provider } = makeProvider({
      completeIn: 'begin',
      delays: [0],
      result: S_OK,
      payloadSize: 3,
      honourCancel: false,
      throwsInDoWork: false,
    });
    const block: XAsyncBlock = { queue: q };
    const identity = {};
    expect(XAsyncBegin(block, undefined, identity, null, provider)).toBe(S_OK);
    pump(q);
    expect(liveAsyncStateCount()).toBe(states + 1);
    expect(XAsyncGetResult(block, identity, 3, new Uint8Array(3), null)).toBe(S_OK);
    expect(liveAsyncStateCount()).toBe(states);
  });
});

describe('installSchedulerHost', () => {
  it('the scheduler decides which ready pool callback starts first', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const restore = installSchedulerHost(s);
        try {
          const a = queue(ThreadPool);
          const b = queue(ThreadPool);
          const order: string[] = [];
          const done = [deferred(), deferred()];
          expect(XTaskQueueSubmitCallback(a, Work, undefined, () => (order.push('a'), done[0]!.resolve()))).toBe(S_OK);
          expect(XTaskQueueSubmitCallback(b, Work, undefined, () => (order.push('b'), done[1]!.resolve()))).toBe(S_OK);
          expect(order).toEqual([]);
          await s.waitFor(Promise.all(done.map((d) => d.promise)));
          seen.add(order.join(''));
          XTaskQueueCloseHandle(a);
          XTaskQueueCloseHandle(b);
          await s.waitIdle();
        } finally {
          restore();
        }
      }),
      { numRuns: 40 },
    );
    expect([...seen].sort()).toEqual(['ab', 'ba']);
  });

  it('virtualTime: delayed callbacks run without real time, never before their due time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 5 }),
        async (s, delays) => {
          const restore = installSchedulerHost(s, { virtualTime: true, start: 10 });
          try {
            const q = queue(ThreadPool);
            const ran: [number, number][] = [];
            const done = delays.map(() => deferred());
            delays.forEach((delay, i) => {
              const hr = XTaskQueueSubmitDelayedCallback(q, Work, delay, i, () => {
                ran.push([delay, restore.now()]);
                done[i]!.resolve();
              });
              expect(hr).toBe(S_OK);
            });
            await s.waitFor(Promise.all(done.map((d) => d.promise)));
            for (const [delay, at] of ran) expect(at).toBeGreaterThanOrEqual(10 + delay);
            XTaskQueueCloseHandle(q);
            await s.waitIdle();
            expect(restore.errors).toEqual([]);
          } finally {
            restore();
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('restoring hands pool work not yet started back to the previous host', async () => {
    const s = fc.sample(fc.scheduler(), 1)[0]!;
    const restore = installSchedulerHost(s);
    const q = queue(ThreadPool);
    const ran = deferred();
    expect(XTaskQueueSubmitCallback(q, Work, undefined, () => ran.resolve())).toBe(S_OK);
    expect(s.count()).toBe(1);
    restore();
    await ran.promise; // runs on the real host
    await s.waitAll(); // the scheduler's own task for it does nothing now
  });

  it('collects what user callbacks throw', async () => {
    const s = fc.sample(fc.scheduler(), 1)[0]!;
    const restore = installSchedulerHost(s);
    try {
      const boom = submitThrowing(queue(ThreadPool));
      await s.waitAll();
      expect(restore.errors).toEqual([boom]);
    } finally {
      restore();
    }
  });
});

describe('providerBehaviour and makeProvider', () => {
  const modes = fc.constantFrom(Manual, ThreadPool, SerializedThreadPool, Immediate);

  it('any behaviour on any queue: the call finishes (or is canceled), one Cleanup, no overlap, callback once', () => {
    fc.assert(
      fc.property(
        providerBehaviour(),
        modes,
        modes,
        fc.nat(6),
        fc.boolean(),
        (behaviour, workMode, completionMode, cancelAfter, cancel) => {
          const run = openRuntimeSandbox({ virtualHost: false });
          const host = installVirtualHost();
          try {
            const q = queue(workMode, completionMode);
            const { provider, log } = makeProvider(behaviour);
            let callbacks = 0;
            const block: XAsyncBlock = { queue: q, callback: () => callbacks++ };
            const identity = {};
            expect(XAsyncBegin(block, undefined, identity, 'Generated', provider)).toBe(S_OK);
            const step = (): void => {
              if (!host.runNext()) host.advance(10);
              pump(q);
            };
            for (let i = 0; i < cancelAfter; i++) step();
            if (cancel) XAsyncCancel(block);
            for (let i = 0; i < 50 && XAsyncGetStatus(block, false) === E_PENDING; i++) step();
            if (XAsyncGetStatus(block, false) === E_PENDING) {
              expect(
                behaviour.completeIn === 'never-until-cancel' && !cancel,
                'only a call waiting for Cancel may still run',
              ).toBe(true);
              XAsyncCancel(block);
            }
            host.runAll();
            pump(q);
            const status = XAsyncGetStatus(block, false);
            expect(finalStatusesOf(behaviour).map(hex)).toContain(hex(status));
            const size = out(0);
            XAsyncGetResultSize(block, size);
            if (status >= 0 && behaviour.payloadSize > 0) {
              expect(size.value).toBe(behaviour.payloadSize);
              const buffer = new Uint8Array(size.value);
              expect(XAsyncGetResult(block, identity, size.value, buffer, null)).toBe(S_OK);
              expect(buffer.every((b) => b === 0xab)).toBe(true);
            } else expect(size.value).toBe(0);
            host.runAll();
            pump(q);
            expect(callbacks).toBe(1);
            expectCleanupRules(log, true);
            XTaskQueueCloseHandle(q);
            host.runAll();
          } finally {
            host.uninstall();
          }
          expect(run.end()).toEqual([]);
        },
      ),
    );
  });

  const behaviour = (b: Partial<ProviderBehaviour>): ProviderBehaviour => ({
    completeIn: 'dowork',
    delays: [0],
    result: S_OK,
    payloadSize: 0,
    honourCancel: true,
    throwsInDoWork: false,
    ...b,
  });

  /** Runs one generated call on a Manual queue until nothing more happens. @returns its status and op log. */
  function run(b: ProviderBehaviour, cancel = false): { status: number; ops: readonly number[] } {
    const host = virtualHost();
    const q = queue(Manual);
    const { provider, log } = makeProvider(b);
    const block: XAsyncBlock = { queue: q };
    expect(XAsyncBegin(block, undefined, null, null, provider)).toBe(S_OK);
    for (let i = 0; i < 10; i++) {
      host.advance(100);
      pump(q);
    }
    if (cancel) XAsyncCancel(block);
    pump(q);
    return { status: XAsyncGetStatus(block, false), ops: log.ops };
  }

  it('never-until-cancel waits for Cancel, then ends with E_ABORT', () => {
    const host = virtualHost();
    const q = queue(Manual);
    const { provider, log } = makeProvider(behaviour({ completeIn: 'never-until-cancel', honourCancel: false }));
    const block: XAsyncBlock = { queue: q };
    expect(XAsyncBegin(block, undefined, null, null, provider)).toBe(S_OK);
    host.advance(1000);
    pump(q);
    expect(XAsyncGetStatus(block, false)).toBe(E_PENDING);
    XAsyncCancel(block);
    expect(XAsyncGetStatus(block, false)).toBe(E_ABORT);
    expect(log.ops).toEqual([XAsyncOp.Begin, XAsyncOp.DoWork, XAsyncOp.Cancel, XAsyncOp.Cleanup]);
  });

  it('after-delays schedules each delay in turn; begin completes inside Begin; a throw gives E_FAIL', () => {
    const delayed = run(behaviour({ completeIn: 'after-delays', delays: [5, 10, 15], result: 7 }));
    expect(delayed.status).toBe(7);
    expect(countOps(delayed.ops, XAsyncOp.DoWork)).toBe(4);
    expect(run(behaviour({ completeIn: 'begin', result: E_FAIL })).ops).toEqual([XAsyncOp.Begin, XAsyncOp.Cleanup]);
    expect(run(behaviour({ throwsInDoWork: true })).status).toBe(E_FAIL);
  });

  it('a Cancel it does not honour still ends the call with E_ABORT at the next DoWork', () => {
    const host = virtualHost();
    const q = queue(Manual);
    const { provider } = makeProvider(behaviour({ completeIn: 'after-delays', delays: [10, 10], honourCancel: false }));
    const block: XAsyncBlock = { queue: q };
    expect(XAsyncBegin(block, undefined, null, null, provider)).toBe(S_OK);
    pump(q); // first DoWork: schedules the 10 ms step
    XAsyncCancel(block);
    expect(XAsyncGetStatus(block, false)).toBe(E_PENDING);
    host.advance(20);
    pump(q);
    expect(XAsyncGetStatus(block, false)).toBe(E_ABORT);
  });
});

describe('callScenario, runCallScenario and callOutcomeProblems: property-testing a provider of your own', () => {
  /** A well-behaved "…Async / …Result" pair built on a generated provider. */
  function myOp(b: ProviderBehaviour): { start: (block: XAsyncBlock) => number; result: (block: XAsyncBlock) => void } {
    const identity = {};
    return {
      start: (block) => XAsyncBegin(block, undefined, identity, 'MyOpAsync', makeProvider(b).provider),
      result: (block) => {
        const size = out(0);
        XAsyncGetResultSize(block, size);
        if (size.value > 0) XAsyncGetResult(block, identity, size.value, new Uint8Array(size.value), null);
      },
    };
  }

  it('a well-behaved provider passes under every scenario, and nothing is left behind', () => {
    fc.assert(
      fc.property(callScenario(), providerBehaviour(), (scenario, b) => {
        const run = openRuntimeSandbox({ virtualHost: false });
        const { start, result } = myOp({
          ...b,
          throwsInDoWork: false,
          completeIn: b.completeIn === 'never-until-cancel' ? 'dowork' : b.completeIn,
        });
        const outcome = runCallScenario(scenario, start, { result });
        expect(callOutcomeProblems(outcome)).toEqual([]);
        expect(outcome.started).toBe(S_OK);
        expect(outcome.calls).toHaveLength(1);
        expect(run.end()).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  it('reports a payload never fetched as a leak, and still cleans it up', () => {
    const run = openRuntimeSandbox({ virtualHost: false });
    const { start } = myOp({
      completeIn: 'dowork',
      delays: [0],
      result: S_OK,
      payloadSize: 8,
      honourCancel: true,
      throwsInDoWork: false,
    });
    const scenario = {
      workMode: ThreadPool,
      completionMode: Manual,
      cancelAfter: null,
      terminateAfter: null,
      shuffleSeed: 1,
    } as const;
    const outcome = runCallScenario(scenario, start);
    expect(callOutcomeProblems(outcome)).toEqual(['1 call state(s) leaked']);
    expect(run.end()).toEqual([]);
  });

  it('reports a call that never finishes, a routine that throws, and an op after Cleanup', () => {
    const run = openRuntimeSandbox({ virtualHost: false });
    const scenario = {
      workMode: Manual,
      completionMode: Manual,
      cancelAfter: 2,
      terminateAfter: null,
      shuffleSeed: 0,
    } as const;
    const deaf = myOp({
      completeIn: 'dowork',
      delays: [0],
      result: S_OK,
      payloadSize: 0,
      honourCancel: false,
      throwsInDoWork: false,
    });
    const stuck = runCallScenario(scenario, (block) => XAsyncBegin(block, undefined, null, null, () => S_OK), {
      maxSteps: 20,
    });
    expect(callOutcomeProblems(stuck)).toContain('the call never finished');
    const boom = new Error('routine failed');
    const throwing = runCallScenario(scenario, deaf.start, {
      result: () => {
        throw boom;
      },
    });
    expect(callOutcomeProblems(throwing)).toEqual([`user code threw: ${String(boom)}`]);
    expect(
      callOutcomeProblems({ ...throwing, errors: [], calls: [[XAsyncOp.Begin, XAsyncOp.Cleanup, XAsyncOp.Cancel]] }),
    ).toEqual(['call 0: an op ran after Cleanup']);
    expect(run.end()).toEqual([]);
  });
});
