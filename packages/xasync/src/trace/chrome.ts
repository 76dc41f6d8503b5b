/**
 * The Chrome trace-event renderer (the JSON Perfetto and `chrome://tracing` open): one track per
 * queue port plus a caller track, one slice per callback, instant events for call steps, and a
 * flow arrow from each call's Begin to each callback that ran a step of it.
 * @module
 */
import type { RecordedTrace } from '../traceRecorder.js';
import { buildTraceTimeline, hrText } from './timeline.js';

/** One Chrome trace event (the fields gdkts writes). */
export interface ChromeTraceEvent {
  /** Event name. */
  readonly name: string;
  /** Phase: `X` complete slice, `i` instant, `s`/`f` flow start/finish, `M` metadata. */
  readonly ph: 'X' | 'i' | 's' | 'f' | 'M';
  /** Timestamp in microseconds. */
  readonly ts: number;
  /** Process id (always 1). */
  readonly pid: number;
  /** Thread id: 0 the caller, then one per queue port. */
  readonly tid: number;
  /** Duration in microseconds (`X` only). */
  readonly dur?: number;
  /** Category. */
  readonly cat?: string;
  /** Flow id (`s`/`f`). */
  readonly id?: number;
  /** Flow binding point (`f`: `e`, the enclosing slice). */
  readonly bp?: 'e';
  /** Instant scope (`i`: `t`, the thread). */
  readonly s?: 't';
  /** Arguments shown in the UI. */
  readonly args?: Readonly<Record<string, string | number | boolean | null>>;
}

/** A Chrome trace-event file in the JSON object format. */
export interface ChromeTrace {
  /** The events. */
  readonly traceEvents: readonly ChromeTraceEvent[];
  /** Always `ms`. */
  readonly displayTimeUnit: 'ms';
}

/** The smallest slice drawn, in µs, so zero-length callbacks (virtual time) stay visible. */
const MIN_DUR = 1;

/**
 * Renders a recorded run as Chrome trace events: `pid` 1, `tid` 0 the caller (a 1 µs `Begin`
 * slice per call), `tid` 1… one per queue port (named by `thread_name` metadata), an `X` slice
 * per callback, an `i` instant per other call step, and a flow (`s` at Begin, `f` at the
 * callback) from each call's Begin to every callback that ran a step of it.
 * @param run - [in] a recorded run.
 * @returns the trace; `JSON.stringify` it to a `.json` file.
 */
export function renderTraceChrome(run: RecordedTrace): ChromeTrace {
  const t = buildTraceTimeline(run);
  const us = (time: number): number => Math.round((time - t.start) * 1000);
  const tids = new Map(t.lanes.map((l, i) => [l.id, i + 1]));
  const tidOf = (lane: string | null): number => (lane === null ? 0 : (tids.get(lane) ?? 0));
  const events: ChromeTraceEvent[] = [
    { name: 'process_name', ph: 'M', ts: 0, pid: 1, tid: 0, args: { name: 'gdkts xasync' } },
    { name: 'thread_name', ph: 'M', ts: 0, pid: 1, tid: 0, args: { name: 'caller' } },
    ...t.lanes.map((l): ChromeTraceEvent => ({
      name: 'thread_name',
      ph: 'M',
      ts: 0,
      pid: 1,
      tid: tidOf(l.id),
      args: { name: l.label },
    })),
  ];
  const names = new Map(t.calls.map((c) => [c.callId, c.name]));
  const label = (callId: number): string => `call ${callId}${names.get(callId) ? ` ${names.get(callId)}` : ''}`;
  let flowId = 0;
  const begins = new Map<number, number>();
  for (const call of t.calls) {
    for (const s of call.steps) {
      const args = { callId: call.callId, queueId: call.queueId, hr: s.hr === null ? null : hrText(s.hr) };
      if (s.step === 'Begin') {
        begins.set(call.callId, s.time);
        events.push({
          name: `${label(call.callId)} Begin`,
          cat: 'xasync',
          ph: 'X',
          ts: us(s.time),
          dur: MIN_DUR,
          pid: 1,
          tid: 0,
          args,
        });
      } else
        events.push({
          name: `${s.step}`,
          cat: 'xasync',
          ph: 'i',
          s: 't',
          ts: us(s.time),
          pid: 1,
          tid: tidOf(s.lane),
          args,
        });
    }
  }
  for (const cb of t.callbacks) {
    const name =
      cb.callId === null
        ? `item ${cb.itemId}`
        : `${label(cb.callId)} ${cb.lane.endsWith('.work') ? 'work' : 'completion'}`;
    const args = {
      itemId: cb.itemId,
      callId: cb.callId,
      canceled: cb.canceled,
      delayMs: cb.delayMs,
      queuedMs: cb.submitted === null ? null : cb.start - cb.submitted,
    };
    const tid = tidOf(cb.lane);
    events.push({
      name,
      cat: 'callback',
      ph: 'X',
      ts: us(cb.start),
      dur: Math.max(MIN_DUR, us(cb.end) - us(cb.start)),
      pid: 1,
      tid,
      args,
    });
    const begin = cb.callId === null ? undefined : begins.get(cb.callId);
    if (begin !== undefined) {
      const id = ++flowId;
      events.push({ name: 'XAsync', cat: 'flow', ph: 's', id, ts: us(begin), pid: 1, tid: 0 });
      events.push({ name: 'XAsync', cat: 'flow', ph: 'f', bp: 'e', id, ts: us(cb.start), pid: 1, tid });
    }
  }
  return { traceEvents: events, displayTimeUnit: 'ms' };
}
