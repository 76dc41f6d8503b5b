/**
 * The emulated console the XUser samples (S4–S8) run on (`@gdkts/xuser/testing`): one token issuer
 * and the relying parties made once per process (RSA keys are slow), a title whose endpoint
 * configuration maps `*.contoso.test` (signed, the policy covering `Why`), `nosig.contoso.test` (no
 * signature) and the platform default `*.xboxlive.com`; a fresh console and game runtime per run;
 * the sandbox with XUser's own live counters; the drivers the samples' game loops use.
 * @module
 */
import { DEFAULT_SIGNATURE_POLICY, RelyingParty, TokenIssuer, type EndpointConfiguration } from '@gdkts/xboxlive';
import { XTaskQueueCreate, out, type XTaskQueueDispatchMode, type XTaskQueueHandle } from '@gdkts/xasync';
import type { RuntimeSandboxOptions } from '@gdkts/xasync/testing';
import { XGameRuntimeInitialize, XGameRuntimeUninitialize } from '@gdkts/xuser';
import {
  createEmulatedConsole,
  xuserLiveCounts,
  type EmulatedConsole,
  type EmulatedConsoleOptions,
} from '@gdkts/xuser/testing';
import { ThrowIfFailed } from './helpers.js';

/** The contoso relying party. */
export const RP = 'rp://contoso.test/';
/** The title id. */
export const TITLE_ID = 0x1234abcd;
/** The signature policy of `*.contoso.test` (and the claims service): covers the `Why` header. */
export const SIGNED_POLICY = Object.freeze({ Version: 1, MaxBodyBytes: 8192, ExtraHeaders: Object.freeze(['Why']) });

/** The title's endpoint configuration. */
export const ENDPOINTS: EndpointConfiguration = {
  SignaturePolicies: [DEFAULT_SIGNATURE_POLICY, SIGNED_POLICY],
  EndPoints: [
    { Protocol: 'https', Host: 'nosig.contoso.test', HostType: 'fqdn', RelyingParty: RP, TokenType: 'JWT' },
    {
      Protocol: 'https',
      Host: '*.contoso.test',
      HostType: 'wildcard',
      RelyingParty: RP,
      TokenType: 'JWT',
      SignaturePolicyIndex: 1,
    },
  ],
};

/** The issuer and the relying parties (contoso, Xbox Live). */
export interface XUserWorld {
  readonly issuer: TokenIssuer;
  readonly relyingParties: readonly RelyingParty[];
}

let shared: Promise<XUserWorld> | undefined;

/** @returns the process's issuer and relying parties (made once). */
export function sharedWorld(): Promise<XUserWorld> {
  shared ??= (async () => {
    const [issuer, contoso, xboxlive] = await Promise.all([
      TokenIssuer.create(),
      RelyingParty.create({ audience: RP, publisherId: 'contoso', userClaims: ['xid', 'gtg', 'agg', 'prv', 'ptx'] }),
      RelyingParty.create({ audience: 'http://xboxlive.com', publisherId: 'microsoft' }),
    ]);
    return { issuer, relyingParties: [contoso, xboxlive] };
  })();
  return shared;
}

/**
 * A console with the shared world and a freshly initialized game runtime (an earlier one is
 * uninitialized first): what the title sees when it starts.
 * @param options - [in, optional] accounts, default user, scripted UI, endpoints, …
 * @returns the console.
 */
export async function boot(options: EmulatedConsoleOptions = {}): Promise<EmulatedConsole> {
  const { issuer, relyingParties } = await sharedWorld();
  const console = await createEmulatedConsole({
    titleId: TITLE_ID,
    configDirectory: null,
    endpoints: ENDPOINTS,
    issuer,
    relyingParties,
    ...options,
  });
  while (xuserLiveCounts().initialized) XGameRuntimeUninitialize();
  ThrowIfFailed(XGameRuntimeInitialize());
  return console;
}

/** Uninitializes the game runtime (every `XGameRuntimeInitialize` of {@link boot}). */
export function shutdownRuntime(): void {
  while (xuserLiveCounts().initialized) XGameRuntimeUninitialize();
}

/**
 * The sandbox the XUser samples run in: the real host (real keys, sockets and promises), with
 * XUser's live counters, each back at its baseline when the sample ends.
 */
export const XUSER_SANDBOX: RuntimeSandboxOptions = {
  virtualHost: false,
  counters: {
    'XUser runtimes': () => (xuserLiveCounts().initialized ? 1 : 0),
    'XUser user handles': () => xuserLiveCounts().userHandles,
    'XUser deferral handles': () => xuserLiveCounts().deferralHandles,
    'XUser registrations': () => xuserLiveCounts().registrations,
  },
};

/** One event-loop turn (the console's promises: token service, sign-out, UI). */
export const tick = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** `%08X`-style `0x…` of an HRESULT. */
export const hex = (hr: number): string => `0x${(hr >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;

/** `XTaskQueueCreate(work, completion, &queue)` (ThrowIfFailed). */
export function createTaskQueue(work: XTaskQueueDispatchMode, completion: XTaskQueueDispatchMode): XTaskQueueHandle {
  const q = out<XTaskQueueHandle | null>(null);
  ThrowIfFailed(XTaskQueueCreate(work, completion, q));
  return q.value!;
}

/**
 * The game loop: runs frames until `done()`, each calling the sample's `Update` (which dispatches
 * one completion, S4, or drains the Completion port, S5/S6), then yielding one event-loop turn.
 * @param Update - [in] the sample's per-frame update.
 * @param done - [in] the sample's "finished" condition.
 * @returns the frames run.
 * @throws Error when `done()` still fails after 500 frames.
 */
export async function runFrames(Update: () => void, done: () => boolean): Promise<number> {
  let n = 0;
  while (!done() && n < 500) {
    Update();
    await tick();
    n++;
  }
  if (!done()) throw new Error('runFrames: not done after 500 frames');
  return n;
}
