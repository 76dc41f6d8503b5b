/** Leak counters: how many calls and task queues are still alive. */
import { liveStateCount } from '../internal/asyncState.js';
import { liveQueueCount } from '../internal/queue.js';

/**
 * Calls whose internal state is still alive: 0 after every well-behaved test (a payload that was
 * never fetched keeps its call alive, as in native).
 * @returns the count.
 */
export function liveAsyncStateCount(): number {
  return liveStateCount();
}

/**
 * Task-queue objects not yet destroyed (the process queue counts while it exists; see
 * `XTaskQueueUninitialize`).
 * @returns the count.
 */
export function liveTaskQueueCount(): number {
  return liveQueueCount();
}
