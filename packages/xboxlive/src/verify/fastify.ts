/**
 * Xbox Live request verification as a Fastify 5 plugin (entry point `@gdkts/xboxlive/verify/fastify`).
 *
 * @packageDocumentation
 */
import { Readable } from 'node:stream';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { readRequestBody } from './requestBody.js';
import type { RequestVerifier } from './RequestVerifier.js';
import { verificationErrorResponse, type VerificationError } from './VerificationError.js';
import type { XboxLiveClaims } from './XboxLiveClaims.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The claims of a request {@link xboxLiveFastify} verified. Inside the plugin's scope it is always
     * set (refused requests never reach a route); outside it is `undefined`.
     */
    xboxLive?: XboxLiveClaims | null;
  }
}

/** Options of {@link xboxLiveFastify}. */
export interface XboxLiveFastifyOptions {
  /** The relying party's verifier. */
  readonly verifier: RequestVerifier;
  /** Called with every refused request, for logging: the response itself never carries the reason. */
  readonly onRefused?: (error: VerificationError, request: FastifyRequest) => void;
}

/**
 * A Fastify plugin that lets only verified requests reach the routes of the scope it is registered
 * in (it is not encapsulated, like a `fastify-plugin` plugin, so register it inside the scope to
 * protect). In a `preParsing` hook it reads the raw body (up to the route's `bodyLimit`, else 413),
 * verifies the request with `request.originalUrl` as the target, and either answers an empty 401
 * (`WWW-Authenticate: XBL3.0`) / 403, or sets `request.xboxLive` and hands the same bytes on to
 * Fastify's body parsers.
 *
 * @example
 * ```ts no-check
 * const app = Fastify();
 * await app.register(async (api) => {
 *   await api.register(xboxLiveFastify, { verifier });
 *   api.get('/me', async (request) => ({ player: request.xboxLive?.users[0]?.ptx }));
 * });
 * ```
 */
export const xboxLiveFastify: FastifyPluginCallback<XboxLiveFastifyOptions> = Object.assign(
  (
    fastify: Parameters<FastifyPluginCallback<XboxLiveFastifyOptions>>[0],
    options: XboxLiveFastifyOptions,
    done: (error?: Error) => void,
  ): void => {
    if (!fastify.hasRequestDecorator('xboxLive')) fastify.decorateRequest('xboxLive', null);
    fastify.addHook('preParsing', async (request, reply, payload) => {
      const body = await readRequestBody(payload, request.routeOptions.bodyLimit);
      if (body === undefined) {
        return reply.code(413).header('Connection', 'close').send();
      }
      const result = await options.verifier.verify({
        method: request.method,
        target: request.originalUrl,
        headers: request.headers,
        body,
      });
      if (!result.ok) {
        options.onRefused?.(result.error, request);
        const { status, headers } = verificationErrorResponse(result.error);
        // Returning the (thenable) reply holds the hook until the response is finished, so the route never runs.
        return reply.code(status).headers(headers).send();
      }
      request.xboxLive = result.claims;
      return Readable.from(body.length === 0 ? [] : [body], { objectMode: false });
    });
    done();
  },
  // Not encapsulated: the hook applies to the scope that registers the plugin (what fastify-plugin does).
  { [Symbol.for('skip-override')]: true },
);
