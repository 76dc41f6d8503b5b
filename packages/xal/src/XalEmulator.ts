/**
 * What XAL talks to in this emulation: the Microsoft-account sign-in pages a web view opens (an
 * authorize URL answered by a redirect carrying a one-shot code), the device-code page of the
 * remote-connect flow, and the Xbox Live side (the title with its client id, the device, the
 * accounts, an XSTS client) that `@gdkts/identity` turns into users and tokens. One emulator is
 * installed per process with {@link useXalEmulator}; `XalInitialize` reads it (xuser-xal.md §2.2, §2.3).
 *
 * @module
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { UiHandler } from '@gdkts/identity';
import { LIVE_URL_ENV, httpXsts, type XstsClient } from '@gdkts/xboxlive/client';
import { Account, Device, Title } from '@gdkts/xboxlive';
import { XalConsentState } from './types.js';
import { liveClients } from './internal/sisu.js';

/** The emulated Microsoft-account authorize page a sign-in web view opens. */
export const XAL_EMULATOR_AUTHORIZE_URL = 'https://login.live.emulator/oauth20_authorize.srf';
/** The emulated account-fix page (`XalShowUrlType.NonAuthFlow`). */
export const XAL_EMULATOR_ACCOUNT_URL = 'https://account.xbox.emulator/fix';
/** The emulated sign-out (cookie removal) page. */
export const XAL_EMULATOR_LOGOUT_URL = 'https://login.live.emulator/logout.srf';
/** The scope XAL signs users in with; every signed-in account has it. */
export const WEB_ACCOUNT_SIGN_IN_SCOPE = 'service::user.auth.xboxlive.com::MBI_SSL';
/** The emulated device-code entry page shown by the remote-connect prompt. */
export const XAL_EMULATOR_DEVICE_CODE_URL = 'https://www.microsoft.emulator/link';

/** Options of the {@link XalEmulator} constructor. */
export interface XalEmulatorOptions {
  /**
   * Where tokens come from (`inProcessXsts(world)` of `@gdkts/xboxlive`, or any client). Without it,
   * XAL talks to the emulated Xbox Live service at {@link XalEmulatorOptions.liveUrl}.
   */
  readonly xsts?: XstsClient;
  /**
   * Base URL of a running emulated Xbox Live service (`@gdkts/xboxlive-service`). XAL then signs
   * users in as the real library does: device authentication, SISU `POST /authenticate`, the
   * service's sign-in page in the title's web-view hook, `POST /authorize` with the code; and gets
   * relying-party tokens from its `POST /xsts/authorize`, every call signed with the device proof
   * key. Default when `xsts` is not given: the `GDKTS_LIVE_URL` environment variable. The
   * accounts are the service's: one that signs in becomes known to the emulator with the profile
   * the service answers (XUID, gamertag, age group, privileges), and the cached user keeps it for
   * a later silent sign-in; none need be listed in {@link XalEmulatorOptions.accounts}.
   */
  readonly liveUrl?: string;
  /**
   * The `fetch` XAL's HTTP calls to {@link XalEmulatorOptions.liveUrl} go through (SISU, XSTS and
   * the sign-in page), for example to log them. Default: the global `fetch`.
   */
  readonly fetch?: typeof globalThis.fetch;
  /** The title: its id, sandbox and endpoint configuration. */
  readonly title: Title;
  /** The MSA client id registered for the title (16 hex digits or a GUID). */
  readonly clientId: string;
  /** The device the title runs on (its proof key signs requests). Default: a new device. */
  readonly device?: Device;
  /** The Microsoft accounts that can sign in. */
  readonly accounts?: Iterable<Account>;
  /** GDK flavour: the console's default (launching) user's XUID. */
  readonly defaultUser?: string;
  /** GDK flavour: answers the console's system UI (picker, fixes). Default: accept everything. */
  readonly ui?: UiHandler;
  /** How long a sign-out waits for deferrals, in milliseconds. Default 10 000. */
  readonly signOutTimeoutMs?: number;
  /** The clock for tokens and signatures, in milliseconds. Default `Date.now` (Generic: the date/time callbacks). */
  readonly now?: () => number;
}

/** What a redeemed authorization code names. */
interface PendingCode {
  readonly xuid: string;
  readonly clientId: string;
  readonly redirectUri: string;
}

/** A device-code flow waiting for the user to enter the code on another device. */
interface PendingDeviceCode {
  readonly clientId: string;
  resolve: (xuid: string) => void;
}

/** A device-code flow as XAL started it. */
export interface XalDeviceCodeFlow {
  /** The user code the prompt shows. */
  readonly code: string;
  /** Settles with the XUID of the account that entered the code. */
  readonly signedIn: Promise<string>;
  /** Forgets the flow: the code no longer signs anyone in. */
  readonly cancel: () => void;
}

/** What a web-account (MSA) token names, as {@link XalEmulator.readWebAccountToken} reads it back. */
export interface XalWebAccountTokenClaims {
  /** The account's XUID. */
  readonly xuid: string;
  /** The account's web account id. */
  readonly webAccountId: string;
  /** The scope granted. */
  readonly scope: string;
  /** The request parameters, in order. */
  readonly parameters: readonly (readonly [string, string])[];
  /** When it was issued, Unix ms. */
  readonly issuedAt: number;
  /** A number unique to the token (a forced refresh gets a new one). */
  readonly serial: number;
}

/** How a user answers the emulated sign-in page. */
export interface XalEmulatorAuthorizeChoice {
  /** The account to sign in. Default: the first account. */
  readonly xuid?: string;
}

const CLIENT_ID = /^(?:[0-9a-fA-F]{16}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

/**
 * Whether a string is a well-formed MSA client id: 16 hex digits or a GUID (xuser-xal.md §1.8,
 * `E_GAMEUSER_MALFORMED_MSAAPPID`).
 * @param clientId - [in] the client id.
 * @returns true when well formed.
 */
export function isWellFormedClientId(clientId: string): boolean {
  return CLIENT_ID.test(clientId);
}

function fail(name: string, expected: string, value: unknown): TypeError {
  return new TypeError(`Expected \`${name}\` to be ${expected}, got \`${String(value)}\` (${typeof value})`);
}

/**
 * The emulated Microsoft-account and Xbox Live world one XAL title signs in to. Construct it, install
 * it with {@link useXalEmulator}, then `XalInitialize`. Tests (or the default web-view hook) play the
 * browser with {@link XalEmulator.authorize} and the second device with {@link XalEmulator.enterDeviceCode}.
 *
 * @example
 * ```ts no-check
 * const emulator = new XalEmulator({ xsts: inProcessXsts(world), title, clientId: '000000004C26A1F0', accounts: [alice] });
 * useXalEmulator(emulator);
 * ```
 */
export class XalEmulator {
  /** The XSTS client. */
  readonly xsts: XstsClient;
  /** The emulated service XAL signs in to over HTTP (SISU), when given; `undefined` in process. */
  readonly liveUrl: string | undefined;
  /** The title. */
  readonly title: Title;
  /** The MSA client id registered for the title. */
  readonly clientId: string;
  /** The device. */
  readonly device: Device;
  /** GDK flavour: the default user's XUID. */
  readonly defaultUser: string | undefined;
  /** GDK flavour: the console UI. */
  readonly ui: UiHandler | undefined;
  /** Sign-out deferral timeout in milliseconds. */
  readonly signOutTimeoutMs: number | undefined;
  /** The clock, when given. */
  readonly now: (() => number) | undefined;
  readonly #fetch: typeof globalThis.fetch;
  readonly #accounts = new Map<string, Account>();
  readonly #codes = new Map<string, PendingCode>();
  readonly #deviceCodes = new Map<string, PendingDeviceCode>();
  readonly #elsewhere = new Set<string>();
  readonly #consents = new Map<string, XalConsentState>();
  readonly #scopes = new Set<string>();
  readonly #tokenKey = randomBytes(32);
  #tokenSerial = 0;

  /**
   * @param options - [in] XSTS client, title, client id, device and accounts.
   * @throws TypeError for a missing XSTS client, a title that is not a `Title`, a malformed client
   * id, a device or account of the wrong kind, or a default user that is not one of the accounts.
   */
  constructor(options: XalEmulatorOptions) {
    if (!(options?.title instanceof Title)) throw fail('title', 'a Title', options?.title);
    const liveUrl = options.liveUrl ?? (options.xsts === undefined ? process.env[LIVE_URL_ENV] : undefined);
    if (options.xsts !== undefined && options.liveUrl !== undefined)
      throw fail('liveUrl', 'absent when `xsts` is given', options.liveUrl);
    if (liveUrl !== undefined && !/^https?:\/\/[^/]/.test(String(liveUrl)))
      throw fail('liveUrl', 'an http(s) URL', liveUrl);
    if (liveUrl === undefined && typeof options.xsts?.getToken !== 'function')
      throw fail('xsts', `an XstsClient (or \`liveUrl\`, or ${LIVE_URL_ENV} set)`, options.xsts);
    if (typeof options.clientId !== 'string' || !isWellFormedClientId(options.clientId))
      throw fail('clientId', 'an MSA client id (16 hex digits or a GUID)', options.clientId);
    if (options.device !== undefined && !(options.device instanceof Device))
      throw fail('device', 'a Device', options.device);
    if (options.ui !== undefined && typeof options.ui !== 'function') throw fail('ui', 'a UiHandler', options.ui);
    if (options.now !== undefined && typeof options.now !== 'function') throw fail('now', 'a function', options.now);
    if (options.fetch !== undefined && typeof options.fetch !== 'function')
      throw fail('fetch', 'a function', options.fetch);
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.title = options.title;
    this.clientId = options.clientId;
    this.device = options.device ?? new Device();
    this.liveUrl = liveUrl?.replace(/\/+$/, '');
    if (this.liveUrl !== undefined) {
      const client = httpXsts({
        url: this.liveUrl,
        devices: [this.device],
        fetch: this.#fetch,
        now: options.now ?? Date.now,
        signIn: null, // XAL signs users in through SISU only
      });
      liveClients.set(this, client);
      this.xsts = client;
    } else this.xsts = options.xsts as XstsClient;
    this.ui = options.ui;
    this.signOutTimeoutMs = options.signOutTimeoutMs;
    this.now = options.now;
    for (const account of options.accounts ?? []) this.addAccount(account);
    if (options.defaultUser !== undefined && !this.#accounts.has(options.defaultUser))
      throw fail('defaultUser', 'the XUID of one of the accounts', options.defaultUser);
    this.defaultUser = options.defaultUser;
  }

  /**
   * Adds a Microsoft account that can sign in.
   * @param account - [in] the account.
   * @throws TypeError when `account` is not an `Account` or its XUID is already listed.
   */
  addAccount(account: Account): void {
    if (!(account instanceof Account)) throw fail('account', 'an Account', account);
    if (this.#accounts.has(account.xuid)) throw fail('account', 'an account not yet listed', account.xuid);
    this.#accounts.set(account.xuid, account);
  }

  /** The accounts that can sign in, in the order they were added. */
  get accounts(): readonly Account[] {
    return [...this.#accounts.values()];
  }

  /**
   * The account with a XUID.
   * @param xuid - [in] the XUID.
   * @returns the account, or `undefined`.
   */
  account(xuid: string): Account | undefined {
    return this.#accounts.get(xuid);
  }

  /**
   * Plays the browser on the emulated sign-in page: the user signs in with an account and the page
   * redirects to the URL the title watches for, carrying a one-shot authorization code and the
   * `state` of the request.
   *
   * @param startUrl - [in] the `startUrl` a web-view hook received.
   * @param choice - [in, optional] which account signs in (default: the first).
   * @returns the full redirect URL (`finalUrl?code=…&state=…`) to pass to `XalPlatformWebShowUrlComplete`.
   * @throws TypeError when `startUrl` is not the emulator's authorize URL, or no such account exists.
   */
  authorize(startUrl: string, choice: XalEmulatorAuthorizeChoice = {}): string {
    const url = new URL(startUrl);
    if (`${url.origin}${url.pathname}` !== XAL_EMULATOR_AUTHORIZE_URL)
      throw fail('startUrl', `an ${XAL_EMULATOR_AUTHORIZE_URL} URL`, startUrl);
    const clientId = url.searchParams.get('client_id') ?? '';
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    const xuid = choice.xuid ?? this.accounts[0]?.xuid;
    if (xuid === undefined || !this.#accounts.has(xuid))
      throw fail('choice.xuid', 'the XUID of an account of the emulator', xuid);
    const code = randomBytes(12).toString('base64url');
    this.#codes.set(code, { xuid, clientId, redirectUri });
    // appended as text: URL would lower-case a custom scheme such as ms-xal-<clientId>
    const query = new URLSearchParams({ code, state: url.searchParams.get('state') ?? '' });
    return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${query.toString()}`;
  }

  /**
   * Plays the browser on whichever sign-in page a web-view hook received: the emulated authorize
   * page ({@link XalEmulator.authorize}), or the live service's sign-in page (`GET /signin` of
   * `@gdkts/xboxlive-service`), where a person picks the account and consents: one form POST whose
   * 302 carries the code.
   *
   * @param startUrl - [in] the `startUrl` the hook received.
   * @param choice - [in, optional] which account signs in (default: the emulator's first account;
   *   on the live page with no account listed, the account the page preselects).
   * @returns (resolves) the full redirect URL to pass to `XalPlatformWebShowUrlComplete`.
   * @throws (rejects) TypeError for a page of neither kind, an unknown account of the emulator, or a
   *   live page with no account; Error when the service does not redirect (e.g. an account it does not have).
   */
  async signInOnPage(startUrl: string, choice: XalEmulatorAuthorizeChoice = {}): Promise<string> {
    if (this.liveUrl === undefined || !startUrl.startsWith(`${this.liveUrl}/signin?`))
      return this.authorize(startUrl, choice);
    const page = new URL(startUrl);
    // without a choice: the emulator's first account, else the one the service's page preselects
    const xuid = choice.xuid ?? this.accounts[0]?.xuid ?? (await this.#preselected(page));
    if (xuid === undefined) throw fail('choice.xuid', 'an account (the sign-in page offers none)', xuid);
    return this.#submit(new URL('/signin', page), {
      session: page.searchParams.get('session') ?? '',
      xuid,
      consent: 'yes',
    });
  }

  /**
   * Plays the person on the live service's account page (a refused sign-in's `Redirect`,
   * `<liveUrl>/account/fix?…`): confirms the fix, and the page redirects to its `redirect_uri`.
   *
   * @param startUrl - [in] the `startUrl` a web-view hook received (a NonAuthFlow page).
   * @returns (resolves) the redirect URL to pass to `XalPlatformWebShowUrlComplete`.
   * @throws (rejects) TypeError for another page; Error when the service does not redirect.
   */
  async fixOnPage(startUrl: string): Promise<string> {
    if (this.liveUrl === undefined || !startUrl.startsWith(`${this.liveUrl}/account/fix?`))
      throw fail('startUrl', `a ${this.liveUrl ?? '<liveUrl>'}/account/fix URL`, startUrl);
    const page = new URL(startUrl);
    return this.#submit(new URL('/account/fix', page), {
      xuid: page.searchParams.get('xuid') ?? '',
      redirect_uri: page.searchParams.get('redirect_uri') ?? '',
      accept: 'yes',
    });
  }

  /** Submits a form of a live service page as a browser does; resolves the 302's `Location`. */
  async #submit(action: URL, fields: Record<string, string>): Promise<string> {
    const response = await this.#fetch(action, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
    await response.arrayBuffer();
    const location = response.headers.get('Location');
    if (response.status !== 302 || location === null)
      throw new Error(`${action.origin}${action.pathname} answered ${response.status}, not a redirect`);
    return location;
  }

  /** The account the live service's sign-in page has checked, or `undefined`. */
  async #preselected(page: URL): Promise<string | undefined> {
    const response = await this.#fetch(page, { redirect: 'manual' });
    const html = await response.text();
    return /<input type="radio" name="xuid" value="([0-9]+)" checked>/.exec(html)?.[1];
  }

  /**
   * Redeems an authorization code once (XAL's side of the code exchange).
   * @param code - [in] the code from the redirect URL.
   * @param clientId - [in] the client that asked for it.
   * @param redirectUri - [in] the redirect URI it was issued for.
   * @returns the account it names, or `undefined` when unknown, spent or issued to another client.
   */
  redeemCode(code: string, clientId: string, redirectUri: string): Account | undefined {
    const pending = this.#codes.get(code);
    this.#codes.delete(code);
    if (pending === undefined || pending.clientId !== clientId || pending.redirectUri !== redirectUri) return undefined;
    return this.#accounts.get(pending.xuid);
  }

  /**
   * Starts a device-code flow (XAL's side of remote connect).
   * @param clientId - [in] the client asking.
   * @returns the user code to show and a Promise of the XUID that enters it.
   */
  startDeviceCode(clientId: string): XalDeviceCodeFlow {
    const code = randomBytes(4).toString('hex').toUpperCase();
    let resolve: (xuid: string) => void = () => undefined;
    const signedIn = new Promise<string>((r) => {
      resolve = r;
    });
    this.#deviceCodes.set(code, { clientId, resolve });
    return { code, signedIn, cancel: () => this.#deviceCodes.delete(code) };
  }

  /** User codes of device-code flows waiting for a user. */
  get pendingDeviceCodes(): readonly string[] {
    return [...this.#deviceCodes.keys()];
  }

  /**
   * Plays the second device of the remote-connect flow: the user opens the link page, enters the
   * code and signs in.
   * @param code - [in] the code the show-prompt hook displayed.
   * @param choice - [in, optional] which account signs in (default: the first).
   * @returns whether a waiting flow had that code.
   * @throws TypeError when no such account exists.
   */
  enterDeviceCode(code: string, choice: XalEmulatorAuthorizeChoice = {}): boolean {
    const xuid = choice.xuid ?? this.accounts[0]?.xuid;
    if (xuid === undefined || !this.#accounts.has(xuid))
      throw fail('choice.xuid', 'the XUID of an account of the emulator', xuid);
    const pending = this.#deviceCodes.get(code);
    if (pending === undefined) return false;
    this.#deviceCodes.delete(code);
    pending.resolve(xuid);
    return true;
  }

  /**
   * Marks an account as signed in on another device (single point of presence): an add with UI then
   * raises the SPOP prompt hook, unless the title uses `XAL_INIT_OPTION_USE_MPOP_BEHAVIOR`.
   * @param xuid - [in] the XUID.
   * @param elsewhere - [in] whether it is signed in elsewhere.
   */
  setSignedInElsewhere(xuid: string, elsewhere: boolean): void {
    if (elsewhere) this.#elsewhere.add(xuid);
    else this.#elsewhere.delete(xuid);
  }

  /**
   * Whether an account is signed in on another device.
   * @param xuid - [in] the XUID.
   * @returns true when marked by {@link XalEmulator.setSignedInElsewhere}.
   */
  isSignedInElsewhere(xuid: string): boolean {
    return this.#elsewhere.has(xuid);
  }

  /**
   * Sets a user's UCS consent for a consent model.
   * @param xuid - [in] the XUID.
   * @param modelName - [in] the consent model.
   * @param state - [in] the state.
   */
  setUcsConsent(xuid: string, modelName: string, state: XalConsentState): void {
    this.#consents.set(`${xuid}\u0000${modelName}`, state);
  }

  /**
   * A user's UCS consent for a consent model.
   * @param xuid - [in] the XUID.
   * @param modelName - [in] the consent model.
   * @returns the state; `OptedOut` when never set.
   */
  ucsConsent(xuid: string, modelName: string): XalConsentState {
    return this.#consents.get(`${xuid}\u0000${modelName}`) ?? XalConsentState.OptedOut;
  }

  /**
   * The Microsoft account id of an account (`XalUserGetWebAccountId`): 16 hex digits derived from
   * the XUID, the same for the account's life.
   * @param xuid - [in] the XUID.
   * @returns the id.
   */
  webAccountId(xuid: string): string {
    return createHash('sha256').update(`msa:${xuid}`).digest('hex').slice(0, 16).toUpperCase();
  }

  /**
   * Records that an account consented to a web-account scope (what the consent page does); the
   * sign-in scope needs no consent.
   * @param xuid - [in] the XUID.
   * @param scope - [in] the scope.
   * @param granted - [in] whether it is granted.
   */
  setWebAccountScope(xuid: string, scope: string, granted: boolean): void {
    if (granted) this.#scopes.add(`${xuid}\u0000${scope}`);
    else this.#scopes.delete(`${xuid}\u0000${scope}`);
  }

  /**
   * Whether an account consented to a web-account scope (the sign-in scope always counts).
   * @param xuid - [in] the XUID.
   * @param scope - [in] the scope.
   * @returns true when granted.
   */
  hasWebAccountScope(xuid: string, scope: string): boolean {
    return scope === WEB_ACCOUNT_SIGN_IN_SCOPE || this.#scopes.has(`${xuid}\u0000${scope}`);
  }

  /**
   * Issues a web-account (MSA) token: an opaque string that {@link XalEmulator.readWebAccountToken}
   * (a web service of the title, in a test) can read back.
   * @param xuid - [in] the XUID.
   * @param scope - [in] the scope.
   * @param parameters - [in] the request parameters.
   * @returns the token.
   */
  issueWebAccountToken(xuid: string, scope: string, parameters: readonly (readonly [string, string])[]): string {
    const claims: XalWebAccountTokenClaims = {
      xuid,
      webAccountId: this.webAccountId(xuid),
      scope,
      parameters,
      issuedAt: (this.now ?? Date.now)(),
      serial: ++this.#tokenSerial,
    };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `EwA.${body}.${createHmac('sha256', this.#tokenKey).update(body).digest('base64url')}`;
  }

  /**
   * Reads a token {@link XalEmulator.issueWebAccountToken} issued.
   * @param token - [in] the token.
   * @returns its claims, or `undefined` when this emulator did not issue it.
   */
  readWebAccountToken(token: string): XalWebAccountTokenClaims | undefined {
    const [prefix, body, mac, ...rest] = typeof token === 'string' ? token.split('.') : [];
    if (prefix !== 'EwA' || body === undefined || mac === undefined || rest.length > 0) return undefined;
    const expected = createHmac('sha256', this.#tokenKey).update(body).digest();
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as XalWebAccountTokenClaims;
  }
}

let installed: XalEmulator | null = null;

/**
 * Installs the emulator `XalInitialize` reads (one per process, as XAL is process-global).
 * @param emulator - [in] the emulator, or `null` to remove it.
 * @returns the emulator installed before.
 * @throws TypeError when `emulator` is neither an {@link XalEmulator} nor `null`.
 */
export function useXalEmulator(emulator: XalEmulator | null): XalEmulator | null {
  if (emulator !== null && !(emulator instanceof XalEmulator))
    throw fail('emulator', 'an XalEmulator or null', emulator);
  const previous = installed;
  installed = emulator;
  return previous;
}

/**
 * The installed emulator.
 * @returns the emulator, or `null`.
 */
export function currentXalEmulator(): XalEmulator | null {
  return installed;
}
