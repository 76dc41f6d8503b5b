/**
 * Registration tokens: a table of values keyed by bigint tokens counted from 1, with a limit
 * (`XTaskQueueRegistrationToken`, xasync-api.md §2: 64-bit ids are bigint).
 * @module
 */
import { E_OUTOFMEMORY, type HRESULT } from '../HRESULT.js';

/**
 * A table of registrations keyed by bigint tokens (1, 2, 3, … per table; never reused). The
 * bookkeeping under queue monitors and waiters, and under {@link Registrations}.
 * @typeParam T - what one registration holds.
 */
export class TokenTable<T> {
  readonly #entries = new Map<bigint, T>();
  readonly #limit: number;
  #next = 0n;

  /**
   * @param limit - [in] at most this many registrations at once (default: no limit); `add` beyond
   * it returns `E_OUTOFMEMORY`, as the native fixed-size tables do.
   */
  constructor(limit = Infinity) {
    this.#limit = limit;
  }

  /** How many registrations the table holds. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Adds a registration.
   * @param value - [in] what it holds.
   * @returns its new token; `E_OUTOFMEMORY` when the table is full.
   */
  add(value: T): bigint | HRESULT {
    if (this.#entries.size >= this.#limit) return E_OUTOFMEMORY;
    const token = ++this.#next;
    this.#entries.set(token, value);
    return token;
  }

  /**
   * @param token - [in] a token.
   * @returns the registration's value, or undefined for an unknown token.
   */
  get(token: bigint): T | undefined {
    return this.#entries.get(token);
  }

  /**
   * Removes a registration.
   * @param token - [in] a token.
   * @returns whether it was registered.
   */
  delete(token: bigint): boolean {
    return this.#entries.delete(token);
  }

  /** @returns the registered values, in registration order. */
  values(): IterableIterator<T> {
    return this.#entries.values();
  }

  /** @returns `[token, value]` pairs, in registration order. */
  entries(): IterableIterator<[bigint, T]> {
    return this.#entries.entries();
  }

  /** Removes every registration (tokens are still never reused). */
  clear(): void {
    this.#entries.clear();
  }
}
