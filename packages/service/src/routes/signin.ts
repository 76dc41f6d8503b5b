// The pages a person uses: the OAuth-style sign-in page XAL's web-view hook opens (pick an account,
// consent, then a 302 to the redirect URI with a code), and the device-code page of remote connect
// (a device shows a short code; the person enters it here and picks an account), and the account
// page a refusal's `Redirect` names, where the person fixes an issue they can fix (accept the terms,
// create the profile, verify their age), then a 302 to the redirect URI the title watches for.
import { randomBytes, randomInt } from 'node:crypto';
import type { Route, RouteRequest, ServiceContext } from '../internal/context.js';
import {
  HttpError,
  escapeHtml,
  parseForm,
  parseJsonObject,
  sendHtml,
  sendJson,
  stringMember,
} from '../internal/http.js';
import { USER_RESOLVABLE_ISSUES } from '@gdkts/xboxlive';
import { mintTicket, sessionOf } from './auth.js';

/** How long a device code may wait for the person, in ms. */
const DEVICE_CODE_LIFETIME_MS = 15 * 60 * 1000;
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

interface PendingDeviceCode {
  readonly deviceCode: string;
  readonly expiresAt: number;
  xuid?: string;
}

/** Device codes waiting for a person, by user code (in memory: they last minutes). */
const pendingByService = new WeakMap<ServiceContext, Map<string, PendingDeviceCode>>();

function pending(context: ServiceContext): Map<string, PendingDeviceCode> {
  let map = pendingByService.get(context);
  if (map === undefined) {
    map = new Map();
    pendingByService.set(context, map);
  }
  for (const [code, entry] of map) if (entry.expiresAt <= context.now()) map.delete(code);
  return map;
}

function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.4rem 0}button{margin-top:1rem;padding:.4rem 1.2rem}.error{color:#b00}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${content}
</body></html>
`;
}

function accountChoices(context: ServiceContext): string {
  const accounts = [...context.state.world.accounts()];
  if (accounts.length === 0) return '<p>No accounts exist yet: add one with <code>POST /admin/accounts</code>.</p>';
  return accounts
    .map(
      (account, index) =>
        `<label><input type="radio" name="xuid" value="${escapeHtml(account.xuid)}"${index === 0 ? ' checked' : ''}> ${escapeHtml(account.gamertag)} <small>(${escapeHtml(account.xuid)})</small></label>`,
    )
    .join('\n');
}

const CONSENT = '<label><input type="checkbox" name="consent" value="yes"> Let this app use my Xbox profile</label>';

function signInPage(context: ServiceContext, session: string, error?: string): string {
  return page(
    'Sign in to the emulated Xbox Live',
    `${error === undefined ? '' : `<p class="error">${escapeHtml(error)}</p>`}
<form method="post" action="/signin">
<input type="hidden" name="session" value="${escapeHtml(session)}">
<fieldset><legend>Pick an account</legend>
${accountChoices(context)}
</fieldset>
${CONSENT}
<button type="submit">Sign in</button>
</form>`,
  );
}

function showSignIn(context: ServiceContext, route: RouteRequest): void {
  const sessionId = route.url.searchParams.get('session');
  if (sessionOf(context, sessionId) === undefined)
    throw new HttpError(400, 'the sign-in session is missing or has expired');
  sendHtml(route.response, 200, signInPage(context, sessionId as string));
}

async function submitSignIn(context: ServiceContext, route: RouteRequest): Promise<void> {
  const form = parseForm(route.request, await route.body());
  const sessionId = form.get('session');
  const session = sessionOf(context, sessionId);
  if (session === undefined) throw new HttpError(400, 'the sign-in session is missing or has expired');
  const xuid = form.get('xuid') ?? '';
  if (context.state.world.account(xuid) === undefined) {
    sendHtml(route.response, 400, signInPage(context, sessionId as string, 'Pick one of the accounts.'));
    return;
  }
  if (form.get('consent') !== 'yes') {
    sendHtml(route.response, 400, signInPage(context, sessionId as string, 'Consent is needed to sign in.'));
    return;
  }
  const location = new URL(session.redirect);
  location.searchParams.set('code', mintTicket(context, xuid, sessionId as string));
  if (session.state !== '') location.searchParams.set('state', session.state);
  route.response.writeHead(302, { Location: location.href, 'Content-Length': '0' }).end();
}

/** Remote connect, step 1 (the device): a device code to poll with and a user code to show. */
async function createDeviceCode(context: ServiceContext, route: RouteRequest): Promise<void> {
  await route.body();
  const map = pending(context);
  let userCode: string;
  do userCode = Array.from({ length: 8 }, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]).join('');
  while (map.has(userCode));
  const deviceCode = randomBytes(24).toString('base64url');
  map.set(userCode, { deviceCode, expiresAt: context.now() + DEVICE_CODE_LIFETIME_MS });
  sendJson(route.response, 200, {
    device_code: deviceCode,
    user_code: userCode,
    verification_uri: new URL('/connect', context.baseUrl).href,
    expires_in: DEVICE_CODE_LIFETIME_MS / 1000,
    interval: 1,
  });
}

/** Remote connect, step 3 (the device polls): the RPS ticket once the person approved. */
async function pollDeviceCode(context: ServiceContext, route: RouteRequest): Promise<void> {
  const deviceCode = stringMember(parseJsonObject(route.request, await route.body()), 'device_code');
  for (const [userCode, entry] of pending(context)) {
    if (entry.deviceCode !== deviceCode) continue;
    if (entry.xuid === undefined) {
      sendJson(route.response, 400, { error: 'authorization_pending' });
      return;
    }
    pending(context).delete(userCode);
    sendJson(route.response, 200, { RpsTicket: `d=${mintTicket(context, entry.xuid)}`, xuid: entry.xuid });
    return;
  }
  sendJson(route.response, 400, { error: 'expired_token' });
}

function connectPage(context: ServiceContext, error?: string, done?: string): string {
  if (done !== undefined)
    return page('Signed in', `<p>${escapeHtml(done)} is signed in on the device. You can close this page.</p>`);
  return page(
    'Connect a device',
    `${error === undefined ? '' : `<p class="error">${escapeHtml(error)}</p>`}
<form method="post" action="/connect">
<label>Code shown on the device <input name="user_code" autocomplete="off" autofocus></label>
<fieldset><legend>Pick an account</legend>
${accountChoices(context)}
</fieldset>
${CONSENT}
<button type="submit">Connect</button>
</form>`,
  );
}

/** Remote connect, step 2 (the person): enter the code, pick an account, consent. */
async function submitConnect(context: ServiceContext, route: RouteRequest): Promise<void> {
  const form = parseForm(route.request, await route.body());
  const entry = pending(context).get((form.get('user_code') ?? '').trim().toUpperCase());
  const account = context.state.world.account(form.get('xuid') ?? '');
  if (entry === undefined || entry.xuid !== undefined)
    sendHtml(route.response, 400, connectPage(context, 'That code is unknown or has expired.'));
  else if (account === undefined) sendHtml(route.response, 400, connectPage(context, 'Pick one of the accounts.'));
  else if (form.get('consent') !== 'yes')
    sendHtml(route.response, 400, connectPage(context, 'Consent is needed to sign in.'));
  else {
    entry.xuid = account.xuid;
    sendHtml(route.response, 200, connectPage(context, undefined, account.gamertag));
  }
}

function fixPage(xuid: string, issues: readonly string[], redirectUri: string, error?: string): string {
  const list = issues.map((issue) => `<li>${escapeHtml(issue)}</li>`).join('');
  return page(
    'Fix your Xbox account',
    `${error === undefined ? '' : `<p class="error">${escapeHtml(error)}</p>`}
<p>Before you sign in, this needs your attention:</p><ul>${list}</ul>
<form method="post" action="/account/fix">
<input type="hidden" name="xuid" value="${escapeHtml(xuid)}">
<input type="hidden" name="redirect_uri" value="${escapeHtml(redirectUri)}">
<label><input type="checkbox" name="accept" value="yes"> I have done this</label>
<button type="submit">Continue</button>
</form>`,
  );
}

/** The issues of an account a person can fix on the page. */
function fixable(context: ServiceContext, xuid: string | null): string[] {
  const account = xuid === null ? undefined : context.state.world.account(xuid);
  if (account === undefined) throw new HttpError(400, 'the account is missing or unknown');
  return [...account.issues].filter((issue) => USER_RESOLVABLE_ISSUES.has(issue));
}

function showFix(context: ServiceContext, route: RouteRequest): void {
  const xuid = route.url.searchParams.get('xuid');
  const issues = fixable(context, xuid);
  sendHtml(route.response, 200, fixPage(xuid as string, issues, route.url.searchParams.get('redirect_uri') ?? ''));
}

async function submitFix(context: ServiceContext, route: RouteRequest): Promise<void> {
  const form = parseForm(route.request, await route.body());
  const xuid = form.get('xuid');
  const issues = fixable(context, xuid);
  const redirectUri = form.get('redirect_uri') ?? '';
  if (form.get('accept') !== 'yes') {
    sendHtml(route.response, 400, fixPage(xuid as string, issues, redirectUri, 'Confirm to continue.'));
    return;
  }
  context.state.world.account(xuid as string)?.resolveUserIssues();
  await context.save();
  if (redirectUri === '')
    sendHtml(route.response, 200, page('Your account is ready', '<p>You can close this page.</p>'));
  else route.response.writeHead(302, { Location: redirectUri, 'Content-Length': '0' }).end();
}

export const signInRoutes: readonly Route[] = [
  { method: 'GET', pattern: /^\/account\/fix$/, handler: showFix },
  { method: 'POST', pattern: /^\/account\/fix$/, handler: submitFix },
  { method: 'GET', pattern: /^\/signin$/, handler: showSignIn },
  { method: 'POST', pattern: /^\/signin$/, handler: submitSignIn },
  { method: 'POST', pattern: /^\/devicecode$/, handler: createDeviceCode },
  { method: 'POST', pattern: /^\/devicecode\/token$/, handler: pollDeviceCode },
  {
    method: 'GET',
    pattern: /^\/connect$/,
    handler: (context, route) => sendHtml(route.response, 200, connectPage(context)),
  },
  { method: 'POST', pattern: /^\/connect$/, handler: submitConnect },
];
