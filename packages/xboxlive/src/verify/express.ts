/**
 * Xbox Live request verification as Express 5 middleware (entry point `@gdkts/xboxlive/verify/express`).
 *
 * @packageDocumentation
 */
import type { Request, RequestHandler, Response } from 'express';
import { readRequestBody } from './requestBody.js';
import { DEFAULT_BODY_LIMIT, sendRefusal, type XboxLiveAuthOptions } from './nodeHttp.js';
import type { RequestVerifier } from './RequestVerifier.js';
import type { XboxLiveClaims } from './XboxLiveClaims.js';

export type { XboxLiveAuthOptions } from './nodeHttp.js';

/** The `res.locals` member the middleware sets on a verified request. */
export const XBOX_LIVE_LOCALS_KEY = 'xboxLive';

/**
 * Express middleware that lets only verified requests through.
 *
 * The signature covers raw body bytes, so the middleware needs them: it uses `req.body` when an
 * earlier `express.raw()` left a `Buffer` there (pass `inflate: false` if clients compress bodies,
 * so the bytes are the ones signed) or `req.rawBody` when a parser's `verify` hook kept one, and
 * otherwise reads the body itself and leaves it in `req.body` as a `Buffer` (body parsers mounted
 * after it then skip the request). The target is `req.originalUrl`, as received. A refused request
 * gets an empty 401 (`WWW-Authenticate: XBL3.0`) or 403; the claims of an accepted one are in
 * `res.locals.xboxLive` (see {@link getXboxLiveClaims}).
 *
 * @param verifier - the relying party's verifier.
 * @param options - body limit and refusal logging.
 * @returns the middleware. It passes an error to `next` when the body was already consumed by a
 * parser that kept no raw copy (a failing replay store is a 503 refusal, not an error).
 * @example
 * ```ts no-check
 * const app = express();
 * app.use('/api', xboxLiveAuth(verifier));
 * app.get('/api/me', (req, res) => res.json({ player: getXboxLiveClaims(res)?.users[0]?.ptx }));
 * ```
 */
export function xboxLiveAuth(verifier: RequestVerifier, options: XboxLiveAuthOptions = {}): RequestHandler {
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  return async (req, res, next) => {
    let body = rawBodyOf(req);
    if (body === undefined) {
      if (req.readableEnded) {
        next(
          new Error(
            'xboxLiveAuth: the request body was consumed without keeping its raw bytes; mount xboxLiveAuth before body parsers or use express.raw()',
          ),
        );
        return;
      }
      body = await readRequestBody(req, limit);
      if (body === undefined) {
        res.writeHead(413, { Connection: 'close', 'Content-Length': '0' }).end();
        return;
      }
      if (body.length > 0) req.body = body;
    }
    const result = await verifier.verify({ method: req.method, target: req.originalUrl, headers: req.headers, body });
    if (!result.ok) {
      options.onRefused?.(result.error, req);
      sendRefusal(res, result.error);
      return;
    }
    res.locals[XBOX_LIVE_LOCALS_KEY] = result.claims;
    next();
  };
}

/**
 * The claims {@link xboxLiveAuth} attached to a verified request.
 *
 * @param res - the Express response.
 * @returns the claims, or `undefined` when the middleware did not run or did not accept the request.
 */
export function getXboxLiveClaims(res: Response): XboxLiveClaims | undefined {
  return res.locals[XBOX_LIVE_LOCALS_KEY] as XboxLiveClaims | undefined;
}

function rawBodyOf(req: Request): Buffer | undefined {
  const { body } = req as { body?: unknown };
  if (Buffer.isBuffer(body)) return body;
  const { rawBody } = req as { rawBody?: unknown };
  return Buffer.isBuffer(rawBody) ? rawBody : undefined;
}
