/**
 * `@gdkts/xasync/testing`: deterministic time and scheduling, leak counters, and fast-check helpers
 * for property-testing providers and code built on the runtime.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { installVirtualHost, liveAsyncStateCount } from '@gdkts/xasync/testing';
 * const host = installVirtualHost();
 * try {
 *   // … submit work …
 *   host.runAll();
 *   assert.equal(liveAsyncStateCount(), 0);
 * } finally { host.uninstall(); }
 * ```
 * @packageDocumentation
 */
import fc from 'fast-check';
import { E_ABORT, E_FAIL, E_PENDING, S_OK, type HRESULT } from './HRESULT.js';
import { liveStateCount } from './internal/asyncState.js';
export { deferred, type Deferred } from './internal/deferred.js';
import type { Host } from './internal/host.js';
import { liveQueueCount } from './internal/queue.js';
import { runtime, scheduleJob, setHost, type Job } from './internal/runtime.js';
import { trace } from './trace.js';
import { XAsyncCancel, XAsyncComplete, XAsyncGetResult, XAsyncGetStatus, XAsyncSchedule } from './XAsync.js';
import { XTaskQueueCloseHandle, XTaskQueueCreate, XTaskQueueDispatch, XTaskQueueDuplicateHandle, XTaskQueueTerminate } from './XTaskQueue.js';
import {
  XAsyncOp,
  type XAsyncBlock,
  type XAsyncProvider,
  type XAsyncProviderData,
  type XTaskQueueDispatchMode,
  type XTaskQueueHandle,
} from './types.js';

/**
 * Calls whose internal state is still alive: 0 after every well-behaved test (a payload that was
 * never fetched keeps its call alive, as in native).
 * @returns the count.
 */
export function liveAsyncStateCount(): number {
  return liveStateCount();
}

/**
 * Task-queue objects not yet destroyed (the process queue counts while it exists; see
 * `XTaskQueueUninitialize`).
 * @returns the count.
 */
export function liveTaskQueueCount(): number {
  return liveQueueCount();
}

/** A seeded PRNG (mulberry32) returning floats in [0, 1). */
function seeded(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Shuffles the start order of ready thread-pool callbacks with a seeded generator (native threads
 * give no order); FIFO again with `null`. Serialized ports stay FIFO.
 * @param seed - [in] the seed, or `null` to restore FIFO order.
 */
export function setThreadPoolShuffle(seed: number | null): void {
  runtime.random = seed === null ? null : seeded(seed);
}

/**
 * How many pool "threads" each ThreadPool port has: how many Promise-returning callbacks may be
 * busy at once. Default: `os.availableParallelism()`.
 * @param size - [in] at least 1.
 * @returns the previous size.
 */
export function setThreadPoolSize(size: number): number {
  const previous = runtime.poolSize;
  if (Number.isInteger(size) && size >= 1) runtime.poolSize = size;
  return previous;
}

/** A virtual clock and a macrotask list that tests step by hand. */
export interface VirtualHost {
  /** The virtual monotonic time in ms. */
  now(): number;
  /** Macrotasks posted and not yet run. */
  pendingTasks(): number;
  /** Timers armed and not yet fired. */
  pendingTimers(): number;
  /** Runs the oldest posted macrotask. @returns false when there was none. */
  runNext(): boolean;
  /** Runs posted macrotasks (and those they post) until none is left, at most `limit`. @returns how many ran. */
  runTasks(limit?: number): number;
  /** Moves time forward by `ms`, firing each timer at its due time and running the macrotasks it posts. */
  advance(ms: number): void;
  /** Runs macrotasks and fires timers (advancing time) until nothing is left, at most `limit` steps. @returns steps taken. */
  runAll(limit?: number): number;
  /** Errors user callbacks threw (the real host re-throws them asynchronously instead). */
  readonly errors: unknown[];
  /** Restores the real host. */
  uninstall(): void;
}

/**
 * Installs a virtual host: the runtime's clock, macrotasks, timers and blocking sleeps become
 * deterministic and are stepped by the test. Install it while no timer is pending.
 * @param options - [in] `start`: the clock's starting value (default 0); `shuffleSeed`: also
 * {@link setThreadPoolShuffle}.
 * @returns the host's controls.
 */
export function installVirtualHost(options: { start?: number; shuffleSeed?: number } = {}): VirtualHost {
  const previous = runtime.host;
  let now = options.start ?? 0;
  const tasks: (() => void)[] = [];
  let taskHead = 0;
  interface Timer {
    due: number;
    seq: number;
    task: () => void;
    live: boolean;
  }
  let timers: Timer[] = [];
  let timerSeq = 0;
  const errors: unknown[] = [];
  const host: Host = {
    now: () => now,
    post: (task) => {
      tasks.push(task);
    },
    setTimer: (delayMs, task) => {
      const t: Timer = { due: now + Math.max(0, delayMs), seq: ++timerSeq, task, live: true };
      timers.push(t);
      return t;
    },
    clearTimer: (timer) => {
      (timer as Timer).live = false;
    },
    sleep: (ms) => {
      if (ms > 0) now += ms;
    },
    reportError: (error) => {
      errors.push(error);
    },
  };
  const runNext = (): boolean => {
    if (taskHead >= tasks.length) return false;
    const task = tasks[taskHead++]!;
    if (taskHead > 1024 && taskHead * 2 > tasks.length) {
      tasks.splice(0, taskHead);
      taskHead = 0;
    }
    task();
    return true;
  };
  const runTasks = (limit = 1_000_000): number => {
    let n = 0;
    while (n < limit && runNext()) n++;
    return n;
  };
  const nextTimer = (): Timer | undefined => {
    timers = timers.filter((t) => t.live);
    let best: Timer | undefined;
    for (const t of timers) if (best === undefined || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    return best;
  };
  const fire = (t: Timer): void => {
    t.live = false;
    if (t.due > now) now = t.due;
    t.task();
  };
  const control: VirtualHost = {
    now: () => now,
    pendingTasks: () => tasks.length - taskHead,
    pendingTimers: () => timers.filter((t) => t.live).length,
    runNext,
    runTasks,
    advance: (ms) => {
      const target = now + Math.max(0, ms);
      runTasks();
      for (let t = nextTimer(); t !== undefined && t.due <= target; t = nextTimer()) {
        fire(t);
        runTasks();
      }
      now = target;
    },
    runAll: (limit = 1_000_000) => {
      let steps = 0;
      while (steps < limit) {
        if (runNext()) {
          steps++;
          continue;
        }
        const t = nextTimer();
        if (t === undefined) break;
        fire(t);
        steps++;
      }
      return steps;
    },
    errors,
    uninstall: () => {
      runtime.random = null;
      setHost(previous);
    },
  };
  setHost(host);
  if (options.shuffleSeed !== undefined) setThreadPoolShuffle(options.shuffleSeed);
  return control;
}

/** A host driven by a fast-check scheduler, as installed by {@link installSchedulerHost}. */
export interface SchedulerHost {
  /** Restores the previous host (pool work still waiting for the scheduler is handed back to it). */
  (): void;
  /** The clock: virtual with `virtualTime`, else the previous host's. */
  now(): number;
  /** Errors user callbacks threw (the real host re-throws them asynchronously instead). */
  readonly errors: unknown[];
}

/** One pool job waiting for the scheduler to start it. */
interface ScheduledJob extends Job {
  readonly job: Job;
  started: boolean;
}

/**
 * The pool's job list while a scheduler host is installed: each job keeps its identity, so the
 * scheduler task posted for it starts that very job (blocking calls still take the oldest one).
 */
class ScheduledJobs {
  readonly items: ScheduledJob[] = [];
  last: ScheduledJob | undefined;
  get length(): number {
    return this.items.length;
  }
  push(job: Job): void {
    const item: ScheduledJob = {
      job,
      started: false,
      runJob() {
        item.started = true;
        job.runJob();
      },
    };
    this.items.push(item);
    this.last = item;
  }
  shift(): ScheduledJob | undefined {
    return this.items.shift();
  }
  removeAt(index: number): ScheduledJob | undefined {
    return index >= 0 && index < this.items.length ? this.items.splice(index, 1)[0] : undefined;
  }
  /** Starts `item` if nothing (a blocking call) started it first. */
  start(item: ScheduledJob): void {
    const i = this.items.indexOf(item);
    if (i < 0) return;
    this.items.splice(i, 1);
    item.runJob();
  }
}

/**
 * Installs a host whose macrotasks are ordered by a fast-check scheduler (`fc.scheduler()`), so a
 * property explores thread-pool interleavings: every ready pool callback becomes a scheduled task,
 * and the scheduler picks which one starts next (and when, relative to the test's own scheduled
 * tasks and Promises). Run the scheduled work with `s.waitAll()`, `s.waitOne()` or `s.waitFor(p)`.
 * Install it while no pool work is pending.
 * @param s - [in] the scheduler from `fc.scheduler()`.
 * @param options - [in] `virtualTime`: timers become scheduled tasks too, and the clock jumps to a
 * timer's due time when the scheduler fires it (delayed callbacks then need no real time); `start`:
 * the virtual clock's starting value (default 0).
 * @returns a function restoring the previous host, with the clock and the errors user callbacks threw.
 */
export function installSchedulerHost(s: fc.Scheduler, options: { virtualTime?: boolean; start?: number } = {}): SchedulerHost {
  const previous = runtime.host;
  const previousJobs = runtime.jobs;
  const jobs = new ScheduledJobs();
  const errors: unknown[] = [];
  const virtual = options.virtualTime === true;
  let now = options.start ?? 0;
  let installed = true;
  const host: Host = {
    now: virtual ? () => now : () => previous.now(),
    post: (task) => {
      const item = jobs.last;
      jobs.last = undefined;
      void s.schedule(Promise.resolve(), 'pool job').then(() => {
        if (!installed) return;
        if (item === undefined) task();
        else jobs.start(item);
      });
    },
    setTimer: virtual
      ? (delayMs, task) => {
          const timer = { live: true };
          const due = now + Math.max(0, delayMs);
          void s.schedule(Promise.resolve(), `timer +${delayMs}ms`).then(() => {
            if (!timer.live || !installed) return;
            timer.live = false;
            if (due > now) now = due;
            task();
          });
          return timer;
        }
      : (delayMs, task) => previous.setTimer(delayMs, task),
    clearTimer: virtual
      ? (timer) => {
          (timer as { live: boolean }).live = false;
        }
      : (timer) => previous.clearTimer(timer),
    sleep: virtual
      ? (ms) => {
          if (ms > 0) now += ms;
        }
      : (ms) => previous.sleep(ms),
    reportError: (error) => {
      errors.push(error);
    },
  };
  runtime.jobs = jobs as unknown as typeof runtime.jobs;
  setHost(host);
  const restore = (): void => {
    if (!installed) return;
    installed = false;
    runtime.jobs = previousJobs;
    setHost(previous);
    for (const item of jobs.items.splice(0)) scheduleJob(item.job);
  };
  return Object.assign(restore, { now: () => host.now(), errors });
}

/** Where a generated provider completes its call. */
export type CompletionPoint = 'begin' | 'dowork' | 'after-delays' | 'never-until-cancel';

/** A provider behaviour, as generated by {@link providerBehaviour}. */
export interface ProviderBehaviour {
  /** Where the call completes. */
  readonly completeIn: CompletionPoint;
  /** Delays (ms) of the successive `XAsyncSchedule` calls before completing (`after-delays`). */
  readonly delays: readonly number[];
  /** The final HRESULT (a success or a failure). */
  readonly result: HRESULT;
  /** Payload size for a success. */
  readonly payloadSize: number;
  /** Whether the Cancel op completes the call with `E_ABORT`. */
  readonly honourCancel: boolean;
  /** Whether DoWork throws instead of completing (the runtime completes with `E_FAIL`). */
  readonly throwsInDoWork: boolean;
}

/**
 * An arbitrary of provider behaviours: complete in Begin, in DoWork, after delays, or only when
 * canceled; succeed (with or without payload) or fail; honour or ignore Cancel; throw.
 * @param options - [in] `maxDelayMs` (default 50), `maxSteps` (default 3).
 * @returns the arbitrary.
 */
export function providerBehaviour(options: { maxDelayMs?: number; maxSteps?: number } = {}): fc.Arbitrary<ProviderBehaviour> {
  const maxDelay = options.maxDelayMs ?? 50;
  return fc.record({
    completeIn: fc.constantFrom<CompletionPoint>('begin', 'dowork', 'after-delays', 'never-until-cancel'),
    delays: fc.array(fc.integer({ min: 0, max: maxDelay }), { minLength: 1, maxLength: options.maxSteps ?? 3 }),
    result: fc.oneof(fc.constant(S_OK), fc.integer({ min: 1, max: 0x7fffffff }), fc.constant(E_FAIL), fc.constant(0x8009abcd | 0)),
    payloadSize: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 64 })),
    honourCancel: fc.boolean(),
    throwsInDoWork: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  });
}

/** The log a generated provider keeps of its ops. */
export interface ProviderLog {
  /** Every op the runtime invoked, in order (`XAsyncOp` values). */
  readonly ops: number[];
  /**
   * Ops that broke Cleanup's rules: a Cleanup that started while another op of the call ran, or an
   * op that started during or after Cleanup. Must stay empty. (Other ops may nest: on an Immediate
   * port DoWork runs inside the Begin or DoWork that scheduled it, as in native.)
   */
  readonly overlaps: number[];
}

/** What {@link makeProvider} returns. */
export interface GeneratedProvider {
  /** The provider, for `XAsyncBegin`. */
  readonly provider: XAsyncProvider;
  /** The ops it saw. */
  readonly log: ProviderLog;
}

/**
 * Makes a provider that behaves as `behaviour` says and logs its ops. GetResult fills the buffer
 * with the byte `0xAB`.
 * @param behaviour - [in] from {@link providerBehaviour} (or hand-written).
 * @returns the provider and its log.
 */
export function makeProvider(behaviour: ProviderBehaviour): GeneratedProvider {
  const log: ProviderLog = { ops: [], overlaps: [] };
  let step = 0;
  let running = 0;
  let cleanedUp = false;
  let canceled = false;
  const size = behaviour.result >= 0 ? behaviour.payloadSize : 0;
  const finish = (block: XAsyncBlock): void => XAsyncComplete(block, behaviour.result, size);
  const provider: XAsyncProvider = (op: XAsyncOp, data: XAsyncProviderData): HRESULT => {
    log.ops.push(op);
    if (cleanedUp || (op === XAsyncOp.Cleanup && running > 0)) log.overlaps.push(op);
    if (op === XAsyncOp.Cleanup) cleanedUp = true;
    running++;
    try {
      switch (op) {
        case XAsyncOp.Begin:
          if (behaviour.completeIn === 'begin') {
            finish(data.async);
            return S_OK;
          }
          return XAsyncSchedule(data.async, 0);
        case XAsyncOp.DoWork:
          if (canceled) {
            XAsyncComplete(data.async, E_ABORT, 0);
            return S_OK;
          }
          if (behaviour.throwsInDoWork) throw new Error('provider failure');
          if (behaviour.completeIn === 'dowork') {
            finish(data.async);
            return S_OK;
          }
          if (behaviour.completeIn === 'after-delays' && step < behaviour.delays.length) {
            const hr = XAsyncSchedule(data.async, behaviour.delays[step++]!);
            return hr < 0 ? hr : E_PENDING;
          }
          if (behaviour.completeIn === 'after-delays') {
            finish(data.async);
            return S_OK;
          }
          return E_PENDING; // never-until-cancel
        case XAsyncOp.Cancel:
          canceled = true;
          if (behaviour.honourCancel || behaviour.completeIn === 'never-until-cancel') XAsyncComplete(data.async, E_ABORT, 0);
          return S_OK;
        case XAsyncOp.GetResult:
          data.buffer?.fill(0xab, 0, size);
          return S_OK;
        default:
          return S_OK;
      }
    } finally {
      running--;
    }
  };
  return { provider, log };
}

// ---- property-testing a provider of your own ----

/** How {@link runCallScenario} drives one call: queue modes, pool start order, when to cancel and terminate. */
export interface CallScenario {
  /** Dispatch mode of the queue's Work port. */
  readonly workMode: XTaskQueueDispatchMode;
  /** Dispatch mode of the queue's Completion port. */
  readonly completionMode: XTaskQueueDispatchMode;
  /** After how many steps `XAsyncCancel` is called; `null`: never. */
  readonly cancelAfter: number | null;
  /** After how many steps the queue is terminated (`XTaskQueueTerminate(q, false, …)`); `null`: never. */
  readonly terminateAfter: number | null;
  /** Seed of the thread-pool start-order shuffle ({@link setThreadPoolShuffle}). */
  readonly shuffleSeed: number;
}

/**
 * An arbitrary of {@link CallScenario}s: every pair of dispatch modes, any pool start order, a
 * cancel and a termination at any step or never.
 * @param options - [in] `maxSteps`: the latest step for a cancel or termination (default 20).
 * @returns the arbitrary.
 */
export function callScenario(options: { maxSteps?: number } = {}): fc.Arbitrary<CallScenario> {
  const mode = fc.constantFrom<XTaskQueueDispatchMode>(0, 1, 2, 3);
  const step = fc.option(fc.nat(options.maxSteps ?? 20), { nil: null });
  return fc.record({ workMode: mode, completionMode: mode, cancelAfter: step, terminateAfter: step, shuffleSeed: fc.integer() });
}

/** What happened to a call run by {@link runCallScenario}. */
export interface CallOutcome {
  /** What `start` returned. */
  readonly started: HRESULT;
  /** The call's final status (`E_PENDING`: it never finished, even after a cancel). */
  readonly status: HRESULT;
  /** How many times the completion routine ran. */
  readonly callbacks: number;
  /** The status the completion routine saw (`undefined` if it never ran). */
  readonly statusInCallback: HRESULT | undefined;
  /** For every call the scenario started (yours and any it started itself): its provider ops, in order. */
  readonly calls: readonly (readonly XAsyncOp[])[];
  /** Calls still alive after everything ran and `result` was given its chance (a payload never fetched, a call never finished). */
  readonly leakedStates: number;
  /** Task-queue objects still alive then. */
  readonly leakedQueues: number;
  /** Errors the completion routine (and `result`) threw; a provider op that throws completes its call with `E_FAIL` instead. */
  readonly errors: readonly unknown[];
}

/**
 * Runs one call of a provider of your own under a {@link CallScenario}, on a virtual host (install
 * no other host around it): creates the queue, calls `start(block)` (your `…Async` function), steps
 * the pool, the clock and Manual ports, cancels and terminates when the scenario says, and lets
 * `result(block)` (your `…Result` function) run inside the completion routine. Cleans up after
 * itself whatever happened. Check the outcome with {@link callOutcomeProblems}.
 * @example
 * ```ts no-check
 * fc.assert(fc.property(callScenario(), (scenario) => {
 *   const outcome = runCallScenario(scenario, (block) => MyOpAsync(block, 42), {
 *     result: (block) => void MyOpResult(block, out(0)),
 *   });
 *   expect(callOutcomeProblems(outcome)).toEqual([]);
 * }));
 * ```
 * @param scenario - [in] from {@link callScenario}.
 * @param start - [in] starts the call on the block (`block.queue` and `block.callback` are set).
 * @param options - [in] `result`: fetches the result inside the completion routine; `maxSteps`:
 * steps before giving up (default 1000); `stepMs`: how far the clock moves when nothing else can run (default 10).
 * @returns the outcome.
 */
export function runCallScenario(
  scenario: CallScenario,
  start: (block: XAsyncBlock) => HRESULT,
  options: { result?: (block: XAsyncBlock) => void; maxSteps?: number; stepMs?: number } = {},
): CallOutcome {
  const states = liveStateCount();
  const queues = liveQueueCount();
  const host = installVirtualHost({ shuffleSeed: scenario.shuffleSeed });
  const ops = new Map<number, XAsyncOp[]>();
  const onOp = (e: { callId: number; op: number }): void => {
    let list = ops.get(e.callId);
    if (list === undefined) ops.set(e.callId, (list = []));
    list.push(e.op as XAsyncOp);
  };
  trace.on('providerOp', onOp);
  let callbacks = 0;
  let statusInCallback: HRESULT | undefined;
  let started: HRESULT = E_PENDING;
  let status: HRESULT = E_PENDING;
  let leakedStates = 0;
  let leakedQueues = 0;
  const q = { value: null as XTaskQueueHandle | null };
  let drain: XTaskQueueHandle | null = null;
  try {
    if (XTaskQueueCreate(scenario.workMode, scenario.completionMode, q) !== S_OK || q.value === null) throw new Error('XTaskQueueCreate failed');
    const queue = q.value;
    // our own handle, to drain and terminate whatever the call left, after the block's is closed
    const own = { value: null as XTaskQueueHandle | null };
    XTaskQueueDuplicateHandle(queue, own);
    drain = own.value;
    const block: XAsyncBlock = {
      queue,
      callback: (b) => {
        callbacks++;
        statusInCallback = XAsyncGetStatus(b, false);
        options.result?.(b);
      },
    };
    started = start(block);
    const pump = (): void => {
      XTaskQueueDispatch(drain, 0, 0);
      XTaskQueueDispatch(drain, 1, 0);
    };
    const maxSteps = options.maxSteps ?? 1000;
    const finished = (): boolean => XAsyncGetStatus(block, false) !== E_PENDING && (callbacks > 0 || started < 0);
    for (let step = 0; step < maxSteps && !(finished() && step > Math.max(scenario.cancelAfter ?? 0, scenario.terminateAfter ?? 0)); step++) {
      if (step === scenario.cancelAfter) XAsyncCancel(block);
      if (step === scenario.terminateAfter) XTaskQueueTerminate(queue, false, undefined, null);
      if (!host.runNext()) host.advance(options.stepMs ?? 10);
      pump();
    }
    host.runAll();
    pump();
    status = XAsyncGetStatus(block, false);
    XTaskQueueCloseHandle(queue);
    host.runAll();
    leakedStates = liveStateCount() - states;
    leakedQueues = liveQueueCount() - queues - 1; // less the queue our own handle keeps
    // leave nothing behind: end what never finished, consume a payload never fetched, drain
    XAsyncCancel(block);
    XAsyncComplete(block, E_ABORT, 0);
    let terminated = false;
    XTaskQueueTerminate(drain, false, undefined, () => (terminated = true));
    for (let i = 0; i < 100 && (!terminated || liveStateCount() > states); i++) {
      XAsyncGetResult(block, cleanupIdentity, 0, null, null);
      host.runAll();
      pump();
    }
  } finally {
    if (drain !== null) XTaskQueueCloseHandle(drain);
    host.runAll();
    trace.off('providerOp', onOp);
    host.uninstall();
  }
  return { started, status, callbacks, statusInCallback, calls: [...ops.values()], leakedStates, leakedQueues, errors: host.errors };
}

const cleanupIdentity = Symbol('runCallScenario cleanup');

/**
 * The rules a call run by {@link runCallScenario} broke, in words (empty: none): it must finish,
 * run its completion routine exactly once seeing its final status, run Cleanup exactly once as
 * the last op of each call, leak no call and no queue, and throw nothing.
 * @param outcome - [in] from {@link runCallScenario}.
 * @returns the problems found.
 */
export function callOutcomeProblems(outcome: CallOutcome): string[] {
  const problems: string[] = [];
  const started = outcome.started >= 0;
  if (started && outcome.status === E_PENDING) problems.push('the call never finished');
  if (started && outcome.callbacks !== 1) problems.push(`the completion routine ran ${outcome.callbacks} times`);
  if (started && outcome.callbacks === 1 && outcome.statusInCallback !== outcome.status) problems.push('the completion routine did not see the final status');
  if (!started && outcome.callbacks !== 0) problems.push('a call that failed to start ran its completion routine');
  outcome.calls.forEach((ops, i) => {
    const cleanups = ops.filter((op) => op === XAsyncOp.Cleanup).length;
    if (cleanups !== 1) problems.push(`call ${i}: Cleanup ran ${cleanups} times`);
    else if (ops.at(-1) !== XAsyncOp.Cleanup) problems.push(`call ${i}: an op ran after Cleanup`);
  });
  if (outcome.leakedStates !== 0) problems.push(`${outcome.leakedStates} call state(s) leaked`);
  if (outcome.leakedQueues !== 0) problems.push(`${outcome.leakedQueues} task queue(s) leaked`);
  for (const error of outcome.errors) problems.push(`user code threw: ${String(error)}`);
  return problems;
}
