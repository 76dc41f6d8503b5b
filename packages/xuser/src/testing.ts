/**
 * `@gdkts/xuser/testing`: the emulated console the game runtime sees — title id, MSA app id and
 * sandbox (options or the working directory's `MicrosoftGame.config`), the accounts on the device,
 * the default user, the scripted system UI, the endpoint configuration — and the counters a test
 * checks for leaks.
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
