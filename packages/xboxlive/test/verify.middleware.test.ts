import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRequestVerifier,
  withXboxLiveAuth,
  type RequestVerifier,
  type VerificationError,
} from '@gdkts/xboxlive/verify';
import { getXboxLiveClaims, xboxLiveAuth } from '@gdkts/xboxlive/verify/express';
import { xboxLiveFastify } from '@gdkts/xboxlive/verify/fastify';
import { createVerifyFixture, type VerifyFixture } from './helpers/verifyFixture.js';

let fx: VerifyFixture;
beforeAll(async () => {
  fx = await createVerifyFixture();
});
afterAll(async () => {
  await fx.close();
});

/** What every test server answers for an accepted request: who, and the body it saw. */
interface Echo {
  readonly xid: string | undefined;
  readonly body: unknown;
}

interface Started {
  readonly url: string;
  /** How many times a route handler ran. */
  readonly handled: () => number;
  /** Refusals reported to `onRefused`. */
  readonly refused: VerificationError[];
  close(): Promise<void>;
}

type Starter = (verifier: RequestVerifier) => Promise<Started>;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

const startNodeHttp: Starter = async (verifier) => {
  let handled = 0;
  const refused: VerificationError[] = [];
  const server = createServer(
    withXboxLiveAuth(
      verifier,
      (_req, res, { claims, body }) => {
        handled++;
        const echo: Echo = {
          xid: claims.users[0]?.xid,
          body: body.length === 0 ? null : JSON.parse(body.toString('utf8')),
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(echo));
      },
      { bodyLimit: 64 * 1024, onRefused: (error) => refused.push(error) },
    ),
  );
  const url = await listen(server);
  return { url, handled: () => handled, refused, close: () => closeServer(server) };
};

const startExpress: Starter = async (verifier) => {
  let handled = 0;
  const refused: VerificationError[] = [];
  const app = express();
  app.use('/api', xboxLiveAuth(verifier, { bodyLimit: 64 * 1024, onRefused: (error) => refused.push(error) }));
  app.all('/api/{*rest}', (req, res) => {
    handled++;
    const raw = req.body as Buffer | undefined;
    const echo: Echo = {
      xid: getXboxLiveClaims(res)?.users[0]?.xid,
      body: raw === undefined ? null : JSON.parse(raw.toString('utf8')),
    };
    res.json(echo);
  });
  const server = createServer(app);
  const url = await listen(server);
  return { url: `${url}/api`, handled: () => handled, refused, close: () => closeServer(server) };
};

const startFastify: Starter = async (verifier) => {
  let handled = 0;
  const refused: VerificationError[] = [];
  const app = Fastify({ bodyLimit: 64 * 1024 });
  // An asynchronous onSend hook delays the end of a reply: the plugin must still keep the route from running.
  app.addHook('onSend', async (_request, _reply, payload) => {
    await new Promise((resolve) => setImmediate(resolve));
    return payload;
  });
  app.get('/health', async () => 'ok');
  await app.register(async (api) => {
    await api.register(xboxLiveFastify, { verifier, onRefused: (error) => refused.push(error) });
    api.all('/api/*', async (request) => {
      handled++;
      const echo: Echo = { xid: request.xboxLive?.users[0]?.xid, body: request.body ?? null };
      return echo;
    });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api`, handled: () => handled, refused, close: () => app.close() };
};

interface SendOptions {
  readonly method?: string;
  readonly path?: string;
  readonly body?: unknown;
  readonly authorization?: string;
  readonly sign?: boolean;
}

async function send(
  base: string,
  { method = 'GET', path = '/items?page=2', body, authorization, sign = true }: SendOptions,
): Promise<Response> {
  const url = `${base}${path}`;
  const bytes = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = {};
  if (bytes !== undefined) headers['content-type'] = 'application/json';
  if (authorization !== undefined) headers['authorization'] = authorization;
  if (sign)
    headers['signature'] = fx.signer.sign({ method, url, headers, ...(bytes === undefined ? {} : { body: bytes }) });
  return fetch(url, { method, headers, ...(bytes === undefined ? {} : { body: bytes }) });
}

describe.each([
  ['node:http', startNodeHttp],
  ['Express 5', startExpress],
  ['Fastify 5', startFastify],
] as const)('%s integration', (_name, start) => {
  let server: Started;
  let wrongAudience: Started;
  beforeAll(async () => {
    server = await start(createRequestVerifier(fx.options()));
    wrongAudience = await start(createRequestVerifier(fx.options({ audience: 'rp://fabrikam.com/' })));
  });
  afterAll(async () => {
    await server.close();
    await wrongAudience.close();
  });

  it('serves a signed GET with the caller’s claims', async () => {
    const response = await send(server.url, { authorization: fx.issue().authorization });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ xid: fx.alice.xuid, body: null });
  });

  it('serves a signed POST and hands the body on', async () => {
    const response = await send(server.url, {
      method: 'POST',
      path: '/scores',
      body: { score: 42 },
      authorization: fx.issue().authorization,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ xid: fx.alice.xuid, body: { score: 42 } });
  });

  it('answers an empty 401 with WWW-Authenticate: XBL3.0 and never runs the route', async () => {
    const before = server.handled();
    const responses = await Promise.all([
      send(server.url, { authorization: fx.issue().authorization, sign: false }),
      send(server.url, { sign: false }),
      send(server.url, {
        method: 'POST',
        body: { a: 1 },
        authorization: `${fx.issue().authorization.slice(0, -4)}AAAA`,
      }),
    ]);
    for (const response of responses) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('XBL3.0');
      expect(await response.text()).toBe('');
    }
    expect(server.handled()).toBe(before);
    expect(
      server.refused
        .slice(-3)
        .map((e) => e.code)
        .sort(),
    ).toEqual(['invalid-token', 'missing-authorization', 'missing-signature']);
  });

  it('answers an empty 403 for another audience', async () => {
    const response = await send(wrongAudience.url, { authorization: fx.issue().authorization });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(await response.text()).toBe('');
    expect(wrongAudience.handled()).toBe(0);
  });

  it('answers 413 for a body over the limit', async () => {
    const response = await send(server.url, {
      method: 'POST',
      body: { blob: 'x'.repeat(70 * 1024) },
      authorization: fx.issue().authorization,
    });
    expect(response.status).toBe(413);
  });
});

describe('xboxLiveFastify', () => {
  it('leaves routes outside its scope alone', async () => {
    const app = Fastify();
    await app.register(async (api) => {
      await api.register(xboxLiveFastify, { verifier: createRequestVerifier(fx.options()) });
      api.get('/private', async () => 'private');
    });
    app.get('/public', async (request) => ({ claims: request.xboxLive ?? 'none' }));
    const open = await app.inject({ method: 'GET', url: '/public' });
    expect(open.json()).toEqual({ claims: 'none' });
    expect((await app.inject({ method: 'GET', url: '/private' })).statusCode).toBe(401);
    await app.close();
  });
});

describe('xboxLiveAuth', () => {
  it('uses a raw body that express.raw() already read', async () => {
    const app = express();
    app.use(express.raw({ type: () => true, inflate: false }), xboxLiveAuth(createRequestVerifier(fx.options())));
    app.post('/echo', (req, res) => res.send(req.body));
    const server = createServer(app);
    const url = await listen(server);
    try {
      const response = await send(url, {
        method: 'POST',
        path: '/echo',
        body: { ok: true },
        authorization: fx.issue().authorization,
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('{"ok":true}');
    } finally {
      await closeServer(server);
    }
  });

  it('passes an error on when a parser consumed the body without keeping it', async () => {
    const app = express();
    const errors: unknown[] = [];
    app.use(express.json(), xboxLiveAuth(createRequestVerifier(fx.options())));
    app.post('/echo', (_req, res) => res.send('ran'));
    app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      errors.push(error);
      res.status(500).end();
    });
    const server = createServer(app);
    const url = await listen(server);
    try {
      const response = await send(url, {
        method: 'POST',
        path: '/echo',
        body: { ok: true },
        authorization: fx.issue().authorization,
      });
      expect(response.status).toBe(500);
      expect(errors).toHaveLength(1);
    } finally {
      await closeServer(server);
    }
  });
});
