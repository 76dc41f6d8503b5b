/**
 * Win32 events (`CreateEvent`, `SetEvent`, `ResetEvent`, `CloseHandle`): the wait handles
 * `XTaskQueueRegisterWaiter` watches.
 * @module
 */
import { WaitEvent } from './internal/queue.js';
import { isBoolean, isObject } from './internal/validate.js';
import type { XWaitHandle } from './types.js';

const events = new WeakMap<object, WaitEvent>();

class EventHandle {
  readonly kind = 'XWaitHandle';
}

/** The live event behind a handle, or undefined. @internal */
export function waitEventOf(handle: unknown): WaitEvent | undefined {
  if (!isObject(handle)) return undefined;
  const event = events.get(handle);
  return event === undefined || event.closed ? undefined : event;
}

/**
 * Mirrors Win32 `CreateEvent` (unnamed, default security).
 * @param manualReset - [in] `true`: stays set until {@link ResetEvent}; `false`: auto-reset, each set wakes one wait.
 * @param initialState - [in] starts signalled.
 * @returns a new event handle. Non-boolean arguments are read as JS truthiness.
 */
export function CreateEvent(manualReset: boolean, initialState: boolean): XWaitHandle {
  const handle = Object.freeze(new EventHandle()) as unknown as XWaitHandle;
  events.set(handle, new WaitEvent(isBoolean(manualReset) ? manualReset : Boolean(manualReset), Boolean(initialState)));
  return handle;
}

/**
 * Mirrors Win32 `SetEvent`: signals the event; waiters watching it queue their callbacks.
 * @param h - [in] an event handle.
 * @returns `true`; `false` when `h` is not a live event handle.
 */
export function SetEvent(h: XWaitHandle): boolean {
  const event = waitEventOf(h);
  if (event === undefined) return false;
  event.set();
  return true;
}

/**
 * Mirrors Win32 `ResetEvent`: clears the signalled state.
 * @param h - [in] an event handle.
 * @returns `true`; `false` when `h` is not a live event handle.
 */
export function ResetEvent(h: XWaitHandle): boolean {
  const event = waitEventOf(h);
  if (event === undefined) return false;
  event.signaled = false;
  return true;
}

/**
 * Mirrors Win32 `CloseHandle` for an event: it can no longer be set or waited on.
 * @param h - [in] an event handle.
 * @returns `true`; `false` when `h` is not a live event handle.
 */
export function CloseHandle(h: XWaitHandle): boolean {
  const event = waitEventOf(h);
  if (event === undefined) return false;
  event.closed = true;
  return true;
}
