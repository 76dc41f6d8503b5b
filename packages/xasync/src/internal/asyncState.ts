/**
 * The per-call state behind an `XAsyncBlock` (semantics section 3): reference counted, holding the
 * provider, its context and identity, the queue reference and termination suspension, the payload
 * size, the "schedule pending" flag, and the exactly-once Cleanup.
 */
import { E_ABORT, E_FAIL, E_PENDING, E_UNEXPECTED, FAILED, S_OK, type HRESULT } from '../HRESULT.js';
import { trace } from '../trace.js';
import type { XAsyncBlock, XAsyncProvider, XAsyncProviderData, XTaskQueueHandle } from '../types.js';
import type { QueueObject } from './queue.js';
import { notifyWatchers, runtime } from './runtime.js';

let liveStates = 0;
let nextCallId = 0;

export function liveStateCount(): number {
  return liveStates;
}

/** What a block (the caller's, or the library's copy) says about its latest call. */
export class CallRecord {
  status: HRESULT = E_PENDING;
  /** The live state, while attached to the block. */
  state: AsyncState | null = null;
  /** Payload results were handed out (or consumed by a failed XAsyncGetResult). */
  handedOut = false;
  constructor(readonly owner: AsyncState | null) {}
}

/** Block → its latest call; the library's copy → its call. */
export const records = new WeakMap<object, CallRecord>();

const OP_BEGIN = 0;
const OP_DOWORK = 1;
const OP_GETRESULT = 2;
const OP_CANCEL = 3;
const OP_CLEANUP = 4;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** The status a settled XAsyncRun Promise gives: its HRESULT; `E_UNEXPECTED` for E_PENDING; `E_FAIL` for a non-HRESULT. */
function settledStatus(value: unknown): HRESULT {
  if (typeof value !== 'number' || !Number.isInteger(value)) return E_FAIL;
  return (value | 0) === E_PENDING ? E_UNEXPECTED : value | 0;
}

export class AsyncState {
  readonly id = ++nextCallId;
  readonly record: CallRecord;
  readonly copy: XAsyncBlock;
  refs = 1; // the block's attachment
  completed = false;
  payloadSize = 0;
  schedulePending = false;
  inCancel = false;
  cleanedUp = false;
  providerStarted = false;
  waitSignaled = false;
  suspensionHeld = true;
  dead = false;
  /** XAsyncRun (JS only): the Promise a work routine returned, holding its pool thread. */
  pendingWork: PromiseLike<unknown> | null = null;
  /** The last error thrown by user code in this call (kept for diagnostics). */
  error: unknown = undefined;
  private readonly data: XAsyncProviderData;

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
    this.copy = { queue: queue.internalHandle as XTaskQueueHandle, context: userBlock.context, callback: userBlock.callback ?? null };
    this.record = new CallRecord(this);
    this.record.state = this;
    records.set(userBlock, this.record);
    records.set(this.copy, this.record);
    this.data = Object.freeze({ async: this.copy, bufferSize: 0, buffer: null, context });
  }

  addRef(): void {
    this.refs++;
  }

  release(): void {
    if (--this.refs > 0) return;
    if (this.providerStarted && !this.cleanedUp) {
      this.cleanedUp = true;
      this.invoke(OP_CLEANUP, this.data);
      if (trace.active) trace.emit('cleanup', { time: runtime.host.now(), callId: this.id });
    }
    this.die();
  }

  private die(): void {
    if (this.dead) return;
    this.dead = true;
    liveStates--;
    if (this.suspensionHeld) this.releaseSuspension();
    this.queue.release();
  }

  private releaseSuspension(): void {
    this.suspensionHeld = false;
    this.queue.resume();
  }

  /** Runs a provider op with a reference held (so Cleanup never overlaps it). Throwing gives E_FAIL. */
  invoke(op: number, data: XAsyncProviderData): HRESULT {
    let hr: HRESULT;
    let error: unknown;
    let threw = false;
    try {
      const r = this.provider(op as never, data);
      hr = typeof r === 'number' && Number.isInteger(r) ? r | 0 : E_FAIL;
    } catch (e) {
      threw = true;
      error = e;
      this.error = e;
      hr = E_FAIL;
    }
    if (trace.active) {
      trace.emit('providerOp', {
        time: runtime.host.now(),
        callId: this.id,
        name: this.identityName,
        op,
        hr,
        ...(threw ? { error } : {}),
      });
    }
    return hr;
  }

  op(op: number, buffer: Uint8Array | null = null, bufferSize = 0): HRESULT {
    this.addRef();
    try {
      return this.invoke(op, buffer === null ? this.data : { async: this.copy, bufferSize, buffer, context: this.context });
    } finally {
      this.release();
    }
  }

  begin(): void {
    this.providerStarted = true;
    const hr = this.op(OP_BEGIN);
    if (FAILED(hr) && hr !== E_PENDING) this.complete(hr, 0);
  }

  /** The queued worker item (`XAsyncSchedule`). Returns a Promise while an XAsyncRun work routine holds its thread. */
  readonly worker = (_context: unknown, canceled: boolean): PromiseLike<unknown> | undefined => {
    this.schedulePending = false;
    let pending: PromiseLike<unknown> | undefined;
    if (canceled) {
      this.cancel();
      if (this.record.status !== E_ABORT) this.complete(E_ABORT, 0);
    } else if (!this.completed) {
      this.addRef();
      try {
        const hr = this.invoke(OP_DOWORK, this.data);
        if (this.pendingWork !== null) {
          pending = this.pendingWork;
          this.pendingWork = null;
        }
        if (hr !== E_PENDING) {
          if (FAILED(hr)) this.complete(hr, 0);
          else if (!this.completed) this.complete(E_UNEXPECTED, 0);
        }
      } finally {
        this.release();
      }
    }
    if (pending === undefined) {
      this.release(); // the item's reference
      return undefined;
    }
    const done = (): void => this.release();
    return Promise.resolve(pending).then(done, done);
  };

  cancel(): void {
    if (this.record.state !== this || this.cleanedUp || this.inCancel) return;
    this.inCancel = true;
    try {
      this.op(OP_CANCEL);
    } finally {
      this.inCancel = false;
    }
  }

  complete(result: HRESULT, requiredBufferSize: number): void {
    if (result === E_PENDING || this.completed) return;
    this.completed = true;
    this.record.status = result;
    const keep = !FAILED(result) && requiredBufferSize > 0;
    this.payloadSize = keep ? requiredBufferSize : 0;
    if (trace.active) trace.emit('complete', { time: runtime.host.now(), callId: this.id, hr: result, size: this.payloadSize });
    this.addRef(); // held until completion is signalled
    if (!keep) this.detach();
    if (this.callback !== null) {
      this.addRef(); // the completion item's reference
      this.queue.submitForced(1, undefined, this.completionItem);
    } else this.signal();
    this.release();
  }

  private readonly completionItem = (): void => {
    try {
      if (trace.active) trace.emit('completionCallback', { time: runtime.host.now(), callId: this.id });
      const cb = this.callback!;
      try {
        cb(this.userBlock);
      } catch (error) {
        this.error = error;
        runtime.host.reportError(error);
      }
      this.signal();
    } finally {
      this.release();
    }
  };

  /** The wait signal: wakes waits and releases the termination suspension. */
  private signal(): void {
    this.waitSignaled = true;
    if (this.suspensionHeld) this.releaseSuspension();
    notifyWatchers();
  }

  /** Detaches the state from the block: the block becomes reusable. */
  detach(): void {
    if (this.record.state !== this) return;
    this.record.state = null;
    this.release();
  }

  /** XAsyncGetResult steps c–g, then the result is consumed. */
  getResult(identity: unknown, bufferSize: number, buffer: Uint8Array | null, written: (n: number) => void): HRESULT {
    let hr: HRESULT;
    if (!Object.is(identity, this.identity)) hr = 0x80070057 | 0; // E_INVALIDARG
    else if (this.payloadSize === 0) hr = 0x80070032 | 0; // E_NOT_SUPPORTED
    else if (buffer === null) hr = 0x80070057 | 0;
    else if (bufferSize < this.payloadSize) hr = 0x8007007a | 0; // E_NOT_SUFFICIENT_BUFFER
    else {
      written(this.payloadSize);
      hr = this.op(OP_GETRESULT, buffer, bufferSize);
    }
    this.record.handedOut = true;
    this.detach();
    return hr;
  }

  /** XAsyncRun's built-in provider. */
  static runProvider(state: () => AsyncState, work: (block: XAsyncBlock) => unknown): XAsyncProvider {
    return (op, data) => {
      const self = state();
      if (op === OP_BEGIN) {
        const hr = self.schedule(0);
        if (FAILED(hr)) self.complete(hr, 0);
        return S_OK;
      }
      if (op !== OP_DOWORK) return S_OK;
      let r: unknown;
      try {
        r = work(data.async);
      } catch (error) {
        self.error = error;
        r = E_FAIL;
      }
      if (isThenable(r)) {
        self.pendingWork = Promise.resolve(r).then(
          (value) => self.complete(settledStatus(value), 0),
          (error: unknown) => {
            self.error = error;
            const hr = (error as { hr?: unknown } | null)?.hr;
            self.complete(typeof hr === 'number' && Number.isInteger(hr) && FAILED(hr | 0) ? settledStatus(hr) : E_FAIL, 0);
          },
        );
        return E_PENDING;
      }
      self.complete(typeof r === 'number' && Number.isInteger(r) ? r | 0 : E_FAIL, 0);
      return S_OK;
    };
  }

  schedule(delayMs: number): HRESULT {
    if (this.schedulePending) return E_UNEXPECTED;
    this.schedulePending = true;
    this.addRef();
    const hr = this.queue.submit(0, delayMs, undefined, this.worker);
    if (FAILED(hr)) this.release();
    return hr;
  }
}
