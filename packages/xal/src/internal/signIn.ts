// XAL's sign-in and account-fix UI on a non-GDK platform: the identity engine's prompts become
// platform hooks (xuser-xal.md §2.3, §2.4). The picker is the MSA authorize page in the web view
// (or the device-code prompt under Generic + useRemoteAuth), followed by the SPOP prompt when the
// account is signed in elsewhere; fixes open the account page as a NonAuthFlow.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import type { UiHandler, UiPrompt, UiResponse } from '@gdkts/identity';
import type { Account } from '@gdkts/xboxlive';
import { out } from '@gdkts/xasync';
import {
  XAL_EMULATOR_ACCOUNT_URL,
  XAL_EMULATOR_AUTHORIZE_URL,
  XAL_EMULATOR_DEVICE_CODE_URL,
  WEB_ACCOUNT_SIGN_IN_SCOPE,
  type XalEmulator,
} from '../XalEmulator.js';
import {
  XAL_INIT_OPTION_USE_MPOP_BEHAVIOR,
  XAL_NO_USER_IDENTIFIER,
  XalPlatformOperationResult,
  XalShowUrlType,
  XalSpopOperationResult,
  type XalUuid,
} from '../types.js';
import { hooks, remoteConnect, showUrl, spopPrompt } from './hooks.js';
import { qrCodePng } from './qrCode.js';
import type { HttpXstsClient, SignInHandler } from '@gdkts/xboxlive/client';
import { isRedirectTo, liveClients } from './sisu.js';

/** The XAL call a prompt belongs to: whose hooks it raises, and whether it failed (not canceled). */
export interface UiFlow {
  readonly userIdentifier: number;
  failed: boolean;
}

/** The flow of the XAL call running now (carried across awaits). */
export const uiFlow = new AsyncLocalStorage<UiFlow>();

/** What the sign-in UI needs of the runtime. */
export interface SignInConfig {
  readonly emulator: XalEmulator;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly flags: number;
  readonly useRemoteAuth: boolean;
  readonly generic: boolean;
  /** Makes the account of a live service's profile known (over HTTP, accounts sign in unlisted). */
  readonly learn: (profile: unknown) => Account | undefined;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Random bytes from the Generic crypto callback, or node:crypto elsewhere; `undefined` when the callback fails. */
function randomHex(config: SignInConfig, size: number): string | undefined {
  const crypto = hooks.crypto;
  if (!config.generic || crypto === null) return hex(randomBytes(size));
  const buffer = new Uint8Array(size);
  return crypto.random(crypto.context, size, buffer) === XalPlatformOperationResult.Success ? hex(buffer) : undefined;
}

/** A request id from the Generic uuid callback, or node:crypto elsewhere. */
function requestId(config: SignInConfig): string | undefined {
  const crypto = hooks.crypto;
  if (!config.generic || crypto === null) return randomUUID();
  const result = out<XalUuid | null>(null);
  if (crypto.uuid(crypto.context, result) !== XalPlatformOperationResult.Success || result.value === null)
    return undefined;
  const { data1, data2, data3, data4 } = result.value;
  const d4 = hex(data4);
  return `${(data1 >>> 0).toString(16).padStart(8, '0')}-${data2.toString(16).padStart(4, '0')}-${data3.toString(16).padStart(4, '0')}-${d4.slice(0, 4)}-${d4.slice(4)}`;
}

/** What a sign-in page answered: the account that signed in, or why not. */
export type Outcome = { readonly xuid: string } | 'dismissed' | 'failed';

/**
 * Opens a sign-in page in the web view and reads the redirect it completed with.
 * @returns the redirect (to the redirect URI, carrying `state`) and its code, `'dismissed'` (Canceled) or `'failed'`.
 */
async function signInPage(
  flow: UiFlow,
  startUrl: string,
  redirectUri: string,
  state: string,
): Promise<{ readonly url: string; readonly code: string } | 'dismissed' | 'failed'> {
  const completion = await showUrl(flow.userIdentifier, startUrl, redirectUri, XalShowUrlType.Normal);
  if (completion.result === XalPlatformOperationResult.Canceled) return 'dismissed';
  if (completion.result !== XalPlatformOperationResult.Success || typeof completion.url !== 'string') return 'failed';
  let final: URL;
  try {
    final = new URL(completion.url);
  } catch {
    return 'failed';
  }
  const code = final.searchParams.get('code');
  if (!isRedirectTo(final, redirectUri) || final.searchParams.get('state') !== state || code === null) return 'failed';
  return { url: completion.url, code };
}

/**
 * The MSA authorize page in the web view for `scope`: the redirect's code names the account.
 * @param config - [in] the client's configuration.
 * @param flow - [in] the XAL call the page belongs to.
 * @param scope - [in] the scope asked for.
 * @returns the account, `'dismissed'` (Canceled) or `'failed'`.
 */
export async function authorizeInWebView(config: SignInConfig, flow: UiFlow, scope: string): Promise<Outcome> {
  const state = randomHex(config, 16);
  const id = requestId(config);
  if (state === undefined || id === undefined) return 'failed';
  const start = new URL(XAL_EMULATOR_AUTHORIZE_URL);
  start.searchParams.set('client_id', config.clientId);
  start.searchParams.set('response_type', 'code');
  start.searchParams.set('scope', scope);
  start.searchParams.set('redirect_uri', config.redirectUri);
  start.searchParams.set('state', state);
  start.searchParams.set('client-request-id', id);
  const page = await signInPage(flow, start.toString(), config.redirectUri, state);
  if (typeof page === 'string') return page;
  const account = config.emulator.redeemCode(page.code, config.clientId, config.redirectUri);
  return account === undefined ? 'failed' : { xuid: account.xuid };
}

/** Carries a sign-in page the user closed (or that failed) out of the HTTP client's SISU flow. */
class PageClosed extends Error {
  readonly outcome: 'dismissed' | 'failed';

  constructor(outcome: 'dismissed' | 'failed') {
    super(`sign-in page ${outcome}`);
    this.outcome = outcome;
  }
}

/**
 * Sign-in against the live service, as XAL does it: the HTTP client's SISU flow (authenticate, the
 * service's sign-in page in the web view, authorize with the code from the redirect).
 */
async function liveSignIn(config: SignInConfig, flow: UiFlow, client: HttpXstsClient): Promise<Outcome> {
  const state = randomHex(config, 16);
  if (state === undefined) return 'failed';
  const signIn: SignInHandler = async (signInUrl, redirectUri) => {
    const page = await signInPage(flow, signInUrl, redirectUri, state);
    if (typeof page === 'string') throw new PageClosed(page);
    return page.url;
  };
  let fixDismissed = false;
  try {
    const signedIn = await client.sisu({
      deviceId: config.emulator.device.id,
      titleId: config.emulator.title.titleId,
      redirectUri: config.redirectUri,
      signIn,
      state,
      // a refused authorize with an account page: the page in the web view, as XAL shows it
      resolve: async (refusal) => {
        const fix = new URL(refusal.redirect ?? '');
        fix.searchParams.set('redirect_uri', config.redirectUri);
        const shown = await showUrl(flow.userIdentifier, fix.href, config.redirectUri, XalShowUrlType.NonAuthFlow);
        fixDismissed = shown.result === XalPlatformOperationResult.Canceled;
        return shown.result === XalPlatformOperationResult.Success;
      },
    });
    if (!signedIn.ok) return fixDismissed ? 'dismissed' : 'failed';
    const claims = (signedIn.authorizationToken.DisplayClaims as { xui?: readonly unknown[] }).xui?.[0];
    return config.learn(claims)?.xuid === signedIn.xuid ? { xuid: signedIn.xuid } : 'failed';
  } catch (error) {
    return error instanceof PageClosed ? error.outcome : 'failed';
  }
}

/** The device-code prompt: the user enters the code on another device. */
async function remoteSignIn(config: SignInConfig, flow: UiFlow): Promise<Outcome> {
  const { code, signedIn, cancel } = config.emulator.startDeviceCode(config.clientId);
  let xuid: string | undefined;
  const entered = signedIn.then((x) => {
    xuid = x;
  });
  const completion = await remoteConnect(
    flow.userIdentifier,
    XAL_EMULATOR_DEVICE_CODE_URL,
    code,
    qrCodePng(XAL_EMULATOR_DEVICE_CODE_URL),
    entered,
    cancel,
  );
  cancel();
  if (completion.result === XalPlatformOperationResult.Canceled) return 'dismissed';
  return completion.result === XalPlatformOperationResult.Success && xuid !== undefined ? { xuid } : 'failed';
}

async function pickAccount(config: SignInConfig, flow: UiFlow): Promise<UiResponse> {
  for (;;) {
    const live = liveClients.get(config.emulator);
    const outcome = config.useRemoteAuth
      ? await remoteSignIn(config, flow)
      : live !== undefined
        ? await liveSignIn(config, flow, live)
        : await authorizeInWebView(config, flow, WEB_ACCOUNT_SIGN_IN_SCOPE);
    if (outcome === 'dismissed') return { outcome: 'dismissed' };
    if (outcome === 'failed') {
      flow.failed = true;
      return { outcome: 'failed' };
    }
    const account = config.emulator.account(outcome.xuid);
    if (
      account === undefined ||
      !config.emulator.isSignedInElsewhere(outcome.xuid) ||
      (config.flags & XAL_INIT_OPTION_USE_MPOP_BEHAVIOR) !== 0
    )
      return { outcome: 'completed', xuid: outcome.xuid };
    const suffix = account.modernGamertagSuffix;
    const answer = await spopPrompt(flow.userIdentifier, account.modernGamertag, suffix === '' ? null : suffix);
    if (answer.result === XalSpopOperationResult.SignInHere) {
      config.emulator.setSignedInElsewhere(outcome.xuid, false);
      return { outcome: 'completed', xuid: outcome.xuid };
    }
    if (answer.result === XalSpopOperationResult.Canceled) return { outcome: 'dismissed' };
    if (answer.result === XalSpopOperationResult.Failure) {
      flow.failed = true;
      return { outcome: 'failed' };
    }
    // SwitchAccount: sign in again with another account
  }
}

/** An account-fix or privilege page as a NonAuthFlow in the web view. */
async function fixPage(flow: UiFlow, query: Record<string, string>, redirectUri: string): Promise<UiResponse> {
  const start = new URL(XAL_EMULATOR_ACCOUNT_URL);
  for (const [k, v] of Object.entries(query)) start.searchParams.set(k, v);
  const completion = await showUrl(flow.userIdentifier, start.toString(), redirectUri, XalShowUrlType.NonAuthFlow);
  if (completion.result === XalPlatformOperationResult.Success) return { outcome: 'completed' };
  return completion.result === XalPlatformOperationResult.Canceled ? { outcome: 'dismissed' } : { outcome: 'failed' };
}

/**
 * The identity engine's UI handler for a non-GDK XAL.
 * @param config - [in] the emulator and the client's configuration.
 * @returns the handler.
 */
export function hookUi(config: SignInConfig): UiHandler {
  return (prompt: UiPrompt) => {
    const flow = uiFlow.getStore() ?? { userIdentifier: XAL_NO_USER_IDENTIFIER, failed: false };
    if (prompt.kind === 'accountPicker') return pickAccount(config, flow);
    if (prompt.kind === 'resolveIssue')
      return fixPage(
        flow,
        { xuid: prompt.account.xuid, ...(prompt.url === null ? {} : { url: prompt.url }) },
        config.redirectUri,
      );
    return fixPage(flow, { xuid: prompt.account.xuid, privilege: String(prompt.privilege) }, config.redirectUri);
  };
}
