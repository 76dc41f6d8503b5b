/**
 * What a blocking wait says when it gives up (xasync-api.md §5: `E_POSSIBLE_DEADLOCK` instead of a
 * hang): the reason, the awaitable twin, and the `possibleDeadlock` trace event.
 */
import { E_POSSIBLE_DEADLOCK, type HRESULT } from '../HRESULT.js';
import { trace, type PossibleDeadlockEvent } from '../trace.js';
import { Mode, type QueueObject } from './queue.js';
import { runtime } from './runtime.js';

export type DeadlockReason = PossibleDeadlockEvent['reason'];

/** Why a wait on `queue` cannot finish: a Manual port holding its next step, or work outside the runtime. */
export function deadlockReason(queue: QueueObject): DeadlockReason {
  for (const ctx of [queue.work, queue.completion]) {
    const p = ctx.port;
    if (p.mode === Mode.Manual && (p.ready.length > 0 || p.delayedCount > 0 || p.markers.length > 0)) return 'manual-port';
  }
  return 'outside-runtime';
}

/** The sentence a blocked wait reports. */
export function deadlockMessage(operation: string, reason: DeadlockReason, awaitable: string): string {
  const why =
    reason === 'manual-port'
      ? 'it waits for a Manual port that only this thread would dispatch'
      : reason === 'caller-stack'
        ? 'it waits for a callback running below it on this thread\'s own stack'
        : 'it waits for work outside the runtime (a Promise, a real timer or real I/O) that cannot progress while the thread blocks';
  return `${operation} cannot finish by blocking: ${why}; await ${awaitable} instead`;
}

/** Reports a blocked wait on the trace; returns `hr` (default `E_POSSIBLE_DEADLOCK`). */
export function possibleDeadlock(operation: string, reason: DeadlockReason, awaitable: string, hr: HRESULT = E_POSSIBLE_DEADLOCK): HRESULT {
  if (trace.active) {
    trace.emit('possibleDeadlock', { time: runtime.host.now(), operation, reason, awaitable, hr, message: deadlockMessage(operation, reason, awaitable) });
  }
  return hr;
}
