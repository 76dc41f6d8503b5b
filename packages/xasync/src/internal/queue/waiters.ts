/**
 * Waiter registrations (`XTaskQueueRegisterWaiter`): each signal of a Win32 event queues one
 * callback on the port; re-armed after it ran.
 */
import type { Job } from '../threads/host.js';
import { scheduleJob } from '../threads/pool.js';
import type { QueueCallback } from './modes.js';
import { newItemId, type PortContext } from './PortObject.js';
import type { Win32Event } from './win32Event.js';

/** A waiter registration (`XTaskQueueRegisterWaiter`). */
export class WaiterRegistration implements Job {
  active = true;
  armed = true;
  constructor(
    readonly ctx: PortContext,
    readonly event: Win32Event,
    readonly callback: QueueCallback,
    readonly context: unknown,
  ) {}

  /** The token the queue's waiter table gave it. */
  token = 0n;

  /** The event was signalled while armed: queue one callback. */
  fire(): void {
    this.armed = false;
    this.ctx.queue.addRef();
    this.ctx.port.makeReady(this.ctx, this.callback, this.context, this, newItemId());
  }

  /** After the callback ran: watch again; a manual-reset event left set fires again (from the "wait thread"). */
  rearm(): void {
    if (!this.active) return;
    this.armed = true;
    if (this.event.signaled) scheduleJob(this);
  }

  runJob(): void {
    if (this.active && this.armed) this.event.deliver();
  }

  remove(): void {
    this.active = false;
    this.event.registrations.delete(this);
    this.ctx.queue.waiters.delete(this.token);
  }
}
