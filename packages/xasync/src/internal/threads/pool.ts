/**
 * The emulated thread pool: ready jobs wait in `runtime.jobs` and each starts in a macrotask of
 * its own (or earlier, inside a blocking call); the host and pool seams `./testing` drives.
 */
import { armTimer } from './delayTimer.js';
import type { Host, Job, Pool } from './host.js';
import { runtime } from './runtime.js';

/** Replaces the pool settings given (the `./testing` seam beside the host). @returns the previous settings. */
export function setPool(pool: Partial<Pool>): Pool {
  const previous: Pool = { size: runtime.poolSize, random: runtime.random, jobs: runtime.jobs };
  if (pool.size !== undefined) runtime.poolSize = pool.size;
  if (pool.random !== undefined) runtime.random = pool.random;
  if (pool.jobs !== undefined) runtime.jobs = pool.jobs;
  return previous;
}

/** A macrotask that runs one pool job, bound to the host it was posted to (stale after a host swap). */
function makePump(): () => void {
  const pump = (): void => {
    if (pump === currentPump) runOneJob();
  };
  return pump;
}

let currentPump = makePump();

/** Queues a pool job; it starts in a macrotask of its own (or earlier, inside a blocking call). */
export function scheduleJob(job: Job): void {
  runtime.jobs.push(job);
  runtime.host.post(currentPump);
}

/** Runs one queued pool job (FIFO, or a seeded random one). Returns false when none was queued. */
export function runOneJob(): boolean {
  const jobs = runtime.jobs;
  if (jobs.length === 0) return false;
  const job =
    runtime.random === null || jobs.length === 1
      ? jobs.shift()
      : jobs.removeAt(Math.floor(runtime.random() * jobs.length));
  job!.runJob();
  return true;
}

/** Swaps the host (the testing clock), moving the armed timer from the old host to the new one. */
export function setHost(host: Host): void {
  if (runtime.timer !== undefined) runtime.host.clearTimer(runtime.timer);
  runtime.timer = undefined;
  runtime.timerDue = Infinity;
  runtime.host = host;
  // Macrotasks posted to the old host are dropped (or ignored when they run); every pending job
  // gets a macrotask on the new one, so none is stranded.
  currentPump = makePump();
  for (let i = 0; i < runtime.jobs.length; i++) host.post(currentPump);
  armTimer();
}
