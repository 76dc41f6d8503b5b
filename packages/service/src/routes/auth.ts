// The auth services in the JSON shapes of token-signature.md §1.2 and §1.5: device, user, title and
// XSTS, and the SISU pair XAL uses. Every call but user authentication is signed with the device
// proof key (the auth policy, whole body, empty Authorization) and refused with 403 and an empty
// body when the signature does not verify; token refusals are 401 with the XErr body.
import { randomBytes } from 'node:crypto';
import {
  AUTH_SERVICE_SIGNATURE_POLICY,
  AccountIssue,
  CREATE_ACCOUNT_REDIRECT,
  USER_RESOLVABLE_ISSUES,
  XERR_CONTENT_ISOLATION,
  xstsTimestamp,
  type Account,
  type ProofKeyJwk,
  type Title,
  type TokenIssueResult,
} from '@gdkts/xboxlive';
import { verifyRequestSignature } from '@gdkts/xboxlive/verify';
import type { Route, RouteRequest, ServiceContext } from '../internal/context.js';
import {
  HttpError,
  objectMember,
  parseJsonObject,
  sendJson,
  signatureRefusal,
  stringMember,
  xerrRefusal,
} from '../internal/http.js';
import type { SealedPayload } from '../internal/sealedTokens.js';
import { XBOX_LIVE_RELYING_PARTY, type RemoteDevice } from '../internal/state.js';

/** The relying party of device, user and title tokens. */
const AUTH_RELYING_PARTY = 'http://auth.xboxlive.com';
/** Device, user and title tokens last 16 hours unless a fault overrides it. [inferred] */
const AUTH_TOKEN_LIFETIME_MS = 16 * 3600 * 1000;
/** The auth services refuse signatures about ±4 minutes off (token-signature.md §2.6). */
const AUTH_CLOCK_SKEW_SECONDS = 240;
/** A SISU session (from /authenticate to /authorize) lasts 15 minutes. */
const SESSION_LIFETIME_MS = 15 * 60 * 1000;

interface SignedJson {
  readonly body: Record<string, unknown>;
  readonly raw: Buffer;
}

async function readJson(route: RouteRequest): Promise<SignedJson> {
  const raw = await route.body();
  return { body: parseJsonObject(route.request, raw), raw };
}

/** Device, user and title tokens are for the auth relying party (token-signature.md §1.2). */
async function readAuthRequest(route: RouteRequest): Promise<SignedJson> {
  const request = await readJson(route);
  const rp = request.body['RelyingParty'];
  if (rp !== undefined && rp !== AUTH_RELYING_PARTY)
    throw new HttpError(400, `expected RelyingParty ${AUTH_RELYING_PARTY}`);
  return request;
}

/** 403 with an empty body unless the request carries a valid auth-policy signature by `jwk`. */
function requireSignature(
  context: ServiceContext,
  route: RouteRequest,
  raw: Buffer,
  jwk: ProofKeyJwk | undefined,
): void {
  const result = verifyRequestSignature(
    {
      method: route.request.method ?? 'POST',
      target: route.request.url ?? '/',
      headers: route.request.headers,
      body: raw,
    },
    jwk,
    { policy: AUTH_SERVICE_SIGNATURE_POLICY, nowMs: context.now(), clockSkewSeconds: AUTH_CLOCK_SKEW_SECONDS },
  );
  if (!result.ok) throw signatureRefusal(result.error.code);
}

function isProofKey(value: unknown): value is ProofKeyJwk {
  const key = value as Record<string, unknown> | null;
  return (
    typeof key === 'object' &&
    key !== null &&
    key['kty'] === 'EC' &&
    key['crv'] === 'P-256' &&
    typeof key['x'] === 'string' &&
    typeof key['y'] === 'string'
  );
}

function lifetimeMs(context: ServiceContext): number {
  const seconds = context.faults().tokenLifetimeSeconds;
  return seconds === undefined ? AUTH_TOKEN_LIFETIME_MS : seconds * 1000;
}

/** The token-response shape shared by every auth service (token-signature.md §1.2). */
function tokenResponse(
  issuedAtMs: number,
  expiresAtMs: number,
  token: string,
  displayClaims: unknown,
): Record<string, unknown> {
  return {
    IssueInstant: xstsTimestamp(issuedAtMs),
    NotAfter: xstsTimestamp(expiresAtMs),
    Token: token,
    DisplayClaims: displayClaims,
  };
}

/** The xerr fault, when set: every token endpoint refuses with it. */
function injectedRefusal(context: ServiceContext): void {
  const issue = context.faults().xerr;
  if (issue !== undefined)
    throw xerrRefusal(AccountIssue[issue], issue === 'NoXboxProfile' ? CREATE_ACCOUNT_REDIRECT : undefined);
}

function deviceOf(
  context: ServiceContext,
  token: unknown,
): { readonly sealed: Extract<SealedPayload, { typ: 'device' }>; readonly device: RemoteDevice } {
  const sealed = context.seal.open(token, 'device', context.now());
  const device = sealed === undefined ? undefined : context.state.devices.get(sealed.did);
  if (sealed === undefined || device === undefined)
    throw new HttpError(401, 'invalid DeviceToken', { error: 'invalid DeviceToken' }, { 'WWW-Authenticate': 'XBL3.0' });
  return { sealed, device };
}

function titleOf(context: ServiceContext, titleId: unknown): Title {
  const id = typeof titleId === 'string' && /^\d{1,10}$/.test(titleId) ? Number(titleId) : titleId;
  const title = typeof id === 'number' ? context.state.world.title(id) : undefined;
  if (title === undefined) throw new HttpError(400, `unknown title \`${String(titleId)}\``);
  return title;
}

function accountOfUserToken(context: ServiceContext, token: unknown): Account {
  const sealed = context.seal.open(token, 'user', context.now());
  const account = sealed === undefined ? undefined : context.state.world.account(sealed.xid);
  const signedOut = sealed === undefined ? undefined : context.state.signedOut.get(sealed.xid);
  if (sealed === undefined || account === undefined || (signedOut !== undefined && sealed.iat <= signedOut)) {
    throw new HttpError(401, 'invalid user token', { error: 'invalid user token' }, { 'WWW-Authenticate': 'XBL3.0' });
  }
  return account;
}

/** The XUID an RPS ticket (`d=<ticket>`, `t=<ticket>`, or the bare code) was issued for at the sign-in page. */
function accountOfTicket(context: ServiceContext, ticket: unknown, sessionId?: string): Account {
  const text = typeof ticket === 'string' ? ticket.replace(/^[dt]=/, '') : ticket;
  const sealed = context.seal.open(text, 'ticket', context.now());
  const account = sealed === undefined ? undefined : context.state.world.account(sealed.xid);
  if (
    sealed === undefined ||
    account === undefined ||
    (sessionId !== undefined && sealed.sid !== undefined && sealed.sid !== sessionId)
  ) {
    throw new HttpError(401, 'invalid RPS ticket', { error: 'invalid RPS ticket' }, { 'WWW-Authenticate': 'XBL3.0' });
  }
  return account;
}

function issueDeviceToken(context: ServiceContext, device: RemoteDevice): Record<string, unknown> {
  const iat = context.now();
  const exp = iat + lifetimeMs(context);
  return tokenResponse(iat, exp, context.seal.seal({ typ: 'device', did: device.id, iat, exp }), {
    xdi: { did: device.id, dcs: '0' },
  });
}

function issueUserToken(context: ServiceContext, account: Account): Record<string, unknown> {
  const iat = context.now();
  const exp = iat + lifetimeMs(context);
  const uhs = randomBytes(8).readBigUInt64BE().toString();
  return tokenResponse(iat, exp, context.seal.seal({ typ: 'user', xid: account.xuid, uhs, iat, exp }), {
    xui: [{ uhs }],
  });
}

function issueTitleToken(context: ServiceContext, title: Title, device: RemoteDevice): Record<string, unknown> {
  const iat = context.now();
  const exp = iat + lifetimeMs(context);
  return tokenResponse(iat, exp, context.seal.seal({ typ: 'title', tid: title.titleId, did: device.id, iat, exp }), {
    xti: { tid: title.tid },
  });
}

/** Issues an XSTS token with the world's issuer, or throws the refusal. */
function issueXsts(
  context: ServiceContext,
  users: readonly Account[],
  device: RemoteDevice,
  title: Title,
  audience: string,
  sandbox?: unknown,
): Record<string, unknown> {
  const relyingParty = context.state.world.relyingParty(audience);
  if (relyingParty === undefined) throw new HttpError(400, `unknown relying party \`${audience}\``);
  if (sandbox !== undefined && sandbox !== title.sandbox) throw xerrRefusal(XERR_CONTENT_ISOLATION);
  const seconds = context.faults().tokenLifetimeSeconds;
  const result: TokenIssueResult = context.state.world.issuer.issue({
    users,
    device: { type: device.type, version: device.version, proofKey: { jwk: device.jwk } },
    title,
    relyingParty,
    nowMs: context.now(),
    ...(seconds === undefined ? {} : { lifetimeSeconds: seconds }),
  });
  if (!result.ok) throw xerrRefusal(result.xerr, result.redirect);
  return {
    IssueInstant: result.issueInstant,
    NotAfter: result.notAfter,
    Token: result.token,
    DisplayClaims: result.displayClaims,
  };
}

async function deviceAuthenticate(context: ServiceContext, route: RouteRequest): Promise<void> {
  const { body, raw } = await readAuthRequest(route);
  const properties = objectMember(body, 'Properties');
  if (properties['AuthMethod'] !== 'ProofOfPossession')
    throw new HttpError(400, 'expected Properties.AuthMethod ProofOfPossession');
  const proofKey = properties['ProofKey'];
  if (!isProofKey(proofKey)) throw new HttpError(400, 'expected Properties.ProofKey to be a P-256 JWK');
  requireSignature(context, route, raw, proofKey);
  const id = stringMember(properties, 'Id');
  if (id.length > 128) throw new HttpError(400, 'expected Properties.Id of at most 128 characters');
  const known = context.state.devices.get(id);
  // A device id stays bound to the key it first proved (another key cannot take it over).
  if (known !== undefined && (known.jwk.x !== proofKey.x || known.jwk.y !== proofKey.y))
    throw signatureRefusal('device id bound to another proof key');
  const device: RemoteDevice = {
    id,
    type: typeof properties['DeviceType'] === 'string' ? properties['DeviceType'] : 'Win32',
    version: typeof properties['Version'] === 'string' ? properties['Version'] : '10.0.0.0',
    jwk: { kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', x: proofKey.x, y: proofKey.y },
  };
  if (known === undefined || known.type !== device.type || known.version !== device.version) {
    context.state.devices.set(id, device);
    await context.save();
  }
  sendJson(route.response, 200, issueDeviceToken(context, device));
}

async function userAuthenticate(context: ServiceContext, route: RouteRequest): Promise<void> {
  const { body, raw } = await readAuthRequest(route);
  const properties = objectMember(body, 'Properties');
  if (properties['AuthMethod'] !== 'RPS') throw new HttpError(400, 'expected Properties.AuthMethod RPS');
  // The call carries no device token to name a key; a ProofKey, when sent, must have signed it.
  if (properties['ProofKey'] !== undefined)
    requireSignature(context, route, raw, isProofKey(properties['ProofKey']) ? properties['ProofKey'] : undefined);
  const account = accountOfTicket(context, properties['RpsTicket']);
  injectedRefusal(context);
  sendJson(route.response, 200, issueUserToken(context, account));
}

async function titleAuthenticate(context: ServiceContext, route: RouteRequest): Promise<void> {
  const { body, raw } = await readAuthRequest(route);
  const properties = objectMember(body, 'Properties');
  const { device } = deviceOf(context, properties['DeviceToken']);
  requireSignature(context, route, raw, device.jwk);
  const title = titleOf(context, properties['TitleId']);
  sendJson(route.response, 200, issueTitleToken(context, title, device));
}

async function xstsAuthorize(context: ServiceContext, route: RouteRequest): Promise<void> {
  const { body, raw } = await readJson(route);
  const properties = objectMember(body, 'Properties');
  const { device } = deviceOf(context, properties['DeviceToken']);
  requireSignature(context, route, raw, device.jwk);
  const audience = stringMember(body, 'RelyingParty');
  const titleToken = context.seal.open(properties['TitleToken'], 'title', context.now());
  if (titleToken === undefined || titleToken.did !== device.id)
    throw new HttpError(401, 'invalid TitleToken', { error: 'invalid TitleToken' }, { 'WWW-Authenticate': 'XBL3.0' });
  const title = titleOf(context, titleToken.tid);
  const userTokens = properties['UserTokens'] ?? [];
  if (!Array.isArray(userTokens) || userTokens.length > 16)
    throw new HttpError(400, 'expected Properties.UserTokens to be an array of at most 16 tokens');
  const users = userTokens.map((token) => accountOfUserToken(context, token));
  if (new Set(users.map((user) => user.xuid)).size !== users.length)
    throw new HttpError(400, 'expected each user once in Properties.UserTokens');
  injectedRefusal(context);
  sendJson(route.response, 200, issueXsts(context, users, device, title, audience, properties['SandboxId']));
}

/** SISU step 1: the device asks where its user signs in; the answer carries the session id (`X-SessionId`). */
async function sisuAuthenticate(context: ServiceContext, route: RouteRequest): Promise<void> {
  const { body, raw } = await readJson(route);
  const { device } = deviceOf(context, body['DeviceToken']);
  requireSignature(context, route, raw, device.jwk);
  const title = titleOf(context, body['TitleId']);
  const redirect = stringMember(body, 'RedirectUri');
  if (!/^[a-z][a-z0-9+.-]*:/i.test(redirect)) throw new HttpError(400, 'expected RedirectUri to be an absolute URI');
  const query =
    typeof body['Query'] === 'object' && body['Query'] !== null ? (body['Query'] as Record<string, unknown>) : {};
  const state = typeof query['state'] === 'string' ? query['state'] : '';
  const iat = context.now();
  const sessionId = context.seal.seal({
    typ: 'session',
    tid: title.titleId,
    redirect,
    state,
    iat,
    exp: iat + SESSION_LIFETIME_MS,
  });
  const signIn = new URL('/signin', context.baseUrl);
  signIn.searchParams.set('session', sessionId);
  sendJson(
    route.response,
    200,
    { MsaOauthRedirect: signIn.href, MsaRequestParameters: {} },
    { 'X-SessionId': sessionId },
  );
}

/** SISU step 2: the code from the sign-in page and the device token become all four tokens at once. */
async function sisuAuthorize(context: ServiceContext, route: RouteRequest): Promise<void> {
  const { body, raw } = await readJson(route);
  const proofKey = body['ProofKey'];
  if (!isProofKey(proofKey)) throw new HttpError(400, 'expected ProofKey to be a P-256 JWK');
  requireSignature(context, route, raw, proofKey);
  const { device } = deviceOf(context, body['DeviceToken']);
  if (device.jwk.x !== proofKey.x || device.jwk.y !== proofKey.y)
    throw signatureRefusal("ProofKey is not the device token's key");
  const sessionId = stringMember(body, 'SessionId');
  const session = context.seal.open(sessionId, 'session', context.now());
  if (session === undefined)
    throw new HttpError(401, 'invalid SessionId', { error: 'invalid SessionId' }, { 'WWW-Authenticate': 'XBL3.0' });
  const account = accountOfTicket(context, body['AccessToken'], sessionId);
  const title = titleOf(context, session.tid);
  injectedRefusal(context);
  const audience = typeof body['RelyingParty'] === 'string' ? body['RelyingParty'] : XBOX_LIVE_RELYING_PARTY;
  let authorization: Record<string, unknown>;
  try {
    authorization = issueXsts(context, [account], device, title, audience, body['Sandbox'] ?? undefined);
  } catch (error) {
    // an issue the person can fix: the refusal sends them to the account page (signin.ts)
    const fixable = [...account.issues].some((issue) => USER_RESOLVABLE_ISSUES.has(issue));
    const refusal = error instanceof HttpError ? (error.body as { XErr?: unknown } | null) : null;
    if (!fixable || typeof refusal?.XErr !== 'number') throw error;
    throw xerrRefusal(refusal.XErr, accountFixUrl(context, account.xuid));
  }
  sendJson(route.response, 200, {
    DeviceToken: context.seal.seal({
      typ: 'device',
      did: device.id,
      iat: context.now(),
      exp: context.now() + lifetimeMs(context),
    }),
    TitleToken: issueTitleToken(context, title, device),
    UserToken: issueUserToken(context, account),
    AuthorizationToken: authorization,
    WebPage: 'https://sisu.xboxlive.com/client/v33/default/view/index.html',
    Sandbox: title.sandbox,
    UseModernGamertag: body['UseModernGamertag'] === true,
  });
}

/** The account page a refusal's `Redirect` names: `<base>/account/fix?xuid=…` (signin.ts serves it). */
export function accountFixUrl(context: ServiceContext, xuid: string): string {
  const url = new URL('/account/fix', `${context.baseUrl}/`);
  url.searchParams.set('xuid', xuid);
  return url.href;
}

/** Mints the RPS ticket / sign-in code for an account (what the sign-in page does on consent). */
export function mintTicket(context: ServiceContext, xuid: string, sessionId?: string): string {
  const iat = context.now();
  return context.seal.seal({
    typ: 'ticket',
    xid: xuid,
    iat,
    exp: iat + SESSION_LIFETIME_MS,
    ...(sessionId === undefined ? {} : { sid: sessionId }),
  });
}

/** The session a sign-in page URL names, or `undefined`. */
export function sessionOf(
  context: ServiceContext,
  sessionId: string | null,
): Extract<SealedPayload, { typ: 'session' }> | undefined {
  return sessionId === null ? undefined : context.seal.open(sessionId, 'session', context.now());
}

export const authRoutes: readonly Route[] = [
  { method: 'POST', pattern: /^\/device\/authenticate$/, handler: deviceAuthenticate },
  { method: 'POST', pattern: /^\/user\/authenticate$/, handler: userAuthenticate },
  { method: 'POST', pattern: /^\/title\/authenticate$/, handler: titleAuthenticate },
  { method: 'POST', pattern: /^\/xsts\/authorize$/, handler: xstsAuthorize },
  { method: 'POST', pattern: /^\/authenticate$/, handler: sisuAuthenticate },
  { method: 'POST', pattern: /^\/authorize$/, handler: sisuAuthorize },
];
