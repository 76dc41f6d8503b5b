/**
 * Tracing: every provider op, submit, dispatch, completion, completion routine, Cleanup and
 * termination step is a typed event with a stable call id / queue id / port / HRESULT and a
 * monotonic timestamp; nothing is emitted (so no event object is built) while nobody listens.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  E_ABORT,
  E_FAIL,
  S_OK,
  XAsyncBegin,
  XAsyncComplete,
  XAsyncGetResult,
  XAsyncOp,
  XAsyncRun,
  XAsyncSchedule,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
  XTaskQueueSubmitCallback,
  XTaskQueueSubmitDelayedCallback,
  XTaskQueueTerminate,
  trace,
  type TraceEvents,
  type XAsyncBlock,
  type XAsyncProvider,
  type XTaskQueueHandle,
} from '@gdkts/xasync';
import { pump, useRuntimeSandbox } from '@gdkts/xasync/testing';

const { Manual, ThreadPool } = XTaskQueueDispatchMode;
const { Work, Completion } = XTaskQueuePort;
const KINDS = ['providerOp', 'complete', 'completionCallback', 'cleanup', 'submit', 'dispatch', 'termination'] as const;
type Kind = (typeof KINDS)[number];
type Recorded = { [K in Kind]: { kind: K; event: TraceEvents[K][0] } }[Kind];

const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, { start: 1000 });
const queues: XTaskQueueHandle[] = [];

// runs before the sandbox's afterEach (Vitest runs afterEach hooks in reverse order)
afterEach(() => {
  trace.removeAllListeners();
  for (const q of queues.splice(0)) pump(q);
});

function queue(work: XTaskQueueDispatchMode, completion: XTaskQueueDispatchMode = work): XTaskQueueHandle {
  const q = sandbox.createQueue(work, completion);
  queues.push(q);
  return q;
}

/** Listens to every event kind, in emission order. */
function record(): Recorded[] {
  const events: Recorded[] = [];
  for (const kind of KINDS)
    trace.on(kind, (event: TraceEvents[Kind][0]) => void events.push({ kind, event } as Recorded));
  return events;
}

function only<K extends Kind>(events: readonly Recorded[], kind: K): TraceEvents[K][0][] {
  return events.filter((e) => e.kind === kind).map((e) => e.event as TraceEvents[K][0]);
}

/** Begin schedules; DoWork completes with a 4-byte payload; GetResult fills it. */
const payloadProvider: XAsyncProvider = (op, data) => {
  if (op === XAsyncOp.Begin) return XAsyncSchedule(data.async, 0);
  if (op === XAsyncOp.DoWork) XAsyncComplete(data.async, S_OK, 4);
  if (op === XAsyncOp.GetResult) data.buffer!.fill(9, 0, 4);
  return S_OK;
};

describe('trace events', () => {
  it('one call: provider ops, submits, dispatches, completion, routine and Cleanup, with ids, ports, HRESULTs and times', () => {
    const q = queue(Manual);
    const events = record();
    const identity = {};
    const block: XAsyncBlock = {
      queue: q,
      callback: (b) => expect(XAsyncGetResult(b, identity, 4, new Uint8Array(4), null)).toBe(S_OK),
    };
    expect(XAsyncBegin(block, undefined, identity, 'TracedAsync', payloadProvider)).toBe(S_OK);
    sandbox.host.advance(5);
    expect(XTaskQueueDispatch(q, Work, 0)).toBe(true);
    sandbox.host.advance(7);
    expect(XTaskQueueDispatch(q, Completion, 0)).toBe(true);

    const ops = only(events, 'providerOp');
    expect(ops.map((e) => e.op)).toEqual([XAsyncOp.Begin, XAsyncOp.DoWork, XAsyncOp.GetResult, XAsyncOp.Cleanup]);
    const callId = ops[0]!.callId;
    const queueId = only(events, 'submit')[0]!.queueId;
    for (const e of ops) expect(e).toMatchObject({ callId, queueId, name: 'TracedAsync', hr: S_OK });
    expect(ops.map((e) => e.time)).toEqual([1000, 1005, 1012, 1012]);

    expect(only(events, 'complete')).toEqual([{ time: 1005, callId, queueId, hr: S_OK, size: 4 }]);
    expect(only(events, 'completionCallback')).toEqual([{ time: 1012, callId, queueId }]);
    expect(only(events, 'cleanup')).toEqual([{ time: 1012, callId, queueId }]);

    const submits = only(events, 'submit');
    const dispatches = only(events, 'dispatch');
    expect(submits.map((e) => e.port)).toEqual([Work, Completion]);
    expect(dispatches.map((e) => e.port)).toEqual([Work, Completion]);
    for (const e of submits) expect(e).toMatchObject({ queueId, delayMs: 0, hr: S_OK });
    for (const e of dispatches) expect(e).toMatchObject({ queueId, canceled: false });
    expect(
      dispatches.map((e) => e.itemId),
      'each dispatch names the item submitted',
    ).toEqual(submits.map((e) => e.itemId));
    expect(new Set(submits.map((e) => e.itemId)).size).toBe(2);

    // happens-before: submit → its dispatch; complete → routine → Cleanup (last)
    const index = (kind: Kind, n = 0): number =>
      events.map((e, i) => [e.kind, i] as const).filter(([k]) => k === kind)[n]![1];
    expect(index('submit', 0)).toBeLessThan(index('dispatch', 0));
    expect(index('submit', 1)).toBeLessThan(index('dispatch', 1));
    expect(index('complete')).toBeLessThan(index('completionCallback'));
    expect(events.at(-1)!.kind).toBe('cleanup');
    // monotonic timestamps
    const times = events.map((e) => e.event.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('call ids are stable per call and distinct between calls; queue ids name the queue', () => {
    const a = queue(Manual);
    const b = queue(Manual);
    const events = record();
    const first: XAsyncBlock = { queue: a };
    const second: XAsyncBlock = { queue: b };
    expect(XAsyncRun(first, () => S_OK)).toBe(S_OK);
    expect(XAsyncRun(second, () => 3)).toBe(S_OK);
    expect(XTaskQueueSubmitCallback(a, Completion, undefined, () => undefined)).toBe(S_OK);
    pump(a);
    pump(b);
    const completes = only(events, 'complete');
    expect(completes.map((e) => e.hr)).toEqual([S_OK, 3]);
    const [idA, idB] = completes.map((e) => e.callId);
    expect(idA).not.toBe(idB);
    for (const e of only(events, 'providerOp')) expect([idA, idB]).toContain(e.callId);
    const submits = only(events, 'submit');
    const queueA = submits[0]!.queueId;
    const queueB = submits[1]!.queueId;
    expect(queueA).not.toBe(queueB);
    expect(submits[2]).toMatchObject({ queueId: queueA, port: Completion, hr: S_OK });
  });

  it('a provider that throws: its op reports E_FAIL and the error', () => {
    const q = queue(Manual);
    const events = record();
    const boom = new Error('DoWork failed');
    const provider: XAsyncProvider = (op, data) => {
      if (op === XAsyncOp.Begin) return XAsyncSchedule(data.async, 0);
      if (op === XAsyncOp.DoWork) throw boom;
      return S_OK;
    };
    expect(XAsyncBegin({ queue: q }, undefined, null, 'Throws', provider)).toBe(S_OK);
    pump(q);
    const doWork = only(events, 'providerOp').find((e) => e.op === XAsyncOp.DoWork)!;
    expect(doWork).toMatchObject({ hr: E_FAIL, error: boom });
    expect(only(events, 'complete')[0]).toMatchObject({ callId: doWork.callId, hr: E_FAIL, size: 0 });
  });

  it('a delayed submission reports its delay; a rejected one reports E_ABORT and item 0', () => {
    const q = queue(Manual);
    const events = record();
    expect(XTaskQueueSubmitDelayedCallback(q, Work, 25, undefined, () => undefined)).toBe(S_OK);
    expect(XTaskQueueTerminate(q, false, undefined, null)).toBe(S_OK);
    expect(XTaskQueueSubmitCallback(q, Work, undefined, () => undefined)).toBe(E_ABORT);
    const [delayed, rejected] = only(events, 'submit');
    expect(delayed).toMatchObject({ delayMs: 25, hr: S_OK, port: Work });
    expect(delayed!.itemId).toBeGreaterThan(0);
    expect(rejected).toMatchObject({ delayMs: 0, hr: E_ABORT, itemId: 0, queueId: delayed!.queueId });
  });

  it('termination: start, parked while a call is in flight, canceled dispatches, both ports terminated, callback', () => {
    const q = queue(Manual);
    const events = record();
    const block: XAsyncBlock = { queue: q, callback: () => undefined };
    const pending: XAsyncProvider = (op, _data) => (op === XAsyncOp.Begin ? S_OK : S_OK); // completes only when told
    expect(XAsyncBegin(block, undefined, null, 'InFlight', pending)).toBe(S_OK);
    expect(XTaskQueueSubmitCallback(q, Work, undefined, () => undefined)).toBe(S_OK);
    let terminated = 0;
    expect(XTaskQueueTerminate(q, false, undefined, () => terminated++)).toBe(S_OK);
    sandbox.host.advance(3);
    pump(q);
    expect(only(events, 'termination').map((e) => e.step)).toEqual(['start', 'parked']);
    XAsyncComplete(block, E_ABORT, 0);
    sandbox.host.advance(4);
    pump(q);
    const steps = only(events, 'termination');
    expect(steps.map((e) => e.step)).toEqual([
      'start',
      'parked',
      'work-terminated',
      'completion-terminated',
      'callback',
    ]);
    const queueId = only(events, 'submit')[0]!.queueId;
    for (const e of steps) expect(e).toMatchObject({ queueId, hr: S_OK });
    expect(steps.map((e) => e.time)).toEqual([1000, 1000, 1007, 1007, 1007]);
    expect(terminated).toBe(1);
    expect(only(events, 'dispatch').map((e) => e.canceled)).toEqual([true, true]); // the queued callback, then the completion routine
  });
});

describe('nothing is built while nobody listens', () => {
  /** A workload touching every traced path. */
  function workload(): void {
    const q = queue(Manual);
    const pool = queue(ThreadPool);
    const identity = {};
    const block: XAsyncBlock = {
      queue: q,
      callback: (b) => void XAsyncGetResult(b, identity, 4, new Uint8Array(4), null),
    };
    expect(XAsyncBegin(block, undefined, identity, 'Quiet', payloadProvider)).toBe(S_OK);
    expect(XAsyncRun({ queue: pool }, () => S_OK)).toBe(S_OK);
    expect(XTaskQueueSubmitDelayedCallback(q, Work, 5, undefined, () => undefined)).toBe(S_OK);
    sandbox.host.advance(10);
    pump(q);
    expect(XTaskQueueTerminate(q, false, undefined, null)).toBe(S_OK);
    pump(q);
    sandbox.host.runAll();
  }

  it('trace.active is false and emit is never called without listeners', () => {
    const emit = vi.spyOn(trace, 'emit');
    try {
      expect(trace.active).toBe(false);
      workload();
      expect(emit).not.toHaveBeenCalled();
      const listener = vi.fn();
      trace.on('submit', listener);
      expect(trace.active).toBe(true);
      workload();
      expect(emit).toHaveBeenCalled();
      expect(listener).toHaveBeenCalled();
      trace.off('submit', listener);
      expect(trace.active).toBe(false);
      emit.mockClear();
      workload();
      expect(emit).not.toHaveBeenCalled();
    } finally {
      emit.mockRestore();
    }
  });

  it('every way to add or remove a listener keeps trace.active right', () => {
    const fn = (): void => undefined;
    trace.addListener('dispatch', fn);
    expect(trace.active).toBe(true);
    trace.removeListener('dispatch', fn);
    expect(trace.active).toBe(false);
    trace.on('dispatch', fn).on('submit', fn);
    trace.off('dispatch', fn);
    expect(trace.active, 'one listener is left').toBe(true);
    trace.removeAllListeners('submit');
    expect(trace.active).toBe(false);
    trace.on('submit', fn);
    trace.removeAllListeners();
    expect(trace.active).toBe(false);
  });

  it('a once listener runs once, and then nothing is built any more', () => {
    const seen: number[] = [];
    trace.once('submit', (e) => seen.push(e.itemId));
    const q = queue(Manual);
    expect(XTaskQueueSubmitCallback(q, Work, undefined, () => undefined)).toBe(S_OK);
    expect(seen).toHaveLength(1);
    expect(trace.active).toBe(false);
    const emit = vi.spyOn(trace, 'emit');
    try {
      expect(XTaskQueueSubmitCallback(q, Work, undefined, () => undefined)).toBe(S_OK);
      expect(emit).not.toHaveBeenCalled();
    } finally {
      emit.mockRestore();
    }
  });
});
