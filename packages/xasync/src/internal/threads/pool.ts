/**
 * The emulated thread pool: ready jobs wait in `runtime.jobs`; a macrotask drains them for up to
 * the host's budget (or runs one, on the hosts tests step), or a blocking call runs them earlier;
 * the host and pool seams `./testing` drives.
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

/** Jobs checked between two looks at the clock while a macrotask drains the pool. */
const CLOCK_STRIDE = 16;

/**
 * A macrotask that runs pool jobs, bound to the host it was posted to (stale after a host swap):
 * one job, or with the host's `drainBudgetMs` every ready job until the budget is spent.
 */
function makePump(host: Host): () => void {
  const budget = host.drainBudgetMs;
  const pump = (): void => {
    if (pump !== currentPump) return;
    if (budget === undefined) {
      runOneJob();
      return;
    }
    const end = host.now() + budget;
    try {
      for (let n = 1; runOneJob(); n++) if (n % CLOCK_STRIDE === 0 && host.now() >= end) break;
    } finally {
      pumpPosted = false;
      if (runtime.jobs.length > 0) post();
    }
  };
  return pump;
}

let currentPump = makePump(runtime.host);
/** A draining pump is posted (or running) and will look at the job list again: no other is needed. */
let pumpPosted = false;

function post(): void {
  if (runtime.host.drainBudgetMs !== undefined) {
    if (pumpPosted) return;
    pumpPosted = true;
  }
  runtime.host.post(currentPump);
}

/** Queues a pool job; it starts in a later macrotask (or earlier, inside a blocking call). */
export function scheduleJob(job: Job): void {
  runtime.jobs.push(job);
  post();
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
  currentPump = makePump(host);
  pumpPosted = false;
  for (let i = 0; i < runtime.jobs.length; i++) post();
  armTimer();
}
