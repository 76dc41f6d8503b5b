/**
 * Xbox Live request verification for a plain `node:http` server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRequestBody } from './requestBody.js';
import type { RequestVerifier } from './RequestVerifier.js';
import { verificationErrorResponse, type VerificationError } from './VerificationError.js';
import type { XboxLiveClaims } from './XboxLiveClaims.js';

/** Options shared by the `node:http`, Express and Fastify integrations. */
export interface XboxLiveAuthOptions {
  /**
   * Largest request body read, in bytes; a larger one is answered 413. Default 1 MiB. (Fastify
   * uses the route's `bodyLimit` instead.)
   */
  readonly bodyLimit?: number;
  /** Called with every refused request, for logging: the response itself never carries the reason. */
  readonly onRefused?: (error: VerificationError, request: IncomingMessage) => void;
}

/** Options of {@link withXboxLiveAuth}. */
export interface NodeHttpAuthOptions extends XboxLiveAuthOptions {
  /** Called when the handler (or reading the request) fails; the client then gets an empty 500. */
  readonly onError?: (error: unknown, request: IncomingMessage) => void;
}

/** What a verified request hands to the handler. */
export interface XboxLiveAuth {
  /** The verified claims. */
  readonly claims: XboxLiveClaims;
  /** The raw body, already read from the request stream. */
  readonly body: Buffer;
}

/** A `node:http` handler that runs only for verified requests. */
export type XboxLiveRequestHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  auth: XboxLiveAuth,
) => void | Promise<void>;

/** The default {@link XboxLiveAuthOptions.bodyLimit}: 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * Wraps a handler so it runs only for requests that pass `verifier`. The wrapper reads the body,
 * verifies the request (raw `req.url` as the target), and answers a refused request with an empty
 * 401 (`WWW-Authenticate: XBL3.0`) or 403. A handler that throws gets an empty 500.
 *
 * @param verifier - the relying party's verifier.
 * @param handler - the handler for verified requests.
 * @param options - body limit, refusal and error logging.
 * @returns a `request` listener for `http.createServer`.
 * @example
 * ```ts no-check
 * http.createServer(withXboxLiveAuth(verifier, (req, res, { claims }) => {
 *   res.end(JSON.stringify({ player: claims.users[0]?.ptx }));
 * })).listen(8080);
 * ```
 */
export function withXboxLiveAuth(
  verifier: RequestVerifier,
  handler: XboxLiveRequestHandler,
  options: NodeHttpAuthOptions = {},
): (request: IncomingMessage, response: ServerResponse) => void {
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const run = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readRequestBody(request, limit);
    if (body === undefined) {
      response.writeHead(413, { Connection: 'close', 'Content-Length': '0' }).end();
      return;
    }
    const result = await verifier.verify({
      method: request.method ?? 'GET',
      target: request.url ?? '/',
      headers: request.headers,
      body,
    });
    if (!result.ok) {
      options.onRefused?.(result.error, request);
      sendRefusal(response, result.error);
      return;
    }
    await handler(request, response, { claims: result.claims, body });
  };
  return (request, response) => {
    run(request, response).catch((error: unknown) => {
      options.onError?.(error, request);
      if (!response.headersSent) response.writeHead(500, { 'Content-Length': '0' }).end();
      else response.destroy();
    });
  };
}

/**
 * Answers a refused request: status 401, 403 or 503, `WWW-Authenticate: XBL3.0` on a 401
 * (`Retry-After` on a 503), empty body.
 *
 * @param response - the response (Express's `res` is one too).
 * @param error - why the request was refused.
 */
export function sendRefusal(response: ServerResponse, error: VerificationError): void {
  const { status, headers } = verificationErrorResponse(error);
  response.writeHead(status, headers).end();
}
