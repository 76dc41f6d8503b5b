// pnpm bench tokenReadColdJwks: a token read by a new reader each time, so the JWKS is also fetched
// over HTTP (127.0.0.1) and imported, against the token baseline of tokenFixture.ts.
import { compareRates } from '../../../scripts/bench/harness.js';
import { createTokenReader } from '../src/verify/tokenReader.js';
import { BASELINE, baseline, jwks, pool, relyingParty } from './tokenFixture.js';

await compareRates(
  'cold token read (new reader, JWKS over HTTP)',
  async (index) => {
    const fresh = createTokenReader({ decryptionKeys: [relyingParty.decryptionKey], jwksAllowedHosts: [jwks.host] });
    if (!(await fresh.read(pool[index % pool.length] as string)).ok) throw new Error('read failed');
  },
  BASELINE,
  baseline,
  50,
  'none set',
);
await jwks.close();
