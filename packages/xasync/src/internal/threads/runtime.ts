/**
 * The emulated other threads' shared state: the host, the pool settings and the delay timer's
 * bookkeeping (xasync-api.md §5). The rooms beside it use it: `pool.ts` (the thread-pool job list),
 * `delayTimer.ts`, `progress.ts` (the blocking calls' step), `wakeups.ts` (the awaitable twins).
 */
import { Fifo } from '../Fifo.js';
import { realHost, type Host, type Job, type JobList } from './host.js';
import { availableParallelism } from 'node:os';

export const runtime = {
  host: realHost as Host,
  poolSize: Math.max(1, availableParallelism()),
  /** Seeded shuffle of pool start order; null = FIFO. */
  random: null as (() => number) | null,
  jobs: new Fifo<Job>() as JobList,
  timer: undefined as unknown,
  timerDue: Infinity,
  seq: 0,
};
