/**
 * Handle tables: opaque, frozen handle objects over reference-counted targets, each API choosing
 * its own HRESULTs (xasync-api.md §1 and §2: every handle a call returns is a distinct object;
 * null is a null handle, any other non-live value a fake handle).
 * @module
 */
import { E_INVALIDARG, E_POINTER, S_OK, type HRESULT } from '../HRESULT.js';
import type { Out } from '../Out.js';
import { isOut, writeOut } from './arguments.js';

/** What one `create` made: the record and the handles still open on it. */
interface Target<R> {
  readonly table: HandleTable<R, object>;
  readonly record: R;
  refs: number;
}

/** One handle's own state: its target, whether it was closed, whether it counts. */
interface HandleState<R> {
  readonly target: Target<R>;
  closed: boolean;
  /** A pinned handle (see {@link HandleTable.createPinned}): holds no reference, close does nothing. */
  readonly pinned: boolean;
}

/** The object behind every kit handle; the `#state` brand cannot be forged or proxied. */
class KitHandle {
  /** The handle's kind, for debugging (`'XTaskQueueHandle'`). */
  readonly kind: string;
  readonly #state: HandleState<unknown>;
  constructor(kind: string, state: HandleState<unknown>) {
    this.kind = kind;
    this.#state = state;
  }
  /** Closes the handle, as the table's close (`using h = …`). */
  [Symbol.dispose](): void {
    const state = this.#state;
    state.target.table.close(this);
  }
  /** The state behind a handle; undefined for anything else (proxies included). */
  static stateOf(value: unknown): HandleState<unknown> | undefined {
    return typeof value === 'object' && value !== null && #state in value ? value.#state : undefined;
  }
}

/** The options of a {@link HandleTable}. */
export interface HandleTableOptions<R> {
  /** The handle type's name, shown as the handle's `kind` (`'XUserHandle'`). */
  readonly kind: string;
  /**
   * The handle error: what {@link HandleTable.resolve} answers for any value that is not a live
   * handle of this table (a string, a number, a plain object, a closed handle, a handle of another
   * table). `E_HANDLE` for xasync; `E_GAMERUNTIME_INVALID_HANDLE` for XUser.
   */
  readonly invalidHandle: HRESULT;
  /** What {@link HandleTable.resolve} answers for `null` / `undefined`; default `E_INVALIDARG`. */
  readonly nullHandle?: HRESULT;
  /** Called when a new target is made (by `create`, or by duplicating a pinned handle): take the record's reference here. */
  readonly onCreate?: (record: R) => void;
  /** Called once when the last open handle of a target is closed: drop the record's reference here. */
  readonly onLastClose?: (record: R) => void;
  /** Whether a record is still usable (e.g. its object was destroyed); default: always. */
  readonly isLive?: (record: R) => boolean;
}

/**
 * A handle table: `create(record)` makes a reference-counted target and its first handle;
 * `duplicate` makes another, distinct handle (`dup !== handle`) over the same target; `close`
 * closes one handle once; when the last one closes, `onLastClose(record)` runs. Handles are frozen
 * opaque objects branded by a private field, so a copy, a proxy or a handle of another table is
 * never taken for one. Each handle implements `Symbol.dispose` (closing it), so `using` works.
 *
 * @typeParam R - what a handle stands for (the native object).
 * @typeParam H - the public handle type (a branded interface such as `XUserHandle`).
 * @example
 * ```ts no-check
 * const users = new HandleTable<UserRecord, XUserHandle>({ kind: 'XUserHandle', invalidHandle: E_GAMERUNTIME_INVALID_HANDLE });
 * const h = users.create(record);
 * const r = users.resolve(h);          // the record, or the HRESULT to return
 * if (typeof r === 'number') return r;
 * ```
 */
export class HandleTable<R, H extends object = object> {
  readonly #kind: string;
  readonly #invalid: HRESULT;
  readonly #null: HRESULT;
  readonly #onCreate: ((record: R) => void) | undefined;
  readonly #onLastClose: ((record: R) => void) | undefined;
  readonly #isLive: ((record: R) => boolean) | undefined;
  #live = 0;

  /**
   * @param options - [in] the handle kind, the HRESULTs to answer and the hooks.
   */
  constructor(options: HandleTableOptions<R>) {
    this.#kind = options.kind;
    this.#invalid = options.invalidHandle;
    this.#null = options.nullHandle ?? E_INVALIDARG;
    this.#onCreate = options.onCreate;
    this.#onLastClose = options.onLastClose;
    this.#isLive = options.isLive;
  }

  /** Targets with at least one open (non-pinned) handle: 0 after a test that closed everything. */
  get liveCount(): number {
    return this.#live;
  }

  #make(target: Target<R>, pinned: boolean): H {
    return Object.freeze(new KitHandle(this.#kind, { target, closed: false, pinned } as HandleState<unknown>)) as unknown as H;
  }

  /**
   * A new target for `record` and its first handle.
   * @param record - [in] what the handle stands for.
   * @returns a new handle, distinct from every other.
   */
  create(record: R): H {
    this.#onCreate?.(record);
    this.#live++;
    return this.#make({ table: this as HandleTable<R, object>, record, refs: 1 }, false);
  }

  /**
   * A handle that holds no reference and that `close` ignores (a native object's own internal
   * handle, such as the queue handle a monitor receives). It resolves while `isLive(record)` holds.
   * @param record - [in] what the handle stands for.
   * @returns a new pinned handle.
   */
  createPinned(record: R): H {
    return this.#make({ table: this as HandleTable<R, object>, record, refs: 0 }, true);
  }

  #stateOf(handle: unknown): HandleState<R> | undefined {
    const state = KitHandle.stateOf(handle) as HandleState<R> | undefined;
    if (state === undefined || state.target.table !== (this as HandleTable<R, object>) || state.closed) return undefined;
    if (this.#isLive !== undefined && !this.#isLive(state.target.record)) return undefined;
    return state;
  }

  /**
   * Whether `value` is a live handle of this table.
   * @param value - [in] any value.
   * @returns true for an open handle of this table whose record is live.
   */
  isHandle(value: unknown): value is H {
    return this.#stateOf(value) !== undefined;
  }

  /**
   * The record behind a handle, or the HRESULT the native call answers.
   * @param handle - [in] any value.
   * @returns the record; the null-handle code (default `E_INVALIDARG`) for `null`/`undefined`; the
   * table's handle error for any other value that is not a live handle of this table.
   */
  resolve(handle: unknown): R | HRESULT {
    if (handle === null || handle === undefined) return this.#null;
    return this.#stateOf(handle)?.target.record ?? this.#invalid;
  }

  /**
   * A new, distinct handle over the same target (holding its own reference).
   * @param handle - [in] a live handle of this table.
   * @param duplicatedHandle - [out] receives the new handle (set to `null` first).
   * @returns `S_OK`; `E_POINTER` without an out-parameter (or when writing it throws: the new handle
   * is closed again); the codes of {@link HandleTable.resolve} for a bad `handle`.
   */
  duplicate(handle: H | null, duplicatedHandle: Out<H | null>): HRESULT {
    if (!isOut(duplicatedHandle)) return E_POINTER;
    writeOut(duplicatedHandle, null);
    if (handle === null || handle === undefined) return this.#null;
    const state = this.#stateOf(handle);
    if (state === undefined) return this.#invalid;
    const target = state.target;
    if (target.refs === 0) {
      // a duplicate of a pinned handle starts a counted life of the same record
      return this.#give(duplicatedHandle, this.create(target.record));
    }
    target.refs++;
    return this.#give(duplicatedHandle, this.#make(target, false));
  }

  #give(target: Out<H | null>, handle: H): HRESULT {
    if (writeOut(target, handle)) return S_OK;
    this.close(handle);
    return E_POINTER;
  }

  /**
   * Closes one handle: it no longer resolves; the last close of a target runs `onLastClose`.
   * @param handle - [in] any value. Pinned handles, closed handles and other values are ignored.
   * @returns whether a handle was closed.
   */
  close(handle: unknown): boolean {
    const state = KitHandle.stateOf(handle) as HandleState<R> | undefined;
    if (state === undefined || state.target.table !== (this as HandleTable<R, object>) || state.closed || state.pinned) return false;
    state.closed = true;
    const target = state.target;
    if (--target.refs === 0) {
      this.#live--;
      this.#onLastClose?.(target.record);
    }
    return true;
  }
}
