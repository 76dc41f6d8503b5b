/**
 * XAsyncGetStatus over a call's life (xasync-semantics.md §3.5, xasync-api.md §5 blocking calls) and XAsyncRun's
 * status rules, including the JS-only decisions (Promises, user code that throws).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_FAIL,
  E_INVALIDARG,
  E_PENDING,
  E_POSSIBLE_DEADLOCK,
  E_UNEXPECTED,
  HResultError,
  S_OK,
  XAsyncBegin,
  XAsyncGetResult,
  XAsyncGetStatus,
  XAsyncGetStatusAsync,
  XAsyncRun,
  XAsyncSchedule,
  XTaskQueueDispatchMode,
  out,
  trace,
  type HRESULT,
  type ProviderOpEvent,
  type XAsyncBlock,
  type XAsyncWork,
} from '@gdkts/xasync';
import { pump, useRuntimeSandbox } from '@gdkts/xasync/testing';
import {
  IDENTITY,
  completeWith,
  copyOut,
  dispatchCompletion,
  dispatchWork,
  loggingBlock,
  payloadProvider,
  scheduleIn,
  scriptedProvider,
  settle,
} from './helpers/calls.js';
import { deferred } from './helpers/queues.js';

const { Manual, ThreadPool, Immediate } = XTaskQueueDispatchMode;
const PAYLOAD = Uint8Array.of(1, 2, 3);
const CUSTOM_SUCCESS = 0x12345678;
const CUSTOM_FAILURE = 0x8009abcd | 0;

const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, { virtualHost: false });
const { createQueue, useVirtualHost } = sandbox;

function fetch(block: XAsyncBlock): HRESULT {
  return XAsyncGetResult(block, IDENTITY, PAYLOAD.length, new Uint8Array(PAYLOAD.length), null);
}

describe('XAsyncGetStatus', () => {
  it('reports S_OK, E_PENDING through Begin and DoWork, then the final status before and after the routine when wait is false', () => {
    const q = createQueue();
    const seen: [string, HRESULT][] = [];
    const block: XAsyncBlock = {
      queue: q,
      callback: (b) => {
        seen.push(['in routine before GetResult', XAsyncGetStatus(b, false)]);
        fetch(b);
        seen.push(['in routine after GetResult', XAsyncGetStatus(b, false)]);
      },
    };
    seen.push(['before Begin', XAsyncGetStatus(block, false)]);
    const p = scriptedProvider({
      begin: (d) => {
        seen.push(['in Begin', XAsyncGetStatus(block, false)]);
        return XAsyncSchedule(d.async, 0);
      },
      doWork: (d) => {
        seen.push(['in DoWork', XAsyncGetStatus(d.async, false)]);
        completeWith(CUSTOM_SUCCESS, PAYLOAD.length)(d);
      },
      getResult: copyOut(PAYLOAD),
    });
    XAsyncBegin(block, null, IDENTITY, 'MyAsync', p.provider);
    seen.push(['after Begin', XAsyncGetStatus(block, false)]);
    dispatchWork(q);
    seen.push(['before routine', XAsyncGetStatus(block, false)]);
    dispatchCompletion(q);
    seen.push(['after routine', XAsyncGetStatus(block, false)]);
    expect(seen).toEqual([
      ['before Begin', S_OK],
      ['in Begin', E_PENDING],
      ['after Begin', E_PENDING],
      ['in DoWork', E_PENDING],
      ['before routine', CUSTOM_SUCCESS],
      ['in routine before GetResult', CUSTOM_SUCCESS],
      ['in routine after GetResult', CUSTOM_SUCCESS],
      ['after routine', CUSTOM_SUCCESS],
    ]);
  });

  it('returns S_OK at once when wait is true and the block was never used', () => {
    expect(XAsyncGetStatus({}, true)).toBe(S_OK);
  });

  it('returns E_INVALIDARG when the block is not an object', () => {
    expect(XAsyncGetStatus(null as never, false)).toBe(E_INVALIDARG);
    expect(XAsyncGetStatus('block' as never, true)).toBe(E_INVALIDARG);
  });

  it('returns the final status only after the routine returned when wait is true on a ThreadPool queue', () => {
    useVirtualHost();
    const q = createQueue(ThreadPool, ThreadPool);
    const log: string[] = [];
    const block = loggingBlock(q, log, () => log.push('CB returns'));
    XAsyncBegin(block, null, IDENTITY, 'MyAsync', payloadProvider(PAYLOAD, log).provider);
    expect(log).toEqual(['Begin']);
    expect(XAsyncGetStatus(block, true)).toBe(S_OK);
    expect(log).toEqual(['Begin', 'DoWork', 'CB', 'CB returns']);
    expect(fetch(block)).toBe(S_OK);
  });

  it('lets emulated time pass until the call completes when wait is true and the provider schedules with delays', () => {
    const host = useVirtualHost();
    const q = createQueue(ThreadPool, ThreadPool);
    const delays = [1000, 2500];
    let step = 0;
    const p = scriptedProvider({
      begin: scheduleIn(0),
      doWork: (d) => {
        const delay = delays[step++];
        if (delay === undefined) return completeWith(S_OK)(d);
        XAsyncSchedule(d.async, delay);
        return E_PENDING;
      },
    });
    const block: XAsyncBlock = { queue: q, callback: () => {} };
    XAsyncBegin(block, null, IDENTITY, 'MyAsync', p.provider);
    expect(XAsyncGetStatus(block, true)).toBe(S_OK);
    expect(p.count('DoWork')).toBe(3);
    expect(host.now()).toBeGreaterThanOrEqual(3500);
  });

  it('returns at once, before the queued routine ran, when the call completed without payload', () => {
    const q = createQueue(Manual, Manual);
    const log: string[] = [];
    const block = loggingBlock(q, log);
    XAsyncBegin(block, null, IDENTITY, 'MyAsync', scriptedProvider({ begin: completeWith(CUSTOM_FAILURE) }).provider);
    expect(XAsyncGetStatus(block, true)).toBe(CUSTOM_FAILURE);
    expect(log).toEqual([]);
    pump(q);
  });

  it('returns E_POSSIBLE_DEADLOCK when the routine waits on a Manual Completion port only the caller could dispatch', () => {
    useVirtualHost();
    const q = createQueue(ThreadPool, Manual);
    const log: string[] = [];
    const block = loggingBlock(q, log);
    XAsyncBegin(block, null, IDENTITY, 'MyAsync', payloadProvider(PAYLOAD, log).provider);
    expect(XAsyncGetStatus(block, true)).toBe(E_POSSIBLE_DEADLOCK);
    // the work ran on the pool; only the routine is left
    expect(log).toEqual(['Begin', 'DoWork']);
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
    expect(dispatchCompletion(q)).toBe(true);
    expect(XAsyncGetStatus(block, true)).toBe(S_OK);
    expect(fetch(block)).toBe(S_OK);
  });

  it("returns E_POSSIBLE_DEADLOCK, then the status once the payload was fetched, when waiting inside the call's own routine", () => {
    const q = createQueue(Manual, Manual);
    const seen: HRESULT[] = [];
    const block: XAsyncBlock = {
      queue: q,
      callback: (b) => {
        seen.push(XAsyncGetStatus(b, true));
        seen.push(fetch(b));
        seen.push(XAsyncGetStatus(b, true));
      },
    };
    XAsyncBegin(block, null, IDENTITY, 'MyAsync', payloadProvider(PAYLOAD).provider);
    pump(q);
    expect(seen).toEqual([E_POSSIBLE_DEADLOCK, S_OK, S_OK]);
  });

  it('returns E_POSSIBLE_DEADLOCK without running anything when DoWork waits on a Manual Work port', () => {
    const q = createQueue(Manual, Manual);
    const p = payloadProvider(PAYLOAD);
    const block: XAsyncBlock = { queue: q };
    XAsyncBegin(block, null, IDENTITY, 'MyAsync', p.provider);
    expect(XAsyncGetStatus(block, true)).toBe(E_POSSIBLE_DEADLOCK);
    expect(p.log).toEqual(['Begin']);
    pump(q);
    expect(XAsyncGetStatus(block, true)).toBe(S_OK);
    fetch(block);
  });

  it('returns E_POSSIBLE_DEADLOCK when an XAsyncRun work routine returns a Promise that cannot settle while blocked', async () => {
    useVirtualHost();
    const q = createQueue(ThreadPool, ThreadPool);
    const gate = deferred<HRESULT>();
    let started = false;
    const block: XAsyncBlock = { queue: q };
    XAsyncRun(block, () => {
      started = true;
      return gate.promise;
    });
    expect(XAsyncGetStatus(block, true)).toBe(E_POSSIBLE_DEADLOCK);
    expect(started).toBe(true);
    expect(XAsyncGetStatus(block, false)).toBe(E_PENDING);
    gate.resolve(S_OK);
    await expect(XAsyncGetStatusAsync(block)).resolves.toBe(S_OK);
    await settle();
  });
});

describe('XAsyncGetStatusAsync', () => {
  it('resolves with the final status after the routine returned when the call runs on a ThreadPool queue', async () => {
    const q = createQueue(ThreadPool, ThreadPool);
    const log: string[] = [];
    const block = loggingBlock(q, log);
    XAsyncBegin(block, null, IDENTITY, 'MyAsync', payloadProvider(PAYLOAD, log).provider);
    const status = XAsyncGetStatusAsync(block);
    expect(log).toEqual(['Begin']);
    await expect(status).resolves.toBe(S_OK);
    expect(log).toEqual(['Begin', 'DoWork', 'CB']);
    expect(fetch(block)).toBe(S_OK);
    await settle();
  });

  it('resolves once a Manual port is dispatched later when the caller awaits instead of blocking', async () => {
    const q = createQueue(Manual, Manual);
    const block: XAsyncBlock = { queue: q, callback: () => {} };
    XAsyncRun(block, () => E_ABORT);
    let status: HRESULT | undefined;
    const waiting = XAsyncGetStatusAsync(block).then((s) => (status = s));
    await settle();
    expect(status).toBeUndefined();
    pump(q);
    await waiting;
    expect(status).toBe(E_ABORT);
  });

  it('resolves at once with the recorded status when the block has no live call', async () => {
    await expect(XAsyncGetStatusAsync({})).resolves.toBe(S_OK);
    await expect(XAsyncGetStatusAsync(undefined as never)).resolves.toBe(E_INVALIDARG);
  });
});

describe('XAsyncRun', () => {
  /** Runs `work` on a Manual queue to completion (awaiting a Promise it returns) and returns the status. */
  async function runToEnd(work: XAsyncWork): Promise<HRESULT> {
    const q = createQueue(Manual, Manual);
    const block: XAsyncBlock = { queue: q };
    expect(XAsyncRun(block, work)).toBe(S_OK);
    expect(dispatchWork(q)).toBe(true);
    const status = await XAsyncGetStatusAsync(block);
    await settle();
    expect(XAsyncGetStatus(block, false)).toBe(status);
    return status;
  }

  it('completes with exactly what the work returned when it returns a custom success code', async () => {
    await expect(runToEnd(() => CUSTOM_SUCCESS)).resolves.toBe(CUSTOM_SUCCESS);
    await expect(runToEnd(() => CUSTOM_FAILURE)).resolves.toBe(CUSTOM_FAILURE);
  });

  it('completes with E_UNEXPECTED when the work returns E_PENDING', async () => {
    await expect(runToEnd(() => E_PENDING)).resolves.toBe(E_UNEXPECTED);
  });

  it('completes with the resolved HRESULT when the work returns a Promise', async () => {
    await expect(runToEnd(async () => CUSTOM_SUCCESS)).resolves.toBe(CUSTOM_SUCCESS);
    await expect(runToEnd(() => Promise.resolve(CUSTOM_FAILURE))).resolves.toBe(CUSTOM_FAILURE);
  });

  it("completes with the error's hr when the work's Promise rejects with an HResultError", async () => {
    await expect(runToEnd(() => Promise.reject(new HResultError(CUSTOM_FAILURE)))).resolves.toBe(CUSTOM_FAILURE);
  });

  it("completes with the hr of another copy's HResultError (its Symbol.for brand), E_FAIL for an unbranded { hr }", async () => {
    const otherCopy = { [Symbol.for('@gdkts/hresult/HResultError')]: true, hr: CUSTOM_FAILURE };
    await expect(runToEnd(() => Promise.reject(otherCopy))).resolves.toBe(CUSTOM_FAILURE);
    await expect(runToEnd(() => Promise.reject({ hr: CUSTOM_FAILURE }))).resolves.toBe(E_FAIL);
  });

  it('completes with E_FAIL when the work rejects with something else', async () => {
    await expect(runToEnd(() => Promise.reject(new Error('boom')))).resolves.toBe(E_FAIL);
    await expect(runToEnd(() => Promise.reject(E_ABORT))).resolves.toBe(E_FAIL);
  });

  it('completes with E_FAIL when the work throws', async () => {
    await expect(
      runToEnd(() => {
        throw new HResultError(E_ABORT);
      }),
    ).resolves.toBe(E_FAIL);
    await expect(
      runToEnd(() => {
        throw new Error('boom');
      }),
    ).resolves.toBe(E_FAIL);
  });

  it('keeps the call running until the Promise settles when the work is asynchronous', async () => {
    const q = createQueue(Manual, Manual);
    const gate = deferred<HRESULT>();
    const block: XAsyncBlock = { queue: q, callback: () => {} };
    XAsyncRun(block, () => gate.promise);
    dispatchWork(q);
    await settle();
    expect(XAsyncGetStatus(block, false)).toBe(E_PENDING);
    expect(dispatchCompletion(q)).toBe(false);
    gate.resolve(S_OK);
    await settle();
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
    expect(dispatchCompletion(q)).toBe(true);
  });
});

describe('XAsyncProvider', () => {
  it('completes the call with E_FAIL, keeps the error on the trace and reports nothing when an op throws', () => {
    const host = useVirtualHost();
    const q = createQueue();
    const errors: unknown[] = [];
    const onOp = (e: ProviderOpEvent): void => {
      if (e.name === 'Throwing') errors.push(e.error);
    };
    trace.on('providerOp', onOp);
    try {
      const boom = new Error('DoWork failed');
      const p = scriptedProvider({
        begin: scheduleIn(0),
        doWork: () => {
          throw boom;
        },
      });
      const block: XAsyncBlock = { queue: q };
      XAsyncBegin(block, null, IDENTITY, 'Throwing', p.provider);
      pump(q);
      expect(XAsyncGetStatus(block, false)).toBe(E_FAIL);
      expect(p.log).toEqual(['Begin', 'DoWork', 'Cleanup']);
      expect(errors).toEqual([undefined, boom, undefined]);
      expect(host.errors).toEqual([]);
    } finally {
      trace.off('providerOp', onOp);
    }
  });

  it('completes the call with E_FAIL while XAsyncBegin returns S_OK when Begin throws', () => {
    const p = scriptedProvider({
      begin: () => {
        throw new Error('Begin failed');
      },
    });
    const block: XAsyncBlock = { queue: createQueue() };
    expect(XAsyncBegin(block, null, IDENTITY, 'MyAsync', p.provider)).toBe(S_OK);
    expect(XAsyncGetStatus(block, false)).toBe(E_FAIL);
    expect(p.log).toEqual(['Begin', 'Cleanup']);
  });
});

describe('XAsyncCompletionRoutine', () => {
  it('is re-thrown asynchronously while the call completes and the queue keeps working when it throws', () => {
    useVirtualHost();
    const q = createQueue(Manual, Manual);
    const boom = new Error('routine failed');
    const first: XAsyncBlock = {
      queue: q,
      callback: () => {
        throw boom;
      },
    };
    XAsyncRun(first, () => S_OK);
    pump(q);
    expect(sandbox.takeErrors()).toEqual([boom]);
    expect(XAsyncGetStatus(first, true)).toBe(S_OK);
    const log: string[] = [];
    const second = loggingBlock(q, log);
    XAsyncRun(second, () => CUSTOM_SUCCESS);
    pump(q);
    expect(log).toEqual(['CB']);
    expect(XAsyncGetStatus(second, false)).toBe(CUSTOM_SUCCESS);
    expect(sandbox.takeErrors(), 'no error after the first').toEqual([]);
  });

  it('still releases a payload call for XAsyncGetStatus(wait) when the routine throws', () => {
    useVirtualHost();
    const q = createQueue(Immediate, Immediate);
    const block: XAsyncBlock = {
      queue: q,
      callback: () => {
        throw new Error('late');
      },
    };
    XAsyncBegin(block, null, IDENTITY, 'MyAsync', payloadProvider(PAYLOAD).provider);
    expect(sandbox.takeErrors()).toHaveLength(1);
    expect(XAsyncGetStatus(block, true)).toBe(S_OK);
    const used = out(0);
    expect(XAsyncGetResult(block, IDENTITY, 3, new Uint8Array(3), used)).toBe(S_OK);
    expect(used.value).toBe(3);
  });
});
