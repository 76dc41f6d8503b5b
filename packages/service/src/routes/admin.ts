// The admin API (JSON, under /admin/): accounts, devices, relying parties, titles and their NSAL
// endpoint entries, sign-outs, faults, and a Server-Sent Events stream of the changes connected
// clients react to. Loopback only, like the whole service; no authentication.
import {
  Account,
  RelyingParty,
  Title,
  createEndpointResolver,
  type AccountProfile,
  type EndpointConfiguration,
} from '@gdkts/xboxlive';
import { checkFaults } from '../faults.js';
import type { Route, RouteRequest, ServiceContext } from '../internal/context.js';
import { HttpError, parseJsonObject, sendJson } from '../internal/http.js';
import { accountRecord, isAccountIssue, relyingPartySettings } from '../internal/state.js';
import { titleEndpoints } from './documents.js';

async function json(route: RouteRequest): Promise<Record<string, unknown>> {
  return parseJsonObject(route.request, await route.body());
}

/** Runs a constructor or mutator; its TypeError/RangeError (bad input) becomes a 400 with the message. */
async function attempt<T>(action: () => T | Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) throw new HttpError(400, error.message);
    throw error;
  }
}

function accountOf(context: ServiceContext, xuid: string | undefined): Account {
  const account = context.state.world.account(xuid ?? '');
  if (account === undefined) throw new HttpError(404, `unknown account ${String(xuid)}`);
  return account;
}

const PROFILE_FIELDS = [
  'gamertag',
  'modernGamertag',
  'modernGamertagSuffix',
  'ageGroup',
  'privileges',
  'sandboxes',
  'country',
  'language',
] as const;

function profileOf(body: Record<string, unknown>): AccountProfile {
  const profile: Record<string, unknown> = {};
  for (const name of PROFILE_FIELDS) if (body[name] !== undefined) profile[name] = body[name];
  return profile as AccountProfile;
}

function issuesOf(value: unknown, name: string): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every(isAccountIssue))
    throw new HttpError(400, `expected \`${name}\` to be an array of account issue names`);
  return value;
}

function watch(context: ServiceContext, account: Account): void {
  account.onChange((change) => context.emit({ type: 'account-changed', xuid: account.xuid, changes: [change] }));
}

async function addAccount(context: ServiceContext, route: RouteRequest): Promise<void> {
  const body = await json(route);
  const issues = issuesOf(body['issues'], 'issues');
  const account = await attempt(() => {
    const created = new Account({
      ...profileOf(body),
      gamertag: body['gamertag'] as string,
      ...(typeof body['xuid'] === 'string' ? { xuid: body['xuid'] } : {}),
      guest: body['guest'] === true,
      issues: issues as never,
    });
    return context.state.world.addAccount(created);
  });
  watch(context, account);
  await context.save();
  sendJson(route.response, 201, accountRecord(account));
}

async function changeAccount(context: ServiceContext, route: RouteRequest): Promise<void> {
  const account = accountOf(context, route.params[0]);
  const body = await json(route);
  const add = issuesOf(body['addIssues'], 'addIssues');
  const clear = issuesOf(body['clearIssues'], 'clearIssues');
  const profile = profileOf(body);
  if (profile.gamertag !== undefined) {
    const namesake = context.state.world.accountByGamertag(profile.gamertag);
    if (namesake !== undefined && namesake !== account)
      throw new HttpError(409, `gamertag \`${profile.gamertag}\` is taken`);
  }
  await attempt(() => account.update(profile));
  for (const issue of add) account.addIssue(issue as never);
  for (const issue of clear) account.clearIssue(issue as never);
  await context.save();
  sendJson(route.response, 200, accountRecord(account));
}

async function signOut(context: ServiceContext, route: RouteRequest): Promise<void> {
  const account = accountOf(context, route.params[0]);
  await route.body();
  context.state.signedOut.set(account.xuid, context.now());
  await context.save();
  context.emit({ type: 'signed-out', xuid: account.xuid });
  route.response.writeHead(204).end();
}

async function addRelyingParty(context: ServiceContext, route: RouteRequest): Promise<void> {
  const body = await json(route);
  const relyingParty = await attempt(async () => {
    const created = await RelyingParty.create(body as never);
    return context.state.world.addRelyingParty(created);
  });
  await context.save();
  sendJson(route.response, 201, relyingPartyView(relyingParty, true));
}

/** What the admin API shows of a relying party; the private key only to whoever created it. */
function relyingPartyView(rp: RelyingParty, withPrivateKey: boolean): Record<string, unknown> {
  return {
    ...relyingPartySettings(rp),
    x5t: rp.x5t,
    certificatePem: rp.certificate.toString(),
    ...(withPrivateKey ? { privateKeyPem: rp.privateKey.export({ format: 'pem', type: 'pkcs8' }) } : {}),
  };
}

async function addTitle(context: ServiceContext, route: RouteRequest): Promise<void> {
  const body = await json(route);
  const title = await attempt(() => context.state.world.addTitle(new Title(body as never)));
  await context.save();
  sendJson(route.response, 201, titleView(context, title));
}

function titleView(context: ServiceContext, title: Title): Record<string, unknown> {
  return {
    titleId: title.titleId,
    tid: title.tid,
    sandbox: title.sandbox,
    version: title.version,
    endpoints: titleEndpoints(context, title.titleId),
  };
}

async function setEndpoints(context: ServiceContext, route: RouteRequest): Promise<void> {
  const titleId = Number(route.params[0]);
  if (context.state.world.title(titleId) === undefined) throw new HttpError(404, `unknown title ${titleId}`);
  const document = (await json(route)) as EndpointConfiguration;
  await attempt(() => createEndpointResolver([document]));
  context.state.endpoints.set(titleId, document);
  await context.save();
  sendJson(route.response, 200, document);
}

async function setFaults(context: ServiceContext, route: RouteRequest): Promise<void> {
  const body = await json(route);
  const faults = await attempt(() => checkFaults(body));
  context.setFaults(faults);
  sendJson(route.response, 200, faults);
}

/** `GET /admin/events`: a Server-Sent Events stream, one `data:` JSON line per account change or sign-out. */
function events(context: ServiceContext, route: RouteRequest): void {
  const { response, request } = route;
  response.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  response.write(': connected\n\n');
  const unsubscribe = context.subscribe((event) =>
    response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
  );
  request.on('close', unsubscribe);
}

export { watch as watchAccount };

export const adminRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: /^\/admin\/accounts$/,
    handler: (context, route) => sendJson(route.response, 200, [...context.state.world.accounts()].map(accountRecord)),
  },
  { method: 'POST', pattern: /^\/admin\/accounts$/, handler: addAccount },
  {
    method: 'GET',
    pattern: /^\/admin\/accounts\/(\d+)$/,
    handler: (context, route) => sendJson(route.response, 200, accountRecord(accountOf(context, route.params[0]))),
  },
  { method: 'PATCH', pattern: /^\/admin\/accounts\/(\d+)$/, handler: changeAccount },
  { method: 'POST', pattern: /^\/admin\/accounts\/(\d+)\/sign-out$/, handler: signOut },
  {
    method: 'GET',
    pattern: /^\/admin\/devices$/,
    handler: (context, route) => sendJson(route.response, 200, [...context.state.devices.values()]),
  },
  {
    method: 'GET',
    pattern: /^\/admin\/relying-parties$/,
    handler: (context, route) =>
      sendJson(
        route.response,
        200,
        [...context.state.world.relyingParties()].map((rp) => relyingPartyView(rp, false)),
      ),
  },
  { method: 'POST', pattern: /^\/admin\/relying-parties$/, handler: addRelyingParty },
  {
    method: 'GET',
    pattern: /^\/admin\/titles$/,
    handler: (context, route) =>
      sendJson(
        route.response,
        200,
        [...context.state.world.titles()].map((title) => titleView(context, title)),
      ),
  },
  { method: 'POST', pattern: /^\/admin\/titles$/, handler: addTitle },
  { method: 'PUT', pattern: /^\/admin\/titles\/(\d{1,10})\/endpoints$/, handler: setEndpoints },
  {
    method: 'GET',
    pattern: /^\/admin\/faults$/,
    handler: (context, route) => sendJson(route.response, 200, context.faults()),
  },
  {
    method: 'PUT',
    pattern: /^\/admin\/faults$/,
    handler: setFaults,
  },
  { method: 'GET', pattern: /^\/admin\/events$/, handler: events },
];
