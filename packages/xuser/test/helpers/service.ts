// A real custom web service on 127.0.0.1 that accepts Xbox Live tokens and signatures with the
// relying-party verifier (@gdkts/xboxlive/verify) and answers with the verified claims as JSON; and
// the console whose endpoint configuration maps it (an `ip` entry for its port, signed with the
// policy that covers `Why`).
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestVerifier, withXboxLiveAuth } from '@gdkts/xboxlive/verify';
import type { JwksServer } from '@gdkts/xboxlive';
import { ENDPOINTS, RP, SIGNED_POLICY, sharedWorld } from './console.js';

export interface ClaimsService {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  readonly port: number;
  /** Requests answered, with their status. */
  readonly statuses: number[];
  /** Answer the next `n` requests 401 before verifying (a service that rejects a token). */
  rejectNext(n: number): void;
  close(): Promise<void>;
}

export async function startClaimsService(): Promise<ClaimsService> {
  const { issuer, relyingParties } = await sharedWorld();
  const rp = relyingParties.find((p) => p.audience === RP)!;
  const jwks: JwksServer = await issuer.serveJwks();
  const verifier = createRequestVerifier({
    audience: RP,
    decryptionKeys: [{ privateKey: rp.privateKey, x5t: rp.x5t }],
    jwksAllowedHosts: [jwks.host],
    signaturePolicy: SIGNED_POLICY,
  });
  const statuses: number[] = [];
  let reject = 0;
  const verified = withXboxLiveAuth(verifier, (_request, response, auth) => {
    const body = JSON.stringify(auth.claims, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
  });
  const server: Server = createServer((request, response) => {
    response.on('finish', () => statuses.push(response.statusCode));
    if (reject > 0) {
      reject--;
      request.resume();
      response.writeHead(401, { 'Content-Length': '0' }).end();
      return;
    }
    verified(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    statuses,
    rejectNext: (n) => {
      reject = n;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await jwks.close();
    },
  };
}

/** The standard endpoints plus `http 127.0.0.1:<port>` → the contoso relying party, signed with policy 1. */
export function endpointsFor(service: ClaimsService): typeof ENDPOINTS {
  return {
    ...ENDPOINTS,
    EndPoints: [...(ENDPOINTS.EndPoints ?? []), { Protocol: 'http', Host: '127.0.0.1', HostType: 'ip', Port: service.port, RelyingParty: RP, TokenType: 'JWT', SignaturePolicyIndex: 1 }],
  };
}
