/**
 * The custom game service S6 calls: the Game Service sample's `/api/getclaims` on a real
 * `node:http` server on 127.0.0.1 (port 0), which checks the Xbox Live token and signature with the
 * relying-party verifier (`@gdkts/xboxlive/verify`, keys from the issuer's JWKS served on loopback)
 * and answers the verified claims as JSON; and the endpoint configuration that maps it for the
 * title (an `ip` entry for its port, signed with the policy covering `Why`).
 * @module
 */
import { TEST_ENDPOINTS, TEST_RELYING_PARTY, TEST_SIGNATURE_POLICY, testWorld } from '@gdkts/xuser/testing';
import type { EndpointConfiguration, JwksServer } from '@gdkts/xboxlive';
import { createRequestVerifier, startClaimsServer, type ClaimsServer } from '@gdkts/xboxlive/verify';

/** The running service: the claims server, whose `close` also closes the JWKS server. */
export type ClaimsService = ClaimsServer;

/** @returns the service, listening. */
export async function startClaimsService(): Promise<ClaimsService> {
  const { issuer, relyingParties } = await testWorld();
  const rp = relyingParties.find((p) => p.audience === TEST_RELYING_PARTY)!;
  const jwks: JwksServer = await issuer.serveJwks();
  const verifier = createRequestVerifier({
    audience: TEST_RELYING_PARTY,
    decryptionKeys: [{ privateKey: rp.privateKey, x5t: rp.x5t }],
    jwksAllowedHosts: [jwks.host],
    signaturePolicy: TEST_SIGNATURE_POLICY,
  });
  const server = await startClaimsServer(verifier);
  return {
    ...server,
    close: async () => {
      await server.close();
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
    ...TEST_ENDPOINTS,
    EndPoints: [
      ...(TEST_ENDPOINTS.EndPoints ?? []),
      {
        Protocol: 'http',
        Host: '127.0.0.1',
        HostType: 'ip',
        Port: service.port,
        RelyingParty: TEST_RELYING_PARTY,
        TokenType: 'JWT',
        SignaturePolicyIndex: 1,
      },
    ],
  };
}
