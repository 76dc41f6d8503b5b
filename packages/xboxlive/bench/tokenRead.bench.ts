// pnpm bench tokenRead: a first-time token read (every token is new to the reader, nothing caches
// results; the JWKS is already cached) against the token baseline of tokenFixture.ts: the two
// public-key operations the read cannot avoid.
import { compareRates } from '../../../scripts/bench/harness.js';
import { createTokenReader } from '../src/verify/tokenReader.js';
import { BASELINE, baseline, jwks, pool, relyingParty } from './tokenFixture.js';

const reader = createTokenReader({ decryptionKeys: [relyingParty.decryptionKey], jwksAllowedHosts: [jwks.host] });
if (!(await reader.read(pool[0] as string)).ok) throw new Error('read failed');

await compareRates(
  'first-time token read (JWKS cached)',
  async (index) => {
    if (!(await reader.read(pool[index % pool.length] as string)).ok) throw new Error('read failed');
  },
  BASELINE,
  baseline,
  100,
  'none set',
);
await jwks.close();
