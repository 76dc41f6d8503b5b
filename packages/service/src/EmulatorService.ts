/**
 * The emulated Xbox Live as a real HTTP service on loopback: what `gdkts live serve` runs, and what
 * tests of a custom web service (or of xuser and xal over HTTP) start programmatically.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { World } from '@gdkts/xboxlive';
import { checkFaults, type ServiceFaults } from './faults.js';
import type { Route, RouteRequest, ServiceContext, ServiceEvent } from './internal/context.js';
import { prepareDataDirectory } from './internal/dataDirectory.js';
import { HttpError, readBody, sendError, sendJson } from './internal/http.js';
import { createTokenSeal } from './internal/sealedTokens.js';
import {
  createDefaultState,
  createStateWriter,
  loadState,
  stateForWorld,
  type ServiceState,
} from './internal/state.js';
import { adminRoutes, watchAccount } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { JWKS_ROUTE, SIGNING_CERTIFICATES_ROUTE, documentRoutes } from './routes/documents.js';
import { signInRoutes } from './routes/signin.js';

/** Options of {@link start}. */
export interface ServiceOptions {
  /** TCP port; `0` (the default) lets the OS pick a free one. */
  readonly port?: number;
  /** Interface to listen on. Loopback only: `127.0.0.1` (default), `::1` or `localhost`. */
  readonly host?: string;
  /**
   * Directory for `state.json` (accounts, titles, relying parties and their keys, the issuer's
   * signing key, registered devices, NSAL documents, sign-outs). Created with its parents when
   * missing; `state.json` is loaded at start when present, created otherwise, and rewritten
   * atomically after every change. {@link start} rejects a directory it cannot create or write in
   * (a file on the way, /proc, no permission). Without it nothing persists. Not allowed together
   * with {@link ServiceOptions.world}.
   */
  readonly dataDir?: string;
  /**
   * An emulated world to serve instead of the default one (one title, two accounts, Xbox Live's
   * relying party and `rp://gdkts.local/`). Its issuer's `jku` and `x5u` are pointed at this
   * service's `/keys` and `/xsts/signingkeys`.
   */
  readonly world?: World;
  /** Faults to start with (see {@link ServiceFaults}); change them later with `PUT /admin/faults`. Default none. */
  readonly faults?: ServiceFaults;
  /** Largest accepted request body, in bytes; a larger one gets 413. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /**
   * How long a client may take to send a whole request body, in ms; a slower one gets 408 and the
   * connection is closed. Default 10 000. Headers must arrive within the same time (`headersTimeout`).
   */
  readonly bodyTimeoutMs?: number;
}

/** A running service. Created by {@link start}. */
export interface RunningService {
  /** Base URL, e.g. `http://127.0.0.1:5110` (no trailing slash). */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** The data directory, when it persists. */
  readonly dataDir: string | undefined;
  /**
   * The world it serves. Add accounts or relying parties here or through the admin API; with a data
   * directory, call {@link RunningService.save} after changing it here (the admin API saves itself).
   */
  readonly world: World;
  /** Writes the state file now (a no-op without a data directory); resolves once it is on disk. */
  save(): Promise<void>;
  /** URL of the platform NSAL document. */
  readonly nsalUrl: string;
  /** URL of the JWKS (the `jku` of every token it issues). */
  readonly jwksUrl: string;
  /** URL of the signing certificates (the `x5u` of tokens for relying parties without JKU support). */
  readonly signingCertificatesUrl: string;
  /** The current faults. */
  faults(): ServiceFaults;
  /**
   * Replaces the faults.
   *
   * @param faults - [in] the new faults (`{}` for none).
   * @throws TypeError or RangeError for an invalid faults object.
   */
  setFaults(faults: ServiceFaults): void;
  /** Stops listening, closes every connection (event streams included) and finishes pending writes. */
  close(): Promise<void>;
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost']);

function checkOptions(options: ServiceOptions): void {
  const { port = 0, host = '127.0.0.1', maxBodyBytes, bodyTimeoutMs } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new RangeError(`Expected \`port\` to be an integer in 0..65535, got \`${String(port)}\``);
  if (!LOOPBACK_HOSTS.has(host))
    throw new RangeError(
      `Expected \`host\` to be a loopback address (127.0.0.1, ::1, localhost), got \`${String(host)}\``,
    );
  if (maxBodyBytes !== undefined && (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1))
    throw new RangeError(`Expected \`maxBodyBytes\` to be a positive integer, got \`${String(maxBodyBytes)}\``);
  if (bodyTimeoutMs !== undefined && (!Number.isSafeInteger(bodyTimeoutMs) || bodyTimeoutMs < 1))
    throw new RangeError(`Expected \`bodyTimeoutMs\` to be a positive integer, got \`${String(bodyTimeoutMs)}\``);
  if (options.dataDir !== undefined && typeof options.dataDir !== 'string')
    throw new TypeError(`Expected \`dataDir\` to be a path, got \`${String(options.dataDir)}\``);
  if (options.dataDir !== undefined && options.world !== undefined)
    throw new TypeError('Expected `dataDir` or `world`, not both: a given world is not persisted');
}

const ROUTES: readonly Route[] = [...authRoutes, ...documentRoutes, ...signInRoutes, ...adminRoutes];

/**
 * Starts the emulated Xbox Live service on loopback. It serves, in the JSON shapes of
 * token-signature.md §1.2 and §1.5:
 * - `POST /device/authenticate`, `/user/authenticate`, `/title/authenticate`, `/xsts/authorize`,
 *   and the SISU pair `POST /authenticate` / `POST /authorize`;
 * - `GET /titles/default/endpoints` and `/titles/{titleId}/endpoints` (NSAL), `GET /keys` (JWKS),
 *   `GET /xsts/signingkeys` (certificates by x5t, for relying parties without JKU support);
 * - the sign-in page (`GET /signin`) and remote connect (`POST /devicecode`, `GET /connect`);
 * - the admin API under `/admin/` (accounts, devices, relying parties, titles and endpoints,
 *   sign-out, faults, `GET /admin/events`).
 *
 * @param options - [in, optional] port, data directory, world, faults and request limits.
 * @returns the running service, once it listens.
 * @throws TypeError or RangeError (rejects) for invalid options, a non-loopback host, a data
 *   directory it cannot create or write in (the message names it and why; the file system error is
 *   the `cause`), or an unreadable state file; the listen error when the port is taken. A start
 *   that rejects leaves nothing listening.
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { start, startupBanner } from '@gdkts/xboxlive-service';
 *
 * const live = await start({ port: 0 });
 * assert.match(startupBanner(live), /Emulated Xbox Live listening on http:\/\/127\.0\.0\.1:\d+/);
 * // … point clients at live.url …
 * await live.close();
 * ```
 */
export async function start(options: ServiceOptions = {}): Promise<RunningService> {
  checkOptions(options);
  let faults = checkFaults(options.faults ?? {});
  // Before listening: a directory that cannot serve is refused at once, with nothing to close.
  if (options.dataDir !== undefined) await prepareDataDirectory(options.dataDir);
  const limits = { maxBytes: options.maxBodyBytes ?? 1024 * 1024, timeoutMs: options.bodyTimeoutMs ?? 10_000 };
  const host = options.host ?? '127.0.0.1';

  const sockets = new Set<Socket>();
  const server = createServer({
    headersTimeout: limits.timeoutMs,
    requestTimeout: limits.timeoutMs * 2,
    // Node checks the two timeouts above on this interval (default 30 s).
    connectionsCheckingInterval: Math.min(1000, limits.timeoutMs),
    keepAliveTimeout: 5000,
    maxHeaderSize: 32 * 1024,
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // Headers that never finish (headersTimeout) are a 408; anything unparsable a 400, 431 for huge headers.
    const status =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? '408 Request Timeout'
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? '431 Request Header Fields Too Large'
          : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const jwksUrl = `${url}${JWKS_ROUTE}`;

  let state: ServiceState;
  let writer: ReturnType<typeof createStateWriter> | undefined;
  const now = (): number => Date.now() + (faults.clockSkewSeconds ?? 0) * 1000;
  try {
    if (options.world !== undefined) {
      state = await stateForWorld(options.world);
    } else {
      state =
        (options.dataDir === undefined ? undefined : await loadState(options.dataDir, jwksUrl, now)) ??
        (await createDefaultState(jwksUrl, now));
    }
    state.world.issuer.setJku(jwksUrl);
    state.world.issuer.setX5u(`${url}${SIGNING_CERTIFICATES_ROUTE}`);
    writer = options.dataDir === undefined ? undefined : createStateWriter(options.dataDir, state);
    await writer?.save();
  } catch (error) {
    // A start that fails leaves nothing listening (a CLI would otherwise never exit).
    await closeServer(server, sockets);
    throw error;
  }

  const listeners = new Set<(event: ServiceEvent) => void>();
  const context: ServiceContext = {
    state,
    seal: createTokenSeal(state.secret),
    baseUrl: url,
    limits,
    now,
    faults: () => faults,
    setFaults(next) {
      faults = checkFaults(next);
    },
    save: () => writer?.save() ?? Promise.resolve(),
    emit(event) {
      for (const listener of listeners) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  for (const account of state.world.accounts()) watchAccount(context, account);

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    handle(context, request, response).catch((error: unknown) => {
      if (response.headersSent) response.destroy();
      else
        sendJson(response, 500, {
          error: 'internal error',
          detail: error instanceof Error ? error.message : String(error),
        });
    });
  });

  return {
    url,
    port,
    dataDir: options.dataDir,
    world: state.world,
    nsalUrl: `${url}/titles/default/endpoints`,
    jwksUrl,
    signingCertificatesUrl: `${url}${SIGNING_CERTIFICATES_ROUTE}`,
    save: () => context.save(),
    faults: () => faults,
    setFaults: (next) => context.setFaults(next),
    async close() {
      await closeServer(server, sockets);
      await writer?.flush();
    },
  };
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
    for (const socket of sockets) socket.destroy();
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function handle(context: ServiceContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  let url: URL;
  try {
    url = new URL(request.url ?? '/', 'http://service.invalid');
  } catch {
    sendError(response, new HttpError(400, 'malformed request target'));
    return;
  }
  const path = url.pathname;
  const matches = ROUTES.map((route) => ({ route, match: route.pattern.exec(path) })).filter(
    (entry) => entry.match !== null,
  );
  const found = matches.find(
    (entry) => entry.route.method === request.method || (request.method === 'HEAD' && entry.route.method === 'GET'),
  );
  let bodyRead: Promise<Buffer> | undefined;
  const body = (): Promise<Buffer> => (bodyRead ??= readBody(request, context.limits));
  try {
    if (!path.startsWith('/admin/')) await injectFaults(context);
    if (found === undefined) {
      if (matches.length === 0) throw new HttpError(404, `no route for ${path}`);
      throw new HttpError(
        405,
        `method ${String(request.method)} not allowed`,
        { error: 'method not allowed' },
        { Allow: [...new Set(matches.map((entry) => entry.route.method))].join(', ') },
      );
    }
    const route: RouteRequest = { request, response, url, params: (found.match as RegExpExecArray).slice(1), body };
    await found.route.handler(context, route);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    // Drain what the client still sends (up to the limits) unless the error is about the body itself.
    if (error.headers['Connection'] !== 'close' && bodyRead === undefined && request.readable) request.resume();
    sendError(response, error);
    if (error.headers['Connection'] === 'close') response.once('finish', () => request.socket.destroySoon());
  }
}

async function injectFaults(context: ServiceContext): Promise<void> {
  const faults = context.faults();
  const latency = (faults.latencyMs ?? 0) + Math.random() * (faults.jitterMs ?? 0);
  if (latency > 0) await delay(latency);
  const { throttle } = faults;
  if (throttle !== undefined && Math.random() < (throttle.rate ?? 1)) {
    throw new HttpError(
      429,
      'too many requests',
      { error: 'too many requests' },
      { 'Retry-After': String(throttle.retryAfterSeconds) },
    );
  }
  if (faults.errorRate !== undefined && Math.random() < faults.errorRate)
    throw new HttpError(503, 'injected failure', { error: 'service unavailable' });
}
