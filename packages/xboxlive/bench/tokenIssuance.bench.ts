// pnpm bench tokenIssuance: issuing one relying-party token (claims, RS256 sign, deflate, JWE to the
// relying party's key) against the token baseline of tokenFixture.ts, measured in the same process.
import { compareRates } from '../../../scripts/bench/harness.js';
import { BASELINE, baseline, issuer, jwks, request } from './tokenFixture.js';

await compareRates(
  'token issuance (RS256 sign + deflate + JWE)',
  () => {
    if (!issuer.issue(request).ok) throw new Error('refused');
  },
  BASELINE,
  baseline,
  100,
  'none set',
);
await jwks.close();
