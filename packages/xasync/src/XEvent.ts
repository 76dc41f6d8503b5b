/**
 * Win32 events (`CreateEvent`, `SetEvent`, `ResetEvent`, `CloseHandle`): the wait handles
 * `XTaskQueueRegisterWaiter` watches.
 * @module
 */
import { E_HANDLE } from './HRESULT.js';
import { Win32Event } from './internal/queue/win32Event.js';
import { isBoolean } from './kit/arguments.js';
import { HandleTable } from './kit/handleTable.js';
import type { XWaitHandle } from './types.js';

const events = new HandleTable<Win32Event, XWaitHandle>({
  kind: 'XWaitHandle',
  invalidHandle: E_HANDLE,
  onLastClose: (event) => {
    event.closed = true;
  },
});

/** The live event behind a handle, or undefined. @internal */
export function waitEventOf(handle: unknown): Win32Event | undefined {
  const event = events.resolve(handle);
  return typeof event === 'number' ? undefined : event;
}

/**
 * Mirrors Win32 `CreateEvent` (unnamed, default security).
 * @param manualReset - [in] `true`: stays set until {@link ResetEvent}; `false`: auto-reset, each set wakes one wait.
 * @param initialState - [in] starts signalled.
 * @returns a new event handle. Non-boolean arguments are read as JS truthiness.
 */
export function CreateEvent(manualReset: boolean, initialState: boolean): XWaitHandle {
  return events.create(
    new Win32Event(isBoolean(manualReset) ? manualReset : Boolean(manualReset), Boolean(initialState)),
  );
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
  return events.close(h);
}
