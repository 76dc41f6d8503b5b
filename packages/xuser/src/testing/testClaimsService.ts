/**
 * The custom web service the seed and sample S6 call, for the test console's world: the Game
 * Service sample's `/api/getclaims` on a real `node:http` server on 127.0.0.1 (`startClaimsServer`
 * of `@gdkts/xboxlive/verify`), checking the token and signature for {@link TEST_RELYING_PARTY} with
 * keys from the issuer's JWKS served on loopback; and the endpoint configuration that maps it.
 *
 * @module
 */
import type { EndpointConfiguration } from '@gdkts/xboxlive';
import { createRequestVerifier, startClaimsServer, type ClaimsServer } from '@gdkts/xboxlive/verify';
import { TEST_ENDPOINTS, TEST_RELYING_PARTY, TEST_SIGNATURE_POLICY, testWorld } from './testConsole.js';

/**
 * Starts the claims service of the test world (its `close` also closes the JWKS server it uses).
 * @returns (resolves) the running server: `url`, `port`, `close()`.
 * @example
 * ```ts no-check
 * const service = await startTestClaimsService();
 * await createTestConsole({ endpoints: testEndpointsWith(service.port) });
 * ```
 */
export async function startTestClaimsService(): Promise<ClaimsServer> {
  const { issuer, relyingParties } = await testWorld();
  const rp = relyingParties.find((p) => p.audience === TEST_RELYING_PARTY);
  if (rp === undefined) throw new Error(`the test world has no ${TEST_RELYING_PARTY}`);
  const jwks = await issuer.serveJwks();
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
 * The test console's endpoints plus `http 127.0.0.1:<port>` → {@link TEST_RELYING_PARTY}, signed
 * with policy 1 (the one that covers the body).
 * @param port - [in] the claims service's port.
 * @returns the endpoint configuration.
 */
export function testEndpointsWith(port: number): EndpointConfiguration {
  return {
    ...TEST_ENDPOINTS,
    EndPoints: [
      ...(TEST_ENDPOINTS.EndPoints ?? []),
      {
        Protocol: 'http',
        Host: '127.0.0.1',
        HostType: 'ip',
        Port: port,
        RelyingParty: TEST_RELYING_PARTY,
        TokenType: 'JWT',
        SignaturePolicyIndex: 1,
      },
    ],
  };
}
