/**
 * The host: where the runtime gets time, macrotasks, timers and blocking sleeps from. The real
 * host uses `performance.now`, `setImmediate`, `setTimeout` and `Atomics.wait`; `./testing`
 * installs a virtual one that tests step by hand.
 */
export interface Host {
  /** Monotonic milliseconds. */
  now(): number;
  /** Runs `task` in a macrotask of its own, later. */
  post(task: () => void): void;
  /** Runs `task` once, no earlier than `delayMs` from now. Returns a value for {@link Host.clearTimer}. */
  setTimer(delayMs: number, task: () => void): unknown;
  /** Cancels a timer made by {@link Host.setTimer}. */
  clearTimer(timer: unknown): void;
  /** Blocks the thread for `ms` milliseconds (a virtual host advances its clock instead). */
  sleep(ms: number): void;
  /** Reports an error thrown by user code, asynchronously, after the runtime restored its state. */
  reportError(error: unknown): void;
  /**
   * Set: one macrotask runs ready pool jobs one after another for up to this many milliseconds
   * (native pool threads drain without sleeping between items), then yields so timers and I/O wait
   * at most about that long. Unset: each pool job runs in a macrotask of its own (the hosts tests
   * step by hand, where one macrotask is one job).
   */
  readonly drainBudgetMs?: number;
}

/** A unit of pool work: a port popping one item, a waiter re-arm, a termination step. */
export interface Job {
  runJob(): void;
}

/** The pool's ready jobs, oldest first. The runtime's is a FIFO; `./testing` may install its own. */
export interface JobList {
  readonly length: number;
  push(job: Job): void;
  /** Takes the oldest job. */
  shift(): Job | undefined;
  /** Takes the job at offset `index` from the oldest (for a shuffled start order). */
  removeAt(index: number): Job | undefined;
}

/**
 * The emulated thread pool, the seam beside {@link Host} that `./testing` drives (through
 * `setPool` in `pool.ts`): how many pool threads each ThreadPool port has, the start-order
 * shuffle, and the list ready jobs wait in.
 */
export interface Pool {
  /** Pool "threads" per ThreadPool port (at least 1). */
  size: number;
  /** Seeded shuffle of the start order of ready jobs; `null`: FIFO. */
  random: (() => number) | null;
  /** Where ready jobs wait for a pool thread. */
  jobs: JobList;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

export const realHost: Host = {
  now: () => performance.now(),
  drainBudgetMs: 1,
  post: (task) => {
    setImmediate(task);
  },
  setTimer: (delayMs, task) => setTimeout(task, delayMs),
  clearTimer: (timer) => {
    clearTimeout(timer as ReturnType<typeof setTimeout>);
  },
  sleep: (ms) => {
    if (ms > 0) Atomics.wait(sleepCell, 0, 0, ms);
  },
  reportError: (error) => {
    queueMicrotask(() => {
      throw error;
    });
  },
};
