/**
 * The issuer's published signing keys (the document at the token's `jku`) and a tiny node:http
 * server that serves them, so a verifier can fetch them over real HTTP.
 *
 * @module
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One published RS256 verification key, member order as XSTS publishes it. */
export interface JwksKey {
  /** Key id, matched against the inner token header's `kid`. */
  readonly kid: string;
  /** Key type, `RSA`. */
  readonly kty: 'RSA';
  /** Intended use, `sig`. */
  readonly use: 'sig';
  /** Algorithm, `RS256`. */
  readonly alg: 'RS256';
  /** RSA modulus, base64url. */
  readonly n: string;
  /** RSA public exponent, base64url. */
  readonly e: string;
  /** Not before, seconds since the Unix epoch. */
  readonly nbf?: number;
  /** Expiry, seconds since the Unix epoch. */
  readonly exp?: number;
  /** Issued at, seconds since the Unix epoch. */
  readonly iat?: number;
}

/** A JSON Web Key Set: `{"keys":[…]}`. */
export interface JwksDocument {
  /** The published keys. */
  readonly keys: readonly JwksKey[];
}

/** Anything that can produce the current key set (a function, or an object such as a token issuer). */
export type JwksSource =
  | (() => JwksDocument)
  | {
      /** Returns the current key set. */
      jwks(): JwksDocument;
    };

function documentOf(source: JwksSource): JwksDocument {
  return typeof source === 'function' ? source() : source.jwks();
}

/** The request path the helpers serve the key set at. */
export const JWKS_PATH = '/keys';

/**
 * A node:http request handler that answers `GET`/`HEAD` on `path` with the current key set as
 * JSON, 405 for other methods and 404 for other paths.
 */
export function createJwksRequestHandler(
  source: JwksSource,
  path: string = JWKS_PATH,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const target = (request.url ?? '/').split('?')[0];
    if (target !== path) {
      response.writeHead(404).end();
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const body = JSON.stringify(documentOf(source));
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'max-age=3600',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
}

/** A running JWKS server. */
export interface JwksServer {
  /** The key set URL, `http://127.0.0.1:<port>/keys`: use it as the issuer's `jku`. */
  readonly url: string;
  /** `127.0.0.1:<port>`: the entry for a token reader's `jwksAllowedHosts`. */
  readonly host: string;
  /** How many key-set requests (`GET` or `HEAD` on the key path) the server has answered. */
  readonly requestCount: number;
  /** Stops listening and drops kept-alive connections. */
  close(): Promise<void>;
}

/** Starts a JWKS server on 127.0.0.1 with an OS-assigned port. */
export async function startJwksServer(source: JwksSource): Promise<JwksServer> {
  const handler = createJwksRequestHandler(source);
  let requestCount = 0;
  const server = createServer((request, response) => {
    if ((request.url ?? '').split('?')[0] === JWKS_PATH) requestCount++;
    handler(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  return {
    url: `http://${host}${JWKS_PATH}`,
    host,
    get requestCount() {
      return requestCount;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
