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
}

/** Mirrors `XTaskQueuePortHandle`: a port object, owned by its queue and never closed. */
export interface XTaskQueuePortHandle {
  /** Brand: port handles are only made by this library. */
  readonly [portBrand]: 'XTaskQueuePortHandle';
}

/** A Win32 wait handle made by `CreateEvent`, watched by `XTaskQueueRegisterWaiter`. */
export interface XWaitHandle {
  /** Brand: wait handles are only made by this library. */
  readonly [waitBrand]: 'XWaitHandle';
}

/** Mirrors `XTaskQueueDispatchMode` (XTaskQueue.h). */
export const XTaskQueueDispatchMode = Object.freeze({
  /** Callbacks wait until `XTaskQueueDispatch` is called for the port. */
  Manual: 0,
  /** Each ready callback starts on a pool "thread" (its own macrotask), in parallel. */
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
 */
export interface XAsyncBlock {
  /** The queue the call runs on; `null`/absent: the process task queue. */
  queue?: XTaskQueueHandle | null;
  /** Anything the caller wants back in the completion routine. */
  context?: unknown;
  /** Called on the queue's Completion port when the call completes. */
  callback?: XAsyncCompletionRoutine | null;
}

/** Mirrors `XAsyncCompletionRoutine`: receives the caller's own block. */
export type XAsyncCompletionRoutine = (asyncBlock: XAsyncBlock) => void;

/**
 * Mirrors `XAsyncWork` (the routine `XAsyncRun` runs on the Work port). It receives the library's
 * copy of the block. JS only: it may return a Promise; the call completes when it settles.
 */
export type XAsyncWork = (asyncBlock: XAsyncBlock) => HRESULT | Promise<HRESULT>;

/** Mirrors `XAsyncProviderData`: what every provider op receives. */
export interface XAsyncProviderData {
  /** The library's copy of the block: the same object for every op of one call. */
  readonly async: XAsyncBlock;
  /** GetResult: the caller's buffer size; 0 otherwise. */
  readonly bufferSize: number;
  /** GetResult: the caller's buffer; `null` otherwise. */
  readonly buffer: Uint8Array | null;
  /** The context given to `XAsyncBegin`. */
  readonly context: unknown;
}

/** Mirrors `XAsyncProvider`: synchronous, as in native. */
export type XAsyncProvider = (op: XAsyncOp, data: XAsyncProviderData) => HRESULT;

/** Mirrors `XTaskQueueCallback`. `canceled` is true when the submitting queue is terminating. */
export type XTaskQueueCallback = (context: unknown, canceled: boolean) => void;

/** Mirrors `XTaskQueueMonitorCallback`: an item became ready on `port` of `queue`. */
export type XTaskQueueMonitorCallback = (context: unknown, queue: XTaskQueueHandle, port: XTaskQueuePort) => void;

/** Mirrors `XTaskQueueTerminatedCallback`. */
export type XTaskQueueTerminatedCallback = (context: unknown) => void;

/** Mirrors `XTaskQueueRegistrationToken`: per-queue counters from 1. */
export interface XTaskQueueRegistrationToken {
  /** The token value. */
  token: bigint;
}
