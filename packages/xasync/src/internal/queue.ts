/**
 * The task-queue object model: queue objects with two port contexts, port objects with a ready
 * FIFO and a dispatch mechanism, entries, monitors, waiters, termination and reference counting.
 * The public `XTaskQueue*` functions validate their arguments and call into this module.
 */
import { E_ABORT, E_OUTOFMEMORY, S_OK, type HRESULT } from '../HRESULT.js';
import { trace } from '../trace.js';
import { TokenTable } from '../kit/tokenTable.js';
import { Fifo } from './Fifo.js';
import { addTimed, notifyWatchers, progressOnce, runtime, scheduleJob, timedItems, untime, type Job, type Timed } from './runtime.js';
import { isThenable } from '../kit/arguments.js';

export const Mode = { Manual: 0, ThreadPool: 1, SerializedThreadPool: 2, Immediate: 3 } as const;
export type ModeValue = (typeof Mode)[keyof typeof Mode];

export const Status = { Active: 0, Canceled: 1, Terminating: 2, Terminated: 3 } as const;
export type StatusValue = (typeof Status)[keyof typeof Status];

export const MONITOR_LIMIT = 32;
export const WAITERS_PER_PORT = 60;
export const WAITERS_PER_QUEUE = 120;

export type QueueCallback = (context: unknown, canceled: boolean) => unknown;
export type MonitorCallback = (context: unknown, queue: object, port: 0 | 1) => void;

let nextQueueId = 0;
let nextItemId = 0;
let liveQueues = 0;

export function liveQueueCount(): number {
  return liveQueues;
}


/** A queued or delayed callback. */
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
    /** Set for waiter items: re-armed after the callback ran. */
    readonly waiter: WaiterRegistration | null,
  ) {
    this.id = trace.active ? ++nextItemId : 0;
  }
  get manual(): boolean {
    return this.ctx.port.mode === Mode.Manual;
  }
  get port(): PortObject {
    return this.ctx.port;
  }
  promote(): void {
    this.ctx.port.delayedCount--;
    this.ctx.port.makeReady(this);
  }
}

export interface TerminationRecord {
  readonly queue: QueueObject;
  readonly callback: ((context: unknown) => void) | null;
  readonly context: unknown;
  done: boolean;
}

interface Marker {
  readonly ctx: PortContext;
  readonly record: TerminationRecord;
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
}

/** A port object: one ready FIFO shared by every queue whose role uses it, and its dispatcher. */
export class PortObject implements Job {
  readonly ready = new Fifo<Entry>();
  readonly contexts: PortContext[] = [];
  readonly markers: Marker[] = [];
  /** Delayed items parked for this port, across every queue sharing it. */
  delayedCount = 0;
  /** Callbacks executing on this port (including Promise-holding pool callbacks until they settle). */
  executing = 0;
  /** Pool threads held by callbacks (ThreadPool) and jobs that found every thread busy. */
  busy = 0;
  parkedJobs = 0;
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

  /** An item became ready: append, notify monitors, kick the dispatch mechanism. */
  makeReady(entry: Entry): void {
    if (this.mode === Mode.Immediate) {
      // Runs here, after the monitors (finish() does the rest). An Immediate port never holds ready
      // items: a submission made inside one of its callbacks runs nested, as in native.
      this.notifyMonitors();
      this.run(entry);
      return;
    }
    this.ready.push(entry);
    this.notifyMonitors();
    this.kick();
    notifyWatchers();
  }

  notifyMonitors(): void {
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
    if (this.mode === Mode.SerializedThreadPool) {
      const entry = this.ready.shift();
      if (entry === undefined) {
        this.serialScheduled = false;
        this.processMarkers();
        return;
      }
      const pending = this.run(entry, true);
      if (pending === undefined) this.continueSerial();
      return;
    }
    if (this.busy >= runtime.poolSize) {
      this.parkedJobs++;
      return;
    }
    const entry = this.popForPool();
    if (entry === undefined) {
      this.processMarkers();
      return;
    }
    this.run(entry, true);
  }

  continueSerial(): void {
    if (this.ready.length > 0) scheduleJob(this);
    else {
      this.serialScheduled = false;
      this.processMarkers();
    }
  }

  popForPool(): Entry | undefined {
    const r = runtime.random;
    // Shuffle mode: threads pop in FIFO order but start in any order; emulate by picking any ready item.
    if (r !== null && this.ready.length > 1) return this.ready.removeAt(Math.floor(r() * this.ready.length));
    return this.ready.shift();
  }

  /**
   * Invokes one entry. With `pool`, a returned Promise keeps the "thread" busy (and the port
   * executing) until it settles; the returned Promise is handed back so the serial chain waits.
   */
  run(entry: Entry, pool = false): PromiseLike<unknown> | undefined {
    const ctx = entry.ctx;
    const canceled = ctx.status !== Status.Active;
    this.executing++;
    if (pool) this.busy++;
    if (trace.active) {
      trace.emit('dispatch', { time: runtime.host.now(), queueId: ctx.queue.id, port: ctx.role, itemId: entry.id, canceled });
    }
    let result: unknown;
    try {
      result = entry.callback(entry.context, canceled);
    } catch (error) {
      runtime.host.reportError(error);
    }
    if (isThenable(result)) {
      const settle = (): void => this.finish(entry, pool);
      if (pool) {
        const p = Promise.resolve(result).then(settle, (error: unknown) => {
          settle();
          runtime.host.reportError(error);
        });
        return p;
      }
      Promise.resolve(result).then(undefined, (error: unknown) => runtime.host.reportError(error));
    }
    this.finish(entry, pool, true);
    return undefined;
  }

  finish(entry: Entry, pool: boolean, synchronous = false): void {
    this.executing--;
    if (pool) this.busy--;
    if (entry.waiter !== null) entry.waiter.rearm();
    entry.ctx.queue.release();
    if (pool && this.mode === Mode.SerializedThreadPool && !synchronous) {
      this.continueSerial();
      notifyWatchers(); // the port may be idle now (async waiters check it)
      return;
    }
    if (pool && this.parkedJobs > 0 && this.busy < runtime.poolSize) {
      this.parkedJobs--;
      scheduleJob(this);
    }
    // Termination steps are processed by whoever dispatches: pool threads and Immediate ports here,
    // Manual ports only in a Dispatch call that finds the FIFO empty.
    if (this.markers.length > 0 && this.mode !== Mode.Manual && this.mode !== Mode.SerializedThreadPool) this.processMarkers();
    notifyWatchers();
  }

  pushMarker(marker: Marker): void {
    this.markers.push(marker);
    this.notifyMonitors();
    notifyWatchers();
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
    const deadline = timeoutMs === 0xffffffff ? Infinity : runtime.host.now() + timeoutMs;
    for (;;) {
      const entry = this.ready.shift();
      if (entry !== undefined) {
        this.run(entry);
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

interface Monitor {
  readonly context: unknown;
  readonly callback: MonitorCallback;
}

/** A waiter registration (`XTaskQueueRegisterWaiter`). */
export class WaiterRegistration implements Job {
  active = true;
  armed = true;
  constructor(
    readonly ctx: PortContext,
    readonly event: WaitEvent,
    readonly callback: QueueCallback,
    readonly context: unknown,
  ) {}

  /** The token the queue's waiter table gave it. */
  token = 0n;

  /** The event was signalled while armed: queue one callback. */
  fire(): void {
    this.armed = false;
    this.ctx.queue.addRef();
    this.ctx.port.makeReady(new Entry(this.ctx, this.callback, this.context, this));
  }

  /** After the callback ran: watch again; a manual-reset event left set fires again (from the "wait thread"). */
  rearm(): void {
    if (!this.active) return;
    this.armed = true;
    if (this.event.signaled) scheduleJob(this);
  }

  runJob(): void {
    if (this.active && this.armed) this.event.deliver();
  }

  remove(): void {
    this.active = false;
    this.event.registrations.delete(this);
    this.ctx.queue.waiters.delete(this.token);
  }
}

/** A Win32 event (`CreateEvent`): the wait handle waiters watch. */
export class WaitEvent {
  signaled: boolean;
  closed = false;
  readonly registrations = new Set<WaiterRegistration>();
  constructor(
    readonly manualReset: boolean,
    initialState: boolean,
  ) {
    this.signaled = initialState;
  }

  set(): void {
    this.signaled = true;
    this.deliver();
  }

  /** Wakes armed registrations: all of them for a manual-reset event, one for an auto-reset event. */
  deliver(): void {
    for (const reg of this.registrations) {
      if (!this.signaled) return;
      if (!reg.armed || !reg.active) continue;
      if (!this.manualReset) this.signaled = false;
      reg.fire();
    }
  }
}

/** A task-queue object: two port contexts, monitors, waiters, references, termination. */
export class QueueObject {
  readonly id = ++nextQueueId;
  refs = 0;
  destroyed = false;
  readonly work: PortContext;
  readonly completion: PortContext;
  readonly monitors = new TokenTable<Monitor>(MONITOR_LIMIT);
  readonly waiters = new TokenTable<WaiterRegistration>(WAITERS_PER_QUEUE);
  monitorsRunning = 0;
  /** Suspensions taken by `XTaskQueueSuspendTermination` (each also holds a reference). */
  explicitSuspensions = 0;
  /** Termination records in flight (for waits). */
  readonly terminations: TerminationRecord[] = [];
  /** The queue's internal handle (what monitors receive); valid while the object lives. */
  readonly internalHandle: object;
  /** Source queues a composite keeps alive. */
  readonly sources: QueueObject[];

  constructor(workPort: PortObject | ModeValue, completionPort: PortObject | ModeValue, makeHandle: (q: QueueObject) => object) {
    const wp = typeof workPort === 'number' ? new PortObject(workPort, this) : workPort;
    const cp = typeof completionPort === 'number' ? new PortObject(completionPort, this) : completionPort;
    this.sources = [];
    for (const p of [wp, cp]) {
      if (p.owner !== this && !this.sources.includes(p.owner)) {
        p.owner.addRef();
        this.sources.push(p.owner);
      }
    }
    this.work = new PortContext(this, 0, wp);
    this.completion = new PortContext(this, 1, cp);
    wp.contexts.push(this.work);
    cp.contexts.push(this.completion);
    this.internalHandle = makeHandle(this);
    liveQueues++;
  }

  context(port: 0 | 1): PortContext {
    return port === 0 ? this.work : this.completion;
  }

  addRef(): void {
    this.refs++;
  }

  release(): void {
    if (--this.refs === 0) this.destroy();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    liveQueues--;
    for (const ctx of [this.work, this.completion]) {
      ctx.status = Status.Terminated;
      const i = ctx.port.contexts.indexOf(ctx);
      if (i >= 0) ctx.port.contexts.splice(i, 1);
    }
    for (const reg of [...this.waiters.values()]) reg.remove();
    this.monitors.clear();
    for (const source of this.sources) source.release();
  }

  fireMonitors(role: 0 | 1): void {
    this.monitorsRunning++;
    try {
      for (const m of this.monitors.values()) {
        try {
          m.callback(m.context, this.internalHandle, role);
        } catch (error) {
          runtime.host.reportError(error);
        }
      }
    } finally {
      this.monitorsRunning--;
    }
  }

  /** `XTaskQueueSubmitDelayedCallback` once the arguments are valid. */
  submit(role: 0 | 1, delayMs: number, context: unknown, callback: QueueCallback): HRESULT {
    const ctx = role === 0 ? this.work : this.completion;
    if (ctx.status >= Status.Terminating) {
      if (trace.active) this.traceSubmit(role, 0, delayMs, E_ABORT);
      return E_ABORT;
    }
    const entry = new Entry(ctx, callback, context, null);
    this.addRef();
    if (trace.active) this.traceSubmit(role, entry.id, delayMs, S_OK);
    if (delayMs === 0) ctx.port.makeReady(entry);
    else {
      ctx.port.delayedCount++;
      addTimed(entry, delayMs);
    }
    return S_OK;
  }

  /** Submits regardless of status (XAsync completion items: the live call keeps the port from terminating). */
  submitForced(role: 0 | 1, context: unknown, callback: QueueCallback): void {
    const ctx = role === 0 ? this.work : this.completion;
    const entry = new Entry(ctx, callback, context, null);
    this.addRef();
    if (trace.active) this.traceSubmit(role, entry.id, 0, S_OK);
    ctx.port.makeReady(entry);
  }

  private traceSubmit(port: 0 | 1, itemId: number, delayMs: number, hr: HRESULT): void {
    trace.emit('submit', { time: runtime.host.now(), queueId: this.id, port, itemId, delayMs, hr });
  }

  registerMonitor(context: unknown, callback: MonitorCallback): bigint | HRESULT {
    return this.monitors.add({ context, callback });
  }

  unregisterMonitor(token: bigint): void {
    this.monitors.delete(token);
  }

  unregisterWaiter(token: bigint): void {
    this.waiters.get(token)?.remove();
  }

  registerWaiter(role: 0 | 1, event: WaitEvent, context: unknown, callback: QueueCallback): WaiterRegistration | HRESULT {
    const ctx = this.context(role);
    if (ctx.status >= Status.Terminating) return E_ABORT;
    let onPort = 0;
    for (const w of this.waiters.values()) if (w.ctx === ctx) onPort++;
    if (onPort >= WAITERS_PER_PORT) return E_OUTOFMEMORY;
    const reg = new WaiterRegistration(ctx, event, callback, context);
    const token = this.waiters.add(reg);
    if (typeof token === 'number') return token;
    reg.token = token;
    event.registrations.add(reg);
    if (event.signaled) scheduleJob(reg);
    return reg;
  }

  // ---- termination (semantics 4.7) ----

  terminate(callback: ((context: unknown) => void) | null, context: unknown): TerminationRecord {
    const record: TerminationRecord = { queue: this, callback, context, done: false };
    this.terminations.push(record);
    this.addRef(); // termination in progress holds a reference
    this.traceTermination('start');
    // 1. both contexts: Active → Canceled
    raise(this.work, Status.Canceled);
    raise(this.completion, Status.Canceled);
    // 2. Work → Terminating; surface delayed items and waiters
    this.beginPortTermination(this.work);
    // 3. marker, unless suspensions are held
    if (this.work.suspensions > 0) {
      this.work.parked.push(record);
      this.traceTermination('parked');
    } else this.work.port.pushMarker({ ctx: this.work, record });
    notifyWatchers(); // statuses changed: awaiting dispatches re-check
    return record;
  }

  private beginPortTermination(ctx: PortContext): void {
    raise(ctx, Status.Terminating);
    if (ctx.port.delayedCount > 0) {
      const items = timedItems().filter((t): t is Entry => t instanceof Entry && t.ctx === ctx);
      items.sort((a, b) => a.seq - b.seq);
      for (const item of items) {
        untime(item);
        ctx.port.delayedCount--;
        ctx.port.makeReady(item);
      }
    }
    const regs = [...this.waiters.values()].filter((w) => w.ctx === ctx).reverse();
    for (const reg of regs) {
      reg.remove();
      this.addRef();
      ctx.port.makeReady(new Entry(ctx, reg.callback, reg.context, null));
    }
  }

  /** A termination step reached the front of an idle port. */
  onMarker(marker: Marker): void {
    const { ctx, record } = marker;
    ctx.status = Status.Terminated;
    if (ctx.role === 0) {
      this.traceTermination('work-terminated');
      this.beginPortTermination(this.completion);
      this.completion.port.pushMarker({ ctx: this.completion, record });
      notifyWatchers(); // the Work port is terminated: async Dispatch waiters must return
      return;
    }
    this.traceTermination('completion-terminated');
    record.done = true;
    const i = this.terminations.indexOf(record);
    if (i >= 0) this.terminations.splice(i, 1);
    if (record.callback !== null) {
      this.traceTermination('callback');
      try {
        record.callback(record.context);
      } catch (error) {
        runtime.host.reportError(error);
      }
    }
    this.release();
    notifyWatchers();
  }

  suspend(): HRESULT {
    if (this.work.status >= Status.Terminating) return E_ABORT;
    this.work.suspensions++;
    return S_OK;
  }

  resume(): void {
    if (this.work.suspensions === 0) return;
    if (--this.work.suspensions === 0 && this.work.parked.length > 0) {
      for (const record of this.work.parked.splice(0)) this.work.port.pushMarker({ ctx: this.work, record });
    }
  }

  private traceTermination(step: 'start' | 'parked' | 'work-terminated' | 'completion-terminated' | 'callback'): void {
    if (trace.active) trace.emit('termination', { time: runtime.host.now(), queueId: this.id, step, hr: S_OK });
  }
}

function raise(ctx: PortContext, status: StatusValue): void {
  if (ctx.status < status) ctx.status = status;
}
