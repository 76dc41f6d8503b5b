/**
 * The emulated "other threads": the thread-pool job FIFO, the delay timer, and the progress step
 * blocking calls use to let emulated time pass (xasync-api.md §5).
 */
import { Fifo } from './Fifo.js';
import { realHost, type Host, type Job, type JobList, type Pool } from './host.js';
import { availableParallelism } from 'node:os';

export type { Job };

/** A delayed item, parked on the timer. */
export interface Timed {
  due: number;
  seq: number;
  /** false once promoted, surfaced by termination, or discarded. */
  timed: boolean;
  /** Whether promoting it can make progress without a manual Dispatch (used by blocking calls). */
  promote(): void;
  readonly manual: boolean;
  /** The port it belongs to (opaque here). */
  readonly port: unknown;
}

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
function runOneJob(): boolean {
  const jobs = runtime.jobs;
  if (jobs.length === 0) return false;
  const job = runtime.random === null || jobs.length === 1 ? jobs.shift() : jobs.removeAt(Math.floor(runtime.random() * jobs.length));
  job!.runJob();
  return true;
}

// ---- the delay timer ----
// Due times are whole milliseconds, rounded up (an item is never early; at most under 1 ms late, as
// with Node's own timers). Items due the same millisecond share a FIFO list, in submission order;
// a small heap orders the lists by due time. A sweep takes whole lists and merges them by seq.

class TimerList {
  readonly items: Timed[] = [];
  constructor(readonly due: number) {}
}

const lists = new Map<number, TimerList>();
const heap: TimerList[] = [];

function siftUp(i: number): void {
  const list = heap[i]!;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (heap[p]!.due <= list.due) break;
    heap[i] = heap[p]!;
    i = p;
  }
  heap[i] = list;
}

function popList(): TimerList {
  const top = heap[0]!;
  lists.delete(top.due);
  const last = heap.pop()!;
  const n = heap.length;
  if (n > 0) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && heap[r]!.due < heap[l]!.due ? r : l;
      if (heap[c]!.due >= last.due) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = last;
  }
  return top;
}

/** The due time of the first list still holding a timed item (dropping lists termination emptied). */
function firstDue(): number {
  while (heap.length > 0) {
    const top = heap[0]!;
    if (top.items.some((t) => t.timed)) return top.due;
    popList();
  }
  return Infinity;
}

/** Parks `item` until `now + delayMs` (rounded up to a whole millisecond). */
export function addTimed(item: Timed, delayMs: number): void {
  const due = Math.ceil(runtime.host.now() + delayMs);
  item.due = due;
  item.seq = ++runtime.seq;
  item.timed = true;
  let list = lists.get(due);
  if (list === undefined) {
    list = new TimerList(due);
    lists.set(due, list);
    heap.push(list);
    siftUp(heap.length - 1);
  }
  list.items.push(item);
  if (due < runtime.timerDue) armTimer();
}

function onTimer(): void {
  runtime.timer = undefined;
  runtime.timerDue = Infinity;
  fireDue();
}

function armTimer(): void {
  const due = firstDue();
  if (due === runtime.timerDue) return;
  if (runtime.timer !== undefined) runtime.host.clearTimer(runtime.timer);
  runtime.timer = undefined;
  runtime.timerDue = due;
  if (due !== Infinity) {
    // The host timer may fire a little before the monotonic due time; fireDue promotes only what
    // is due and re-arms for the rest, so an item is never promoted early and never stranded.
    runtime.timer = runtime.host.setTimer(Math.max(0, Math.ceil(due - runtime.host.now())), onTimer);
  }
}

/** Promotes every item already due, in submission order, then re-arms the timer. */
function fireDue(): void {
  const now = runtime.host.now();
  // Each list is a run already in submission order; a late sweep merges several by seq.
  const runs: Timed[][] = [];
  while (heap.length > 0 && heap[0]!.due <= now) runs.push(popList().items);
  for (const item of mergeRuns(runs)) {
    if (!item.timed) continue; // surfaced by termination (maybe by an earlier promotion of this sweep)
    item.timed = false;
    item.promote();
  }
  armTimer();
}

/** Merges runs each ascending by seq into one ascending array (pairwise, O(n log k)). */
function mergeRuns(runs: Timed[][]): Timed[] {
  if (runs.length === 0) return [];
  while (runs.length > 1) {
    const next: Timed[][] = [];
    for (let r = 0; r + 1 < runs.length; r += 2) {
      const a = runs[r]!;
      const b = runs[r + 1]!;
      const out = new Array<Timed>(a.length + b.length);
      let i = 0;
      let j = 0;
      let k = 0;
      while (i < a.length && j < b.length) out[k++] = a[i]!.seq < b[j]!.seq ? a[i++]! : b[j++]!;
      while (i < a.length) out[k++] = a[i++]!;
      while (j < b.length) out[k++] = b[j++]!;
      next.push(out);
    }
    if (runs.length % 2 === 1) next.push(runs[runs.length - 1]!);
    runs = next;
  }
  return runs[0]!;
}

/** Every item still parked on the timer (in no particular order). */
export function timedItems(): Timed[] {
  const out: Timed[] = [];
  for (const list of heap) for (const t of list.items) if (t.timed) out.push(t);
  return out;
}

/** Marks a parked item as no longer timed (termination surfaced it). The heap drops it lazily. */
export function untime(item: Timed): void {
  item.timed = false;
}

/** The due time of the earliest parked item that can progress without a manual Dispatch (or of `port`'s). */
function nextUsefulDue(port: unknown): number {
  let best = Infinity;
  for (const t of timedItems()) if ((!t.manual || t.port === port) && t.due < best) best = t.due;
  return best;
}

/** What one step of a blocking wait did. */
export type Progress = 'ran' | 'slept' | 'timeout' | 'stuck';

/**
 * One step of a blocking call: run one ready pool job; otherwise sleep until the next parked item
 * that could make progress is due (or until `deadline`), and promote what is due. `stuck` means
 * nothing can happen while the caller blocks.
 */
export function progressOnce(deadline: number, port?: unknown): Progress {
  if (runOneJob()) return 'ran';
  const next = nextUsefulDue(port);
  if (next === Infinity) return 'stuck';
  // The timer thread keeps running while the caller blocks: wake at every due time, not only the
  // useful ones, so items of other ports are promoted as each falls due (in due order).
  const wake = Math.min(next, firstDue());
  const now = runtime.host.now();
  if (wake > deadline) {
    runtime.host.sleep(Math.max(0, deadline - now));
    return 'timeout';
  }
  if (wake > now) runtime.host.sleep(Math.ceil(wake - now));
  fireDue();
  return 'slept';
}

/**
 * Blocks (letting emulated time pass) until `done()` holds. Returns false when nothing can make
 * progress while the caller blocks (the native call would hang there) or the deadline passed.
 */
export function blockUntil(done: () => boolean, deadline = Infinity): boolean {
  while (!done()) {
    if (runtime.host.now() >= deadline) return false;
    const step = progressOnce(deadline);
    if (step === 'stuck') return done();
  }
  return true;
}

/** Async waiters (the `…Async` twins): each re-checks its own condition when something changed. */
export const watchers = new Set<() => void>();

/** Something a waiter may be waiting for happened (an item became ready or finished, a termination step, a call's wait signal). */
export function notifyWatchers(): void {
  if (watchers.size === 0) return;
  for (const w of [...watchers]) w();
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

