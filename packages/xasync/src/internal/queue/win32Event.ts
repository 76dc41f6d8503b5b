/**
 * A Win32 event (`CreateEvent`): the wait handle `XTaskQueueRegisterWaiter` watches; its handle
 * table is in `XEvent.ts`.
 */
import type { WaiterRegistration } from './waiters.js';

/** A Win32 event (`CreateEvent`): the wait handle waiters watch. */
export class Win32Event {
  signaled: boolean;
  closed = false;
  readonly registrations = new Set<WaiterRegistration>();
  constructor(
    readonly manualReset: boolean,
    initialState: boolean,
  ) {
    this.signaled = initialState;
  }

  set(): void {
    this.signaled = true;
    this.deliver();
  }

  /** Wakes armed registrations: all of them for a manual-reset event, one for an auto-reset event. */
  deliver(): void {
    for (const reg of this.registrations) {
      if (!this.signaled) return;
      if (!reg.armed || !reg.active) continue;
      if (!this.manualReset) this.signaled = false;
      reg.fire();
    }
  }
}
