/**
 * Event registrations with native unregister semantics: bigint tokens, a limit, delivery through
 * `XTaskQueueSubmitCallback`, and `unregister(token, wait)` that can wait for a running callback
 * (xuser-xal.md: `XUserUnregisterForChangeEvent(token, wait)`).
 * @module
 */
import { E_POINTER, S_FALSE, S_OK, type HRESULT } from '../HRESULT.js';
import { possibleDeadlock } from '../internal/deadlock.js';
import type { Out } from '../Out.js';
import { blockUntil, notifyWatchers } from '../internal/runtime.js';
import { waitFor } from '../internal/wait.js';
import { XTaskQueueSubmitCallback } from '../XTaskQueue.js';
import type { XTaskQueueHandle, XTaskQueuePort, XTaskQueueRegistrationToken } from '../types.js';
import { isOut, isThenable, tokenValue, writeOut } from './arguments.js';
import { TokenTable } from './tokenTable.js';


/** One registration: its value, its callbacks running now, whether it was unregistered. */
interface Slot<T> {
  readonly value: T;
  running: number;
  /** Of `running`, the callbacks still on the stack (not awaiting a Promise). */
  onStack: number;
  active: boolean;
}

/** The options of a {@link Registrations} table. */
export interface RegistrationsOptions {
  /** At most this many registrations at once; the next {@link Registrations.register} returns `E_OUTOFMEMORY`. Default: no limit. */
  readonly limit?: number;
}

/**
 * A table of event registrations: `register` hands out an `XTaskQueueRegistrationToken`
 * (`{ token: bigint }`), `invoke`/`submit` deliver a callback (counted as running while it runs),
 * `unregister(token, wait)` stops further callbacks and, with `wait`, returns only once none of
 * that registration is running. A registration unregistered while a callback runs removes itself
 * when the last one returns.
 *
 * @typeParam T - what one registration holds (typically `{ queue, context, callback }`).
 * @example
 * ```ts no-check
 * const changes = new Registrations<{ queue: XTaskQueueHandle | null; context: unknown; callback: Cb }>({ limit: 32 });
 * // XUserRegisterForChangeEvent(queue, context, callback, token):
 * changes.register({ queue, context, callback }, token);
 * // on a change:
 * for (const [t, r] of changes.entries()) changes.submit(r.queue, XTaskQueuePort.Completion, t, (reg) => reg.callback(reg.context, user, event));
 * // XUserUnregisterForChangeEvent(token, wait):
 * return changes.unregister(token, wait);
 * ```
 */
export class Registrations<T> {
  readonly #table: TokenTable<Slot<T>>;

  /**
   * @param options - [in] the limit.
   */
  constructor(options: RegistrationsOptions = {}) {
    this.#table = new TokenTable<Slot<T>>(options.limit ?? Infinity);
  }

  /** Registrations not yet unregistered. */
  get size(): number {
    let n = 0;
    for (const slot of this.#table.values()) if (slot.active) n++;
    return n;
  }

  /**
   * Registers a value and writes its token.
   * @param value - [in] what the registration holds.
   * @param token - [out] receives `{ token }` (a bigint from 1, never reused in this table).
   * @returns `S_OK`; `E_POINTER` when `token` is not an out-parameter; `E_OUTOFMEMORY` at the limit.
   */
  register(value: T, token: Out<XTaskQueueRegistrationToken>): HRESULT {
    if (!isOut(token)) return E_POINTER;
    const t = this.#table.add({ value, running: 0, onStack: 0, active: true });
    if (typeof t === 'number') return t;
    if (!writeOut(token, { token: t })) {
      this.#table.delete(t);
      return E_POINTER;
    }
    return S_OK;
  }

  #slot(token: unknown): [bigint, Slot<T>] | undefined {
    const t = typeof token === 'bigint' ? token : tokenValue(token);
    if (t === undefined) return undefined;
    const slot = this.#table.get(t);
    return slot === undefined ? undefined : [t, slot];
  }

  /**
   * @param token - [in] a token (`{ token }` or its bigint).
   * @returns the value of a registration not yet unregistered; undefined otherwise.
   */
  get(token: XTaskQueueRegistrationToken | bigint): T | undefined {
    const slot = this.#slot(token)?.[1];
    return slot?.active === true ? slot.value : undefined;
  }

  /** @returns `[token, value]` of every registration not yet unregistered, in registration order (a snapshot). */
  entries(): [bigint, T][] {
    const out: [bigint, T][] = [];
    for (const [t, slot] of this.#table.entries()) if (slot.active) out.push([t, slot.value]);
    return out;
  }

  /**
   * Whether a callback of the registration is running now.
   * @param token - [in] a token.
   * @returns true while `invoke` for it has not returned.
   */
  isRunning(token: XTaskQueueRegistrationToken | bigint): boolean {
    return (this.#slot(token)?.[1].running ?? 0) > 0;
  }

  /**
   * Delivers one callback: runs `fn(value)` unless the registration was unregistered, counting it as
   * running meanwhile (what `unregister(token, true)` waits for). When `fn` returns a Promise, the
   * registration counts as running until it settles (JS only: a callback that awaits).
   * @typeParam R - what `fn` returns.
   * @param token - [in] the registration's token.
   * @param fn - [in] calls the registrant's callback. What it throws propagates to the caller.
   * @returns what `fn` returned (a returned Promise is chained: it settles as `fn`'s, after the
   * running count dropped); `undefined` when the registration was unregistered.
   */
  invoke<R>(token: XTaskQueueRegistrationToken | bigint, fn: (value: T) => R): R | undefined {
    const found = this.#slot(token);
    if (found === undefined || !found[1].active) return undefined;
    const [t, slot] = found;
    slot.running++;
    slot.onStack++;
    const done = (): void => {
      if (--slot.running === 0 && !slot.active) {
        this.#table.delete(t);
        notifyWatchers(); // an unregister may be waiting for it
      } else if (slot.running === 0) notifyWatchers();
    };
    let r: R;
    try {
      r = fn(slot.value);
    } catch (error) {
      done();
      throw error;
    } finally {
      slot.onStack--;
    }
    if (!isThenable(r)) {
      done();
      return r;
    }
    return Promise.resolve(r).then(
      (v) => {
        done();
        return v;
      },
      (error: unknown) => {
        done();
        throw error;
      },
    ) as R;
  }

  /**
   * Delivers one callback through `XTaskQueueSubmitCallback(queue, port, …)`: when the queue
   * dispatches it, `fn(value, canceled)` runs as {@link Registrations.invoke} (skipped when the
   * registration was unregistered meanwhile).
   * @param queue - [in] the registrant's queue; `null` means the process task queue.
   * @param port - [in] the port (events usually go to the Completion port).
   * @param token - [in] the registration's token.
   * @param fn - [in] calls the registrant's callback; `canceled` is true when the queue is terminating.
   * @returns the HRESULT of `XTaskQueueSubmitCallback` (`E_ABORT` for a terminated queue, …).
   */
  submit(
    queue: XTaskQueueHandle | null,
    port: XTaskQueuePort,
    token: XTaskQueueRegistrationToken | bigint,
    fn: (value: T, canceled: boolean) => void | PromiseLike<void>,
  ): HRESULT {
    const found = this.#slot(token);
    if (found === undefined || !found[1].active) return S_OK;
    const t = found[0];
    return XTaskQueueSubmitCallback(queue, port, undefined, (_context, canceled) => this.invoke(t, (value) => fn(value, canceled)));
  }

  /** Stops a registration: undefined (unknown token), true (removed now) or the slot still running (an earlier unregister's too). */
  #stop(token: unknown): Slot<T> | undefined | true {
    const found = this.#slot(token);
    if (found === undefined) return undefined;
    const [t, slot] = found;
    slot.active = false;
    if (slot.running === 0) {
      this.#table.delete(t);
      return true;
    }
    return slot;
  }

  /**
   * Unregisters: no callback of the registration starts after this call. With `wait`, returns only
   * once none of its callbacks is running: it blocks, letting the runtime progress (pool work, due
   * timers) as the other blocking calls do (xasync-api.md §5). A wait that cannot finish that way
   * (the callback is on the caller's own stack, or awaits a Promise, a real timer or real I/O)
   * returns `false` instead of hanging, with a `possibleDeadlock` trace event; await
   * {@link Registrations.unregisterAsync} there.
   * @param token - [in] the registration's token (`{ token }` or its bigint).
   * @param wait - [in] wait for a running callback.
   * @returns true when the registration is gone; false for an unknown token, or when a callback is
   * still running (it removes itself when that callback returns; a later unregister of the same
   * token waits for it again).
   */
  unregister(token: XTaskQueueRegistrationToken | bigint, wait: boolean): boolean {
    const slot = this.#stop(token);
    if (slot === undefined) return false;
    if (slot === true) return true;
    if (wait !== true) return false;
    if (blockUntil(() => slot.running === 0)) return true;
    possibleDeadlock('Registrations.unregister', slot.onStack > 0 ? 'caller-stack' : 'outside-runtime', 'Registrations.unregisterAsync', S_FALSE);
    return false;
  }

  /**
   * Awaitable twin of `unregister(token, true)`: waits by yielding to the event loop, so a callback
   * waiting on a Promise or real I/O can finish.
   * @param token - [in] the registration's token.
   * @returns a Promise of true once the registration is gone; false for an unknown token.
   */
  async unregisterAsync(token: XTaskQueueRegistrationToken | bigint): Promise<boolean> {
    const slot = this.#stop(token);
    if (slot === undefined) return false;
    if (slot !== true) await waitFor(() => slot.running === 0);
    return true;
  }

  /** Unregisters everything without waiting (running callbacks finish; none starts). */
  clear(): void {
    for (const [t] of this.#table.entries()) this.#stop(t);
  }
}
