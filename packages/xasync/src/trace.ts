/**
 * Tracing: every provider op, submission, dispatch, completion, callback, cleanup and termination
 * step, as typed events. Nothing is built for tracing while nobody listens.
 * @module
 */
import { EventEmitter } from 'eventemitter3';
import type { HRESULT } from './HRESULT.js';

/** Fields every trace event carries. */
export interface TraceEventBase {
  /** Monotonic milliseconds from the runtime's clock (virtual under `./testing`). */
  readonly time: number;
}

/** Fields of the events about one XAsync call. */
export interface CallEventBase extends TraceEventBase {
  /** Stable id of the XAsync call, unique in the process. */
  readonly callId: number;
  /** Stable id of the queue object the call runs on (the resolved queue). */
  readonly queueId: number;
}

/** A provider op ran (`XAsyncOp` value), with what it returned. */
export interface ProviderOpEvent extends CallEventBase {
  /** The `identityName` given to `XAsyncBegin`. */
  readonly name: string | null;
  /** The `XAsyncOp` value. */
  readonly op: number;
  /** What the provider returned (`E_FAIL` if it threw). */
  readonly hr: HRESULT;
  /** The error thrown by the provider, if it threw. */
  readonly error?: unknown;
}

/** A call was completed (`XAsyncComplete` took effect). */
export interface CompleteEvent extends CallEventBase {
  /** The final status. */
  readonly hr: HRESULT;
  /** The payload size recorded (0 for failures). */
  readonly size: number;
}

/** A call's completion routine is about to run, or its provider's Cleanup ran. */
export type CallEvent = CallEventBase;

/** A callback was submitted to a queue's port. */
export interface SubmitEvent extends TraceEventBase {
  /** Stable id of the queue object. */
  readonly queueId: number;
  /** `XTaskQueuePort` value. */
  readonly port: number;
  /** Stable id of the queued item (0 when the submission failed). */
  readonly itemId: number;
  /** Delay asked for, in ms. */
  readonly delayMs: number;
  /** The submission's HRESULT. */
  readonly hr: HRESULT;
}

/** A queued item's callback is about to be invoked. */
export interface DispatchEvent extends TraceEventBase {
  /** Stable id of the queue object that submitted it. */
  readonly queueId: number;
  /** `XTaskQueuePort` value (the submitting queue's role). */
  readonly port: number;
  /** Stable id of the item. */
  readonly itemId: number;
  /** The `canceled` argument it receives. */
  readonly canceled: boolean;
}

/** A step of `XTaskQueueTerminate`'s procedure. */
export interface TerminationEvent extends TraceEventBase {
  /** Stable id of the queue object. */
  readonly queueId: number;
  /** `start`: Terminate called; `parked`: waiting for suspensions; `work-terminated`, `completion-terminated`; `callback`: the termination callback is invoked. */
  readonly step: 'start' | 'parked' | 'work-terminated' | 'completion-terminated' | 'callback';
  /** Always `S_OK` today; kept for uniformity. */
  readonly hr: HRESULT;
}

/**
 * A blocking wait gave up instead of hanging: what it waits for cannot happen while the thread
 * blocks. The call returned `E_POSSIBLE_DEADLOCK` (or `false`); `awaitable` names the twin that waits
 * by yielding to the event loop instead.
 */
export interface PossibleDeadlockEvent extends TraceEventBase {
  /** The blocking call (`'XAsyncGetStatus'`, `'XTaskQueueTerminate'`, `'Registrations.unregister'`). */
  readonly operation: string;
  /**
   * `'manual-port'`: it waits for a Manual port that only the caller would dispatch;
   * `'outside-runtime'`: it waits for work outside the runtime (a Promise, a real timer, real I/O),
   * which cannot progress while the thread blocks; `'caller-stack'`: it waits for a callback that
   * is running below it on this thread's own stack.
   */
  readonly reason: 'manual-port' | 'outside-runtime' | 'caller-stack';
  /** The awaitable twin to use instead (`'XAsyncGetStatusAsync'`). */
  readonly awaitable: string;
  /** What the call returned: `E_POSSIBLE_DEADLOCK`; `S_FALSE` for a bool call that returned false. */
  readonly hr: HRESULT;
  /** The same, as one sentence for logs. */
  readonly message: string;
}

/** Event name → listener arguments. */
export interface TraceEvents {
  /** A provider op ran. */
  providerOp: [ProviderOpEvent];
  /** A call completed. */
  complete: [CompleteEvent];
  /** A completion routine is about to run. */
  completionCallback: [CallEvent];
  /** A provider Cleanup ran. */
  cleanup: [CallEvent];
  /** A callback was submitted. */
  submit: [SubmitEvent];
  /** A callback is about to be invoked. */
  dispatch: [DispatchEvent];
  /** A termination step. */
  termination: [TerminationEvent];
  /** A blocking wait returned instead of hanging. */
  possibleDeadlock: [PossibleDeadlockEvent];
}

/**
 * The trace emitter type: an `eventemitter3` emitter over {@link TraceEvents} that knows whether
 * anybody listens, so the runtime builds no event objects otherwise.
 */
export class TraceEmitter extends EventEmitter<TraceEvents> {
  /** `true` while at least one listener is registered. */
  active = false;

  /**
   * Registers a listener (see `eventemitter3`).
   * @param event - [in] the event name.
   * @param fn - [in] the listener.
   * @param context - [in] optional `this` for the listener.
   * @returns this emitter.
   */
  override on<T extends keyof TraceEvents>(event: T, fn: (...args: TraceEvents[T]) => void, context?: unknown): this {
    super.on(event, fn as never, context);
    this.active = true;
    return this;
  }

  /**
   * Alias of {@link TraceEmitter.on}.
   * @param event - [in] the event name.
   * @param fn - [in] the listener.
   * @param context - [in] optional `this` for the listener.
   * @returns this emitter.
   */
  override addListener<T extends keyof TraceEvents>(
    event: T,
    fn: (...args: TraceEvents[T]) => void,
    context?: unknown,
  ): this {
    return this.on(event, fn, context);
  }

  /**
   * Alias of {@link TraceEmitter.off}.
   * @param event - [in] the event name.
   * @param fn - [in] the listener.
   * @param context - [in] the `this` it was registered with.
   * @param once - [in] only remove once-listeners.
   * @returns this emitter.
   */
  override removeListener<T extends keyof TraceEvents>(
    event: T,
    fn?: (...args: TraceEvents[T]) => void,
    context?: unknown,
    once?: boolean,
  ): this {
    return this.off(event, fn, context, once);
  }

  /**
   * Registers a listener that runs once.
   * @param event - [in] the event name.
   * @param fn - [in] the listener.
   * @param context - [in] optional `this` for the listener.
   * @returns this emitter.
   */
  override once<T extends keyof TraceEvents>(event: T, fn: (...args: TraceEvents[T]) => void, context?: unknown): this {
    super.once(event, fn as never, context);
    this.active = true;
    return this;
  }

  /**
   * Removes a listener, or all listeners of `event` when `fn` is omitted.
   * @param event - [in] the event name.
   * @param fn - [in] the listener.
   * @param context - [in] the `this` it was registered with.
   * @param once - [in] only remove once-listeners.
   * @returns this emitter.
   */
  override off<T extends keyof TraceEvents>(
    event: T,
    fn?: (...args: TraceEvents[T]) => void,
    context?: unknown,
    once?: boolean,
  ): this {
    super.off(event, fn as never, context, once);
    this.active = this.eventNames().length > 0;
    return this;
  }

  /**
   * Removes every listener of `event`, or of all events.
   * @param event - [in] the event name, or nothing for all.
   * @returns this emitter.
   */
  override removeAllListeners(event?: keyof TraceEvents): this {
    super.removeAllListeners(event);
    this.active = this.eventNames().length > 0;
    return this;
  }
}

/**
 * The process-wide trace. Listen with `trace.on('dispatch', e => …)`; remove with `trace.off`.
 * @example
 * ```ts
 * import { trace, type ProviderOpEvent } from '@gdkts/xasync';
 * const log = (e: ProviderOpEvent) => console.log(e.callId, e.op, e.hr);
 * trace.on('providerOp', log);
 * // … later
 * trace.off('providerOp', log);
 * ```
 */
export const trace: TraceEmitter = new TraceEmitter();
