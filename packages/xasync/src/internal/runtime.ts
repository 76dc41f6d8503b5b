/**
 * The emulated "other threads": the thread-pool job FIFO, the delay timer, and the progress step
 * blocking calls use to let emulated time pass (see the contract, section 5).
 */
import { Fifo } from './Fifo.js';
import { realHost, type Host } from './host.js';
import { availableParallelism } from 'node:os';

/** A unit of pool work: a port popping one item, a waiter re-arm, a termination step. */
export interface Job {
  runJob(): void;
}

/** A delayed item, keyed for the timer heap. */
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
  jobs: new Fifo<Job>(),
  heap: [] as Timed[],
  timer: undefined as unknown,
  timerDue: Infinity,
  seq: 0,
};

function pump(): void {
  runOneJob();
}

/** Queues a pool job; it starts in a macrotask of its own (or earlier, inside a blocking call). */
export function scheduleJob(job: Job): void {
  runtime.jobs.push(job);
  runtime.host.post(pump);
}

/** Runs one queued pool job (FIFO, or a seeded random one). Returns false when none was queued. */
export function runOneJob(): boolean {
  const jobs = runtime.jobs;
  if (jobs.length === 0) return false;
  const job = runtime.random === null || jobs.length === 1 ? jobs.shift() : jobs.removeAt(Math.floor(runtime.random() * jobs.length));
  job!.runJob();
  return true;
}

// ---- timer heap (min by due, then seq) ----

function less(a: Timed, b: Timed): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

function heapPush(item: Timed): void {
  const h = runtime.heap;
  let i = h.length;
  h.push(item);
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!less(item, h[p]!)) break;
    h[i] = h[p]!;
    i = p;
  }
  h[i] = item;
}

function heapPop(): Timed | undefined {
  const h = runtime.heap;
  const top = h[0];
  const last = h.pop();
  if (h.length > 0 && last !== undefined) {
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && less(h[r]!, h[l]!) ? r : l;
      if (!less(h[c]!, last)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
  }
  return top;
}

function dropStale(): void {
  while (runtime.heap.length > 0 && !runtime.heap[0]!.timed) heapPop();
}

/** Parks `item` until `now + delayMs`. */
export function addTimed(item: Timed, delayMs: number): void {
  item.due = runtime.host.now() + delayMs;
  item.seq = ++runtime.seq;
  item.timed = true;
  heapPush(item);
  if (item.due < runtime.timerDue) armTimer();
}

function onTimer(): void {
  runtime.timer = undefined;
  runtime.timerDue = Infinity;
  fireDue();
}

function armTimer(): void {
  dropStale();
  const first = runtime.heap[0];
  const due = first === undefined ? Infinity : first.due;
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
export function fireDue(): void {
  const now = runtime.host.now();
  const heap = runtime.heap;
  const due: Timed[] = [];
  let ordered = true;
  let lastSeq = 0;
  while (heap.length > 0 && heap[0]!.due <= now) {
    const item = heapPop()!;
    if (!item.timed) continue;
    if (item.seq < lastSeq) ordered = false;
    lastSeq = item.seq;
    due.push(item);
  }
  if (!ordered) due.sort(bySeq);
  for (const item of due) {
    if (!item.timed) continue; // surfaced by a termination run by an earlier promotion
    item.timed = false;
    item.promote();
  }
  armTimer();
}

function bySeq(a: Timed, b: Timed): number {
  return a.seq - b.seq;
}

/** Every item still parked on the timer (in heap order). */
export function timedItems(): readonly Timed[] {
  return runtime.heap.filter((t) => t.timed);
}

/** Marks a parked item as no longer timed (termination surfaced it). The heap drops it lazily. */
export function untime(item: Timed): void {
  item.timed = false;
}

/** The due time of the earliest parked item that can progress without a manual Dispatch (or of `port`'s). */
function nextUsefulDue(port: unknown): number {
  let best = Infinity;
  for (const t of runtime.heap) {
    if (t.timed && (!t.manual || t.port === port) && t.due < best) best = t.due;
  }
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
  dropStale();
  const wake = Math.min(next, runtime.heap[0]?.due ?? Infinity);
  const now = runtime.host.now();
  if (wake > deadline) {
    runtime.host.sleep(Math.max(0, deadline - now));
    return 'timeout';
  }
  if (wake > now) runtime.host.sleep(Math.ceil(wake - now));
  fireDue();
  return 'slept';
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
  armTimer();
}

