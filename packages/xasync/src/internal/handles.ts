/**
 * Handle tables and the process task queue. Every handle a call returns is a distinct frozen
 * object over one reference-counted queue object.
 */
import { E_HANDLE, E_INVALIDARG, E_NO_TASK_QUEUE, type HRESULT } from '../HRESULT.js';
import type { XTaskQueueHandle } from '../types.js';
import { Mode, QueueObject, type PortObject } from './queue.js';
import { isObject } from './validate.js';

interface HandleRecord {
  readonly queue: QueueObject;
  closed: boolean;
  /** The queue's internal handle (monitor argument, XAsync's copy): not reference-counted, never closed. */
  readonly internal: boolean;
}

const portHandles = new WeakMap<object, PortObject>();

class TaskQueueHandle {
  readonly kind = 'XTaskQueueHandle';
  readonly #record: HandleRecord;
  constructor(record: HandleRecord) {
    this.#record = record;
  }
  /** The record behind a handle; undefined for anything else (proxies included). */
  static recordOf(value: object): HandleRecord | undefined {
    return #record in value ? value.#record : undefined;
  }
}

function makeHandleObject(queue: QueueObject, internal: boolean): XTaskQueueHandle {
  return Object.freeze(new TaskQueueHandle({ queue, closed: false, internal })) as unknown as XTaskQueueHandle;
}

/** Creates a queue object (its ports registered for `XTaskQueueGetPort`) and returns one new handle to it. */
export function createQueue(work: PortObject | (typeof Mode)[keyof typeof Mode], completion: PortObject | (typeof Mode)[keyof typeof Mode]): XTaskQueueHandle {
  const q = new QueueObject(work, completion, (obj) => makeHandleObject(obj, true));
  portHandles.set(q.work.port.handle, q.work.port);
  portHandles.set(q.completion.port.handle, q.completion.port);
  return newHandle(q);
}

/** A new, distinct, reference-holding handle to `queue`. */
export function newHandle(queue: QueueObject): XTaskQueueHandle {
  queue.addRef();
  return makeHandleObject(queue, false);
}

/** The queue behind a live handle, or undefined. */
function queueOf(handle: unknown): QueueObject | undefined {
  if (!isObject(handle)) return undefined;
  const rec = TaskQueueHandle.recordOf(handle);
  if (rec === undefined || rec.closed || rec.queue.destroyed) return undefined;
  return rec.queue;
}

/** Closes a handle: drops its reference. Internal handles and unknown values are ignored. */
export function closeHandle(handle: unknown): void {
  if (!isObject(handle)) return;
  const rec = TaskQueueHandle.recordOf(handle);
  if (rec === undefined || rec.closed || rec.internal || rec.queue.destroyed) return;
  rec.closed = true;
  rec.queue.release();
}

export function portOf(handle: unknown): PortObject | undefined {
  if (!isObject(handle)) return undefined;
  const port = portHandles.get(handle);
  return port === undefined || port.owner.destroyed ? undefined : port;
}


// ---- the process task queue (semantics 4.10) ----

const proc = {
  /** The lazily created default queue's own handle. */
  defaultHandle: null as XTaskQueueHandle | null,
  /** undefined: never set; null: disabled; a handle: the duplicate we hold. */
  queueSet: undefined as XTaskQueueHandle | null | undefined,
};

/** The process queue object, created lazily; null when it was set to null. */
export function processQueue(): QueueObject | null {
  if (proc.queueSet === null) return null;
  if (proc.queueSet !== undefined) return queueOf(proc.queueSet) ?? null;
  if (proc.defaultHandle === null || queueOf(proc.defaultHandle) === undefined) {
    proc.defaultHandle = createQueue(Mode.ThreadPool, Mode.ThreadPool);
  }
  return queueOf(proc.defaultHandle) ?? null;
}

export function setProcessQueue(queue: QueueObject | null): void {
  const previous = proc.queueSet;
  proc.queueSet = queue === null ? null : newHandle(queue);
  if (previous !== undefined && previous !== null) releaseHeld(previous);
}

function releaseHeld(handle: XTaskQueueHandle): void {
  const rec = TaskQueueHandle.recordOf(handle);
  if (rec === undefined || rec.closed) return;
  rec.closed = true;
  if (!rec.queue.destroyed) rec.queue.release();
}

/** `XTaskQueueUninitialize`'s first half: closes the default and the set process queues, resets both to unset. */
export function resetProcessQueue(): void {
  const { defaultHandle, queueSet } = proc;
  proc.defaultHandle = null;
  proc.queueSet = undefined;
  if (defaultHandle !== null) releaseHeld(defaultHandle);
  if (queueSet !== undefined && queueSet !== null) releaseHeld(queueSet);
}

/**
 * Resolves a queue argument of an `XTaskQueue*` or XAsync call: null/undefined → the process queue
 * (`E_NO_TASK_QUEUE` when disabled); a non-object → `E_INVALIDARG`; anything not a live handle → `E_HANDLE`.
 */
export function resolveQueue(handle: unknown): QueueObject | HRESULT {
  if (handle === null || handle === undefined) return processQueue() ?? E_NO_TASK_QUEUE;
  if (!isObject(handle)) return E_INVALIDARG;
  return queueOf(handle) ?? E_HANDLE;
}
