// A real custom web service on 127.0.0.1 that accepts Xbox Live tokens and signatures with the
// relying-party verifier (@gdkts/xboxlive/verify) and answers with the verified claims as JSON; and
// the console whose endpoint configuration maps it (an `ip` entry for its port, signed with the
// policy that covers `Why`).
import { createRequestVerifier, startClaimsServer, type ClaimsServer } from '@gdkts/xboxlive/verify';
import type { JwksServer } from '@gdkts/xboxlive';
import { TEST_ENDPOINTS, TEST_RELYING_PARTY, TEST_SIGNATURE_POLICY, testWorld } from '@gdkts/xuser/testing';

/** The running service: the claims server, whose `close` also closes the JWKS server. */
export type ClaimsService = ClaimsServer;

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

/** The standard endpoints plus `http 127.0.0.1:<port>` → the contoso relying party, signed with policy 1. */
export function endpointsFor(service: ClaimsService): typeof TEST_ENDPOINTS {
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
