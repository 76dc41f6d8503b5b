/**
 * The timeline every renderer draws: a recorded run folded into lanes (one per queue port),
 * callbacks (one per dispatched item) and calls (each with its steps in order).
 *
 * Where a step ran is read from the events (the trace has no "callback returned" event): `Begin`
 * runs on the caller, `DoWork` on the call's Work port, the completion routine on its Completion
 * port. A dispatched item belongs to a call when the call's first event after the dispatch (and
 * before the next one) is one that item runs: its completion routine (Completion port) or its
 * DoWork / Cancel / Complete (Work port). Other steps of that call (Complete, GetResult, Cleanup,
 * Cancel) until the next dispatch are placed in that callback; otherwise on the caller. A provider
 * op's event comes when the op returns, so an op is put before the steps it ran (a DoWork before
 * those since its Work callback started, even with callbacks nested inside on Immediate ports).
 * @module
 */
import { E_ABORT, hresultName, type HRESULT } from '../HRESULT.js';
import type { RecordedEvent, RecordedTrace } from '../traceRecorder.js';

/** A step of an XAsync call, as the timeline names it. */
export type TraceStepName = 'Begin' | 'DoWork' | 'Cancel' | 'Complete' | 'callback' | 'GetResult' | 'Cleanup';

/** One queue port: a lane of the pictures. */
export interface TraceLane {
  /** Stable key, `q<queueId>.work` or `q<queueId>.completion`. */
  readonly id: string;
  /** The queue's id. */
  readonly queueId: number;
  /** `XTaskQueuePort` value. */
  readonly port: number;
  /** `"queue 3 Work"`. */
  readonly label: string;
}

/** One step of a call. */
export interface TraceStep {
  /** What happened. */
  readonly step: TraceStepName;
  /** Monotonic ms (for DoWork, when its callback was invoked). */
  readonly time: number;
  /** The HRESULT the step returned or completed with (`null` for the completion routine). */
  readonly hr: HRESULT | null;
  /** The lane it ran on ({@link TraceLane.id}), or `null` for the caller. */
  readonly lane: string | null;
  /** The payload size, for `Complete`. */
  readonly size?: number;
  /** Its place in the run's order (the event's index; between two indexes for a provider op placed before the steps it ran). */
  readonly seq: number;
}

/** One XAsync call and its steps, in order. */
export interface TraceCall {
  /** The call's id. */
  readonly callId: number;
  /** The call's (resolved) queue id. */
  readonly queueId: number;
  /** The `identityName` given to `XAsyncBegin`, when a provider op was recorded. */
  readonly name: string | null;
  /** The steps, in the order they happened. */
  readonly steps: readonly TraceStep[];
}

/** One dispatched item: a callback invocation on a lane. */
export interface TraceCallback {
  /** The item's id. */
  readonly itemId: number;
  /** The lane ({@link TraceLane.id}). */
  readonly lane: string;
  /** When it was submitted (`null` when the submission was not recorded). */
  readonly submitted: number | null;
  /** The delay asked for at submission, in ms. */
  readonly delayMs: number;
  /** When it was invoked. */
  readonly start: number;
  /** The last recorded event it ran (= `start` when none). */
  readonly end: number;
  /** The `canceled` argument it received. */
  readonly canceled: boolean;
  /** The call it ran a step of, or `null` for a plain callback. */
  readonly callId: number | null;
  /** Index of its dispatch event in the run. */
  readonly seq: number;
}

/** A recorded run as lanes, callbacks and calls. */
export interface TraceTimeline {
  /** Time of the first kept event (0 when none). */
  readonly start: number;
  /** Time of the last kept event (0 when none). */
  readonly end: number;
  /** Events the recorder dropped. */
  readonly dropped: number;
  /** One lane per queue port seen, by queue id then port. */
  readonly lanes: readonly TraceLane[];
  /** One per dispatch, in dispatch order. */
  readonly callbacks: readonly TraceCallback[];
  /** One per call seen, by call id. */
  readonly calls: readonly TraceCall[];
}

const OP_STEPS: readonly TraceStepName[] = ['Begin', 'DoWork', 'GetResult', 'Cancel', 'Cleanup'];

/**
 * The lane key of a queue port.
 * @param queueId - [in] the queue's id.
 * @param port - [in] the `XTaskQueuePort` value.
 * @returns `q<queueId>.work` or `q<queueId>.completion`.
 */
export function laneId(queueId: number, port: number): string {
  return `q${queueId}.${port === 0 ? 'work' : 'completion'}`;
}

/**
 * Prints an HRESULT by name, or hex when unknown.
 * @param hr - [in] the code.
 * @returns `"E_ABORT"` or `"0x8009ABCD"`.
 */
export function hrText(hr: HRESULT): string {
  return hresultName(hr) ?? `0x${(hr >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

type MutableCallback = { -readonly [K in keyof TraceCallback]: TraceCallback[K] };

/**
 * Folds a recorded run into lanes, callbacks and calls (see the module comment for how each step
 * is placed).
 * @param run - [in] a recorded run.
 * @returns the timeline.
 */
export function buildTraceTimeline(run: RecordedTrace): TraceTimeline {
  const lanes = new Map<string, TraceLane>();
  const lane = (queueId: number, port: number): string => {
    const id = laneId(queueId, port);
    if (!lanes.has(id))
      lanes.set(id, { id, queueId, port, label: `queue ${queueId} ${port === 0 ? 'Work' : 'Completion'}` });
    return id;
  };
  const submits = new Map<number, { time: number; delayMs: number }>();
  const callbacks: MutableCallback[] = [];
  const calls = new Map<number, { callId: number; queueId: number; name: string | null; steps: TraceStep[] }>();
  let current: MutableCallback | null = null; // the latest dispatch
  let fresh = false; // no call event (but Begin) since the latest dispatch
  const lastWork = new Map<number, MutableCallback>(); // call id → its latest Work callback
  let previous: RecordedEvent | null = null;

  run.events.forEach((e, seq) => {
    if (e.kind === 'submit') {
      if (e.itemId !== 0) submits.set(e.itemId, { time: e.time, delayMs: e.delayMs });
    } else if (e.kind === 'dispatch') {
      const sub = submits.get(e.itemId);
      current = {
        itemId: e.itemId,
        lane: lane(e.queueId, e.port),
        submitted: sub?.time ?? null,
        delayMs: sub?.delayMs ?? 0,
        start: e.time,
        end: e.time,
        canceled: e.canceled,
        callId: null,
        seq,
      };
      callbacks.push(current);
      fresh = true;
    } else if (e.kind !== 'termination') {
      let call = calls.get(e.callId);
      if (call === undefined)
        calls.set(e.callId, (call = { callId: e.callId, queueId: e.queueId, name: null, steps: [] }));
      const step: TraceStepName =
        e.kind === 'providerOp'
          ? OP_STEPS[e.op]!
          : e.kind === 'complete'
            ? 'Complete'
            : e.kind === 'completionCallback'
              ? 'callback'
              : 'Cleanup';
      if (e.kind === 'providerOp') call.name = e.name;
      // Claim the latest dispatch for this call when this is the first call event it ran.
      const cb = current as MutableCallback | null;
      if (cb !== null && fresh && step !== 'Begin') {
        fresh = false;
        const onCompletion = cb.lane.endsWith('.completion');
        const claims = onCompletion
          ? step === 'callback' && previous?.kind === 'dispatch'
          : step === 'DoWork' || step === 'Cancel' || step === 'Complete';
        if (claims) {
          cb.callId = e.callId;
          if (!onCompletion) lastWork.set(e.callId, cb);
        }
      }
      const inCallback = cb !== null && cb.callId === e.callId && step !== 'Begin';
      if (inCallback) cb.end = Math.max(cb.end, e.time);
      // DoWork's event comes when it returns, after any callback nested in it (Immediate ports):
      // it belongs to the call's latest Work callback.
      const work = step === 'DoWork' ? lastWork.get(e.callId) : undefined;
      if (work !== undefined) work.end = Math.max(work.end, e.time);
      // The provider's Cleanup op and the runtime's cleanup event are one step.
      const duplicate = e.kind === 'cleanup' && call.steps.some((s) => s.step === 'Cleanup');
      if (!duplicate) {
        const where =
          step === 'DoWork'
            ? lane(e.queueId, 0)
            : step === 'callback'
              ? lane(e.queueId, 1)
              : inCallback
                ? cb.lane
                : null;
        const hr = e.kind === 'providerOp' || e.kind === 'complete' ? e.hr : null;
        // A provider op's event comes when it returns: the steps it ran come before it in the run.
        // Put the op first: Begin before every step of its call, DoWork before those since its
        // dispatch, Cancel before the E_ABORT Complete it made.
        const steps = call.steps;
        let at = steps.length;
        if (step === 'Begin') at = 0;
        else if (work !== undefined) at = steps.findIndex((x) => x.seq > work.seq);
        // (A Complete with E_ABORT just before Cancel's event: a completed call still attached, one
        // with a payload, may see a later Cancel, but never completed with E_ABORT, a failure.)
        else if (step === 'Cancel' && steps.at(-1)?.step === 'Complete' && steps.at(-1)?.hr === E_ABORT)
          at = steps.length - 1;
        if (at < 0) at = steps.length;
        const next = steps[at];
        const time = work !== undefined ? work.start : next === undefined ? e.time : Math.min(e.time, next.time);
        const order = next === undefined ? seq : (next.seq + (steps[at - 1]?.seq ?? next.seq - 1)) / 2;
        steps.splice(at, 0, {
          step,
          time,
          hr,
          lane: where,
          seq: order,
          ...(e.kind === 'complete' ? { size: e.size } : {}),
        });
      }
    }
    previous = e;
  });

  let start = Infinity;
  let end = -Infinity;
  for (const e of run.events) {
    start = Math.min(start, e.time);
    end = Math.max(end, e.time);
  }
  return {
    start: run.events.length === 0 ? 0 : start,
    end: run.events.length === 0 ? 0 : end,
    dropped: run.dropped,
    lanes: [...lanes.values()].sort((a, b) => a.queueId - b.queueId || a.port - b.port),
    callbacks,
    calls: [...calls.values()].sort((a, b) => a.callId - b.callId),
  };
}
