/**
 * A port object (libHttpClient `TaskQueuePortImpl`): one ready FIFO shared by every queue whose
 * role uses it, and its dispatch mechanism; the delayed callbacks (`Entry`) and a queue's view of a
 * port (`PortContext`).
 */
import { trace } from '../../trace.js';
import { isThenable } from '../../kit/arguments.js';
import type { Timed } from '../threads/delayTimer.js';
import type { Job } from '../threads/host.js';
import { scheduleJob } from '../threads/pool.js';
import { progressOnce } from '../threads/progress.js';
import { runtime } from '../threads/runtime.js';
import { wakeAwaiters } from '../threads/wakeups.js';
import { Mode, Status, type ModeValue, type QueueCallback, type StatusValue } from './modes.js';
import type { QueueObject } from './QueueObject.js';
import { ReadyRing } from './ReadyRing.js';
import type { Marker, TerminationRecord } from './termination.js';
import type { WaiterRegistration } from './waiters.js';

let nextItemId = 0;

/** A trace id for a submitted item (0 when nobody traces). */
export function newItemId(): number {
  return trace.active ? ++nextItemId : 0;
}

/** A delayed callback, parked on the delay timer until due (ready callbacks live in the port's {@link ReadyRing}). */
export class Entry implements Timed {
  due = 0;
  seq = 0;
  timed = false;
  /** Stable item id for tracing (0 when nobody traced its submission). */
  readonly id: number;
  constructor(
    readonly ctx: PortContext,
    readonly callback: QueueCallback,
    readonly context: unknown,
  ) {
    this.id = newItemId();
  }
  get manual(): boolean {
    return this.ctx.port.mode === Mode.Manual;
  }
  get port(): PortObject {
    return this.ctx.port;
  }
  promote(): void {
    this.ctx.port.delayedCount--;
    this.ctx.port.makeReady(this.ctx, this.callback, this.context, null, this.id);
  }
}

/** A queue's view of one port: its role, status and its delayed items. */
export class PortContext {
  status: StatusValue = Status.Active;
  /** Termination suspensions (Work role only): in-flight XAsync calls and explicit suspensions. */
  suspensions = 0;
  /** Termination records waiting for the suspensions to drop to zero. */
  parked: TerminationRecord[] = [];
  constructor(
    readonly queue: QueueObject,
    readonly role: 0 | 1,
    readonly port: PortObject,
  ) {}

  /** Both steps of termination reached this role. */
  get terminated(): boolean {
    return this.status === Status.Terminated;
  }

  /** A dispatch now would do something for this role: run a ready item, process a termination step, or report termination. */
  get hasDispatchableWork(): boolean {
    return this.port.hasDispatchableWork || this.terminated;
  }

  /** `XTaskQueueDispatch` on this role's port. */
  dispatch(timeoutMs: number): boolean {
    return this.port.dispatch(this, timeoutMs);
  }
}

/** A port object: one ready FIFO shared by every queue whose role uses it, and its dispatcher. */
export class PortObject implements Job {
  readonly ready = new ReadyRing();
  readonly contexts: PortContext[] = [];
  readonly markers: Marker[] = [];
  /** Delayed items parked for this port, across every queue sharing it. */
  delayedCount = 0;
  /** Callbacks executing on this port (including Promise-holding pool callbacks until they settle). */
  executing = 0;
  /** Pool threads held by callbacks (ThreadPool) and jobs that found every thread busy. */
  busy = 0;
  parkedJobs = 0;
  /** Contexts on this port whose queue has monitors (none: making an item ready skips the fan-out). */
  monitoredContexts = 0;
  /** SerializedThreadPool: a job is queued or running. */
  serialScheduled = false;
  /** The handle `XTaskQueueGetPort` returns for this port (set by the handle table when the queue is made). */
  handle: object | null = null;

  constructor(
    readonly mode: ModeValue,
    /** The queue that created this port; composites on it hold a reference to it. */
    readonly owner: QueueObject,
  ) {}

  get idle(): boolean {
    return this.ready.length === 0 && this.executing === 0;
  }

  /** `XTaskQueueIsEmpty`: nothing ready, nothing delayed, nothing executing (port-wide). */
  get isEmpty(): boolean {
    return this.idle && this.delayedCount === 0;
  }

  /**
   * A dispatch would run something: a ready item, or a termination step (processed only once the
   * port is idle: waiting for steps alone would spin while a callback still runs).
   */
  get hasDispatchableWork(): boolean {
    return this.ready.length > 0 || (this.markers.length > 0 && this.idle);
  }

  /** An item became ready: append, notify monitors, kick the dispatch mechanism. */
  makeReady(
    ctx: PortContext,
    callback: QueueCallback,
    context: unknown,
    waiter: WaiterRegistration | null,
    id: number,
  ): void {
    if (this.mode === Mode.Immediate) {
      // Runs here, after the monitors (finish() does the rest). An Immediate port never holds ready
      // items: a submission made inside one of its callbacks runs nested, as in native.
      this.notifyMonitors();
      this.run(ctx, callback, context, waiter, id);
      return;
    }
    this.ready.push(ctx, callback, context, waiter, id);
    this.notifyMonitors();
    this.kick();
    wakeAwaiters();
  }

  notifyMonitors(): void {
    if (this.monitoredContexts === 0) return;
    const contexts = this.contexts;
    for (let i = 0; i < contexts.length; i++) {
      const ctx = contexts[i]!;
      if (ctx.queue.monitors.size > 0) ctx.queue.fireMonitors(ctx.role);
    }
  }

  kick(): void {
    switch (this.mode) {
      case Mode.ThreadPool:
        scheduleJob(this);
        break;
      case Mode.SerializedThreadPool:
        if (!this.serialScheduled) {
          this.serialScheduled = true;
          scheduleJob(this);
        }
        break;
      default:
        break;
    }
  }

  /** A pool job: pop one item and run it (ThreadPool), or one item of the serial chain. */
  runJob(): void {
    const ready = this.ready;
    if (this.mode === Mode.SerializedThreadPool) {
      if (!ready.take()) {
        this.serialScheduled = false;
        this.processMarkers();
        return;
      }
      const pending = this.run(
        ready.takenCtx!,
        ready.takenCallback!,
        ready.takenContext,
        ready.takenWaiter,
        ready.takenId,
        true,
      );
      if (pending === undefined) this.continueSerial();
      return;
    }
    if (this.busy >= runtime.poolSize) {
      this.parkedJobs++;
      return;
    }
    const r = runtime.random;
    // Shuffle mode: threads pop in FIFO order but start in any order; emulate by picking any ready item.
    if (!ready.take(r !== null && ready.length > 1 ? Math.floor(r() * ready.length) : 0)) {
      this.processMarkers();
      return;
    }
    this.run(ready.takenCtx!, ready.takenCallback!, ready.takenContext, ready.takenWaiter, ready.takenId, true);
  }

  continueSerial(): void {
    if (this.ready.length > 0) scheduleJob(this);
    else {
      this.serialScheduled = false;
      this.processMarkers();
    }
  }

  /**
   * Invokes one queued callback. With `pool`, a returned Promise keeps the "thread" busy (and the
   * port executing) until it settles; the returned Promise is handed back so the serial chain waits.
   */
  run(
    ctx: PortContext,
    callback: QueueCallback,
    context: unknown,
    waiter: WaiterRegistration | null,
    id: number,
    pool = false,
  ): PromiseLike<unknown> | undefined {
    const canceled = ctx.status !== Status.Active;
    this.executing++;
    if (pool) this.busy++;
    if (trace.active) {
      trace.emit('dispatch', {
        time: runtime.host.now(),
        queueId: ctx.queue.id,
        port: ctx.role,
        itemId: id,
        canceled,
      });
    }
    let result: unknown;
    try {
      result = callback(context, canceled);
    } catch (error) {
      runtime.host.reportError(error);
    }
    if (isThenable(result)) {
      const settle = (): void => this.finish(ctx.queue, waiter, pool);
      if (pool) {
        const p = Promise.resolve(result).then(settle, (error: unknown) => {
          settle();
          runtime.host.reportError(error);
        });
        return p;
      }
      Promise.resolve(result).then(undefined, (error: unknown) => runtime.host.reportError(error));
    }
    this.finish(ctx.queue, waiter, pool, true);
    return undefined;
  }

  finish(queue: QueueObject, waiter: WaiterRegistration | null, pool: boolean, synchronous = false): void {
    this.executing--;
    if (pool) this.busy--;
    if (waiter !== null) waiter.rearm();
    queue.release();
    if (pool && this.mode === Mode.SerializedThreadPool && !synchronous) {
      this.continueSerial();
      wakeAwaiters(); // the port may be idle now (async waiters check it)
      return;
    }
    if (pool && this.parkedJobs > 0 && this.busy < runtime.poolSize) {
      this.parkedJobs--;
      scheduleJob(this);
    }
    // Termination steps are processed by whoever dispatches: pool threads and Immediate ports here,
    // Manual ports only in a Dispatch call that finds the FIFO empty.
    if (this.markers.length > 0 && this.mode !== Mode.Manual && this.mode !== Mode.SerializedThreadPool)
      this.processMarkers();
    wakeAwaiters();
  }

  pushMarker(marker: Marker): void {
    this.markers.push(marker);
    this.notifyMonitors();
    wakeAwaiters();
    if (this.mode === Mode.Immediate) this.processMarkers();
    else if (this.mode === Mode.ThreadPool) scheduleJob(this);
    else if (this.mode === Mode.SerializedThreadPool && !this.serialScheduled) {
      this.serialScheduled = true;
      scheduleJob(this);
    }
  }

  /** Processes queued termination steps while the port is idle. */
  processMarkers(): void {
    while (this.markers.length > 0 && this.idle) {
      const marker = this.markers.shift()!;
      marker.ctx.queue.onMarker(marker);
    }
  }

  /** `XTaskQueueDispatch` on this port for `ctx`'s queue. */
  dispatch(ctx: PortContext, timeoutMs: number): boolean {
    const ready = this.ready;
    if (ready.take()) {
      this.run(ready.takenCtx!, ready.takenCallback!, ready.takenContext, ready.takenWaiter, ready.takenId);
      return true;
    }
    const deadline = timeoutMs === 0 ? 0 : timeoutMs === 0xffffffff ? Infinity : runtime.host.now() + timeoutMs;
    for (;;) {
      if (ready.take()) {
        this.run(ready.takenCtx!, ready.takenCallback!, ready.takenContext, ready.takenWaiter, ready.takenId);
        return true;
      }
      if (this.markers.length > 0) this.processMarkers();
      if (ctx.status === Status.Terminated) return false;
      if (timeoutMs === 0 || runtime.host.now() >= deadline) return false;
      if (this.ready.length > 0) continue;
      const step = progressOnce(deadline, this);
      if (step === 'stuck') return false;
    }
  }
}
