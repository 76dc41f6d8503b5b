/**
 * The per-call state behind an `XAsyncBlock` (xasync-semantics.md §3): reference counted, holding the
 * provider, its context and identity, the queue reference and termination suspension, the payload
 * size, the "schedule pending" flag, and the exactly-once Cleanup.
 *
 * Like the native block's `internal` words, a block carries a symbol-keyed link to
 * its latest call; blocks that cannot take one (frozen objects, proxies that refuse it) use a WeakMap.
 *
 * A call's life (the booleans and counters of {@link AsyncState} are this diagram's state):
 *
 * ```text
 *  XAsyncBegin ──► attached, status E_PENDING ──provider(Begin)──► XAsyncSchedule? ─► schedulePending
 *       │                 │                                              │
 *       │ (bad args,      │ XAsyncCancel ─► provider(Cancel) (inCancel)  ▼ worker item on the Work port
 *       │  queue error)   │                                        provider(DoWork) (opsRunning > 0)
 *       ▼                 ▼                                              │ E_PENDING: wait for XAsyncComplete
 *   FailedBegin     XAsyncComplete(hr, size) ◄──────────────────────────┘
 *                         │ completed; status = hr (visible at once)
 *                         │ failure or size 0: detached now, cleanupAfterDoWork
 *                         │ payload: stays attached until XAsyncGetResult (handedOut, then detached)
 *                         ▼
 *                 completion routine queued on the Completion port (or none)
 *                         ▼
 *                 completionSignaled: waits return, termination suspension released
 *                         ▼
 *                 last reference dropped ─► provider(Cleanup) exactly once (cleanedUp) ─► dead
 * ```
 */
import { isHResultError } from '@gdkts/hresult';
import {
  E_ABORT,
  E_FAIL,
  E_INVALIDARG,
  E_NOT_SUFFICIENT_BUFFER,
  E_NOT_SUPPORTED,
  E_PENDING,
  E_UNEXPECTED,
  FAILED,
  S_OK,
  type HRESULT,
} from '../../HRESULT.js';
import type { Out } from '../../Out.js';
import { trace } from '../../trace.js';
import {
  XAsyncOp,
  type XAsyncBlock,
  type XAsyncProvider,
  type XAsyncProviderBlock,
  type XAsyncProviderData,
  type XTaskQueueHandle,
} from '../../types.js';
import type { QueueObject } from '../queue/QueueObject.js';
import { runtime } from '../threads/runtime.js';
import { wakeAwaiters } from '../threads/wakeups.js';
import { isThenable, writeOut } from '../../kit/arguments.js';
import { kCall, linkOf, setLink, type LinkedRecord } from './blockLink.js';

let liveStates = 0;
let nextCallId = 0;

export function liveStateCount(): number {
  return liveStates;
}

/** What a block says about its latest call: an {@link AsyncState}, or a {@link FailedBegin}. */
export interface CallRecord extends LinkedRecord {
  status: HRESULT;
  /** The live state while attached to the block (the block is "in use"). */
  readonly attached: AsyncState | null;
  /** Payload results were handed out (or consumed by a failed XAsyncGetResult). */
  readonly handedOut: boolean;
  /** The call's state, attached or not (null for a Begin that failed before the provider). */
  readonly owner: AsyncState | null;
}

/** A block whose XAsyncBegin failed before the provider was reached: non-live, status = the error. */
export class FailedBegin implements CallRecord {
  readonly attached = null;
  readonly handedOut = false;
  readonly owner = null;
  readonly copy = null;
  constructor(
    public status: HRESULT,
    readonly userBlock: object,
  ) {}
}

/** The call a block's link names (its latest), or undefined. */
export function recordOf(block: object): CallRecord | undefined {
  return linkOf(block) as CallRecord | undefined;
}

/** Links a block (the caller's or the copy) to its latest call. */
export function setRecord(block: object, record: CallRecord): void {
  setLink(block, record);
}

/** The library's copy of a block (what providers and work routines receive). */
class BlockCopy implements XAsyncProviderBlock {
  [kCall]: CallRecord;
  constructor(
    public queue: XTaskQueueHandle,
    public context: unknown,
    public callback: ((block: XAsyncBlock) => void) | null,
    call: CallRecord,
  ) {
    this[kCall] = call;
  }
}

const {
  Begin: OP_BEGIN,
  DoWork: OP_DOWORK,
  GetResult: OP_GETRESULT,
  Cancel: OP_CANCEL,
  Cleanup: OP_CLEANUP,
} = XAsyncOp;

/** The status a settled XAsyncRun Promise gives: its HRESULT; `E_UNEXPECTED` for E_PENDING; `E_FAIL` for a non-HRESULT. */
function settledStatus(value: unknown): HRESULT {
  if (typeof value !== 'number' || !Number.isInteger(value)) return E_FAIL;
  return (value | 0) === E_PENDING ? E_UNEXPECTED : value | 0;
}

/**
 * XAsyncRun (JS only): the Promise the work routine of the DoWork op that just returned handed
 * back (it holds the pool thread); set by `runOp` as that op's last step and taken by `work` as
 * soon as the op returned.
 */
let pendingWork: PromiseLike<unknown> | null = null;

/** The queued worker item of `XAsyncSchedule`; its context is the state. */
function workerItem(context: unknown, canceled: boolean): PromiseLike<unknown> | undefined {
  return (context as AsyncState).work(canceled);
}

/** The queued completion item; its context is the state. */
function completionItem(context: unknown): void {
  (context as AsyncState).deliver();
}

/** The bits of {@link AsyncState}'s `flags` (one field instead of ten booleans). */
const Flag = {
  Attached: 1 << 0,
  HandedOut: 1 << 1,
  Completed: 1 << 2,
  SchedulePending: 1 << 3,
  InCancel: 1 << 4,
  CleanedUp: 1 << 5,
  CleanupAfterDoWork: 1 << 6,
  ProviderStarted: 1 << 7,
  CompletionSignaled: 1 << 8,
  SuspensionHeld: 1 << 9,
  Dead: 1 << 10,
} as const;

export class AsyncState implements CallRecord {
  readonly id = ++nextCallId;
  status: HRESULT = E_PENDING;
  /** The call's booleans, as {@link Flag} bits (each has an accessor below). */
  flags: number = Flag.Attached | Flag.SuspensionHeld;
  readonly copy: XAsyncProviderBlock;
  #data: XAsyncProviderData | null = null;
  refs = 1; // the block's attachment
  payloadSize = 0;
  /** Provider ops in progress (an Immediate port nests DoWork inside Begin or DoWork). */
  opsRunning = 0;

  /** The live state while attached to the block (the block is "in use"). */
  get attached(): AsyncState | null {
    return (this.flags & Flag.Attached) !== 0 ? this : null;
  }
  get handedOut(): boolean {
    return (this.flags & Flag.HandedOut) !== 0;
  }
  get completionSignaled(): boolean {
    return (this.flags & Flag.CompletionSignaled) !== 0;
  }

  get owner(): AsyncState {
    return this;
  }

  constructor(
    readonly userBlock: XAsyncBlock,
    readonly queue: QueueObject,
    readonly provider: XAsyncProvider,
    readonly context: unknown,
    readonly identity: unknown,
    readonly identityName: string | null,
    readonly callback: ((block: XAsyncBlock) => void) | null,
  ) {
    liveStates++;
    queue.addRef();
    const copy = new BlockCopy(
      queue.internalHandle as XTaskQueueHandle,
      userBlock.context,
      callback, // read once, by XAsyncBegin/XAsyncRun
      this,
    );
    this.copy = copy;
    setRecord(userBlock, this);
  }

  addRef(): void {
    this.refs++;
  }

  release(): void {
    if (--this.refs > 0) return;
    if ((this.flags & Flag.ProviderStarted) !== 0) this.cleanup();
    this.die();
  }

  /** The provider's Cleanup op, exactly once. */
  private cleanup(): void {
    if ((this.flags & Flag.CleanedUp) !== 0) return;
    this.flags |= Flag.CleanedUp;
    // XAsyncRun's provider ignores Cleanup: it is invoked only to be traced.
    if (this.provider !== runProvider || trace.active) this.invoke(OP_CLEANUP);
    if (trace.active) trace.emit('cleanup', { time: runtime.host.now(), callId: this.id, queueId: this.queue.id });
  }

  private die(): void {
    if ((this.flags & Flag.Dead) !== 0) return;
    this.flags |= Flag.Dead;
    liveStates--;
    if ((this.flags & Flag.SuspensionHeld) !== 0) this.releaseSuspension();
    this.queue.release();
  }

  private releaseSuspension(): void {
    this.flags &= ~Flag.SuspensionHeld;
    this.queue.resume();
  }

  /** What every op but GetResult receives (made on first use: XAsyncRun's built-in provider needs none). */
  get data(): XAsyncProviderData {
    return (this.#data ??= { async: this.copy, bufferSize: 0, buffer: null, context: this.context });
  }

  /** Runs a provider op. Throwing gives E_FAIL; the error is traced. */
  invoke(op: number, data?: XAsyncProviderData): HRESULT {
    let hr: HRESULT;
    let error: unknown;
    let threw = false;
    this.opsRunning++;
    try {
      const r =
        this.provider === runProvider
          ? this.runOp(op)
          : (this.provider as (op: number, data: XAsyncProviderData) => unknown)(op, data ?? this.data);
      hr = typeof r === 'number' && Number.isInteger(r) ? r | 0 : E_FAIL;
    } catch (e) {
      threw = true;
      error = e;
      hr = E_FAIL;
    } finally {
      this.opsRunning--;
    }
    if (trace.active) {
      trace.emit('providerOp', {
        time: runtime.host.now(),
        callId: this.id,
        queueId: this.queue.id,
        name: this.identityName,
        op,
        hr,
        ...(threw ? { error } : {}),
      });
    }
    return hr;
  }

  /** A provider op with a reference held, so Cleanup never overlaps it. */
  op(op: number, data?: XAsyncProviderData): HRESULT {
    this.refs++;
    try {
      return this.invoke(op, data);
    } finally {
      this.release();
    }
  }

  begin(): void {
    this.flags |= Flag.ProviderStarted;
    const hr = this.op(OP_BEGIN);
    if (FAILED(hr) && hr !== E_PENDING) this.complete(hr, 0);
  }

  /** The worker item ran. Returns a Promise while an XAsyncRun work routine holds its pool thread. */
  work(canceled: boolean): PromiseLike<unknown> | undefined {
    this.flags &= ~Flag.SchedulePending;
    const live = this.attached === this; // native: state->valid
    let pending: PromiseLike<unknown> | null = null;
    if (canceled) {
      this.cancel();
      if (this.status !== E_ABORT) this.complete(E_ABORT, 0);
    } else if ((this.flags & Flag.Completed) === 0) {
      this.refs++;
      try {
        // Saved and restored: a DoWork nested in this one's trace listeners leaves this one's alone.
        const outer = pendingWork;
        pendingWork = null;
        const hr = this.invoke(OP_DOWORK);
        pending = pendingWork;
        pendingWork = outer;
        if (hr !== E_PENDING) {
          if (FAILED(hr)) this.complete(hr, 0);
          else if ((this.flags & Flag.Completed) === 0) this.complete(E_UNEXPECTED, 0);
        }
      } finally {
        this.release();
      }
    }
    // A call this item completed without payload (or failed) is cleaned up right after DoWork, not
    // when the queued completion routine drops the last reference (native CleanupProviderForLocation).
    // Not while an outer op of the call is still running (a nested worker on an Immediate port):
    // Cleanup comes after every other op; it then runs when the last reference drops.
    if (live && (this.flags & Flag.CleanupAfterDoWork) !== 0 && this.opsRunning === 0) this.cleanup();
    if (pending === null) {
      this.release(); // the item's reference
      return undefined;
    }
    const done = (): void => this.release();
    return Promise.resolve(pending).then(done, done);
  }

  cancel(): void {
    if (this.attached !== this || (this.flags & (Flag.CleanedUp | Flag.InCancel)) !== 0) return;
    this.flags |= Flag.InCancel;
    try {
      this.op(OP_CANCEL);
    } finally {
      this.flags &= ~Flag.InCancel;
    }
  }

  complete(result: HRESULT, requiredBufferSize: number): void {
    if (result === E_PENDING || (this.flags & Flag.Completed) !== 0) return;
    this.flags |= Flag.Completed;
    this.status = result;
    const keep = !FAILED(result) && requiredBufferSize > 0;
    this.payloadSize = keep ? requiredBufferSize : 0;
    if (!keep && (this.flags & Flag.InCancel) === 0) this.flags |= Flag.CleanupAfterDoWork;
    if (trace.active)
      trace.emit('complete', {
        time: runtime.host.now(),
        callId: this.id,
        queueId: this.queue.id,
        hr: result,
        size: this.payloadSize,
      });
    this.refs++; // held until completion is signalled
    if (!keep) this.detach();
    if (this.callback !== null) {
      this.refs++; // the completion item's reference
      this.queue.submitForced(1, this, completionItem);
    } else this.signal();
    this.release();
  }

  /** The completion item: the caller's routine, then the wait signal. */
  deliver(): void {
    try {
      if (trace.active)
        trace.emit('completionCallback', { time: runtime.host.now(), callId: this.id, queueId: this.queue.id });
      try {
        this.callback!(this.userBlock);
      } catch (error) {
        runtime.host.reportError(error);
      }
      this.signal();
    } finally {
      this.release();
    }
  }

  /** The wait signal: wakes waits and releases the termination suspension. */
  private signal(): void {
    this.flags |= Flag.CompletionSignaled;
    if ((this.flags & Flag.SuspensionHeld) !== 0) this.releaseSuspension();
    wakeAwaiters();
  }

  /** Detaches the state from the block: the block becomes reusable. */
  detach(): void {
    if ((this.flags & Flag.Attached) === 0) return;
    this.flags &= ~Flag.Attached;
    this.release();
  }

  /** XAsyncGetResult steps c–g, then the result is consumed. */
  getResult(identity: unknown, bufferSize: number, buffer: Uint8Array | null, bufferUsed: Out<number> | null): HRESULT {
    let hr: HRESULT;
    if (!Object.is(identity, this.identity)) hr = E_INVALIDARG;
    else if (this.payloadSize === 0) hr = E_NOT_SUPPORTED;
    else if (buffer === null) hr = E_INVALIDARG;
    else if (bufferSize < this.payloadSize) hr = E_NOT_SUFFICIENT_BUFFER;
    else {
      if (bufferUsed !== null) writeOut(bufferUsed, this.payloadSize);
      hr = this.op(OP_GETRESULT, { async: this.copy, bufferSize, buffer, context: this.context });
    }
    this.flags |= Flag.HandedOut;
    this.detach();
    return hr;
  }

  /** XAsyncRun's provider ops (native: the built-in provider of AsyncLib); `context` is the work routine. */
  runOp(op: number): HRESULT {
    if (op === OP_BEGIN) {
      const hr = this.schedule(0);
      if (FAILED(hr)) this.complete(hr, 0);
      return S_OK;
    }
    if (op !== OP_DOWORK) return S_OK;
    let r: unknown;
    try {
      r = (this.context as (block: XAsyncBlock) => unknown)(this.copy);
    } catch {
      r = E_FAIL;
    }
    if (isThenable(r)) {
      pendingWork = Promise.resolve(r).then(
        (value) => this.complete(settledStatus(value), 0),
        (error: unknown) => {
          this.complete(isHResultError(error) && FAILED(error.hr | 0) ? settledStatus(error.hr) : E_FAIL, 0);
        },
      );
      return E_PENDING;
    }
    this.complete(typeof r === 'number' && Number.isInteger(r) ? r | 0 : E_FAIL, 0);
    return S_OK;
  }

  schedule(delayMs: number): HRESULT {
    if ((this.flags & Flag.SchedulePending) !== 0) return E_UNEXPECTED;
    this.flags |= Flag.SchedulePending;
    this.refs++;
    const hr = this.queue.submit(0, delayMs, this, workerItem);
    if (FAILED(hr)) this.release();
    return hr;
  }
}

/** XAsyncRun's built-in provider; its context is the work routine. */
export const runProvider: XAsyncProvider = (op, data) => (recordOf(data.async) as AsyncState).runOp(op);
