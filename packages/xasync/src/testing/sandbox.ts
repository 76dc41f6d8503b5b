/**
 * The test sandbox: one test's runtime world (virtual host, fixed pool size, leak baseline,
 * process-queue reset, queues closed after it) and the one `pump` that drains a Manual queue.
 * It does not import a test framework: {@link useRuntimeSandbox} takes the framework's hooks.
 */
import { S_OK, hresultToString } from '../HRESULT.js';
import { XTaskQueueCloseHandle, XTaskQueueCreate, XTaskQueueDispatch, XTaskQueueUninitialize } from '../XTaskQueue.js';
import { XTaskQueueDispatchMode, XTaskQueuePort, type XTaskQueueHandle } from '../types.js';
import { installVirtualHost, setThreadPoolShuffle, setThreadPoolSize, type VirtualHost } from './host.js';
import { liveAsyncStateCount, liveTaskQueueCount } from './leaks.js';

/** How a {@link RuntimeSandbox} is set up. */
export interface RuntimeSandboxOptions {
  /**
   * `true` (default): the sandbox installs a virtual host; `false`: none, the test runs on the host
   * installed (the real one, or a scheduler host it installs; see {@link RuntimeSandbox.useVirtualHost}).
   */
  readonly virtualHost?: boolean;
  /** The virtual clock's starting value (default 0). */
  readonly start?: number;
  /** Pool "threads" per ThreadPool port during the test (default: left as it is); restored after. */
  readonly poolSize?: number;
  /** Seed of the thread-pool start-order shuffle (`setThreadPoolShuffle`) during the test. */
  readonly shuffleSeed?: number;
  /** Reset the process queue (`XTaskQueueUninitialize`) before the baseline and at the end (default true). */
  readonly resetProcessQueue?: boolean;
  /** Count errors user callbacks threw on the virtual host as problems at the end (default true). */
  readonly failOnCallbackErrors?: boolean;
  /**
   * More live counters that must be back at their baseline at the end, by name (a package built on
   * the runtime adds its own, e.g. `{ 'live user handles': liveUserCount }`).
   */
  readonly counters?: Readonly<Record<string, () => number>>;
}

/** The live counters, as {@link RuntimeSandbox.baseline} noted them or as {@link RuntimeSandbox.leaks} finds them. */
export interface LiveCounts {
  /** Live calls (`liveAsyncStateCount`). */
  readonly states: number;
  /** Live task-queue objects (`liveTaskQueueCount`). */
  readonly queues: number;
}

/** One test's runtime world, from {@link openRuntimeSandbox} or (per test) {@link useRuntimeSandbox}. */
export interface RuntimeSandbox {
  /** The virtual host the sandbox installed. Throws while it has none (`virtualHost: false`, {@link RuntimeSandbox.useRealHost}). */
  readonly host: VirtualHost;
  /** The live counters when the sandbox opened (after the process-queue reset). */
  readonly baseline: LiveCounts;
  /** @returns the live counters now, less the baseline. */
  leaks(): LiveCounts;
  /**
   * Creates a queue that the sandbox closes at the end.
   * @param work - [in, optional] the Work port's dispatch mode (default Manual).
   * @param completion - [in, optional] the Completion port's (default: as `work`).
   * @returns the queue handle.
   * @throws when `XTaskQueueCreate` fails.
   */
  createQueue(work?: XTaskQueueDispatchMode, completion?: XTaskQueueDispatchMode): XTaskQueueHandle;
  /**
   * Closes `queue` at the end (unless {@link RuntimeSandbox.closeQueue} closed it first; closing a
   * handle the test closed itself does nothing).
   * @param queue - [in] a queue handle the test made.
   * @returns `queue`.
   */
  track(queue: XTaskQueueHandle): XTaskQueueHandle;
  /** Closes a tracked queue now. */
  closeQueue(queue: XTaskQueueHandle): void;
  /**
   * Runs `cleanup` at the end, before the tracked queues are closed (the last deferred runs first):
   * for what a package built on the runtime opened (user handles, registrations, a library's cleanup).
   * What it throws is a problem at the end.
   */
  defer(cleanup: () => void): void;
  /**
   * Takes the errors user callbacks threw on the virtual host so far: a test that expects a
   * callback to throw asserts on these, and they are then no problem at the end.
   * @returns the errors, oldest first.
   */
  takeErrors(): unknown[];
  /** The rest of the test runs on the real host (what only real macrotasks can show); the virtual host's work runs first. */
  useRealHost(): void;
  /**
   * The rest of the test runs on a virtual host (installed now, unless the sandbox has one).
   * @param options - [in] `start`, `shuffleSeed`: as in {@link RuntimeSandboxOptions} (the sandbox's own by default).
   * @returns the virtual host.
   */
  useVirtualHost(options?: { readonly start?: number; readonly shuffleSeed?: number }): VirtualHost;
  /**
   * Ends the sandbox: runs the deferred clean-ups, closes tracked queues, resets the process queue,
   * runs what the virtual host still holds (`runAll`: macrotasks and timers), restores the real
   * host, pool size and start order; then compares every counter with its baseline. Safe to call
   * twice (the second call finds nothing).
   * @returns the problems, in words (empty: none): leaked calls, queues or counted resources, a
   * clean-up that threw, errors user callbacks threw.
   */
  end(): string[];
}

/**
 * Opens a sandbox now (for a property's single run, or a framework without hooks); end it with
 * {@link RuntimeSandbox.end}.
 * @param options - [in] see {@link RuntimeSandboxOptions}.
 * @returns the sandbox.
 */
export function openRuntimeSandbox(options: RuntimeSandboxOptions = {}): RuntimeSandbox {
  const reset = options.resetProcessQueue !== false;
  if (reset) XTaskQueueUninitialize();
  const previousPoolSize = options.poolSize === undefined ? setThreadPoolSize(0) : setThreadPoolSize(options.poolSize);
  const counters = [
    ['live async states', liveAsyncStateCount] as const,
    ['live task queues', liveTaskQueueCount] as const,
    ...Object.entries(options.counters ?? {}),
  ].map(([name, count]) => ({ name, count, base: count() }));
  const tracked = new Set<XTaskQueueHandle>();
  const deferred: (() => void)[] = [];
  const errors: unknown[] = [];
  let host: VirtualHost | null = null;
  let ended = false;
  const dropHost = (): void => {
    if (host === null) return;
    host.runAll();
    errors.push(...host.errors);
    host.uninstall();
    host = null;
  };
  const useVirtualHost = (own: { readonly start?: number; readonly shuffleSeed?: number } = options): VirtualHost => {
    if (host === null) {
      const start = own.start ?? options.start;
      const seed = own.shuffleSeed ?? options.shuffleSeed;
      host = installVirtualHost(start === undefined ? {} : { start });
      if (seed !== undefined) setThreadPoolShuffle(seed);
    }
    return host;
  };
  if (options.virtualHost !== false) useVirtualHost();
  else if (options.shuffleSeed !== undefined) setThreadPoolShuffle(options.shuffleSeed);
  const baseline: LiveCounts = { states: counters[0]!.base, queues: counters[1]!.base };
  const track = (queue: XTaskQueueHandle): XTaskQueueHandle => {
    tracked.add(queue);
    return queue;
  };
  return {
    get host(): VirtualHost {
      if (host === null) throw new Error('the sandbox has no virtual host (useVirtualHost() installs one)');
      return host;
    },
    baseline,
    leaks: () => ({ states: liveAsyncStateCount() - baseline.states, queues: liveTaskQueueCount() - baseline.queues }),
    createQueue: (work = XTaskQueueDispatchMode.Manual, completion = work) => {
      const q: { value: XTaskQueueHandle | null } = { value: null };
      const hr = XTaskQueueCreate(work, completion, q);
      if (hr !== S_OK || q.value === null)
        throw new Error(`XTaskQueueCreate(${work}, ${completion}) failed: ${hresultToString(hr)}`);
      return track(q.value);
    },
    track,
    closeQueue: (queue) => {
      tracked.delete(queue);
      XTaskQueueCloseHandle(queue);
    },
    takeErrors: () => [...errors.splice(0), ...(host?.errors.splice(0) ?? [])],
    defer: (cleanup) => {
      deferred.push(cleanup);
    },
    useRealHost: dropHost,
    useVirtualHost,
    end: () => {
      if (ended) return [];
      ended = true;
      const problems: string[] = [];
      for (const cleanup of deferred.splice(0).reverse()) {
        try {
          cleanup();
        } catch (error) {
          problems.push(`a deferred clean-up threw: ${String(error)}`);
        }
      }
      for (const q of tracked) XTaskQueueCloseHandle(q);
      tracked.clear();
      if (reset) XTaskQueueUninitialize();
      // run what is posted (a pool job whose macrotask is dropped with the host would be stranded)
      dropHost();
      setThreadPoolShuffle(null);
      setThreadPoolSize(previousPoolSize);
      for (const c of counters) {
        const n = c.count() - c.base;
        if (n !== 0) problems.push(`${c.name}: ${n > 0 ? '+' : ''}${n} after the test`);
      }
      if (options.failOnCallbackErrors !== false)
        for (const e of errors) problems.push(`a callback threw: ${String(e)}`);
      return problems;
    },
  };
}

/** The per-test hooks of a test framework (Vitest's, Jest's and Mocha's fit). */
export interface TestHooks {
  /** Registers `fn` to run before each test. */
  beforeEach(fn: () => void): unknown;
  /** Registers `fn` to run after each test. */
  afterEach(fn: () => void): unknown;
}

/**
 * Gives every test of the calling file (or suite) a sandbox: opened before each test, ended after
 * it, failing the test (by throwing) on a problem {@link RuntimeSandbox.end} reports.
 * @example
 * ```ts no-run
 * import { afterEach, beforeEach, it } from 'vitest';
 * import { pump, useRuntimeSandbox } from '@gdkts/xasync/testing';
 * const sandbox = useRuntimeSandbox({ beforeEach, afterEach });
 * it('runs', () => {
 *   const q = sandbox.createQueue();
 *   // … submit work …
 *   pump(q);
 *   sandbox.host.runAll();
 * });
 * ```
 * @param hooks - [in] the framework's `beforeEach` and `afterEach`.
 * @param options - [in] see {@link RuntimeSandboxOptions}.
 * @returns the current test's sandbox (its members throw outside a test; they may be destructured).
 */
export function useRuntimeSandbox(hooks: TestHooks, options: RuntimeSandboxOptions = {}): RuntimeSandbox {
  let current: RuntimeSandbox | null = null;
  const now = (): RuntimeSandbox => {
    if (current === null) throw new Error('useRuntimeSandbox: no test is running');
    return current;
  };
  hooks.beforeEach(() => {
    current = openRuntimeSandbox(options);
  });
  hooks.afterEach(() => {
    const sandbox = current;
    current = null;
    const problems = sandbox?.end() ?? [];
    if (problems.length > 0) throw new Error(`runtime sandbox: ${problems.join('; ')}`);
  });
  return {
    get host(): VirtualHost {
      return now().host;
    },
    get baseline(): LiveCounts {
      return now().baseline;
    },
    leaks: () => now().leaks(),
    createQueue: (work, completion) => now().createQueue(work, completion),
    track: (queue) => now().track(queue),
    closeQueue: (queue) => now().closeQueue(queue),
    defer: (cleanup) => now().defer(cleanup),
    takeErrors: () => now().takeErrors(),
    useRealHost: () => now().useRealHost(),
    useVirtualHost: (own) => now().useVirtualHost(own),
    end: () => now().end(),
  };
}

/**
 * Dispatches both ports of a queue (Work first, no wait) until it is idle: two passes in a row
 * that run nothing. The second pass is needed because a termination step is processed by a
 * dispatch that runs no callback, and that step may make more work ready.
 * @param queue - [in] the queue (`null`: the process queue).
 * @returns how many callbacks ran.
 */
export function pump(queue: XTaskQueueHandle | null): number {
  let total = 0;
  for (let idle = 0; idle < 2;) {
    let n = 0;
    while (XTaskQueueDispatch(queue, XTaskQueuePort.Work, 0)) n++;
    while (XTaskQueueDispatch(queue, XTaskQueuePort.Completion, 0)) n++;
    total += n;
    idle = n === 0 ? idle + 1 : 0;
  }
  return total;
}
