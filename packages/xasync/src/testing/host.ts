/**
 * Host control for tests: the virtual host (a clock and macrotasks stepped by hand), the host a
 * fast-check scheduler drives, and the thread pool's size and start order. Reaches the runtime
 * only through its two seams: `Host` and `Pool` (`internal/host.ts`).
 */
import type { Host, Job, JobList } from '../internal/threads/host.js';
import { scheduleJob, setHost, setPool } from '../internal/threads/pool.js';
import { runtime } from '../internal/threads/runtime.js';

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
  setPool({ random: seed === null ? null : seeded(seed) });
}

/**
 * How many pool "threads" each ThreadPool port has: how many Promise-returning callbacks may be
 * busy at once. Default: `os.availableParallelism()`.
 * @param size - [in] at least 1.
 * @returns the previous size.
 */
export function setThreadPoolSize(size: number): number {
  const previous = setPool({}).size;
  if (Number.isInteger(size) && size >= 1) setPool({ size });
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
  /**
   * Moves time forward by `ms` and fires nothing, runs nothing: the timer thread was held up. The
   * timers now overdue fire, late, at the next {@link VirtualHost.advance} (`advance(0)` fires them
   * at once), {@link VirtualHost.runAll} or blocking call.
   */
  stallTimers(ms: number): void;
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
    for (const t of timers)
      if (best === undefined || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
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
    stallTimers: (ms) => {
      now += Math.max(0, ms);
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
      setPool({ random: null });
      setHost(previous);
    },
  };
  setHost(host);
  if (options.shuffleSeed !== undefined) setThreadPoolShuffle(options.shuffleSeed);
  return control;
}

/**
 * What {@link installSchedulerHost} needs of a scheduler: fast-check's `fc.scheduler()` has it
 * (declared here so `./testing` does not depend on fast-check).
 */
export interface TaskScheduler {
  /** Returns a Promise that settles like `task`, once the scheduler decides to let it. */
  schedule<T>(task: Promise<T>, label?: string): Promise<T>;
}

/**
 * A throw out of a task the scheduler started surfaces as an uncaught exception, as it would out of
 * the real host's `setImmediate` / `setTimeout` (user errors never get here: the runtime reports them).
 */
function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
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
class ScheduledJobs implements JobList {
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
 * tasks and Promises). Run the scheduled work with `s.waitAll()`, `s.waitOne()` or `s.untilChanged(p)`.
 * Install it while no pool work is pending.
 * @param s - [in] the scheduler from `fc.scheduler()`.
 * @param options - [in] `virtualTime`: timers become scheduled tasks too, and the clock jumps to a
 * timer's due time when the scheduler fires it (delayed callbacks then need no real time); `start`:
 * the virtual clock's starting value (default 0).
 * @returns a function restoring the previous host, with the clock and the errors user callbacks threw.
 */
export function installSchedulerHost(
  s: TaskScheduler,
  options: { virtualTime?: boolean; start?: number } = {},
): SchedulerHost {
  const previous = runtime.host;
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
      s.schedule(Promise.resolve(), 'pool job')
        .then(() => {
          if (!installed) return;
          if (item === undefined) task();
          else jobs.start(item);
        })
        .catch(rethrowLater);
    },
    setTimer: virtual
      ? (delayMs, task) => {
          const timer = { live: true };
          const due = now + Math.max(0, delayMs);
          s.schedule(Promise.resolve(), `timer +${delayMs}ms`)
            .then(() => {
              if (!timer.live || !installed) return;
              timer.live = false;
              if (due > now) now = due;
              task();
            })
            .catch(rethrowLater);
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
  const previousJobs = setPool({ jobs }).jobs;
  setHost(host);
  const restore = (): void => {
    if (!installed) return;
    installed = false;
    setPool({ jobs: previousJobs });
    setHost(previous);
    for (const item of jobs.items.splice(0)) scheduleJob(item.job);
  };
  return Object.assign(restore, { now: () => host.now(), errors });
}
