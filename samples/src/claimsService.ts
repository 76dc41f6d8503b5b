/**
 * The custom game service S6 calls: the Game Service sample's `/api/getclaims` on a real
 * `node:http` server on 127.0.0.1 (port 0), which checks the Xbox Live token and signature with the
 * relying-party verifier (`@gdkts/xboxlive/verify`, keys from the issuer's JWKS served on loopback)
 * and answers the verified claims as JSON; and the endpoint configuration that maps it for the
 * title (an `ip` entry for its port, signed with the policy covering `Why`).
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EndpointConfiguration, JwksServer } from '@gdkts/xboxlive';
import { createRequestVerifier, withXboxLiveAuth } from '@gdkts/xboxlive/verify';
import { ENDPOINTS, RP, SIGNED_POLICY, sharedWorld } from './xuserConsole.js';

/** The running service. */
export interface ClaimsService {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  readonly port: number;
  /** Requests answered, with their status. */
  readonly statuses: number[];
  /** Answers the next `n` requests 401 before verifying (a service that rejects the token it got). */
  rejectNext(n: number): void;
  /** Closes the server and the JWKS server. */
  close(): Promise<void>;
}

/** @returns the service, listening. */
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
    response
      .writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) })
      .end(body);
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

/**
 * @param service - [in] the running service.
 * @returns the title's endpoints plus `http 127.0.0.1:<port>` → the contoso relying party, signed with policy 1.
 */
export function endpointsFor(service: ClaimsService): EndpointConfiguration {
  return {
    ...ENDPOINTS,
    EndPoints: [
      ...(ENDPOINTS.EndPoints ?? []),
      {
        Protocol: 'http',
        Host: '127.0.0.1',
        HostType: 'ip',
        Port: service.port,
        RelyingParty: RP,
        TokenType: 'JWT',
        SignaturePolicyIndex: 1,
      },
    ],
  };
}
