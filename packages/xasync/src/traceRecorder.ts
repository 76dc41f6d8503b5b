/**
 * The trace recorder: listens to {@link trace} between {@link startTraceRecording} and
 * {@link TraceRecording.stop}, keeping the latest `limit` events in a ring (older ones are counted
 * as dropped), and hands back a {@link RecordedTrace}: plain JSON data (the `events.json` format,
 * versioned) that the renderers of `@gdkts/xasync/trace` turn into pictures.
 * @module
 */
import type { HRESULT } from './HRESULT.js';
import { trace, type TraceEvents } from './trace.js';

/** The `format` field of every recorded trace. */
export const TRACE_FORMAT = 'gdkts-xasync-trace';
/** The version of the recorded-trace format this module writes and reads. */
export const TRACE_FORMAT_VERSION = 1;
/** The default ring size of {@link startTraceRecording}. */
export const DEFAULT_TRACE_LIMIT = 10_000;

/** A recorded provider op (`providerOp` event); `error` is the thrown value's text. */
export interface RecordedProviderOp {
  /** Event kind. */
  readonly kind: 'providerOp';
  /** Monotonic ms. */
  readonly time: number;
  /** The call's id. */
  readonly callId: number;
  /** The call's queue id. */
  readonly queueId: number;
  /** The `identityName` given to `XAsyncBegin`. */
  readonly name: string | null;
  /** The `XAsyncOp` value. */
  readonly op: number;
  /** What the provider returned. */
  readonly hr: HRESULT;
  /** `String(error)` of what the provider threw, when it threw. */
  readonly error?: string;
}

/** A recorded `complete` event. */
export interface RecordedComplete {
  /** Event kind. */
  readonly kind: 'complete';
  /** Monotonic ms. */
  readonly time: number;
  /** The call's id. */
  readonly callId: number;
  /** The call's queue id. */
  readonly queueId: number;
  /** The final status. */
  readonly hr: HRESULT;
  /** The payload size. */
  readonly size: number;
}

/** A recorded `completionCallback` or `cleanup` event. */
export interface RecordedCallStep {
  /** Event kind. */
  readonly kind: 'completionCallback' | 'cleanup';
  /** Monotonic ms. */
  readonly time: number;
  /** The call's id. */
  readonly callId: number;
  /** The call's queue id. */
  readonly queueId: number;
}

/** A recorded `submit` event. */
export interface RecordedSubmit {
  /** Event kind. */
  readonly kind: 'submit';
  /** Monotonic ms. */
  readonly time: number;
  /** The queue's id. */
  readonly queueId: number;
  /** `XTaskQueuePort` value. */
  readonly port: number;
  /** The item's id (0 when the submission failed). */
  readonly itemId: number;
  /** Delay asked for, in ms. */
  readonly delayMs: number;
  /** The submission's HRESULT. */
  readonly hr: HRESULT;
}

/** A recorded `dispatch` event. */
export interface RecordedDispatch {
  /** Event kind. */
  readonly kind: 'dispatch';
  /** Monotonic ms. */
  readonly time: number;
  /** The submitting queue's id. */
  readonly queueId: number;
  /** `XTaskQueuePort` value. */
  readonly port: number;
  /** The item's id. */
  readonly itemId: number;
  /** The `canceled` argument. */
  readonly canceled: boolean;
}

/** A recorded `termination` event. */
export interface RecordedTermination {
  /** Event kind. */
  readonly kind: 'termination';
  /** Monotonic ms. */
  readonly time: number;
  /** The queue's id. */
  readonly queueId: number;
  /** The termination step. */
  readonly step: 'start' | 'parked' | 'work-terminated' | 'completion-terminated' | 'callback';
  /** The step's HRESULT. */
  readonly hr: HRESULT;
}

/** One recorded trace event: the {@link trace} event with its name as `kind`, as plain data. */
export type RecordedEvent =
  RecordedProviderOp | RecordedComplete | RecordedCallStep | RecordedSubmit | RecordedDispatch | RecordedTermination;

/** A recorded run: the `events.json` format (plain data; `JSON.stringify` it as is). */
export interface RecordedTrace {
  /** Always {@link TRACE_FORMAT}. */
  readonly format: typeof TRACE_FORMAT;
  /** Always {@link TRACE_FORMAT_VERSION}. */
  readonly version: typeof TRACE_FORMAT_VERSION;
  /** The ring size the run was recorded with. */
  readonly limit: number;
  /** Events recorded and then pushed out of the ring (the oldest ones). */
  readonly dropped: number;
  /** The kept events, oldest first. */
  readonly events: readonly RecordedEvent[];
}

/** What {@link startTraceRecording} returns. */
export interface TraceRecording {
  /** `true` until {@link TraceRecording.stop} is called. */
  readonly recording: boolean;
  /**
   * Stops listening and returns the run. Calling it again returns the same run.
   * @returns the recorded run.
   */
  stop(): RecordedTrace;
}

/** Options of {@link startTraceRecording}. */
export interface TraceRecordingOptions {
  /** How many of the latest events to keep (a positive integer; default {@link DEFAULT_TRACE_LIMIT}). */
  readonly limit?: number;
}

const KINDS = ['providerOp', 'complete', 'completionCallback', 'cleanup', 'submit', 'dispatch', 'termination'] as const;

function record(kind: (typeof KINDS)[number], event: TraceEvents[typeof kind][0]): RecordedEvent {
  if (kind === 'providerOp') {
    const { error, ...rest } = event as TraceEvents['providerOp'][0];
    return 'error' in event ? { kind, ...rest, error: String(error) } : { kind, ...rest };
  }
  return { kind, ...event } as RecordedEvent;
}

/**
 * Starts recording the process-wide {@link trace}: every event from now until `stop()` is copied
 * into a ring of the latest `limit` events (memory stays bounded; older events are counted in
 * {@link RecordedTrace.dropped}). Recordings may overlap; each has its own ring.
 * @param options - [in, optional] `limit`: the ring size.
 * @returns the recording; `stop()` ends it and gives the {@link RecordedTrace}.
 * @throws RangeError when `limit` is not a positive integer.
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import { S_OK, XAsyncRun, XTaskQueueCloseHandle, XTaskQueueCreate, XTaskQueueDispatch, XTaskQueueDispatchMode, out, type XTaskQueueHandle } from '@gdkts/xasync';
 * import { parseRecordedTrace, startTraceRecording } from '@gdkts/xasync/trace';
 * const rec = startTraceRecording({ limit: 1000 });
 * const q = out<XTaskQueueHandle | null>(null);
 * XTaskQueueCreate(XTaskQueueDispatchMode.Manual, XTaskQueueDispatchMode.Manual, q);
 * XAsyncRun({ queue: q.value, callback: () => undefined }, () => S_OK);
 * while (XTaskQueueDispatch(q.value, 0, 0) || XTaskQueueDispatch(q.value, 1, 0));
 * XTaskQueueCloseHandle(q.value!);
 * const run = rec.stop();
 * const json = JSON.stringify(run); // what `gdkts trace` reads
 * assert.deepStrictEqual(parseRecordedTrace(JSON.parse(json)), { ok: true, trace: run });
 * assert.ok(run.events.some((e) => e.kind === 'completionCallback'));
 * ```
 */
export function startTraceRecording(options: TraceRecordingOptions = {}): TraceRecording {
  const limit = options.limit ?? DEFAULT_TRACE_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`Expected \`limit\` to be a positive integer, got \`${String(limit)}\``);
  const ring: RecordedEvent[] = [];
  let head = 0; // index of the oldest event once the ring is full
  let seen = 0;
  const push = (event: RecordedEvent): void => {
    seen++;
    if (ring.length < limit) ring.push(event);
    else {
      ring[head] = event;
      head = (head + 1) % limit;
    }
  };
  const listeners = KINDS.map((kind) => {
    const fn = (event: TraceEvents[typeof kind][0]): void => push(record(kind, event));
    trace.on(kind, fn);
    return [kind, fn] as const;
  });
  let result: RecordedTrace | null = null;
  return {
    get recording(): boolean {
      return result === null;
    },
    stop(): RecordedTrace {
      if (result !== null) return result;
      for (const [kind, fn] of listeners) trace.off(kind, fn);
      const events = [...ring.slice(head), ...ring.slice(0, head)];
      result = { format: TRACE_FORMAT, version: TRACE_FORMAT_VERSION, limit, dropped: seen - events.length, events };
      return result;
    },
  };
}

/** What {@link parseRecordedTrace} returns. */
export type ParseRecordedTraceResult =
  | {
      /** The value is a recorded trace. */
      readonly ok: true;
      /** The value, typed. */
      readonly trace: RecordedTrace;
    }
  | {
      /** The value is not a recorded trace this version reads. */
      readonly ok: false;
      /** The first problem found, in words. */
      readonly error: string;
    };

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const STEPS = new Set(['start', 'parked', 'work-terminated', 'completion-terminated', 'callback']);

function eventProblem(e: unknown): string | null {
  if (typeof e !== 'object' || e === null) return 'is not an object';
  const r = e as Record<string, unknown>;
  if (!isNum(r['time'])) return 'has no numeric `time`';
  const need = (...fields: string[]): string | null => {
    for (const f of fields) if (!isInt(r[f])) return `has no integer \`${f}\``;
    return null;
  };
  switch (r['kind']) {
    case 'providerOp':
      if (r['name'] !== null && typeof r['name'] !== 'string') return 'has a `name` that is neither a string nor null';
      if (!isInt(r['op']) || r['op'] < 0 || r['op'] > 4) return 'has an `op` that is not an XAsyncOp (0 to 4)';
      return need('callId', 'queueId', 'hr');
    case 'complete':
      return need('callId', 'queueId', 'hr', 'size');
    case 'completionCallback':
    case 'cleanup':
      return need('callId', 'queueId');
    case 'submit':
      return need('queueId', 'port', 'itemId', 'delayMs', 'hr');
    case 'dispatch':
      if (typeof r['canceled'] !== 'boolean') return 'has no boolean `canceled`';
      return need('queueId', 'port', 'itemId');
    case 'termination':
      if (!STEPS.has(r['step'] as string)) return 'has an unknown termination `step`';
      return need('queueId', 'hr');
    default:
      return `has an unknown \`kind\` ${JSON.stringify(r['kind'])}`;
  }
}

/**
 * Checks that a parsed `events.json` value is a {@link RecordedTrace} this version reads.
 * @param value - [in] the value `JSON.parse` gave.
 * @returns `{ ok: true, trace }`, or `{ ok: false, error }` naming the first problem.
 */
export function parseRecordedTrace(value: unknown): ParseRecordedTraceResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, error: 'not a recorded trace (expected a JSON object)' };
  const r = value as Record<string, unknown>;
  if (r['format'] !== TRACE_FORMAT)
    return { ok: false, error: `not a recorded trace (expected "format": "${TRACE_FORMAT}")` };
  if (r['version'] !== TRACE_FORMAT_VERSION)
    return {
      ok: false,
      error: `unsupported trace version ${JSON.stringify(r['version'])} (this reader knows version ${TRACE_FORMAT_VERSION})`,
    };
  if (!isInt(r['limit']) || !isInt(r['dropped']))
    return { ok: false, error: 'a recorded trace needs integer `limit` and `dropped`' };
  if (!Array.isArray(r['events'])) return { ok: false, error: 'a recorded trace needs an `events` array' };
  for (let i = 0; i < r['events'].length; i++) {
    const problem = eventProblem(r['events'][i]);
    if (problem !== null) return { ok: false, error: `event ${i} ${problem}` };
  }
  return { ok: true, trace: value as RecordedTrace };
}
