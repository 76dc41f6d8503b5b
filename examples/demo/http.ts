// The title's own web service (Express with the relying-party verifier of
// @gdkts/xboxlive/verify/express, on 127.0.0.1, port 0) that answers with the claims it verified;
// the small HTTP client the title calls it with; the printers shared by the XUser and XAL flows.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { RelyingParty } from '@gdkts/xboxlive';
import { createRequestVerifier, type XboxLiveClaims } from '@gdkts/xboxlive/verify';
import { getXboxLiveClaims, xboxLiveAuth } from '@gdkts/xboxlive/verify/express';
import type { RunningService } from '@gdkts/xboxlive-service';
import { bold, dim, green, red, say } from './output.js';

/** The title's web service: Express behind `xboxLiveAuth`. */
export interface WebService {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  readonly port: number;
  /** Refuses this token with 401 from now on (the service no longer accepts it). */
  revoke(authorization: string): void;
  close(): Promise<void>;
}

/**
 * Opens the web service's socket first: its port goes into the title's endpoint configuration
 * before the emulated world (and so the live service the verifier fetches keys from) exists.
 */
export async function listenWebService(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** What the web service answers with: the verified claims a title's service would use. */
export interface ClaimsAnswer {
  readonly audience: string;
  readonly sandbox: string;
  readonly users: readonly {
    readonly xid?: string | undefined;
    readonly gtg?: string | undefined;
    readonly uhs?: string | undefined;
  }[];
  readonly titleId: string | undefined;
  readonly deviceType: string | undefined;
  readonly expiresAt: string;
  readonly signedAt: string | undefined;
  readonly bodyBytes: number;
}

function answer(claims: XboxLiveClaims, body: unknown): ClaimsAnswer {
  const iso = (ms: number): string => new Date(ms).toISOString();
  return {
    audience: claims.audience,
    sandbox: claims.sandbox,
    users: claims.users.map((u) => ({ xid: u.xid, gtg: u.gtg, uhs: u.uhs })),
    titleId: claims.title?.tid,
    deviceType: claims.device?.dty,
    expiresAt: iso(claims.expiresAt * 1000),
    signedAt: claims.signedAt === undefined ? undefined : iso(claims.signedAt),
    bodyBytes: Buffer.isBuffer(body) ? body.length : 0,
  };
}

/**
 * Serves the title's web service on an open socket: every request under `/` goes through the
 * verifier (token decrypted with the relying party's key, inner signature checked against the live
 * service's `/keys`, the `Signature` header checked against the token's proof key).
 */
export function serveWebService(server: Server, live: RunningService, relyingParty: RelyingParty): WebService {
  const verifier = createRequestVerifier({
    audience: relyingParty.audience,
    decryptionKeys: [relyingParty.decryptionKey],
    jwksAllowedHosts: [new URL(live.url).host],
    // Shows the key fetch: the verifier reads the JWKS at the token's `jku`, the live service's /keys.
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      say(dim(`    [web service] GET ${String(input)} -> ${response.status} (the signing keys at the token's jku)`));
      return response;
    },
  });
  const revoked = new Set<string>();
  const app = express();
  app.use((req, res, next) => {
    if (revoked.has(req.headers.authorization ?? '')) {
      req.resume();
      res.status(401).set('WWW-Authenticate', 'XBL3.0').end();
      return;
    }
    next();
  });
  app.use(xboxLiveAuth(verifier));
  app.all('/{*path}', (req, res) => {
    res.json(answer(getXboxLiveClaims(res)!, req.body));
  });
  server.on('request', app);
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    revoke: (authorization) => void revoked.add(authorization),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One HTTP request of the title to its web service. */
export interface TitleRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | null;
}

/** The answer. */
export interface TitleResponse {
  readonly status: number;
  readonly wwwAuthenticate: string | undefined;
  readonly claims: ClaimsAnswer | undefined;
}

/** Sends a request with node:http (a GET may carry a body, as seed 000's does). */
export function send(request: TitleRequest): Promise<TitleResponse> {
  const headers = {
    ...request.headers,
    ...(request.body === null ? {} : { 'Content-Length': String(request.body.length) }),
  };
  return new Promise((resolve, reject) => {
    const req = httpRequest(request.url, { method: request.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const wwwAuthenticate = res.headers['www-authenticate'];
        resolve({
          status: res.statusCode ?? 0,
          wwwAuthenticate,
          claims: res.statusCode === 200 ? (JSON.parse(text) as ClaimsAnswer) : undefined,
        });
      });
    });
    req.on('error', reject);
    if (request.body !== null) req.write(request.body);
    req.end();
  });
}

/** A long header value cut to its start and end, with its real length. */
export function shorten(value: string, keep = 24): string {
  if (value.length <= keep * 2 + 1) return value;
  return `${value.slice(0, keep)}…${value.slice(-8)} ${dim(`(${value.length} chars)`)}`;
}

/** Prints a request as it goes on the wire, long headers shortened. */
export function printRequest(request: TitleRequest): void {
  const url = new URL(request.url);
  say(`  ${bold(`${request.method} ${url.pathname}${url.search}`)} HTTP/1.1   ${dim(`(to ${url.host})`)}`);
  for (const [name, value] of Object.entries(request.headers)) say(`    ${name}: ${shorten(value)}`);
  if (request.body !== null)
    say(`    ${dim(`body: ${request.body.length} bytes`)} ${new TextDecoder().decode(request.body)}`);
}

/** Prints the web service's answer: the status and, when accepted, the claims it verified. */
export function printResponse(response: TitleResponse): void {
  const status = response.status === 200 ? green(`${response.status} OK`) : red(String(response.status));
  say(
    `  <- ${status}${response.wwwAuthenticate === undefined ? '' : `  WWW-Authenticate: ${response.wwwAuthenticate}`}`,
  );
  const claims = response.claims;
  if (claims === undefined) return;
  say(`  the web service verified:`);
  for (const user of claims.users) say(`    user     xid ${user.xid}, gamertag ${user.gtg}, uhs ${user.uhs}`);
  say(`    title    tid ${claims.titleId}`);
  say(`    device   type ${claims.deviceType ?? '-'}`);
  say(`    audience ${claims.audience}, sandbox ${claims.sandbox}, expires ${claims.expiresAt}`);
  say(`    Signature timestamp ${claims.signedAt ?? '-'}, body ${claims.bodyBytes} bytes covered`);
}

/** What a token request gave: the `Authorization` value and the `Signature` value (or none). */
export interface TokenAndSignature {
  readonly token: string;
  readonly signature: string | null;
}

/** The title's request to its web service. */
export interface ServiceCall {
  readonly url: string;
  /** The title's own headers (the ones it passed to the token request). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | null;
}

/** Sends the title's request with the token and the signature, printing both ways. */
async function callWebService(call: ServiceCall, auth: TokenAndSignature): Promise<void> {
  const request: TitleRequest = {
    method: 'GET',
    url: call.url,
    headers: {
      ...call.headers,
      Authorization: auth.token,
      ...(auth.signature === null ? {} : { Signature: auth.signature }),
    },
    body: call.body,
  };
  printRequest(request);
  printResponse(await send(request));
}

/**
 * The flow both seeds show: get a token, call the web service (accepted); the service then
 * refuses that token (401); the title asks again with ForceRefresh and retries (accepted).
 *
 * @param web - [in] the web service.
 * @param call - [in] the request the title makes.
 * @param requestToken - [in] the seed's token request, with or without ForceRefresh.
 * @param refreshNote - [in] why the title may refresh now (in the API's own words).
 */
export async function tokenFlow(
  web: WebService,
  call: ServiceCall,
  requestToken: (forceRefresh: boolean) => Promise<TokenAndSignature>,
  refreshNote: string,
): Promise<void> {
  const first = await requestToken(false);
  await callWebService(call, first);
  say();
  say(`${bold('The web service refuses the token')} ${dim('(it is told to: as after a revocation)')}`);
  web.revoke(first.token);
  await callWebService(call, first);
  say(dim(`  a 401 from the service: ${refreshNote}`));
  const refreshed = await requestToken(true);
  say(`  a new token: ${refreshed.token !== first.token}`);
  await callWebService(call, refreshed);
}
