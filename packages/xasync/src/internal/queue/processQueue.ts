/**
 * The process task queue (xasync-semantics.md §4.10): the lazily created default, the one set by
 * `XTaskQueueSetCurrentProcessTaskQueue`, and how a queue argument resolves (null → the process queue).
 */
import { E_NO_TASK_QUEUE, type HRESULT } from '../../HRESULT.js';
import type { XTaskQueueHandle } from '../../types.js';
import { closeHeld, createQueue, newHandle, queueOf, resolveQueueHandle } from './handles.js';
import { Mode } from './modes.js';
import type { QueueObject } from './QueueObject.js';

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
  if (previous !== undefined && previous !== null) closeHeld(previous);
}

/** `XTaskQueueUninitialize`'s first half: closes the default and the set process queues, resets both to unset. */
export function resetProcessQueue(): void {
  const { defaultHandle, queueSet } = proc;
  proc.defaultHandle = null;
  proc.queueSet = undefined;
  if (defaultHandle !== null) closeHeld(defaultHandle);
  if (queueSet !== undefined && queueSet !== null) closeHeld(queueSet);
}

/**
 * Resolves a queue argument of an `XTaskQueue*` or XAsync call: null/undefined → the process queue
 * (`E_NO_TASK_QUEUE` when disabled); any other value that is not a live queue handle → `E_HANDLE`
 * (a string, a number, a plain object, a closed handle, a port handle: xasync-api.md §1).
 */
export function resolveQueue(handle: unknown): QueueObject | HRESULT {
  if (handle === null || handle === undefined) return processQueue() ?? E_NO_TASK_QUEUE;
  return resolveQueueHandle(handle);
}
