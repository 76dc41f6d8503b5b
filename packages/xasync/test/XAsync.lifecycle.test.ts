/**
 * The life cycle of one async call (xasync-semantics.md §3.3, §3.4): which provider ops run, in which order,
 * when Cleanup happens, and what the provider and the completion routine receive.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_PENDING,
  E_UNEXPECTED,
  S_OK,
  XAsyncBegin,
  XAsyncCancel,
  XAsyncComplete,
  XAsyncGetResult,
  XAsyncGetStatus,
  XAsyncRun,
  XAsyncSchedule,
  XTaskQueueDispatchMode,
  XTaskQueueGetPort,
  XTaskQueuePort,
  XTaskQueueSetCurrentProcessTaskQueue,
  XTaskQueueTerminate,
  out,
  trace,
  type ProviderOpEvent,
  type XAsyncBlock,
  type XAsyncProviderData,
  type XTaskQueueHandle,
  type XTaskQueuePortHandle,
} from '@gdkts/xasync';
import { pump, useRuntimeSandbox } from '@gdkts/xasync/testing';
import {
  IDENTITY,
  completeWith,
  copyOut,
  dispatchCompletion,
  dispatchWork,
  dispatchWorkWithin,
  loggingBlock,
  opNames,
  payloadProvider,
  pendingProvider,
  scheduleIn,
  scriptedProvider,
  type ScriptedProvider,
} from './helpers/calls.js';

const { Manual, Immediate } = XTaskQueueDispatchMode;
const PAYLOAD = Uint8Array.of(1, 2, 3, 4);
const DOWORK_FAILURE = 0x8009abcd | 0;

const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, { virtualHost: false });
const { createQueue, useVirtualHost } = sandbox;

function begin(block: XAsyncBlock, p: ScriptedProvider, context: unknown = undefined): void {
  expect(XAsyncBegin(block, context, IDENTITY, 'MyAsync', p.provider)).toBe(S_OK);
}

/** Cleanup ran exactly once and never overlapped another op. */
function expectCleanedUpOnce(p: ScriptedProvider): void {
  expect(p.count('Cleanup')).toBe(1);
  expect(p.overlaps).toEqual([]);
}

function fetch(block: XAsyncBlock, size = PAYLOAD.length): { hr: number; buffer: Uint8Array; used: number } {
  const buffer = new Uint8Array(size);
  const used = out(-1);
  const hr = XAsyncGetResult(block, IDENTITY, size, buffer, used);
  return { hr, buffer, used: used.value };
}

function portOf(queue: XTaskQueueHandle, port: XTaskQueuePort): XTaskQueuePortHandle {
  const h = out<XTaskQueuePortHandle | null>(null);
  expect(XTaskQueueGetPort(queue, port, h)).toBe(S_OK);
  return h.value!;
}

describe('XAsyncProvider', () => {
  it('runs Begin, DoWork, GetResult then Cleanup after the routine returned when the payload is fetched inside it (A1)', () => {
    const q = createQueue();
    const log: string[] = [];
    let fetched: ReturnType<typeof fetch> | undefined;
    const block = loggingBlock(q, log, (b) => {
      fetched = fetch(b);
      log.push('CB returns');
    });
    const p = payloadProvider(PAYLOAD, log);
    begin(block, p);
    pump(q);
    expect(log).toEqual(['Begin', 'DoWork', 'CB', 'GetResult', 'CB returns', 'Cleanup']);
    expect(fetched).toEqual({ hr: S_OK, buffer: PAYLOAD, used: 4 });
    expectCleanedUpOnce(p);
  });

  it('runs Cleanup inside XAsyncGetResult when the payload is fetched after the routine returned (A1)', () => {
    const q = createQueue();
    const log: string[] = [];
    const block = loggingBlock(q, log);
    const p = payloadProvider(PAYLOAD, log);
    begin(block, p);
    pump(q);
    expect(log).toEqual(['Begin', 'DoWork', 'CB']);
    expect(fetch(block).hr).toBe(S_OK);
    expect(log).toEqual(['Begin', 'DoWork', 'CB', 'GetResult', 'Cleanup']);
    expectCleanedUpOnce(p);
  });

  it('runs no Cleanup when a payload waits to be fetched', () => {
    const q = createQueue();
    const p = payloadProvider(PAYLOAD);
    const block: XAsyncBlock = { queue: q };
    begin(block, p);
    pump(q);
    expect(p.count('Cleanup')).toBe(0);
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
    expect(fetch(block).hr).toBe(S_OK);
    expectCleanedUpOnce(p);
  });

  it('runs Cleanup right after DoWork, before the queued routine, when DoWork completes without payload (A18)', () => {
    const q = createQueue(Manual, Manual);
    const log: string[] = [];
    const p = scriptedProvider({ begin: scheduleIn(0), doWork: completeWith(S_OK, 0) }, log);
    begin(loggingBlock(q, log), p);
    expect(dispatchWork(q)).toBe(true);
    expect(log).toEqual(['Begin', 'DoWork', 'Cleanup']);
    expect(dispatchCompletion(q)).toBe(true);
    expect(log).toEqual(['Begin', 'DoWork', 'Cleanup', 'CB']);
    expectCleanedUpOnce(p);
  });

  it('runs the routine inside XAsyncComplete, then Cleanup, when the Completion port is Immediate (A18)', () => {
    const q = createQueue(Manual, Immediate);
    const log: string[] = [];
    const p = scriptedProvider(
      {
        begin: scheduleIn(0),
        doWork: (d) => {
          XAsyncComplete(d.async, S_OK, 0);
          log.push('Complete returned');
        },
      },
      log,
    );
    begin(loggingBlock(q, log), p);
    dispatchWork(q);
    expect(log).toEqual(['Begin', 'DoWork', 'CB', 'Complete returned', 'Cleanup']);
    expectCleanedUpOnce(p);
  });

  it.each([
    ['the failure', 'DoWork returns a failure (A21)', DOWORK_FAILURE, DOWORK_FAILURE],
    ['E_UNEXPECTED', 'DoWork succeeds without completing', S_OK, E_UNEXPECTED],
  ])(
    'completes with %s and cleans up right after DoWork, before the routine, when %s',
    (_what, _when, returned, status) => {
      const q = createQueue();
      const log: string[] = [];
      const p = scriptedProvider({ begin: scheduleIn(0), doWork: () => returned }, log);
      const block = loggingBlock(q, log);
      begin(block, p);
      dispatchWork(q);
      expect(XAsyncGetStatus(block, false)).toBe(status);
      expect(log).toEqual(['Begin', 'DoWork', 'Cleanup']);
      pump(q);
      expect(log).toEqual(['Begin', 'DoWork', 'Cleanup', 'CB']);
      expectCleanedUpOnce(p);
    },
  );

  it('runs Cleanup after Begin returned, never inside it, when an Immediate Work port runs DoWork inside Begin', () => {
    const q = createQueue(Immediate, Manual);
    const log: string[] = [];
    const p = scriptedProvider(
      {
        begin: (d) => {
          XAsyncSchedule(d.async, 0);
          log.push('Begin returns');
        },
        doWork: completeWith(DOWORK_FAILURE),
      },
      log,
    );
    const block: XAsyncBlock = { queue: q };
    begin(block, p);
    expect(log).toEqual(['Begin', 'DoWork', 'Begin returns', 'Cleanup']);
    expect(XAsyncGetStatus(block, false)).toBe(DOWORK_FAILURE);
    expectCleanedUpOnce(p);
  });

  it('keeps the call pending and runs no Cleanup when DoWork returns E_PENDING', () => {
    const q = createQueue();
    const p = pendingProvider();
    const block: XAsyncBlock = { queue: q };
    begin(block, p);
    pump(q);
    expect(XAsyncGetStatus(block, false)).toBe(E_PENDING);
    expect(p.count('Cleanup')).toBe(0);
    XAsyncComplete(p.data[1]!.async, S_OK, 0);
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
    expectCleanedUpOnce(p);
  });

  it('completes with the failure and cleans up before XAsyncBegin returns when Begin fails and there is no routine (A17)', () => {
    const q = createQueue();
    const p = scriptedProvider({ begin: () => DOWORK_FAILURE });
    const block: XAsyncBlock = { queue: q };
    begin(block, p);
    expect(p.log).toEqual(['Begin', 'Cleanup']);
    expect(XAsyncGetStatus(block, false)).toBe(DOWORK_FAILURE);
    expect(pump(q)).toBe(0);
    expectCleanedUpOnce(p);
  });

  it('runs Cleanup after the routine returned when Begin fails (A17)', () => {
    const q = createQueue();
    const log: string[] = [];
    const p = scriptedProvider({ begin: () => DOWORK_FAILURE }, log);
    const block = loggingBlock(q, log, () => log.push('CB returns'));
    begin(block, p);
    expect(log).toEqual(['Begin']);
    expect(XAsyncGetStatus(block, false)).toBe(DOWORK_FAILURE);
    pump(q);
    expect(log).toEqual(['Begin', 'CB', 'CB returns', 'Cleanup']);
    expectCleanedUpOnce(p);
  });

  it('keeps the call running when Begin returns E_PENDING', () => {
    const p = scriptedProvider({ begin: () => E_PENDING });
    const block: XAsyncBlock = { queue: createQueue() };
    begin(block, p);
    expect(XAsyncGetStatus(block, false)).toBe(E_PENDING);
    XAsyncComplete(p.data[0]!.async, S_OK, 0);
    expectCleanedUpOnce(p);
  });

  it('never runs DoWork and cleans up before XAsyncBegin returns when Begin completes and there is no routine (A19)', () => {
    const q = createQueue();
    const p = scriptedProvider({ begin: completeWith(S_OK, 0) });
    const block: XAsyncBlock = { queue: q };
    begin(block, p);
    expect(p.log).toEqual(['Begin', 'Cleanup']);
    expect(XAsyncGetStatus(block, true)).toBe(S_OK);
    expect(pump(q)).toBe(0);
    expectCleanedUpOnce(p);
  });

  it('delivers the routine through the Completion port and cleans up after it when Begin completes (A19)', () => {
    const q = createQueue();
    const log: string[] = [];
    const p = scriptedProvider({ begin: completeWith(S_OK, 0) }, log);
    const block = loggingBlock(q, log);
    begin(block, p);
    expect(log).toEqual(['Begin']);
    // no live state: the wait returns before the routine ran
    expect(XAsyncGetStatus(block, true)).toBe(S_OK);
    expect(log).toEqual(['Begin']);
    expect(dispatchWork(q)).toBe(false);
    expect(dispatchCompletion(q)).toBe(true);
    expect(log).toEqual(['Begin', 'CB', 'Cleanup']);
    expectCleanedUpOnce(p);
  });

  it('runs DoWork once per schedule, each no earlier than its delay, when DoWork reschedules itself (A3)', () => {
    const host = useVirtualHost();
    const q = createQueue();
    const delays = [10, 20];
    const runs: number[] = [];
    const p = scriptedProvider({
      begin: scheduleIn(0),
      doWork: (d) => {
        runs.push(host.now());
        const delay = delays[runs.length - 1];
        if (delay === undefined) return completeWith(S_OK, PAYLOAD.length)(d);
        expect(XAsyncSchedule(d.async, delay)).toBe(S_OK);
        return E_PENDING;
      },
      getResult: copyOut(PAYLOAD),
    });
    const block: XAsyncBlock = { queue: q };
    begin(block, p);
    expect(dispatchWork(q)).toBe(true);
    host.advance(9);
    expect(dispatchWork(q)).toBe(false);
    expect(XAsyncGetStatus(block, false)).toBe(E_PENDING);
    expect(dispatchWorkWithin(q, 1)).toBe(true);
    host.advance(19);
    expect(dispatchWork(q)).toBe(false);
    expect(dispatchWorkWithin(q, 1)).toBe(true);
    expect(runs).toEqual([0, 10, 30]);
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
    expect(fetch(block)).toEqual({ hr: S_OK, buffer: PAYLOAD, used: 4 });
    expect(p.log).toEqual(['Begin', 'DoWork', 'DoWork', 'DoWork', 'GetResult', 'Cleanup']);
    expectCleanedUpOnce(p);
  });

  it('keeps the call pending until the delay passed and rejects a second schedule when DoWork is delayed', () => {
    const host = useVirtualHost();
    const q = createQueue();
    const p = scriptedProvider({ begin: scheduleIn(50), doWork: completeWith(S_OK, 0) });
    const block: XAsyncBlock = { queue: q };
    begin(block, p);
    expect(XAsyncSchedule(block, 0)).toBe(E_UNEXPECTED);
    host.advance(49);
    expect(dispatchWork(q)).toBe(false);
    expect(XAsyncGetStatus(block, false)).toBe(E_PENDING);
    expect(dispatchWorkWithin(q, 1)).toBe(true);
    expect(host.now()).toBe(50);
    expect(p.log).toEqual(['Begin', 'DoWork', 'Cleanup']);
    expectCleanedUpOnce(p);
  });

  it('runs Cancel at once and DoWork still at its due time when a delayed call is canceled and the provider completes later', () => {
    const host = useVirtualHost();
    const q = createQueue();
    let canceled = false;
    const p = scriptedProvider({
      begin: scheduleIn(50),
      cancel: () => {
        canceled = true;
      },
      doWork: (d) => completeWith(canceled ? E_ABORT : S_OK)(d),
    });
    const block: XAsyncBlock = { queue: q };
    begin(block, p);
    host.advance(10);
    XAsyncCancel(block);
    expect(p.log).toEqual(['Begin', 'Cancel']);
    expect(XAsyncGetStatus(block, false)).toBe(E_PENDING);
    expect(dispatchWork(q)).toBe(false);
    host.advance(39);
    expect(dispatchWork(q)).toBe(false);
    expect(dispatchWorkWithin(q, 1)).toBe(true);
    expect(XAsyncGetStatus(block, false)).toBe(E_ABORT);
    expect(p.log).toEqual(['Begin', 'Cancel', 'DoWork', 'Cleanup']);
    expectCleanedUpOnce(p);
  });

  it('skips DoWork at the due time when a delayed call was completed inside Cancel', () => {
    useVirtualHost();
    const q = createQueue();
    const p = scriptedProvider({ begin: scheduleIn(50), cancel: completeWith(E_ABORT), doWork: completeWith(S_OK) });
    const block: XAsyncBlock = { queue: q };
    begin(block, p);
    XAsyncCancel(block);
    expect(XAsyncGetStatus(block, false)).toBe(E_ABORT);
    expect(p.log).toEqual(['Begin', 'Cancel']);
    expect(dispatchWorkWithin(q, 50)).toBe(true);
    expect(p.log).toEqual(['Begin', 'Cancel', 'Cleanup']);
    expectCleanedUpOnce(p);
  });

  it('runs Cancel, then DoWork completing with E_ABORT, then Cleanup when canceled before the work started (A10)', () => {
    const q = createQueue();
    let canceled = false;
    const log: string[] = [];
    const p = scriptedProvider(
      {
        begin: scheduleIn(0),
        cancel: () => {
          canceled = true;
        },
        doWork: (d) => completeWith(canceled ? E_ABORT : S_OK)(d),
      },
      log,
    );
    const block = loggingBlock(q, log);
    begin(block, p);
    XAsyncCancel(block);
    expect(XAsyncGetStatus(block, false)).toBe(E_PENDING);
    pump(q);
    expect(log).toEqual(['Begin', 'Cancel', 'DoWork', 'Cleanup', 'CB']);
    expect(XAsyncGetStatus(block, false)).toBe(E_ABORT);
    expectCleanedUpOnce(p);
  });

  it('defers Cleanup until the queued worker item ran and the routine returned when Cancel completes the call (A16)', () => {
    const q = createQueue();
    const log: string[] = [];
    const p = scriptedProvider(
      { begin: scheduleIn(0), cancel: completeWith(E_ABORT), doWork: completeWith(S_OK) },
      log,
    );
    const block = loggingBlock(q, log);
    begin(block, p);
    XAsyncCancel(block);
    expect(log).toEqual(['Begin', 'Cancel']);
    expect(XAsyncGetStatus(block, false)).toBe(E_ABORT);
    expect(dispatchCompletion(q)).toBe(true);
    expect(log).toEqual(['Begin', 'Cancel', 'CB']);
    expect(dispatchWork(q)).toBe(true);
    expect(log).toEqual(['Begin', 'Cancel', 'CB', 'Cleanup']);
    expectCleanedUpOnce(p);
  });

  it('runs Cleanup only after XAsyncCancel returned when Cancel completes a call without routine or queued work (A16)', () => {
    const q = createQueue();
    const p = scriptedProvider({ cancel: completeWith(E_ABORT) });
    const block: XAsyncBlock = { queue: q };
    begin(block, p);
    XAsyncCancel(block);
    expect(p.log).toEqual(['Begin', 'Cancel', 'Cleanup']);
    expect(XAsyncGetStatus(block, false)).toBe(E_ABORT);
    expectCleanedUpOnce(p);
  });

  it('runs Cleanup only after DoWork returned when the call is canceled from inside DoWork', () => {
    const q = createQueue();
    const log: string[] = [];
    const p = scriptedProvider(
      {
        begin: scheduleIn(0),
        cancel: completeWith(E_ABORT),
        doWork: (d) => {
          XAsyncCancel(d.async);
          log.push('DoWork returns');
          return E_PENDING;
        },
      },
      log,
    );
    const block: XAsyncBlock = { queue: q };
    begin(block, p);
    pump(q);
    expect(log).toEqual(['Begin', 'DoWork', 'Cancel', 'DoWork returns', 'Cleanup']);
    expect(XAsyncGetStatus(block, false)).toBe(E_ABORT);
    expectCleanedUpOnce(p);
  });

  it('completes with E_ABORT in the next DoWork when canceled while the work is in progress', () => {
    useVirtualHost();
    const q = createQueue();
    let canceled = false;
    const p = scriptedProvider({
      begin: scheduleIn(0),
      cancel: () => {
        canceled = true;
      },
      doWork: (d) => {
        if (canceled) return completeWith(E_ABORT)(d);
        expect(XAsyncSchedule(d.async, 100)).toBe(S_OK);
        return E_PENDING;
      },
    });
    const block: XAsyncBlock = { queue: q };
    begin(block, p);
    dispatchWork(q);
    XAsyncCancel(block);
    expect(dispatchWorkWithin(q, 100)).toBe(true);
    expect(p.log).toEqual(['Begin', 'DoWork', 'Cancel', 'DoWork', 'Cleanup']);
    expect(XAsyncGetStatus(block, false)).toBe(E_ABORT);
    expectCleanedUpOnce(p);
  });

  it('runs the call to its own result when the provider ignores Cancel', () => {
    const q = createQueue();
    const p = payloadProvider(PAYLOAD);
    const block: XAsyncBlock = { queue: q };
    begin(block, p);
    XAsyncCancel(block);
    expect(XAsyncGetStatus(block, false)).toBe(E_PENDING);
    pump(q);
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
    expect(fetch(block)).toEqual({ hr: S_OK, buffer: PAYLOAD, used: 4 });
    expect(p.log).toEqual(['Begin', 'Cancel', 'DoWork', 'GetResult', 'Cleanup']);
    expectCleanedUpOnce(p);
  });

  it('still runs a late Cancel op, which cannot change the result, when the payload waits to be fetched', () => {
    const q = createQueue();
    const p = payloadProvider(PAYLOAD, [], true);
    const block: XAsyncBlock = { queue: q };
    begin(block, p);
    pump(q);
    XAsyncCancel(block);
    expect(p.log).toEqual(['Begin', 'DoWork', 'Cancel']);
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
    expect(fetch(block)).toEqual({ hr: S_OK, buffer: PAYLOAD, used: 4 });
    expectCleanedUpOnce(p);
  });

  it('runs one Cancel op at a time when Cancel cancels the call again', () => {
    const q = createQueue();
    const p = scriptedProvider({
      begin: scheduleIn(0),
      cancel: (d) => {
        XAsyncCancel(d.async);
      },
      doWork: completeWith(S_OK),
    });
    const block: XAsyncBlock = { queue: q };
    begin(block, p);
    XAsyncCancel(block);
    expect(p.log).toEqual(['Begin', 'Cancel']);
    XAsyncCancel(block);
    expect(p.log).toEqual(['Begin', 'Cancel', 'Cancel']);
    pump(q);
    expectCleanedUpOnce(p);
  });

  it('runs no Cancel op when the call already finished and released its state', () => {
    const q = createQueue();
    const p = scriptedProvider({ begin: completeWith(S_OK, 0) });
    const block: XAsyncBlock = { queue: q };
    begin(block, p);
    XAsyncCancel(block);
    expect(p.log).toEqual(['Begin', 'Cleanup']);
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
  });

  it('invokes Cancel, completes with E_ABORT and never runs DoWork when the queue terminates while DoWork is queued', () => {
    const q = createQueue();
    const log: string[] = [];
    const p = scriptedProvider({ begin: scheduleIn(0), doWork: completeWith(S_OK) }, log);
    const block = loggingBlock(q, log);
    begin(block, p);
    let terminated = false;
    expect(XTaskQueueTerminate(q, false, null, () => (terminated = true))).toBe(S_OK);
    expect(dispatchWork(q)).toBe(true);
    expect(XAsyncGetStatus(block, false)).toBe(E_ABORT);
    expect(log).toEqual(['Begin', 'Cancel', 'Cleanup']);
    pump(q);
    expect(log).toEqual(['Begin', 'Cancel', 'Cleanup', 'CB']);
    expect(terminated).toBe(true);
    expectCleanedUpOnce(p);
  });

  it('surfaces a delayed DoWork at once, canceled, when the queue terminates during the delay', () => {
    useVirtualHost();
    const q = createQueue();
    const log: string[] = [];
    const p = scriptedProvider({ begin: scheduleIn(60_000), doWork: completeWith(S_OK) }, log);
    const block = loggingBlock(q, log);
    begin(block, p);
    let terminated = false;
    XTaskQueueTerminate(q, false, null, () => (terminated = true));
    pump(q);
    expect(log).toEqual(['Begin', 'Cancel', 'Cleanup', 'CB']);
    expect(XAsyncGetStatus(block, false)).toBe(E_ABORT);
    expect(terminated).toBe(true);
    expectCleanedUpOnce(p);
  });

  it('keeps the provider status when its Cancel op completes the call during termination', () => {
    const q = createQueue();
    const p = scriptedProvider({ begin: scheduleIn(0), cancel: completeWith(E_ABORT), doWork: completeWith(S_OK) });
    const block: XAsyncBlock = { queue: q };
    begin(block, p);
    XTaskQueueTerminate(q, false, null, null);
    pump(q);
    expect(XAsyncGetStatus(block, false)).toBe(E_ABORT);
    expect(p.log).toEqual(['Begin', 'Cancel', 'Cleanup']);
    expectCleanedUpOnce(p);
  });
});

describe('XAsyncProviderData', () => {
  it('passes the same copy object to every op when the call runs to its payload', () => {
    const q = createQueue();
    const block: XAsyncBlock = { queue: q, context: 'user context', callback: () => {} };
    const p = payloadProvider(PAYLOAD);
    const context = { provider: true };
    begin(block, p, context);
    pump(q);
    fetch(block);
    expect(p.log).toEqual(['Begin', 'DoWork', 'GetResult', 'Cleanup']);
    const copies = new Set(p.data.map((d) => d.async));
    expect(copies.size).toBe(1);
    const [copy] = copies;
    expect(copy).not.toBe(block);
    expect(copy!.context).toBe('user context');
    expect(copy!.callback).toBe(block.callback);
    expect(p.data.every((d) => d.context === context)).toBe(true);
  });

  it('gives the copy the resolved queue, never null, when the block names no queue', () => {
    const q = createQueue();
    XTaskQueueSetCurrentProcessTaskQueue(q);
    const block: XAsyncBlock = {};
    let data: XAsyncProviderData | undefined;
    const p = scriptedProvider({
      begin: (d) => {
        data = d;
        return XAsyncSchedule(d.async, 0);
      },
      doWork: completeWith(S_OK),
    });
    begin(block, p);
    expect(block.queue).toBeUndefined();
    expect(data!.async.queue).not.toBeNull();
    expect(data!.async.queue).toBeDefined();
    expect(portOf(data!.async.queue!, XTaskQueuePort.Work)).toBe(portOf(q, XTaskQueuePort.Work));
    expect(dispatchWork(q)).toBe(true);
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
  });

  it("gives the copy a queue on the block's queue when the block names one", () => {
    const q = createQueue();
    const block: XAsyncBlock = { queue: q };
    const p = scriptedProvider({ begin: scheduleIn(0), doWork: completeWith(S_OK) });
    begin(block, p);
    const copyQueue = p.data[0]!.async.queue!;
    expect(portOf(copyQueue, XTaskQueuePort.Completion)).toBe(portOf(q, XTaskQueuePort.Completion));
    expect(block.queue).toBe(q);
    pump(q);
  });

  it('passes the caller buffer and size to GetResult only when the payload is fetched', () => {
    const q = createQueue();
    const block: XAsyncBlock = { queue: q };
    const p = payloadProvider(PAYLOAD);
    begin(block, p);
    pump(q);
    const buffer = new Uint8Array(10);
    expect(XAsyncGetResult(block, IDENTITY, 8, buffer, null)).toBe(S_OK);
    const getResult = p.data[p.log.indexOf('GetResult')]!;
    expect(getResult.buffer).toBe(buffer);
    expect(getResult.bufferSize).toBe(8);
    for (const op of ['Begin', 'DoWork', 'Cleanup']) {
      const d = p.data[p.log.indexOf(op)]!;
      expect([op, d.buffer, d.bufferSize]).toEqual([op, null, 0]);
    }
  });
});

describe('XAsyncComplete', () => {
  it("accepts the caller's block as well as the copy when the provider closes over the block", () => {
    const q = createQueue();
    const block: XAsyncBlock = { queue: q };
    const p = scriptedProvider({
      begin: () => XAsyncSchedule(block, 0),
      doWork: () => {
        XAsyncComplete(block, S_OK, PAYLOAD.length);
      },
      getResult: copyOut(PAYLOAD),
    });
    begin(block, p);
    expect(XAsyncGetStatus(block, false)).toBe(E_PENDING);
    expect(dispatchWork(q)).toBe(true);
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
    expect(fetch(block)).toEqual({ hr: S_OK, buffer: PAYLOAD, used: 4 });
    expectCleanedUpOnce(p);
  });
});

describe('XAsyncCompletionRoutine', () => {
  it("receives the caller's own block when the call completes", () => {
    const q = createQueue();
    const seen: XAsyncBlock[] = [];
    const block: XAsyncBlock = { queue: q, context: 7, callback: (b) => seen.push(b) };
    begin(block, scriptedProvider({ begin: scheduleIn(0), doWork: completeWith(S_OK) }));
    pump(q);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(block);
  });

  it('sees the final status, which was visible before it ran, when the Completion port is dispatched later', () => {
    const q = createQueue();
    const statuses: number[] = [];
    const block: XAsyncBlock = { queue: q, callback: (b) => statuses.push(XAsyncGetStatus(b, false)) };
    begin(block, scriptedProvider({ begin: scheduleIn(0), doWork: completeWith(DOWORK_FAILURE) }));
    dispatchWork(q);
    expect(statuses).toEqual([]);
    expect(XAsyncGetStatus(block, false)).toBe(DOWORK_FAILURE);
    dispatchCompletion(q);
    expect(statuses).toEqual([DOWORK_FAILURE]);
  });

  it('runs for a canceled call when the provider honours Cancel', () => {
    const q = createQueue();
    const statuses: number[] = [];
    const block: XAsyncBlock = { queue: q, callback: (b) => statuses.push(XAsyncGetStatus(b, false)) };
    begin(block, payloadProvider(PAYLOAD, [], true));
    XAsyncCancel(block);
    pump(q);
    expect(statuses).toEqual([E_ABORT]);
  });

  it('is never submitted when the block has no routine', () => {
    const q = createQueue();
    const block: XAsyncBlock = { queue: q };
    begin(block, scriptedProvider({ begin: scheduleIn(0), doWork: completeWith(S_OK) }));
    expect(dispatchWork(q)).toBe(true);
    expect(dispatchCompletion(q)).toBe(false);
  });
});

describe('XAsyncRun', () => {
  function traceOps(): { ops: string[]; stop: () => void } {
    const ops: string[] = [];
    const on = (e: ProviderOpEvent): void => {
      if (e.name === 'XAsyncRun') ops.push(opNames[e.op]!);
    };
    trace.on('providerOp', on);
    return { ops, stop: () => trace.off('providerOp', on) };
  }

  it('runs Begin, DoWork (the work routine) then Cleanup, and the routine on the Completion port, when the work succeeds (A8)', () => {
    const q = createQueue();
    const { ops, stop } = traceOps();
    try {
      const log: string[] = [];
      const block = loggingBlock(q, log);
      expect(
        XAsyncRun(block, () => {
          log.push('work');
          return S_OK;
        }),
      ).toBe(S_OK);
      expect(ops).toEqual(['Begin']);
      expect(dispatchWork(q)).toBe(true);
      expect(log).toEqual(['work']);
      expect(ops).toEqual(['Begin', 'DoWork', 'Cleanup']);
      expect(dispatchCompletion(q)).toBe(true);
      expect(log).toEqual(['work', 'CB']);
    } finally {
      stop();
    }
  });

  it("gives the work routine the library's copy with the caller's context and routine and a resolved queue when the block names no queue", () => {
    const q = createQueue();
    XTaskQueueSetCurrentProcessTaskQueue(q);
    const block: XAsyncBlock = { context: { mine: 1 }, callback: () => {} };
    let seen: XAsyncBlock | undefined;
    XAsyncRun(block, (b) => {
      seen = b;
      return S_OK;
    });
    pump(q);
    expect(seen).not.toBe(block);
    expect(seen!.context).toBe(block.context);
    expect(seen!.callback).toBe(block.callback);
    expect(portOf(seen!.queue!, XTaskQueuePort.Work)).toBe(portOf(q, XTaskQueuePort.Work));
  });

  it('runs the work anyway when the call is canceled', () => {
    const q = createQueue();
    const block: XAsyncBlock = { queue: q };
    let ran = false;
    XAsyncRun(block, () => {
      ran = true;
      return S_OK;
    });
    XAsyncCancel(block);
    pump(q);
    expect(ran).toBe(true);
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
  });
});
