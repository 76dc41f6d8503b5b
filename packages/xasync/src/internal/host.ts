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
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

export const realHost: Host = {
  now: () => performance.now(),
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
