/**
 * A port's ready FIFO as recycled nodes (native `LocklessQueue` nodes): each slot of one growable
 * ring holds a queued callback's fields (its queue's port context, callback, context, waiter and
 * trace id), so a submission copies them into a free slot and allocates nothing; a call's state is
 * the context of its own queued items, not wrapped in a node of its own.
 */
import type { QueueCallback } from './modes.js';
import type { PortContext } from './PortObject.js';
import type { WaiterRegistration } from './waiters.js';

/** Fields per slot: ctx, callback, context, waiter, trace id. */
const STRIDE = 5;

/** A ready FIFO of queued callbacks; {@link ReadyRing.take} copies the one taken into its `taken…` fields. */
export class ReadyRing {
  #slots: unknown[] = new Array<unknown>(16 * STRIDE).fill(undefined);
  #mask = 15;
  #head = 0;
  #size = 0;
  /** The fields of the item the last {@link ReadyRing.take} removed (read them at once: a callback may take another). */
  takenCtx: PortContext | null = null;
  takenCallback: QueueCallback | null = null;
  takenContext: unknown = undefined;
  takenWaiter: WaiterRegistration | null = null;
  takenId = 0;

  get length(): number {
    return this.#size;
  }

  push(
    ctx: PortContext,
    callback: QueueCallback,
    context: unknown,
    waiter: WaiterRegistration | null,
    id: number,
  ): void {
    if (this.#size > this.#mask) this.#grow();
    const at = ((this.#head + this.#size) & this.#mask) * STRIDE;
    const slots = this.#slots;
    slots[at] = ctx;
    slots[at + 1] = callback;
    slots[at + 2] = context;
    slots[at + 3] = waiter;
    slots[at + 4] = id;
    this.#size++;
  }

  /** Removes the item at offset `index` from the head (0 = head), keeping the others' order. @returns false when there is none. */
  take(index = 0): boolean {
    const size = this.#size;
    if (index < 0 || index >= size) return false;
    const slots = this.#slots;
    const mask = this.#mask;
    const head = this.#head;
    let at = ((head + index) & mask) * STRIDE;
    this.takenCtx = slots[at] as PortContext;
    this.takenCallback = slots[at + 1] as QueueCallback;
    this.takenContext = slots[at + 2];
    this.takenWaiter = slots[at + 3] as WaiterRegistration | null;
    this.takenId = slots[at + 4] as number;
    if (index === 0) {
      this.#head = (head + 1) & mask;
    } else {
      // close the gap: later items move one slot towards the head
      for (let i = index; i < size - 1; i++) {
        const next = ((head + i + 1) & mask) * STRIDE;
        for (let f = 0; f < STRIDE; f++) slots[at + f] = slots[next + f];
        at = next;
      }
    }
    for (let f = 0; f < STRIDE; f++) slots[at + f] = undefined;
    this.#size = size - 1;
    return true;
  }

  #grow(): void {
    const old = this.#slots;
    const capacity = (this.#mask + 1) * 2;
    const next = new Array<unknown>(capacity * STRIDE).fill(undefined);
    for (let i = 0; i < this.#size; i++) {
      const from = ((this.#head + i) & this.#mask) * STRIDE;
      for (let f = 0; f < STRIDE; f++) next[i * STRIDE + f] = old[from + f];
    }
    this.#slots = next;
    this.#mask = capacity - 1;
    this.#head = 0;
  }
}
