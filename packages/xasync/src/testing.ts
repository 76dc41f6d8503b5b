/**
 * `@gdkts/xasync/testing`: the test sandbox and `pump`, deterministic time and scheduling, and leak
 * counters. It does not need fast-check: the arbitraries and scenario runners live in
 * `@gdkts/xasync/testing/properties`.
 *
 * @example
 * ```ts no-run
 * import { afterEach, beforeEach, expect, it } from 'vitest';
 * import { XAsyncRun, S_OK } from '@gdkts/xasync';
 * import { pump, useRuntimeSandbox } from '@gdkts/xasync/testing';
 *
 * const sandbox = useRuntimeSandbox({ beforeEach, afterEach }); // virtual host, leak check after each test
 * it('runs a call', () => {
 *   const q = sandbox.createQueue(); // Manual/Manual, closed after the test
 *   let done = false;
 *   expect(XAsyncRun({ queue: q, callback: () => (done = true) }, () => S_OK)).toBe(S_OK);
 *   pump(q);
 *   expect(done).toBe(true);
 * });
 * ```
 * @packageDocumentation
 */
export { deferred, type Deferred } from './internal/deferred.js';
export {
  installSchedulerHost,
  installVirtualHost,
  setThreadPoolShuffle,
  setThreadPoolSize,
  type SchedulerHost,
  type TaskScheduler,
  type VirtualHost,
} from './testing/host.js';
export { liveAsyncStateCount, liveTaskQueueCount } from './testing/leaks.js';
export {
  openRuntimeSandbox,
  pump,
  useRuntimeSandbox,
  type LiveCounts,
  type RuntimeSandbox,
  type RuntimeSandboxOptions,
  type TestHooks,
} from './testing/sandbox.js';
