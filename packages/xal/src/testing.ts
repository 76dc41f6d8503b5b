/**
 * `@gdkts/xal/testing`: leak counters, the runtime sandbox's options with them, and a reset for tests
 * of code built on XAL (after a test that closed every handle, completed every hook and cleaned XAL
 * up, every counter is 0); and the test world the xal tests, benches and samples sign in to
 * ({@link createXalTestWorld}), with an in-memory storage hook ({@link memoryStorageHandlers}).
 *
 * @example
 * ```ts no-check
 * import { xalLeakCounts, resetXal } from '@gdkts/xal/testing';
 * afterEach(() => {
 *   expect(xalLeakCounts()).toEqual({ userHandles: 0, deferrals: 0, operations: 0, callsInFlight: 0, changeHandlers: 0, initialized: false });
 *   resetXal();
 * });
 * ```
 * @packageDocumentation
 */
export {
  TEST_CLIENT_ID,
  TEST_RELYING_PARTY,
  TEST_SEED_URL,
  TEST_TITLE_ID,
  TEST_UNMAPPED_URL,
  TEST_UNSIGNED_URL,
  createXalTestWorld,
  memoryStorageHandlers,
  type XalTestWorld,
} from './testing/testWorld.js';
import type { UserSession } from '@gdkts/identity';
import { XTaskQueueCloseHandle } from '@gdkts/xasync';
import type { RuntimeSandboxOptions } from '@gdkts/xasync/testing';
import { hooks, outstandingOperationCount } from './internal/hooks.js';
import { XalMemSetFunctions } from './XalMem.js';
import { xal } from './internal/runtime.js';
import { changeHandlers, deferrals, users } from './internal/users.js';

/** What XAL still holds. */
export interface XalLeakCounts {
  /** User targets with an open handle. */
  readonly userHandles: number;
  /** Sign-out deferrals not closed. */
  readonly deferrals: number;
  /** Platform operations raised and not completed. */
  readonly operations: number;
  /** XAL async calls not yet cleaned up. */
  readonly callsInFlight: number;
  /** Change-event registrations. */
  readonly changeHandlers: number;
  /** Whether XAL is initialized (or cleaning up). */
  readonly initialized: boolean;
}

/**
 * The leak counters.
 * @returns the counts; all 0 and `initialized` false after a clean test.
 */
export function xalLeakCounts(): XalLeakCounts {
  return {
    userHandles: users.liveCount,
    deferrals: deferrals.liveCount,
    operations: outstandingOperationCount(),
    callsInFlight: xal.callsInFlight,
    changeHandlers: changeHandlers.size,
    initialized: xal.runtime !== null,
  };
}

/**
 * The options of `useRuntimeSandbox` / `openRuntimeSandbox` (`@gdkts/xasync/testing`) for code on
 * XAL: the real host (real keys, sockets and promises) and XAL's leak counters
 * ({@link xalLeakCounts}), each of which must be back at 0 when the test ends.
 *
 * @example
 * ```ts no-run
 * import { afterEach, beforeEach } from 'vitest';
 * import { useRuntimeSandbox } from '@gdkts/xasync/testing';
 * import { XAL_SANDBOX, resetXal } from '@gdkts/xal/testing';
 * afterEach(() => resetXal()); // registered first, so it runs after the sandbox's check
 * useRuntimeSandbox({ beforeEach, afterEach }, XAL_SANDBOX);
 * ```
 */
export const XAL_SANDBOX: RuntimeSandboxOptions = Object.freeze({
  virtualHost: false,
  counters: Object.freeze({
    'XAL user handles': (): number => xalLeakCounts().userHandles,
    'XAL sign-out deferrals': (): number => xalLeakCounts().deferrals,
    'XAL platform operations': (): number => xalLeakCounts().operations,
    'XAL calls in flight': (): number => xalLeakCounts().callsInFlight,
    'XAL change handlers': (): number => xalLeakCounts().changeHandlers,
    'XAL initialized': (): number => (xalLeakCounts().initialized ? 1 : 0),
  }),
});

/**
 * Forgets XAL's process state after a test, whatever it left: the runtime (its session closed, its
 * queue duplicate closed), the change registrations and every platform hook. Handles still open stay
 * open (close them, or let them go): they no longer resolve to a live XAL.
 */
export function resetXal(): void {
  const runtime = xal.runtime;
  if (runtime !== null) {
    runtime.session.close();
    if (runtime.queue !== null) XTaskQueueCloseHandle(runtime.queue);
    xal.runtime = null;
  }
  changeHandlers.clear();
  hooks.web = null;
  hooks.storage = null;
  hooks.remoteConnect = null;
  hooks.spop = null;
  hooks.crypto = null;
  hooks.dateTime = null;
  XalMemSetFunctions(null, null); // refused while a user handle is still open
}

/**
 * The identity session XAL is bound to, so a test can play the system: sign an account out on the
 * console (GDK flavour) or elsewhere, change a gamertag, and watch the change events flow.
 * @returns the session, or `null` when XAL is not initialized.
 */
export function currentXalSession(): UserSession | null {
  return xal.runtime?.session ?? null;
}
