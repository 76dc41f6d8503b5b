/**
 * The queue and port handle tables (on the kit's {@link HandleTable}). Every queue handle a call
 * returns is a distinct frozen object holding one reference to its queue object; port handles are
 * pinned (owned by their queue, never closed).
 */
import { E_HANDLE, type HRESULT } from '../../HRESULT.js';
import { HandleTable } from '../../kit/handleTable.js';
import type { XTaskQueueHandle, XTaskQueuePortHandle } from '../../types.js';
import type { ModeValue } from './modes.js';
import type { PortObject } from './PortObject.js';
import { QueueObject } from './QueueObject.js';

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
export function createQueue(work: PortObject | ModeValue, completion: PortObject | ModeValue): XTaskQueueHandle {
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

/** The queue behind a live queue handle; `E_HANDLE` for any other value (null included: the caller resolves null first). */
export function queueOf(handle: unknown): QueueObject | undefined {
  const q = queues.resolve(handle);
  return typeof q === 'number' ? undefined : q;
}

/** Closes a handle the runtime holds itself (the process queue's). */
export function closeHeld(handle: XTaskQueueHandle): void {
  queues.close(handle);
}

/** The handle table's answer for a queue argument that is not null. */
export function resolveQueueHandle(handle: unknown): QueueObject | HRESULT {
  return queues.resolve(handle);
}
