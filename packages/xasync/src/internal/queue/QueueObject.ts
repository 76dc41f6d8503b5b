/**
 * The task-queue object (libHttpClient `TaskQueueImpl`): two port contexts, monitors, waiters,
 * references and the termination procedure. The public `XTaskQueue*` functions validate their
 * arguments and call its methods.
 */
import { E_ABORT, E_OUTOFMEMORY, S_OK, type HRESULT } from '../../HRESULT.js';
import { TokenTable } from '../../kit/tokenTable.js';
import { trace } from '../../trace.js';
import { addTimed } from '../threads/delayTimer.js';
import { scheduleJob } from '../threads/pool.js';
import { runtime } from '../threads/runtime.js';
import { wakeAwaiters } from '../threads/wakeups.js';
import { Status, type ModeValue, type MonitorCallback, type QueueCallback } from './modes.js';
import { Entry, PortContext, PortObject, newItemId } from './PortObject.js';
import { beginPortTermination, raise, type Marker, type TerminationRecord } from './termination.js';
import { WaiterRegistration } from './waiters.js';
import type { Win32Event } from './win32Event.js';

export const MONITOR_LIMIT = 32;
export const WAITERS_PER_PORT = 60;
export const WAITERS_PER_QUEUE = 120;

let nextQueueId = 0;
let liveQueues = 0;

export function liveQueueCount(): number {
  return liveQueues;
}

interface Monitor {
  readonly context: unknown;
  readonly callback: MonitorCallback;
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
  /** Whether this queue counts in its ports' `monitoredContexts`. */
  private monitored = false;
  /** Suspensions taken by `XTaskQueueSuspendTermination` (each also holds a reference). */
  private explicitSuspensions = 0;
  /** Termination records in flight (for waits). */
  readonly terminations: TerminationRecord[] = [];
  /** The queue's internal handle (what monitors receive); valid while the object lives. */
  readonly internalHandle: object;
  /** Source queues a composite keeps alive. */
  readonly sources: QueueObject[];

  constructor(
    workPort: PortObject | ModeValue,
    completionPort: PortObject | ModeValue,
    makeHandle: (q: QueueObject) => object,
  ) {
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
    this.countMonitors();
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
    this.addRef();
    if (delayMs === 0) {
      const id = newItemId();
      if (id !== 0) this.traceSubmit(role, id, 0, S_OK);
      ctx.port.makeReady(ctx, callback, context, null, id);
      return S_OK;
    }
    const entry = new Entry(ctx, callback, context);
    if (entry.id !== 0) this.traceSubmit(role, entry.id, delayMs, S_OK);
    ctx.port.delayedCount++;
    addTimed(entry, delayMs);
    return S_OK;
  }

  /** Submits regardless of status (XAsync completion items: the live call keeps the port from terminating). */
  submitForced(role: 0 | 1, context: unknown, callback: QueueCallback): void {
    const ctx = role === 0 ? this.work : this.completion;
    const id = newItemId();
    this.addRef();
    if (id !== 0) this.traceSubmit(role, id, 0, S_OK);
    ctx.port.makeReady(ctx, callback, context, null, id);
  }

  private traceSubmit(port: 0 | 1, itemId: number, delayMs: number, hr: HRESULT): void {
    trace.emit('submit', { time: runtime.host.now(), queueId: this.id, port, itemId, delayMs, hr });
  }

  registerMonitor(context: unknown, callback: MonitorCallback): bigint | HRESULT {
    const token = this.monitors.add({ context, callback });
    this.countMonitors();
    return token;
  }

  /** Keeps the ports' count of monitored contexts in step with this queue's monitor table. */
  private countMonitors(): void {
    const has = this.monitors.size > 0;
    if (has === this.monitored) return;
    this.monitored = has;
    const delta = has ? 1 : -1;
    this.work.port.monitoredContexts += delta;
    this.completion.port.monitoredContexts += delta;
  }

  unregisterMonitor(token: bigint): void {
    this.monitors.delete(token);
    this.countMonitors();
  }

  unregisterWaiter(token: bigint): void {
    this.waiters.get(token)?.remove();
  }

  registerWaiter(
    role: 0 | 1,
    event: Win32Event,
    context: unknown,
    callback: QueueCallback,
  ): WaiterRegistration | HRESULT {
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
    beginPortTermination(this, this.work);
    // 3. marker, unless suspensions are held
    if (this.work.suspensions > 0) {
      this.work.parked.push(record);
      this.traceTermination('parked');
    } else this.work.port.pushMarker({ ctx: this.work, record });
    wakeAwaiters(); // statuses changed: awaiting dispatches re-check
    return record;
  }

  /** A termination step reached the front of an idle port. */
  onMarker(marker: Marker): void {
    const { ctx, record } = marker;
    ctx.status = Status.Terminated;
    if (ctx.role === 0) {
      this.traceTermination('work-terminated');
      beginPortTermination(this, this.completion);
      this.completion.port.pushMarker({ ctx: this.completion, record });
      wakeAwaiters(); // the Work port is terminated: async Dispatch waiters must return
      return;
    }
    this.traceTermination('completion-terminated');
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
    // Done only once the callback returned: a wait (blocking or awaited) that a wake-up inside the
    // callback re-checks must not finish before it (xasync-semantics.md §4.7).
    record.done = true;
    this.release();
    wakeAwaiters();
  }

  /** Both roles terminated. */
  get terminated(): boolean {
    return this.work.terminated && this.completion.terminated;
  }

  /** A termination of this queue finished: its steps ran and no callback of its ports still executes. */
  terminationFinished(record: TerminationRecord): boolean {
    return record.done && this.work.port.executing === 0 && this.completion.port.executing === 0;
  }

  /** `XTaskQueueSuspendTermination`: one explicit suspension, holding a reference until resumed. */
  suspendTermination(): HRESULT {
    const hr = this.suspend();
    if (hr !== S_OK) return E_ABORT;
    this.explicitSuspensions++;
    this.addRef(); // a suspended queue stays alive until resumed
    return S_OK;
  }

  /** `XTaskQueueResumeTermination`: drops one explicit suspension; without one, nothing. */
  resumeTermination(): void {
    if (this.explicitSuspensions === 0) return;
    this.explicitSuspensions--;
    this.resume();
    this.release();
  }

  /** Takes one termination suspension (in-flight XAsync calls; explicit ones through {@link QueueObject.suspendTermination}). */
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
