/**
 * `@gdkts/xal/testing`: leak counters and a reset for tests of code built on XAL. After a test that
 * closed every handle, completed every hook and cleaned XAL up, every counter is 0.
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
import type { UserSession } from '@gdkts/identity';
import { XTaskQueueCloseHandle } from '@gdkts/xasync';
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
