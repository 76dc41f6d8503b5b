/**
 * The smallest custom web service a title can call: a `node:http` server on 127.0.0.1 that answers
 * every request its verifier accepts with the verified claims as JSON (the Game Service sample's
 * `/api/getclaims`), and refuses the others as {@link withXboxLiveAuth} does. For trying a title's
 * token flow end to end, in tests, samples and from a shell (token-signature.md §3).
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestVerifier } from './RequestVerifier.js';
import { withXboxLiveAuth } from './nodeHttp.js';

/** A running {@link startClaimsServer}. */
export interface ClaimsServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** The port it listens on. */
  readonly port: number;
  /** The status of every answered request, in order. */
  readonly statuses: readonly number[];
  /**
   * Answers the next `count` requests with an empty 401 before verifying them, as a service does
   * that refuses the token it got (after a revocation): the title's cue to ask again with ForceRefresh.
   * @param count - [in] how many requests to refuse.
   */
  rejectNext(count: number): void;
  /** Closes every connection and the server. */
  close(): Promise<void>;
}

/** Options of {@link startClaimsServer}. */
export interface ClaimsServerOptions {
  /** The port on 127.0.0.1; default 0 (a free port). */
  readonly port?: number;
}

/** Claims as JSON: 64-bit numbers (bigint) as decimal strings. */
function claimsJson(claims: unknown): string {
  return JSON.stringify(claims, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

/**
 * Starts a web service on 127.0.0.1 that answers each request `verifier` accepts with `200` and
 * the verified claims as JSON, and each it refuses with the empty 401 or 403 of
 * {@link withXboxLiveAuth}.
 *
 * @param verifier - [in] the relying party's verifier.
 * @param options - [in, optional] the port.
 * @returns the running server, once it listens.
 * @throws RangeError for a port outside 0–65535.
 * @example
 * ```ts no-check
 * const service = await startClaimsServer(verifier);
 * // GET `${service.origin}/api/getclaims` with Authorization and Signature → 200 and the claims
 * await service.close();
 * ```
 */
export async function startClaimsServer(
  verifier: RequestVerifier,
  options: ClaimsServerOptions = {},
): Promise<ClaimsServer> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new RangeError(`Expected \`port\` to be an integer in 0–65535, got \`${String(port)}\``);
  const statuses: number[] = [];
  let refuse = 0;
  const verified = withXboxLiveAuth(verifier, (_request, response, auth) => {
    const body = claimsJson(auth.claims);
    response
      .writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) })
      .end(body);
  });
  const server: Server = createServer((request, response) => {
    response.on('finish', () => statuses.push(response.statusCode));
    if (refuse > 0) {
      refuse--;
      request.resume();
      response.writeHead(401, { 'Content-Length': '0', 'WWW-Authenticate': 'XBL3.0' }).end();
      return;
    }
    verified(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${bound}`,
    port: bound,
    statuses,
    rejectNext: (count) => {
      refuse = count;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
