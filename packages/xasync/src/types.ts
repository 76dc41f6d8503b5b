/**
 * The value types of the XAsync / XTaskQueue API: handles, enums, blocks, callbacks.
 * @module
 */
import type { HRESULT } from './HRESULT.js';

declare const queueBrand: unique symbol;
declare const portBrand: unique symbol;
declare const waitBrand: unique symbol;

/**
 * Mirrors `XTaskQueueHandle`: an opaque handle to a reference-counted task queue. Every handle a
 * call returns is a distinct object; close each with `XTaskQueueCloseHandle`.
 */
export interface XTaskQueueHandle {
  /** Brand: handles are only made by this library. */
  readonly [queueBrand]: 'XTaskQueueHandle';
  /** Closes the handle, as `XTaskQueueCloseHandle` (so `using q = …` closes it at the end of the scope). */
  [Symbol.dispose](): void;
}

/** Mirrors `XTaskQueuePortHandle`: a port object, owned by its queue and never closed. */
export interface XTaskQueuePortHandle {
  /** Brand: port handles are only made by this library. */
  readonly [portBrand]: 'XTaskQueuePortHandle';
  /** Does nothing: the queue owns its ports (present so port handles fit `using` like every handle). */
  [Symbol.dispose](): void;
}

/** A Win32 wait handle made by `CreateEvent`, watched by `XTaskQueueRegisterWaiter`. */
export interface XWaitHandle {
  /** Brand: wait handles are only made by this library. */
  readonly [waitBrand]: 'XWaitHandle';
  /** Closes the event, as `CloseHandle` (so `using e = CreateEvent(…)` closes it at the end of the scope). */
  [Symbol.dispose](): void;
}

/** Mirrors `XTaskQueueDispatchMode` (XTaskQueue.h). */
export const XTaskQueueDispatchMode = Object.freeze({
  /** Callbacks wait until `XTaskQueueDispatch` is called for the port. */
  Manual: 0,
  /**
   * Each ready callback starts on a pool "thread", in parallel. Like native pool threads, one
   * macrotask runs ready callbacks back to back for up to about 1 ms, then yields to timers and I/O.
   */
  ThreadPool: 1,
  /** Callbacks run on pool threads one at a time, in FIFO order. */
  SerializedThreadPool: 2,
  /** Callbacks run synchronously inside the call that made them ready. */
  Immediate: 3,
} as const);
/** A value of {@link XTaskQueueDispatchMode}. */
export type XTaskQueueDispatchMode = (typeof XTaskQueueDispatchMode)[keyof typeof XTaskQueueDispatchMode];

/** Mirrors `XTaskQueuePort` (XTaskQueue.h). */
export const XTaskQueuePort = Object.freeze({
  /** Where providers do their work (`DoWork`). */
  Work: 0,
  /** Where completion routines run. */
  Completion: 1,
} as const);
/** A value of {@link XTaskQueuePort}. */
export type XTaskQueuePort = (typeof XTaskQueuePort)[keyof typeof XTaskQueuePort];

/** Mirrors `XAsyncOp` (XAsyncProvider.h): the operation a provider is asked to perform. */
export const XAsyncOp = Object.freeze({
  /** Inside `XAsyncBegin`: start the work (usually `XAsyncSchedule`). */
  Begin: 0,
  /** On the Work port, once per successful `XAsyncSchedule`. */
  DoWork: 1,
  /** Inside `XAsyncGetResult`: copy the payload into `data.buffer`. */
  GetResult: 2,
  /** Inside `XAsyncCancel`: arrange for `XAsyncComplete(E_ABORT)`. */
  Cancel: 3,
  /** Last op of every call that reached Begin: free `data.context`. */
  Cleanup: 4,
} as const);
/** A value of {@link XAsyncOp}. */
export type XAsyncOp = (typeof XAsyncOp)[keyof typeof XAsyncOp];

/** Mirrors `INFINITE` (0xFFFFFFFF): wait without a timeout. */
export const INFINITE = 0xffffffff;

/**
 * Mirrors `XAsyncBlock`: created by the caller as a plain object, like `XAsyncBlock ab{}`, and kept
 * for the whole call. As the native block has `internal` words, the library links a block to its
 * call through a non-enumerable symbol-keyed property (a WeakMap for frozen blocks); it never
 * changes `queue`, `context` or `callback`.
 * @typeParam TContext - the type of `context` (native `void*`), so the completion routine reads it without a cast.
 */
export interface XAsyncBlock<TContext = unknown> {
  /** The queue the call runs on; `null`/absent: the process task queue. */
  queue?: XTaskQueueHandle | null;
  /** Anything the caller wants back in the completion routine. */
  context?: TContext;
  /** Called on the queue's Completion port when the call completes. */
  callback?: XAsyncCompletionRoutine<TContext> | null;
}

/**
 * The library's copy of a block, as providers and work routines receive it: its queue is the
 * resolved queue (never null: the process queue when the caller gave none).
 * @typeParam TContext - the type of the caller's `context`.
 */
export interface XAsyncProviderBlock<TContext = unknown> extends XAsyncBlock<TContext> {
  /** The resolved queue (the queue's own handle: valid for the whole call, never closed by anyone). */
  queue: XTaskQueueHandle;
}

/**
 * Mirrors `XAsyncCompletionRoutine`: receives the caller's own block. (Declared with method
 * syntax, so a routine for `XAsyncBlock<T>` also fits the functions that take any block.)
 * @typeParam TContext - the type of the block's `context`.
 */
export type XAsyncCompletionRoutine<TContext = unknown> = {
  /** Receives the caller's own block. */
  bivarianceHack(asyncBlock: XAsyncBlock<TContext>): void;
}['bivarianceHack'];

/**
 * Mirrors `XAsyncWork` (the routine `XAsyncRun` runs on the Work port). It receives the library's
 * copy of the block. JS only: it may return a Promise; the call completes when it settles.
 * @typeParam TContext - the type of the block's `context`.
 */
export type XAsyncWork<TContext = unknown> = (asyncBlock: XAsyncProviderBlock<TContext>) => HRESULT | Promise<HRESULT>;

/**
 * Mirrors `XAsyncProviderData`: what every provider op receives.
 * @typeParam TContext - the type of the context given to `XAsyncBegin`.
 */
export interface XAsyncProviderData<TContext = unknown> {
  /** The library's copy of the block: the same object for every op of one call; its queue is the resolved one. */
  readonly async: XAsyncProviderBlock;
  /** GetResult: the caller's buffer size; 0 otherwise. */
  readonly bufferSize: number;
  /** GetResult: the caller's buffer; `null` otherwise. */
  readonly buffer: Uint8Array | null;
  /** The context given to `XAsyncBegin`. */
  readonly context: TContext;
}

/**
 * What the GetResult op receives: the caller's buffer, never null (`XAsyncGetResult` answers a
 * null buffer itself, without calling the provider).
 * @typeParam TContext - the type of the context given to `XAsyncBegin`.
 */
export interface XAsyncGetResultData<TContext = unknown> extends XAsyncProviderData<TContext> {
  /** The caller's buffer: at least `bufferSize` bytes, and `bufferSize` is at least the payload size. */
  readonly buffer: Uint8Array;
}

/**
 * Mirrors `XAsyncProvider`: synchronous, as in native. The op and the data are correlated: after
 * `op === XAsyncOp.GetResult` (an `if` or a `switch`), `data.buffer` is a `Uint8Array`.
 * @typeParam TContext - the type of the context given to `XAsyncBegin`.
 */
export type XAsyncProvider<TContext = unknown> = (
  ...args: [op: 2, data: XAsyncGetResultData<TContext>] | [op: 0 | 1 | 3 | 4, data: XAsyncProviderData<TContext>] // 2: XAsyncOp.GetResult
) => HRESULT;

/**
 * Mirrors `XTaskQueueCallback`. `canceled` is true when the submitting queue is terminating.
 * @typeParam TContext - the type of the context given with the callback.
 */
export type XTaskQueueCallback<TContext = unknown> = (context: TContext, canceled: boolean) => void;

/**
 * Mirrors `XTaskQueueMonitorCallback`: an item became ready on `port` of `queue`.
 * @typeParam TContext - the type of the context given with the callback.
 */
export type XTaskQueueMonitorCallback<TContext = unknown> = (
  context: TContext,
  queue: XTaskQueueHandle,
  port: XTaskQueuePort,
) => void;

/**
 * Mirrors `XTaskQueueTerminatedCallback`.
 * @typeParam TContext - the type of the context given with the callback.
 */
export type XTaskQueueTerminatedCallback<TContext = unknown> = (context: TContext) => void;

/**
 * Mirrors `XTaskQueueRegistrationToken`: per-queue counters from 1. The token objects
 * `XTaskQueueRegisterMonitor` and `XTaskQueueRegisterWaiter` write are also
 * {@link XTaskQueueRegistration}s: disposing one unregisters it.
 */
export interface XTaskQueueRegistrationToken {
  /** The token value. */
  token: bigint;
}

/**
 * A token as `XTaskQueueRegisterMonitor` / `XTaskQueueRegisterWaiter` write it: disposing it
 * unregisters (`using reg = token.value as XTaskQueueRegistration;`). A copy (`{ ...token }`) is a
 * plain token.
 */
export interface XTaskQueueRegistration extends XTaskQueueRegistrationToken {
  /** Unregisters, as `XTaskQueueUnregisterMonitor` / `XTaskQueueUnregisterWaiter` on the queue it was registered on. */
  [Symbol.dispose](): void;
}
