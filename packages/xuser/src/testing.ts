/**
 * `@gdkts/xuser/testing`: the emulated console the game runtime sees — title id, MSA app id and
 * sandbox (options or the working directory's `MicrosoftGame.config`), the accounts on the device,
 * the default user, the scripted system UI, the endpoint configuration — and the counters a test
 * checks for leaks; and the test console the xuser tests, benches and samples start from (title,
 * endpoints, issuer and relying parties made once per process, {@link bootTestConsole}) with the
 * custom web service its seed calls ({@link startTestClaimsService}).
 *
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import { XAsyncGetStatusAsync, type XAsyncBlock } from '@gdkts/xasync';
 * import { XGameRuntimeInitialize, XGameRuntimeUninitialize, XUserAddAsync, XUserAddOptions } from '@gdkts/xuser';
 * import { createEmulatedConsole, xuserLiveCounts } from '@gdkts/xuser/testing';
 * await createEmulatedConsole({
 *   titleId: 0x1234abcd,
 *   configDirectory: null,
 *   accounts: [{ gamertag: 'Alice' }],
 *   ui: [{ outcome: 'dismissed' }],
 *   endpoints: { EndPoints: [{ Protocol: 'https', Host: 'api.contoso.com', HostType: 'fqdn', RelyingParty: 'rp://contoso.com/', TokenType: 'JWT' }] },
 * });
 * XGameRuntimeInitialize();
 * const block: XAsyncBlock = {};
 * XUserAddAsync(XUserAddOptions.None, block); // the account picker: the script dismisses it
 * assert.strictEqual(await XAsyncGetStatusAsync(block), 0x80004004 | 0); // E_ABORT
 * XGameRuntimeUninitialize();
 * assert.deepStrictEqual(xuserLiveCounts(), { initialized: false, userHandles: 0, deferralHandles: 0, registrations: 0 });
 * ```
 * @packageDocumentation
 */
export {
  EmulatedConsole,
  createEmulatedConsole,
  uninstallEmulatedConsole,
  type EmulatedAccount,
  type EmulatedAudioEndpoints,
  type EmulatedConsoleOptions,
  type EmulatedInputDevice,
} from './EmulatedConsole.js';
export {
  MICROSOFT_GAME_CONFIG,
  parseMicrosoftGameConfig,
  readMicrosoftGameConfig,
  type MicrosoftGameConfig,
} from './MicrosoftGameConfig.js';
export {
  AudioEndpointKind,
  scriptedUi,
  type ControllerPrompt,
  type ControllerUiHandler,
  type UiHandler,
  type UiPrompt,
  type UiResponse,
} from '@gdkts/identity';
export {
  TEST_ENDPOINTS,
  TEST_RELYING_PARTY,
  TEST_SIGNATURE_POLICY,
  TEST_SIGNED_URL,
  TEST_TITLE_ID,
  TEST_UNMAPPED_URL,
  TEST_UNSIGNED_URL,
  bootTestConsole,
  createTestConsole,
  testWorld,
  uninitializeGameRuntime,
  type TestWorld,
} from './testing/testConsole.js';
export { startTestClaimsService, testEndpointsWith } from './testing/testClaimsService.js';
import type { RuntimeSandboxOptions } from '@gdkts/xasync/testing';
import { peek, registrationCount } from './internal/runtime.js';

/** What the XUser runtime holds right now. */
export interface XUserLiveCounts {
  /** Whether the game runtime is initialized. */
  readonly initialized: boolean;
  /** Users with an open handle. */
  readonly userHandles: number;
  /** Sign-out deferral handles not yet closed. */
  readonly deferralHandles: number;
  /** Change-event, device-association and audio-endpoint registrations. */
  readonly registrations: number;
}

/**
 * The XUser runtime's live objects (all zero and `initialized: false` after the last
 * `XGameRuntimeUninitialize`).
 *
 * @returns the counts.
 */
export function xuserLiveCounts(): XUserLiveCounts {
  const rt = peek();
  if (rt === undefined) return { initialized: false, userHandles: 0, deferralHandles: 0, registrations: 0 };
  return {
    initialized: true,
    userHandles: rt.users.liveCount,
    deferralHandles: rt.deferrals.liveCount,
    registrations: registrationCount(rt),
  };
}

/**
 * The options of `useRuntimeSandbox` / `openRuntimeSandbox` (`@gdkts/xasync/testing`) for code on
 * XUser: the real host (real keys, sockets and promises) and XUser's live counters
 * ({@link xuserLiveCounts}), each of which must be back at its baseline when the test ends
 * (uninitialize the game runtime first, {@link uninitializeGameRuntime}).
 *
 * @example
 * ```ts no-run
 * import { afterEach, beforeEach } from 'vitest';
 * import { useRuntimeSandbox } from '@gdkts/xasync/testing';
 * import { XUSER_SANDBOX, uninitializeGameRuntime } from '@gdkts/xuser/testing';
 * useRuntimeSandbox({ beforeEach, afterEach }, XUSER_SANDBOX);
 * afterEach(() => uninitializeGameRuntime()); // registered later, so it runs before the sandbox's check
 * ```
 */
export const XUSER_SANDBOX: RuntimeSandboxOptions = Object.freeze({
  virtualHost: false,
  counters: Object.freeze({
    'XUser runtimes': (): number => (xuserLiveCounts().initialized ? 1 : 0),
    'XUser user handles': (): number => xuserLiveCounts().userHandles,
    'XUser deferral handles': (): number => xuserLiveCounts().deferralHandles,
    'XUser registrations': (): number => xuserLiveCounts().registrations,
  }),
});
