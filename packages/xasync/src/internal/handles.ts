/**
 * The queue and port handle tables (on the kit's {@link HandleTable}) and the process task queue.
 * Every queue handle a call returns is a distinct frozen object holding one reference to its queue
 * object; port handles are pinned (owned by their queue, never closed).
 */
import { E_HANDLE, E_NO_TASK_QUEUE, type HRESULT } from '../HRESULT.js';
import { HandleTable } from '../kit/handleTable.js';
import type { XTaskQueueHandle, XTaskQueuePortHandle } from '../types.js';
import { Mode, QueueObject, type PortObject } from './queue.js';

const queues = new HandleTable<QueueObject, XTaskQueueHandle>({
  kind: 'XTaskQueueHandle',
  invalidHandle: E_HANDLE,
  onCreate: (q) => q.addRef(),
  onLastClose: (q) => q.release(),
  isLive: (q) => !q.destroyed,
});

const ports = new HandleTable<PortObject, XTaskQueuePortHandle>({
  kind: 'XTaskQueuePortHandle',
  invalidHandle: E_HANDLE,
  nullHandle: E_HANDLE, // XTaskQueueCreateComposite: a null port is no port (libHttpClient)
  isLive: (p) => !p.owner.destroyed,
});

/** Creates a queue object (with handles for its own ports) and returns one new handle to it. */
export function createQueue(work: PortObject | (typeof Mode)[keyof typeof Mode], completion: PortObject | (typeof Mode)[keyof typeof Mode]): XTaskQueueHandle {
  const q = new QueueObject(work, completion, (obj) => queues.createPinned(obj));
  for (const port of [q.work.port, q.completion.port]) port.handle ??= ports.createPinned(port);
  return newHandle(q);
}

/** A new, distinct, reference-holding handle to `queue`. */
export function newHandle(queue: QueueObject): XTaskQueueHandle {
  return queues.create(queue);
}

/** Closes a handle: drops its reference. Pinned (internal) handles and unknown values are ignored. */
export function closeHandle(handle: unknown): void {
  queues.close(handle);
}

/** The port behind a live port handle; `E_HANDLE` for anything else, null included. */
export function resolvePort(handle: unknown): PortObject | HRESULT {
  return ports.resolve(handle);
}

// ---- the process task queue (semantics 4.10) ----

const proc = {
  /** The lazily created default queue's own handle. */
  defaultHandle: null as XTaskQueueHandle | null,
  /** undefined: never set; null: disabled; a handle: the duplicate we hold. */
  queueSet: undefined as XTaskQueueHandle | null | undefined,
};

function queueOf(handle: unknown): QueueObject | undefined {
  const q = queues.resolve(handle);
  return typeof q === 'number' ? undefined : q;
}

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
  if (previous !== undefined && previous !== null) queues.close(previous);
}

/** `XTaskQueueUninitialize`'s first half: closes the default and the set process queues, resets both to unset. */
export function resetProcessQueue(): void {
  const { defaultHandle, queueSet } = proc;
  proc.defaultHandle = null;
  proc.queueSet = undefined;
  if (defaultHandle !== null) queues.close(defaultHandle);
  if (queueSet !== undefined && queueSet !== null) queues.close(queueSet);
}

/**
 * Resolves a queue argument of an `XTaskQueue*` or XAsync call: null/undefined → the process queue
 * (`E_NO_TASK_QUEUE` when disabled); any other value that is not a live queue handle → `E_HANDLE`
 * (a string, a number, a plain object, a closed handle, a port handle: xasync-api.md §1).
 */
export function resolveQueue(handle: unknown): QueueObject | HRESULT {
  if (handle === null || handle === undefined) return processQueue() ?? E_NO_TASK_QUEUE;
  return queues.resolve(handle);
}
