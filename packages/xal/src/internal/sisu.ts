// XAL's side of the emulated Xbox Live service over HTTP, as the real library signs in on mobile and
// PC (issue 9 "Clients"; token-signature.md §1.2, §1.5): device authentication, then SISU
// `POST /authenticate` (the sign-in URL and the session id), the sign-in page in the title's web
// view, and `POST /authorize` with the code, which answers with the device, title, user and
// authorization tokens at once. Relying-party tokens then come from `POST /xsts/authorize` with
// those tokens. Every call is signed with the device proof key (the auth policy).
import { XERR_CONTENT_ISOLATION, type Device } from '@gdkts/xboxlive';
import {
  AUTH_SERVICE_SIGNATURE_POLICY,
  createRequestSigner,
  type DisplayClaims,
  type TokenRefusal,
  type XstsClient,
  type XstsTokenRequest,
  type XstsTokenResult,
} from '@gdkts/xboxlive/client';

/** The environment variable that points title-side clients at a running service. */
export const LIVE_URL_ENV = 'GDKTS_LIVE_URL';

const AUTH_RELYING_PARTY = 'http://auth.xboxlive.com';
/** Device, title and user tokens are renewed 10 minutes before they expire (xuser-xal.md §3.3). */
const REFRESH_MARGIN_MS = 10 * 60 * 1000;
const SIGN_IN_OFFER = 'service::user.auth.xboxlive.com::MBI_SSL';

/** One token as the auth services answer it. */
interface TokenResponse {
  readonly IssueInstant: string;
  readonly NotAfter: string;
  readonly Token: string;
  readonly DisplayClaims: Readonly<Record<string, unknown>>;
}

interface Held {
  readonly token: string;
  readonly notAfter: number;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly json: unknown;
}

/** The rejection of a call the service did not answer as the protocol says. */
export class LiveServiceError extends Error {
  /** The HTTP status, when an answer arrived. */
  readonly status: number | undefined;

  constructor(url: string, status: number | undefined, cause?: unknown) {
    super(`${url}${status === undefined ? ' is unreachable' : ` answered ${status}`}`, { cause });
    this.name = 'LiveServiceError';
    this.status = status;
  }
}

/** A started SISU sign-in: the page to open and the session it belongs to. */
export interface SisuSession {
  readonly signInUrl: string;
  readonly sessionId: string;
}

/** What the persisted part of a signed-in user is (the storage hook keeps it with the cached user). */
export interface StoredUserToken {
  readonly token: string;
  readonly notAfter: number;
}

function refusalOf(answer: Answer, xuid: string): TokenRefusal | undefined {
  const json = answer.json as { XErr?: unknown; Redirect?: unknown } | undefined;
  if (answer.status !== 401 || typeof json?.XErr !== 'number') return undefined;
  const redirect = typeof json.Redirect === 'string' && json.Redirect !== '' ? { redirect: json.Redirect } : {};
  const reason = json.XErr === XERR_CONTENT_ISOLATION ? 'sandbox-not-allowed' : 'user-action-required';
  return { ok: false, reason, xerr: json.XErr, xuid, ...redirect };
}

function isToken(json: unknown): json is TokenResponse {
  const t = json as Partial<TokenResponse> | undefined;
  return typeof t?.Token === 'string' && typeof t.NotAfter === 'string';
}

/** The SISU client of one title process on one device. */
export class SisuClient implements XstsClient {
  readonly url: string;
  readonly #device: Device;
  readonly #titleId: number;
  readonly #now: () => number;
  readonly #sandbox: string | undefined;
  readonly #fetch: typeof globalThis.fetch;
  #deviceToken: Held | undefined;
  #titleToken: Held | undefined;
  readonly #userTokens = new Map<string, Held>();
  readonly #flights = new Map<string, Promise<string>>();

  constructor(
    url: string,
    device: Device,
    titleId: number,
    now: () => number,
    fetchFn: typeof globalThis.fetch,
    sandbox?: string,
  ) {
    this.url = url.replace(/\/+$/, '');
    this.#fetch = fetchFn;
    this.#device = device;
    this.#titleId = titleId;
    this.#now = now;
    this.#sandbox = sandbox;
  }

  /** One signed POST; a connection failure rejects with {@link LiveServiceError}. */
  async #post(path: string, body: unknown): Promise<Answer> {
    const target = new URL(path, `${this.url}/`);
    const text = JSON.stringify(body);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'x-xbl-contract-version': '1',
    };
    headers['Signature'] = createRequestSigner(this.#device.proofKey.privateKey, { now: this.#now }).sign(
      { method: 'POST', url: target.pathname + target.search, headers, body: text },
      AUTH_SERVICE_SIGNATURE_POLICY,
    );
    let response: Response;
    try {
      response = await this.#fetch(target, { method: 'POST', headers, body: text, redirect: 'manual' });
    } catch (error) {
      throw new LiveServiceError(target.href, undefined, error);
    }
    const raw = await response.text();
    let json: unknown;
    try {
      json = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json };
  }

  #fresh(held: Held | undefined): string | undefined {
    return held !== undefined && held.notAfter - REFRESH_MARGIN_MS > this.#now() ? held.token : undefined;
  }

  /** Concurrent requests for one token share one flight. */
  #once(key: string, fetchToken: () => Promise<string>): Promise<string> {
    const flying = this.#flights.get(key);
    if (flying !== undefined) return flying;
    const flight = fetchToken().finally(() => this.#flights.delete(key));
    this.#flights.set(key, flight);
    return flight;
  }

  #expectToken(answer: Answer, path: string): Held {
    if (answer.status !== 200 || !isToken(answer.json)) throw new LiveServiceError(`${this.url}${path}`, answer.status);
    return { token: answer.json.Token, notAfter: Date.parse(answer.json.NotAfter) };
  }

  /** The device token: `POST /device/authenticate` (ProofOfPossession), cached. */
  deviceToken(): Promise<string> {
    const held = this.#fresh(this.#deviceToken);
    if (held !== undefined) return Promise.resolve(held);
    return this.#once('device', async () => {
      const d = this.#device;
      const answer = await this.#post('/device/authenticate', {
        RelyingParty: AUTH_RELYING_PARTY,
        TokenType: 'JWT',
        Properties: {
          AuthMethod: 'ProofOfPossession',
          Id: d.id,
          DeviceType: d.type,
          Version: d.version,
          ProofKey: d.proofKey.jwk,
        },
      });
      this.#deviceToken = this.#expectToken(answer, '/device/authenticate');
      return this.#deviceToken.token;
    });
  }

  /** The title token: the one SISU answered, else `POST /title/authenticate`, cached. */
  titleToken(): Promise<string> {
    const held = this.#fresh(this.#titleToken);
    if (held !== undefined) return Promise.resolve(held);
    return this.#once('title', async () => {
      const deviceToken = await this.deviceToken();
      const answer = await this.#post('/title/authenticate', {
        RelyingParty: AUTH_RELYING_PARTY,
        TokenType: 'JWT',
        Properties: {
          AuthMethod: 'RPS',
          DeviceToken: deviceToken,
          TitleId: this.#titleId,
          ProofKey: this.#device.proofKey.jwk,
        },
      });
      this.#titleToken = this.#expectToken(answer, '/title/authenticate');
      return this.#titleToken.token;
    });
  }

  #sandboxField(name: string): Record<string, string> {
    return this.#sandbox === undefined ? {} : { [name]: this.#sandbox };
  }

  /**
   * SISU step 1: where the user signs in.
   * @param redirectUri - [in] the URI the page redirects to with the code.
   * @param state - [in] the state the redirect echoes.
   */
  async authenticate(redirectUri: string, state: string): Promise<SisuSession> {
    const answer = await this.#post('/authenticate', {
      AppId: String(this.#titleId),
      TitleId: String(this.#titleId),
      RedirectUri: redirectUri,
      DeviceToken: await this.deviceToken(),
      ...this.#sandboxField('Sandbox'),
      TokenType: 'code',
      Offers: [SIGN_IN_OFFER],
      Query: { display: 'touch', state },
    });
    const signInUrl = (answer.json as { MsaOauthRedirect?: unknown } | undefined)?.MsaOauthRedirect;
    const sessionId = answer.headers.get('X-SessionId');
    if (answer.status !== 200 || typeof signInUrl !== 'string' || sessionId === null)
      throw new LiveServiceError(`${this.url}/authenticate`, answer.status);
    return { signInUrl, sessionId };
  }

  /**
   * SISU step 2: the code from the sign-in page becomes the four tokens; the user's is kept.
   * @returns the XUID of the account that signed in, or the refusal.
   */
  async authorize(code: string, sessionId: string): Promise<{ readonly xuid: string } | TokenRefusal> {
    const answer = await this.#post('/authorize', {
      AccessToken: `t=${code}`,
      AppId: String(this.#titleId),
      DeviceToken: await this.deviceToken(),
      ...this.#sandboxField('Sandbox'),
      SiteName: 'user.auth.xboxlive.com',
      SessionId: sessionId,
      ProofKey: this.#device.proofKey.jwk,
    });
    const refusal = refusalOf(answer, '');
    if (refusal !== undefined) return refusal;
    const json = answer.json as Record<string, unknown> | undefined;
    const title = json?.['TitleToken'];
    const user = json?.['UserToken'];
    const authorization = json?.['AuthorizationToken'];
    const xuid = isToken(authorization)
      ? (authorization.DisplayClaims as unknown as DisplayClaims).xui?.[0]?.xid
      : undefined;
    if (answer.status !== 200 || !isToken(title) || !isToken(user) || typeof xuid !== 'string')
      throw new LiveServiceError(`${this.url}/authorize`, answer.status);
    this.#titleToken = { token: title.Token, notAfter: Date.parse(title.NotAfter) };
    this.#userTokens.set(xuid, { token: user.Token, notAfter: Date.parse(user.NotAfter) });
    return { xuid };
  }

  /** The user token of a signed-in user, to keep with the cached user; `undefined` when none. */
  exportUser(xuid: string): StoredUserToken | undefined {
    const held = this.#userTokens.get(xuid);
    return held === undefined ? undefined : { ...held };
  }

  /** Restores a user token kept by {@link SisuClient.exportUser} (a later process's silent sign-in). */
  importUser(xuid: string, stored: unknown): void {
    const s = stored as Partial<StoredUserToken> | null | undefined;
    if (typeof s?.token === 'string' && typeof s.notAfter === 'number' && !this.#userTokens.has(xuid))
      this.#userTokens.set(xuid, { token: s.token, notAfter: s.notAfter });
  }

  /** Forgets a user's token (sign-out). */
  forgetUser(xuid: string): void {
    this.#userTokens.delete(xuid);
  }

  /**
   * A relying-party token: `POST /xsts/authorize` with the device, title and SISU user tokens.
   * @returns the token, or the refusal.
   * @throws (rejects) {@link LiveServiceError} for an unexpected answer, or a user this client holds
   *   no live user token for (signed in elsewhere, or expired: XAL answers `E_XAL_NETWORK`).
   */
  async getToken(request: XstsTokenRequest): Promise<XstsTokenResult> {
    const userTokens: string[] = [];
    for (const xuid of request.xuids) {
      const held = this.#fresh(this.#userTokens.get(xuid));
      if (held === undefined) throw new LiveServiceError(`${this.url}/xsts/authorize (no user token for ${xuid})`, 401);
      userTokens.push(held);
    }
    const [deviceToken, titleToken] = await Promise.all([this.deviceToken(), this.titleToken()]);
    const answer = await this.#post('/xsts/authorize', {
      RelyingParty: request.relyingParty,
      TokenType: 'JWT',
      Properties: {
        ...this.#sandboxField('SandboxId'),
        DeviceToken: deviceToken,
        TitleToken: titleToken,
        UserTokens: userTokens,
      },
    });
    const refusal = refusalOf(answer, request.xuids[0] ?? '');
    if (refusal !== undefined) return refusal;
    if (answer.status !== 200 || !isToken(answer.json))
      throw new LiveServiceError(`${this.url}/xsts/authorize`, answer.status);
    const displayClaims = answer.json.DisplayClaims as unknown as DisplayClaims;
    const users = Array.isArray(displayClaims.xui) ? displayClaims.xui : [];
    const userHash = users.length === 0 ? '-' : request.allUsers === true ? '*' : (users[0]?.uhs ?? '-');
    return {
      ok: true,
      authorization: `XBL3.0 x=${userHash};${answer.json.Token}`,
      token: answer.json.Token,
      userHash,
      issueInstant: answer.json.IssueInstant,
      notAfter: answer.json.NotAfter,
      displayClaims,
      claims: {} as never, // sealed: a client over HTTP cannot read them
    };
  }
}

/** The SISU client of each emulator pointed at a live service. */
export const liveClients = new WeakMap<object, SisuClient>();

/**
 * Whether a redirect URL is the redirect URI (scheme and host compared case-insensitively: the
 * service writes the URL back through a URL parser, which lower-cases a custom scheme).
 */
export function isRedirectTo(url: URL, redirectUri: string): boolean {
  let expected: URL;
  try {
    expected = new URL(redirectUri);
  } catch {
    return false;
  }
  return (
    url.protocol.toLowerCase() === expected.protocol.toLowerCase() &&
    url.host.toLowerCase() === expected.host.toLowerCase() &&
    url.pathname === expected.pathname
  );
}
