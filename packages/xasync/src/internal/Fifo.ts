/** A growable ring-buffer FIFO: O(1) push and shift, no per-item allocation. */
export class Fifo<T> {
  #items: (T | undefined)[] = new Array<T | undefined>(16);
  #head = 0;
  #size = 0;

  get length(): number {
    return this.#size;
  }

  push(item: T): void {
    if (this.#size === this.#items.length) this.#grow();
    this.#items[(this.#head + this.#size) & (this.#items.length - 1)] = item;
    this.#size++;
  }

  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) & (this.#items.length - 1);
    this.#size--;
    return item;
  }

  /** Removes and returns the item at offset `index` from the head (0 = head), keeping the others' order. */
  removeAt(index: number): T | undefined {
    if (index < 0 || index >= this.#size) return undefined;
    if (index === 0) return this.shift();
    const mask = this.#items.length - 1;
    const at = (this.#head + index) & mask;
    const item = this.#items[at];
    for (let i = index; i < this.#size - 1; i++) {
      this.#items[(this.#head + i) & mask] = this.#items[(this.#head + i + 1) & mask];
    }
    this.#items[(this.#head + this.#size - 1) & mask] = undefined;
    this.#size--;
    return item;
  }

  #grow(): void {
    const old = this.#items;
    const next = new Array<T | undefined>(old.length * 2);
    for (let i = 0; i < this.#size; i++) next[i] = old[(this.#head + i) & (old.length - 1)];
    this.#items = next;
    this.#head = 0;
  }
}
