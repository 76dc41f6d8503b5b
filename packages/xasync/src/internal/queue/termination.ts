/**
 * The termination procedure's records and steps (xasync-semantics.md §4.7): a termination record
 * per `XTaskQueueTerminate`, the step (marker) each port processes once idle, and what beginning a
 * role's termination surfaces (its delayed items and waiters, queued at once as canceled).
 */
import { armTimer, timedItems, untime } from '../threads/delayTimer.js';
import { Status, type StatusValue } from './modes.js';
import { Entry, newItemId, type PortContext } from './PortObject.js';
import type { QueueObject } from './QueueObject.js';

/** One `XTaskQueueTerminate` in progress: its callback and whether both steps ran. */
export interface TerminationRecord {
  readonly queue: QueueObject;
  readonly callback: ((context: unknown) => void) | null;
  readonly context: unknown;
  done: boolean;
}

/** A termination step queued on a port (native: the termination entry). */
export interface Marker {
  readonly ctx: PortContext;
  readonly record: TerminationRecord;
}

/** Raises a role's status (statuses only move forward). */
export function raise(ctx: PortContext, status: StatusValue): void {
  if (ctx.status < status) ctx.status = status;
}

/** A role begins terminating: its delayed items and its waiters are queued at once (to run canceled). */
export function beginPortTermination(queue: QueueObject, ctx: PortContext): void {
  raise(ctx, Status.Terminating);
  if (ctx.port.delayedCount > 0) {
    const items = timedItems().filter((t): t is Entry => t instanceof Entry && t.ctx === ctx);
    items.sort((a, b) => a.seq - b.seq);
    // Off the timer first, and the host timer re-armed for what is left (or cleared): nothing
    // termination surfaced keeps a host timer alive, and no sweep a callback causes promotes it twice.
    for (const item of items) untime(item);
    armTimer();
    for (const item of items) {
      ctx.port.delayedCount--;
      ctx.port.makeReady(ctx, item.callback, item.context, null, item.id);
    }
  }
  const regs = [...queue.waiters.values()].filter((w) => w.ctx === ctx).reverse();
  for (const reg of regs) {
    reg.remove();
    queue.addRef();
    ctx.port.makeReady(ctx, reg.callback, reg.context, null, newItemId());
  }
}
