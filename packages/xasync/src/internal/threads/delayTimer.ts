/**
 * The delay timer (libHttpClient `WaitTimer.h`): delayed items parked until due, promoted in
 * submission order, never early and never stranded.
 *
 * Due times are whole milliseconds, rounded up (an item is never early; at most under 1 ms late, as
 * with Node's own timers). Items due the same millisecond share a FIFO list, in submission order;
 * a small heap orders the lists by due time. A sweep takes whole lists and merges them by seq.
 */
import { runtime } from './runtime.js';

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

class TimerList {
  readonly items: Timed[] = [];
  /** Items of `items` still timed. */
  live = 0;
  /** Position in the heap (-1 once out of it). */
  index = -1;
  constructor(readonly due: number) {}
}

const lists = new Map<number, TimerList>();
const heap: TimerList[] = [];

function place(list: TimerList, i: number): void {
  heap[i] = list;
  list.index = i;
}

function siftUp(i: number): void {
  const list = heap[i]!;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (heap[p]!.due <= list.due) break;
    place(heap[p]!, i);
    i = p;
  }
  place(list, i);
}

function siftDown(i: number): void {
  const list = heap[i]!;
  const n = heap.length;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && heap[r]!.due < heap[l]!.due ? r : l;
    if (heap[c]!.due >= list.due) break;
    place(heap[c]!, i);
    i = c;
  }
  place(list, i);
}

/** Takes `list` out of the heap (and the due-time index). */
function removeList(list: TimerList): void {
  const i = list.index;
  lists.delete(list.due);
  list.index = -1;
  const last = heap.pop()!;
  if (last === list) return;
  place(last, i);
  if (i > 0 && heap[(i - 1) >> 1]!.due > last.due) siftUp(i);
  else siftDown(i);
}

function popList(): TimerList {
  const top = heap[0]!;
  removeList(top);
  return top;
}

/** The due time of the first list still holding a timed item (lists are dropped once none is). */
export function firstDue(): number {
  return heap.length > 0 ? heap[0]!.due : Infinity;
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
  list.live++;
  if (due < runtime.timerDue) armTimer();
}

function onTimer(): void {
  runtime.timer = undefined;
  runtime.timerDue = Infinity;
  fireDue();
}

export function armTimer(): void {
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
export function fireDue(): void {
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

/**
 * Takes a parked item off the timer (termination surfaced it): its list leaves the heap once no
 * item of it is timed, so a canceled item is not held by the heap. Call {@link armTimer} after
 * the last one: the host timer is then re-armed for the next due item, or cleared.
 */
export function untime(item: Timed): void {
  if (!item.timed) return;
  item.timed = false;
  const list = lists.get(item.due);
  // Not in the index: its list was taken by the sweep running now (which skips untimed items).
  if (list === undefined) return;
  if (--list.live === 0) removeList(list);
  else if (list.items.length >= 2 * list.live + 16) {
    const items = list.items;
    let k = 0;
    for (let i = 0; i < items.length; i++) if (items[i]!.timed) items[k++] = items[i]!;
    items.length = k;
  }
}

/** The due time of the earliest parked item that can progress without a manual Dispatch (or of `port`'s). */
export function nextUsefulDue(port: unknown): number {
  let best = Infinity;
  for (const t of timedItems()) if ((!t.manual || t.port === port) && t.due < best) best = t.due;
  return best;
}
