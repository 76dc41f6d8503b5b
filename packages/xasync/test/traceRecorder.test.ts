/**
 * The trace recorder: a ring of the latest `limit` events (older ones counted as dropped), plain
 * JSON data in the versioned events.json format, and no listener left behind after stop().
 */
import { fc, test } from '@fast-check/vitest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  E_FAIL,
  S_OK,
  XAsyncBegin,
  XAsyncOp,
  XAsyncRun,
  XAsyncSchedule,
  XTaskQueueCloseHandle,
  XTaskQueueDispatchMode,
  trace,
  type TraceEvents,
} from '@gdkts/xasync';
import { pump, useRuntimeSandbox } from '@gdkts/xasync/testing';
import {
  DEFAULT_TRACE_LIMIT,
  TRACE_FORMAT,
  TRACE_FORMAT_VERSION,
  parseRecordedTrace,
  startTraceRecording,
} from '@gdkts/xasync/trace';
import { recordScenario } from './helpers/traceRun.js';

const KINDS = ['providerOp', 'complete', 'completionCallback', 'cleanup', 'submit', 'dispatch', 'termination'] as const;

const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, { start: 500 });
// runs before the sandbox's afterEach (Vitest runs afterEach hooks in reverse order)
afterEach(() => void trace.removeAllListeners());

/** Every event the trace emits, with its kind, by an independent listener. */
function listenAll(): { kind: string; event: object }[] {
  const all: { kind: string; event: object }[] = [];
  for (const kind of KINDS) trace.on(kind, (event: TraceEvents[typeof kind][0]) => void all.push({ kind, event }));
  return all;
}

describe('startTraceRecording', () => {
  it('records every event with its kind and fields, as JSON-safe data in the versioned format', () => {
    const all = listenAll();
    const { run } = recordScenario(sandbox);
    expect(run.format).toBe(TRACE_FORMAT);
    expect(run.version).toBe(TRACE_FORMAT_VERSION);
    expect(run.limit).toBe(DEFAULT_TRACE_LIMIT);
    expect(run.dropped).toBe(0);
    expect(run.events).toEqual(all.map(({ kind, event }) => ({ kind, ...event })));
    expect(new Set(run.events.map((e) => e.kind))).toEqual(new Set(KINDS));
    expect(JSON.parse(JSON.stringify(run))).toEqual(run);
  });

  test.prop([fc.integer({ min: 1, max: 80 })])(
    'keeps the latest `limit` events in order and counts the rest as dropped',
    (limit) => {
      const all = listenAll();
      const { run } = recordScenario(sandbox, limit);
      trace.removeAllListeners();
      const expected = all.map(({ kind, event }) => ({ kind, ...event }));
      expect(run.events).toEqual(expected.slice(Math.max(0, expected.length - limit)));
      expect(run.dropped).toBe(Math.max(0, expected.length - limit));
      expect(run.limit).toBe(limit);
    },
  );

  it('stop() removes its listeners (nothing is built for tracing afterwards) and returns the same run again', () => {
    const rec = startTraceRecording();
    expect(trace.active).toBe(true);
    expect(rec.recording).toBe(true);
    const run = rec.stop();
    expect(trace.active).toBe(false);
    expect(rec.recording).toBe(false);
    const q = sandbox.createQueue(XTaskQueueDispatchMode.Manual);
    XAsyncRun({ queue: q }, () => S_OK);
    pump(q);
    XTaskQueueCloseHandle(q);
    expect(rec.stop()).toBe(run);
    expect(run.events).toEqual([]);
  });

  it('overlapping recordings each get every event of their own window', () => {
    const outer = startTraceRecording();
    const q = sandbox.createQueue(XTaskQueueDispatchMode.Manual);
    XAsyncRun({ queue: q }, () => S_OK);
    const inner = startTraceRecording();
    pump(q);
    const innerRun = inner.stop();
    XTaskQueueCloseHandle(q);
    const outerRun = outer.stop();
    expect(innerRun.events.length).toBeGreaterThan(0);
    const start = outerRun.events.findIndex(
      (e) => e === innerRun.events[0] || JSON.stringify(e) === JSON.stringify(innerRun.events[0]),
    );
    expect(outerRun.events.slice(start, start + innerRun.events.length)).toEqual(innerRun.events);
    expect(outerRun.events.length).toBeGreaterThan(innerRun.events.length);
  });

  it('a provider that throws is recorded as E_FAIL with the error as text', () => {
    const rec = startTraceRecording();
    const q = sandbox.createQueue(XTaskQueueDispatchMode.Manual);
    XAsyncBegin({ queue: q }, null, null, 'ThrowingAsync', (op, data) => {
      if (op === XAsyncOp.Begin) return XAsyncSchedule(data.async, 0);
      if (op === XAsyncOp.DoWork) throw new Error('boom');
      return S_OK;
    });
    pump(q);
    XTaskQueueCloseHandle(q);
    expect(sandbox.takeErrors()).toEqual([]);
    const run = rec.stop();
    const failed = run.events.find((e) => e.kind === 'providerOp' && e.hr === E_FAIL);
    expect(failed).toMatchObject({ kind: 'providerOp', error: 'Error: boom' });
    expect(parseRecordedTrace(JSON.parse(JSON.stringify(run)))).toEqual({ ok: true, trace: run });
  });

  it.each([0, -1, 1.5, Number.NaN, Infinity])('limit %s is a RangeError', (limit) => {
    expect(() => startTraceRecording({ limit })).toThrow(RangeError);
    expect(trace.active).toBe(false);
  });
});

describe('parseRecordedTrace', () => {
  it('accepts a recorded run read back from JSON', () => {
    const { run } = recordScenario(sandbox);
    expect(parseRecordedTrace(JSON.parse(JSON.stringify(run)))).toEqual({ ok: true, trace: run });
  });

  const good = { format: TRACE_FORMAT, version: TRACE_FORMAT_VERSION, limit: 10, dropped: 0, events: [] };
  it.each([
    ['an array', [], /expected a JSON object/],
    ['another format', { ...good, format: 'chrome' }, /"format"/],
    ['another version', { ...good, version: 2 }, /unsupported trace version 2/],
    ['no events', { ...good, events: undefined }, /`events` array/],
    ['a bad limit', { ...good, limit: 'x' }, /`limit`/],
    ['an unknown kind', { ...good, events: [{ kind: 'nope', time: 1 }] }, /event 0 has an unknown `kind` "nope"/],
    [
      'a missing field',
      { ...good, events: [{ kind: 'dispatch', time: 1, queueId: 1, port: 0, canceled: false }] },
      /event 0 has no integer `itemId`/,
    ],
    [
      'an unknown op',
      { ...good, events: [{ kind: 'providerOp', time: 1, callId: 1, queueId: 1, name: null, op: 9, hr: 0 }] },
      /event 0 has an `op` that is not an XAsyncOp/,
    ],
    [
      'a missing time',
      { ...good, events: [{ kind: 'cleanup', callId: 1, queueId: 1 }] },
      /event 0 has no numeric `time`/,
    ],
  ])('rejects %s with a reason', (_what, value, reason) => {
    const result = parseRecordedTrace(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(reason);
  });
});
