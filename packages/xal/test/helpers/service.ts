// A real custom web service on 127.0.0.1 (port 0) that accepts Xbox Live tokens with the xboxlive
// verifier (@gdkts/xboxlive/verify) and answers with the verified claims; it can refuse the next
// request with 401 (a token the service no longer accepts), as the seed's forceRefresh step needs.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createRequestVerifier, withXboxLiveAuth } from '@gdkts/xboxlive/verify';
import { TEST_RELYING_PARTY } from '@gdkts/xal/testing';
import { world } from './world.js';

export interface Service {
  readonly origin: string;
  /** Answer the next authenticated request with 401. */
  rejectNext: boolean;
  readonly received: { readonly authorization: string | undefined; readonly status: number }[];
  close(): Promise<void>;
}

export async function startService(): Promise<Service> {
  const w = await world();
  const verifier = createRequestVerifier({
    audience: TEST_RELYING_PARTY,
    decryptionKeys: [w.relyingParty.decryptionKey],
    jwksAllowedHosts: [w.jwks.host],
  });
  const service: Service = {
    origin: '',
    rejectNext: false,
    received: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer(
    withXboxLiveAuth(verifier, (req, res, { claims, body }) => {
      const authorization = req.headers.authorization;
      if (service.rejectNext) {
        service.rejectNext = false;
        service.received.push({ authorization, status: 401 });
        res.writeHead(401, { 'www-authenticate': 'XBL3.0' }).end();
        return;
      }
      service.received.push({ authorization, status: 200 });
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ xid: claims.users[0]?.xid, gtg: claims.users[0]?.gtg, body: body.toString('utf8') }));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  (service as { origin: string }).origin =
    typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}` : '';
  return service;
}

/** Sends one request (a GET may carry a body, as the seed's does) and reads the answer. */
export function send(
  origin: string,
  path: string,
  method: string,
  headers: Record<string, string>,
  body: Uint8Array | null,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${origin}${path}`,
      { method, headers: { ...headers, ...(body === null ? {} : { 'content-length': String(body.length) }) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, json: text === '' ? null : (JSON.parse(text) as unknown) });
        });
      },
    );
    req.on('error', reject);
    if (body !== null) req.write(body);
    req.end();
  });
}
