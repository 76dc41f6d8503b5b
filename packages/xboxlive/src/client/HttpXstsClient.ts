/**
 * The title side of the emulated service over HTTP, the one client every title-side package uses:
 * an `XstsClient` that gets relying-party tokens the way XSAPI does (device, title and user tokens,
 * then XSTS, every auth call signed with the device proof key), and the SISU sign-in XAL uses (its
 * user token is kept for the XSTS calls that follow). Requests to one host run through a bounded
 * p-queue; a 429 pauses that host for its `Retry-After`; concurrent requests for one token share
 * one flight.
 *
 * @module
 */
import PQueue from 'p-queue';
import { AccountIssue, XERR_CONTENT_ISOLATION } from '../wire/xerr.js';
import type { Device } from '../emulator/Device.js';
import type { DisplayClaims, TokenRefusal } from '../emulator/TokenIssuer.js';
import type { World } from '../emulator/World.js';
import { AUTH_SERVICE_SIGNATURE_POLICY } from '../wire/SignaturePolicy.js';
import { createRequestSigner } from './RequestSigner.js';
import { inProcessXsts, type XstsClient, type XstsTokenRequest, type XstsTokenResult } from './XstsClient.js';

/** The environment variable that points title-side clients at a running service. */
export const LIVE_URL_ENV = 'GDKTS_LIVE_URL';

/** Why an HTTP call to the service failed (a refusal with an XErr is a result, not a failure). */
export const XstsFailureReason = {
  /** The connection failed (refused, reset, DNS): the service is not reachable. */
  Network: 'network',
  /** Still 429 after the allowed retries. */
  Throttled: 'throttled',
  /** A 5xx answer. */
  ServerError: 'server-error',
  /** A 401 without an XErr: a device, title or user token the service no longer accepts (e.g. after a sign-out). */
  Unauthorized: 'unauthorized',
  /** 403 with an empty body: the service refused the request signature (a skewed clock, or a key it does not know). */
  SignatureRejected: 'signature-rejected',
  /** Any other answer: the request or the response is not what the protocol expects. */
  Protocol: 'protocol',
} as const;
/** One of the {@link XstsFailureReason} values. */
export type XstsFailureReason = (typeof XstsFailureReason)[keyof typeof XstsFailureReason];

/** The rejection of every {@link HttpXstsClient} call that failed. */
export class XstsHttpError extends Error {
  /** Why. */
  readonly reason: XstsFailureReason;
  /** The HTTP status, when an answer arrived. */
  readonly status: number | undefined;
  /** The URL called. */
  readonly url: string;

  /**
   * @param reason - [in] why the call failed.
   * @param url - [in] the URL called.
   * @param status - [in, optional] the HTTP status.
   * @param cause - [in, optional] the underlying error.
   */
  constructor(reason: XstsFailureReason, url: string, status?: number, cause?: unknown) {
    super(
      `${reason}: ${url}${status === undefined ? '' : ` answered ${status}`}`,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'XstsHttpError';
    this.reason = reason;
    this.status = status;
    this.url = url;
  }
}

/** How a user signs in when the client needs a user token: given the sign-in page URL, resolve the URL it redirected to (carrying `code`). */
export type SignInHandler = (signInUrl: string, redirectUri: string) => Promise<string>;

/** Options of {@link httpXsts}. */
export interface HttpXstsOptions {
  /** Base URL of the service. Default: the `GDKTS_LIVE_URL` environment variable. */
  readonly url?: string;
  /** The devices this process acts for (their private proof keys sign the auth calls), or a lookup by id. */
  readonly devices: Iterable<Device> | ((deviceId: string) => Device | undefined);
  /**
   * Signs a user in on the sign-in page when {@link HttpXstsClient.getToken} needs a user token it
   * does not hold. Default: picks the account by XUID and consents, as a person would (a form POST,
   * following no redirect). `null`: users sign in only through {@link HttpXstsClient.sisu} (XAL's
   * way), and a token request for a user without a live user token rejects (`unauthorized`).
   */
  readonly signIn?: ((xuid: string) => SignInHandler) | null;
  /** Most requests in flight to one host. Default 4. */
  readonly concurrency?: number;
  /** Retries after a 429 (each after its `Retry-After`, at most {@link HttpXstsOptions.maxRetryAfterSeconds}). Default 3. */
  readonly maxRetries?: number;
  /** Cap on one `Retry-After` wait, in seconds. Default 30. */
  readonly maxRetryAfterSeconds?: number;
  /** The fetch used. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** How the client waits (for `Retry-After`). Default a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The signing clock, Unix ms. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * The sandbox sent with XSTS and SISU requests (`SandboxId` / `Sandbox`); the service refuses a
   * title in another one with `XO_E_CONTENT_ISOLATION`. Default none sent: the title's own sandbox.
   */
  readonly sandbox?: string;
}

/** An {@link XstsClient} over HTTP, with the SISU sign-in XAL uses. Created by {@link httpXsts}. */
export interface HttpXstsClient extends XstsClient {
  /** The service's base URL. */
  readonly url: string;
  /**
   * Gets an XSTS token for users on a device running a title: device, title and user tokens
   * (cached until 10 minutes before they expire), then `POST /xsts/authorize`.
   *
   * @param request - [in] users, device, title and relying party, by id.
   * @returns the token, or the refusal with its XErr (`user-action-required`, or
   *   `sandbox-not-allowed` for `XO_E_CONTENT_ISOLATION`). The token's sealed `claims` are not
   *   known to a client over HTTP: the result has none.
   * @throws (rejects) {@link XstsHttpError} for a network failure, 5xx, persistent 429, or an
   *   unexpected answer; RangeError for a device id it has no key for.
   */
  getToken(request: XstsTokenRequest): Promise<XstsTokenResult>;
  /**
   * The SISU flow of XAL: `POST /authenticate` (the sign-in URL and session id), the sign-in page
   * through `signIn`, then `POST /authorize` with the code, signed with the device key.
   *
   * @param request - [in] the device, the title, the redirect URI and how the user signs in.
   * @returns the four tokens, or the refusal.
   * @throws (rejects) {@link XstsHttpError} as {@link HttpXstsClient.getToken} does.
   */
  sisu(request: SisuRequest): Promise<SisuResult>;
  /**
   * The user token this client holds for a user (from SISU or a user sign-in), to keep with a
   * cached user across processes (XAL's storage hook).
   * @param xuid - [in] the user.
   * @returns the token and its expiry, or `undefined` when none is held.
   */
  exportUserToken(xuid: string): StoredUserToken | undefined;
  /**
   * Restores a user token kept by {@link HttpXstsClient.exportUserToken} (a later process's silent
   * sign-in). A malformed value, or a user this client already holds a token for, changes nothing.
   * @param xuid - [in] the user.
   * @param stored - [in] what `exportUserToken` returned, as read back from storage.
   */
  importUserToken(xuid: string, stored: unknown): void;
  /**
   * Forgets a user's user token (sign-out): the next token request for them signs in again (or,
   * with `signIn: null`, rejects).
   * @param xuid - [in] the user.
   */
  forgetUser(xuid: string): void;
}

/** A user token as {@link HttpXstsClient.exportUserToken} hands it out. */
export interface StoredUserToken {
  /** The user token. */
  readonly token: string;
  /** Its expiry, Unix ms. */
  readonly notAfter: number;
}

/** What {@link HttpXstsClient.sisu} needs. */
export interface SisuRequest {
  /** Id of the device (one of the client's devices). */
  readonly deviceId: string;
  /** Title id. */
  readonly titleId: number;
  /** Where the sign-in page redirects with the code, e.g. `ms-xal-000000001234567://auth`. */
  readonly redirectUri: string;
  /** Opens the sign-in page (XAL's web-view hook) and resolves the final redirect URL. */
  readonly signIn: SignInHandler;
  /** The relying party of the AuthorizationToken. Default `http://xboxlive.com`. */
  readonly relyingParty?: string;
  /** The OAuth `state` the sign-in page's redirect echoes (sent in the SISU `Query`). Default none. */
  readonly state?: string;
  /**
   * Shows the account page of a refused authorize (its `redirect`, e.g. terms to accept) and
   * resolves whether the person fixed the issue; when true, authorize is asked once more with the
   * same code. Default none: the refusal is the result.
   */
  readonly resolve?: (refusal: TokenRefusal) => Promise<boolean>;
}

/** One token response (token-signature.md §1.2). */
export interface TokenResponse {
  /** ISO 8601 issue time. */
  readonly IssueInstant: string;
  /** ISO 8601 expiry. */
  readonly NotAfter: string;
  /** The token. */
  readonly Token: string;
  /** The plain-text claims. */
  readonly DisplayClaims: Readonly<Record<string, unknown>>;
}

/** What SISU authorize answers. */
export type SisuResult =
  | {
      /** The sign-in succeeded. */
      readonly ok: true;
      /** XUID of the account that signed in (the AuthorizationToken's first user). */
      readonly xuid: string;
      /** The device token. */
      readonly deviceToken: string;
      /** The title token response. */
      readonly titleToken: TokenResponse;
      /** The user token response. */
      readonly userToken: TokenResponse;
      /** The XSTS token for the relying party. */
      readonly authorizationToken: TokenResponse;
    }
  | TokenRefusal;

/** Refresh cached device, title and user tokens this long before NotAfter (xuser-xal.md §3.3). */
const REFRESH_MARGIN_MS = 10 * 60 * 1000;
const AUTH_RELYING_PARTY = 'http://auth.xboxlive.com';
const DEFAULT_SISU_REDIRECT = 'ms-xal-gdkts://auth';

interface Cached {
  readonly token: string;
  readonly notAfter: number;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly json: unknown;
}

function positiveInteger(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min)
    throw new RangeError(`Expected \`${name}\` to be an integer ≥ ${min}, got \`${String(value)}\``);
  return value;
}

/**
 * Creates an {@link XstsClient} that talks to the emulated service over HTTP.
 *
 * @param options - [in] the service URL, the devices' keys, and the queue, retry and sign-in behaviour.
 * @returns the client.
 * @throws TypeError when no URL is given and `GDKTS_LIVE_URL` is unset or not an http(s) URL;
 *   RangeError for a bad number option.
 * @example
 * ```ts no-check
 * const device = new Device();
 * const xsts = httpXsts({ url: live.url, devices: [device] });
 * const result = await xsts.getToken({ xuids: ['2535428717109723'], deviceId: device.id, titleId: 0x12345678, relyingParty: 'rp://gdkts.local/' });
 * if (result.ok) headers.Authorization = result.authorization;
 * ```
 */
export function httpXsts(options: HttpXstsOptions): HttpXstsClient {
  const base = options.url ?? process.env[LIVE_URL_ENV];
  if (typeof base !== 'string' || !/^https?:\/\/[^/]/i.test(base)) {
    throw new TypeError(`Expected \`url\` (or ${LIVE_URL_ENV}) to be an http(s) URL, got \`${String(base)}\``);
  }
  const url = base.replace(/\/+$/, '');
  const concurrency = positiveInteger('concurrency', options.concurrency ?? 4, 1);
  const maxRetries = positiveInteger('maxRetries', options.maxRetries ?? 3, 0);
  const maxRetryAfterMs = positiveInteger('maxRetryAfterSeconds', options.maxRetryAfterSeconds ?? 30, 0) * 1000;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const sandbox = (name: string): Record<string, string> =>
    options.sandbox === undefined ? {} : { [name]: options.sandbox };
  const lookup = typeof options.devices === 'function' ? options.devices : byId(options.devices);

  const queues = new Map<string, PQueue>();
  const queueOf = (target: URL): PQueue => {
    let queue = queues.get(target.host);
    if (queue === undefined) {
      queue = new PQueue({ concurrency });
      queues.set(target.host, queue);
    }
    return queue;
  };
  /** Concurrent calls for one key share one promise until it settles. */
  const flights = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, run: () => Promise<T>): Promise<T> => {
    const known = flights.get(key);
    if (known !== undefined) return known as Promise<T>;
    const flight = run().finally(() => flights.delete(key));
    flights.set(key, flight);
    return flight;
  };
  const cache = new Map<string, Cached>();
  // The default sign-in is one more request to the service's host: it waits its turn in that queue.
  const queuedFetch: typeof fetch = (input, init) =>
    queueOf(new URL(input instanceof Request ? input.url : String(input))).add(() => fetchImpl(input, init));
  const signInFor = options.signIn === undefined ? (xuid: string) => formSignIn(xuid, queuedFetch) : options.signIn;

  const deviceOf = (deviceId: string): Device => {
    const device = lookup(deviceId);
    if (device === undefined)
      throw new RangeError(`Expected \`deviceId\` to name a device this client has the key of, got \`${deviceId}\``);
    return device;
  };

  /** One call: queued per host, signed at send time (a retry re-signs), 429 honoured. */
  const call = async (
    path: string,
    body: unknown,
    device: Device | undefined,
    extraHeaders: Record<string, string> = {},
  ): Promise<Answer> => {
    const target = new URL(path, `${url}/`);
    const text = JSON.stringify(body);
    const queue = queueOf(target);
    for (let attempt = 0; ; attempt++) {
      const answer = await queue.add(async (): Promise<Answer> => {
        const headers: Record<string, string> = {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'x-xbl-contract-version': '1',
          ...extraHeaders,
        };
        if (device !== undefined) {
          headers['Signature'] = createRequestSigner(device.proofKey.privateKey, { now }).sign(
            { method: 'POST', url: target.pathname + target.search, headers, body: text },
            AUTH_SERVICE_SIGNATURE_POLICY,
          );
        }
        let response: Response;
        try {
          response = await fetchImpl(target, { method: 'POST', headers, body: text, redirect: 'manual' });
        } catch (error) {
          throw new XstsHttpError(XstsFailureReason.Network, target.href, undefined, error);
        }
        const raw = await response.text();
        let json: unknown;
        try {
          json = raw === '' ? undefined : JSON.parse(raw);
        } catch {
          json = undefined;
        }
        return { status: response.status, headers: response.headers, json };
      });
      if (answer.status !== 429) return answer;
      if (attempt >= maxRetries) throw new XstsHttpError(XstsFailureReason.Throttled, target.href, 429);
      const seconds = Number(answer.headers.get('Retry-After'));
      const waitMs = Math.min(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000, maxRetryAfterMs);
      // Back off the whole host: nothing else is sent there until the wait is over.
      queue.pause();
      await sleep(waitMs);
      queue.start();
    }
  };

  const expectToken = (answer: Answer, path: string): TokenResponse => {
    const refusal = refusalOf(answer, '');
    if (refusal !== undefined) throw new Refused(refusal);
    if (answer.status === 200 && isTokenResponse(answer.json)) return answer.json;
    throw failure(answer, `${url}${path}`);
  };

  /** A cached token not yet due for renewal, or `undefined`. */
  const fresh = (key: string): Cached | undefined => {
    const hit = cache.get(key);
    return hit !== undefined && hit.notAfter - REFRESH_MARGIN_MS > now() ? hit : undefined;
  };
  const cached = async (key: string, fetchToken: () => Promise<TokenResponse>): Promise<TokenResponse | Cached> => {
    const hit = fresh(key);
    if (hit !== undefined) return hit;
    return once(key, async () => {
      const response = await fetchToken();
      cache.set(key, held(response));
      return response;
    });
  };
  const tokenOf = (value: TokenResponse | Cached): string => ('Token' in value ? value.Token : value.token);

  const deviceToken = async (device: Device): Promise<string> =>
    tokenOf(
      await cached(`device:${device.id}`, async () =>
        expectToken(
          await call(
            '/device/authenticate',
            {
              RelyingParty: AUTH_RELYING_PARTY,
              TokenType: 'JWT',
              Properties: {
                AuthMethod: 'ProofOfPossession',
                Id: device.id,
                DeviceType: device.type,
                Version: device.version,
                ProofKey: device.proofKey.jwk,
              },
            },
            device,
          ),
          '/device/authenticate',
        ),
      ),
    );

  const titleToken = async (device: Device, titleId: number): Promise<string> => {
    const dt = await deviceToken(device);
    return tokenOf(
      await cached(`title:${device.id}:${titleId}`, async () =>
        expectToken(
          await call(
            '/title/authenticate',
            {
              RelyingParty: AUTH_RELYING_PARTY,
              TokenType: 'JWT',
              Properties: { AuthMethod: 'RPS', DeviceToken: dt, TitleId: titleId, ProofKey: device.proofKey.jwk },
            },
            device,
          ),
          '/title/authenticate',
        ),
      ),
    );
  };

  /** SISU step 1 and the sign-in page: the code for a user, and the session it belongs to. */
  const signInCode = async (
    device: Device,
    titleId: number,
    redirectUri: string,
    signIn: SignInHandler,
    state?: string,
  ): Promise<{ code: string; sessionId: string }> => {
    const dt = await deviceToken(device);
    const path = '/authenticate';
    const answer = await call(
      path,
      {
        AppId: String(titleId),
        TitleId: String(titleId),
        RedirectUri: redirectUri,
        DeviceToken: dt,
        ...sandbox('Sandbox'),
        TokenType: 'code',
        Offers: ['service::user.auth.xboxlive.com::MBI_SSL'],
        Query: { display: 'android_phone', ...(state === undefined ? {} : { state }) },
      },
      device,
    );
    const redirect = (answer.json as { MsaOauthRedirect?: unknown } | undefined)?.MsaOauthRedirect;
    const sessionId = answer.headers.get('X-SessionId');
    if (answer.status !== 200 || typeof redirect !== 'string' || sessionId === null)
      throw failure(answer, `${url}${path}`);
    const landed = new URL(await signIn(redirect, redirectUri));
    const code = landed.searchParams.get('code');
    if (code === null) throw new XstsHttpError(XstsFailureReason.Protocol, landed.href);
    return { code, sessionId };
  };

  const userToken = async (device: Device, titleId: number, xuid: string): Promise<string> =>
    tokenOf(
      await cached(`user:${xuid}`, async () => {
        if (signInFor === null) throw noUserToken(xuid);
        const { code } = await signInCode(device, titleId, DEFAULT_SISU_REDIRECT, signInFor(xuid));
        return expectToken(
          await call(
            '/user/authenticate',
            {
              RelyingParty: AUTH_RELYING_PARTY,
              TokenType: 'JWT',
              Properties: { AuthMethod: 'RPS', SiteName: 'user.auth.xboxlive.com', RpsTicket: `d=${code}` },
            },
            device,
          ),
          '/user/authenticate',
        );
      }),
    );

  const noUserToken = (xuid: string): XstsHttpError =>
    new XstsHttpError(XstsFailureReason.Unauthorized, `${url}/xsts/authorize (no user token for ${xuid})`);

  const forget = (device: Device, titleId: number, xuids: readonly string[]): void => {
    cache.delete(`device:${device.id}`);
    cache.delete(`title:${device.id}:${titleId}`);
    for (const xuid of xuids) cache.delete(`user:${xuid}`);
  };

  return {
    url,
    async getToken(request) {
      const device = deviceOf(request.deviceId);
      // users who sign in only through SISU: without their user tokens, nothing is sent
      const missing =
        signInFor === null ? request.xuids.find((xuid) => fresh(`user:${xuid}`) === undefined) : undefined;
      if (missing !== undefined) throw noUserToken(missing);
      const key = `xsts:${request.deviceId}:${request.titleId}:${request.relyingParty}:${request.allUsers === true ? '*' : ''}:${request.xuids.join(',')}`;
      return once(key, async () => {
        let tokens: string[];
        try {
          tokens = await Promise.all([
            deviceToken(device),
            titleToken(device, request.titleId),
            ...request.xuids.map((xuid) => userToken(device, request.titleId, xuid)),
          ]);
        } catch (error) {
          // A user-token step refused with an XErr: that is the answer, about the first user.
          if (error instanceof Refused) return { ...error.refusal, xuid: request.xuids[0] ?? '' };
          throw error;
        }
        const [dt, tt, ...uts] = tokens;
        const path = '/xsts/authorize';
        const answer = await call(
          path,
          {
            RelyingParty: request.relyingParty,
            TokenType: 'JWT',
            Properties: { ...sandbox('SandboxId'), DeviceToken: dt, TitleToken: tt, UserTokens: uts },
          },
          device,
        );
        if (answer.status === 401 && typeof (answer.json as { XErr?: unknown } | undefined)?.XErr !== 'number')
          forget(device, request.titleId, request.xuids);
        const refusal = refusalOf(answer, request.xuids[0] ?? '');
        if (refusal !== undefined) return refusal;
        const response = expectToken(answer, path);
        const displayClaims = response.DisplayClaims as unknown as DisplayClaims;
        const users = Array.isArray(displayClaims.xui) ? displayClaims.xui : [];
        const userHash = users.length === 0 ? '-' : request.allUsers === true ? '*' : (users[0]?.uhs ?? '-');
        return {
          ok: true,
          authorization: `XBL3.0 x=${userHash};${response.Token}`,
          token: response.Token,
          userHash,
          issueInstant: response.IssueInstant,
          notAfter: response.NotAfter,
          displayClaims,
        };
      });
    },
    async sisu(request) {
      const device = deviceOf(request.deviceId);
      let dt: string;
      let signedIn: { code: string; sessionId: string };
      try {
        dt = await deviceToken(device);
        signedIn = await signInCode(device, request.titleId, request.redirectUri, request.signIn, request.state);
      } catch (error) {
        if (error instanceof Refused) return error.refusal;
        throw error;
      }
      const { code, sessionId } = signedIn;
      const path = '/authorize';
      const authorize = (): Promise<Answer> =>
        call(
          path,
          {
            AccessToken: `t=${code}`,
            AppId: String(request.titleId),
            DeviceToken: dt,
            ...sandbox('Sandbox'),
            SiteName: 'user.auth.xboxlive.com',
            SessionId: sessionId,
            ProofKey: device.proofKey.jwk,
            ...(request.relyingParty === undefined ? {} : { RelyingParty: request.relyingParty }),
          },
          device,
        );
      let answer = await authorize();
      let refusal = refusalOf(answer, '');
      // an account page to fix the issue on: once the person fixed it, authorize again (same code)
      if (refusal?.redirect !== undefined && request.resolve !== undefined && (await request.resolve(refusal))) {
        answer = await authorize();
        refusal = refusalOf(answer, '');
      }
      if (refusal !== undefined) return refusal;
      const json = answer.json as Record<string, unknown> | undefined;
      const [sisuDeviceToken, titleToken, userToken, authorizationToken] = [
        json?.['DeviceToken'],
        json?.['TitleToken'],
        json?.['UserToken'],
        json?.['AuthorizationToken'],
      ];
      const xuid = isTokenResponse(authorizationToken)
        ? (authorizationToken.DisplayClaims as unknown as DisplayClaims).xui?.[0]?.xid
        : undefined;
      if (
        answer.status !== 200 ||
        typeof sisuDeviceToken !== 'string' ||
        !isTokenResponse(titleToken) ||
        !isTokenResponse(userToken) ||
        typeof xuid !== 'string'
      )
        throw failure(answer, `${url}${path}`);
      // the tokens SISU answered serve the XSTS calls that follow
      cache.set(`title:${device.id}:${request.titleId}`, held(titleToken));
      cache.set(`user:${xuid}`, held(userToken));
      return {
        ok: true,
        xuid,
        deviceToken: sisuDeviceToken,
        titleToken,
        userToken,
        authorizationToken: authorizationToken as TokenResponse,
      };
    },
    exportUserToken(xuid) {
      const hit = cache.get(`user:${xuid}`);
      return hit === undefined ? undefined : { token: hit.token, notAfter: hit.notAfter };
    },
    importUserToken(xuid, stored) {
      const s = stored as Partial<StoredUserToken> | null | undefined;
      if (typeof s?.token === 'string' && typeof s.notAfter === 'number' && !cache.has(`user:${xuid}`))
        cache.set(`user:${xuid}`, { token: s.token, notAfter: s.notAfter });
    },
    forgetUser(xuid) {
      cache.delete(`user:${xuid}`);
    },
  };
}

/**
 * The XSTS client a title process should use: over HTTP when a service URL is given (or
 * `GDKTS_LIVE_URL` is set), otherwise in process on `world`.
 *
 * @param options - [in] `url` (default `GDKTS_LIVE_URL`), the in-process `world`, and the HTTP options.
 * @returns the client.
 * @throws TypeError when neither a URL nor a world is available.
 */
export function selectXstsClient(
  options: Omit<HttpXstsOptions, 'url'> & { readonly url?: string; readonly world?: World },
): XstsClient {
  const url = options.url ?? process.env[LIVE_URL_ENV];
  if (url !== undefined && url !== '') return httpXsts({ ...options, url });
  if (options.world === undefined) throw new TypeError(`Expected \`url\`, ${LIVE_URL_ENV} or \`world\``);
  return inProcessXsts(options.world);
}

/** Carries an XErr refusal out of a token step to the call that answers with it. */
class Refused extends Error {
  readonly refusal: TokenRefusal;

  constructor(refusal: TokenRefusal) {
    super(`refused with XErr ${refusal.xerr}`);
    this.refusal = refusal;
  }
}

function isTokenResponse(json: unknown): json is TokenResponse {
  const t = json as Partial<TokenResponse> | undefined;
  return typeof t?.Token === 'string' && typeof t.NotAfter === 'string';
}

/** A token response as the cache holds it. */
function held(response: TokenResponse): Cached {
  return { token: response.Token, notAfter: Date.parse(response.NotAfter) };
}

function byId(devices: Iterable<Device>): (deviceId: string) => Device | undefined {
  const map = new Map<string, Device>();
  for (const device of devices) map.set(device.id, device);
  return (id) => map.get(id);
}

/** The refusal a 401 with an XErr body means, or `undefined` for any other answer. */
function refusalOf(answer: Answer, xuid: string): TokenRefusal | undefined {
  const json = answer.json as { XErr?: unknown; Redirect?: unknown } | undefined;
  if (answer.status !== 401 || typeof json?.XErr !== 'number') return undefined;
  const xerr = json.XErr;
  const redirect = typeof json.Redirect === 'string' && json.Redirect !== '' ? { redirect: json.Redirect } : {};
  if (xerr === XERR_CONTENT_ISOLATION) return { ok: false, reason: 'sandbox-not-allowed', xerr, xuid, ...redirect };
  const issue = (Object.keys(AccountIssue) as AccountIssue[]).find((name) => AccountIssue[name] === xerr);
  return {
    ok: false,
    reason: 'user-action-required',
    xerr,
    xuid,
    ...(issue === undefined ? {} : { issue }),
    ...redirect,
  };
}

function failure(answer: Answer, href: string): XstsHttpError {
  const reason =
    answer.status >= 500
      ? XstsFailureReason.ServerError
      : answer.status === 401
        ? XstsFailureReason.Unauthorized
        : answer.status === 403
          ? XstsFailureReason.SignatureRejected
          : XstsFailureReason.Protocol;
  return new XstsHttpError(reason, href, answer.status);
}

/** The default sign-in: what a person does on the page (pick the account, consent), as one form POST. */
function formSignIn(xuid: string, fetchImpl: typeof fetch): SignInHandler {
  return async (signInUrl) => {
    const page = new URL(signInUrl);
    const form = new URLSearchParams({ session: page.searchParams.get('session') ?? '', xuid, consent: 'yes' });
    let response: Response;
    try {
      response = await fetchImpl(new URL('/signin', page), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        redirect: 'manual',
      });
    } catch (error) {
      throw new XstsHttpError(XstsFailureReason.Network, page.href, undefined, error);
    }
    await response.arrayBuffer();
    const location = response.headers.get('Location');
    if (response.status !== 302 || location === null)
      throw new XstsHttpError(
        response.status >= 500 ? XstsFailureReason.ServerError : XstsFailureReason.Protocol,
        page.href,
        response.status,
      );
    return location;
  };
}
