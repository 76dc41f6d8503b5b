// Token issuance and first-time token read, as ratios against a baseline measured in the same run:
// one raw RSA-OAEP (SHA-1) decrypt plus one RS256 crypto.verify with 2048-bit keys, i.e. the two
// public-key operations a read cannot avoid. Run with `pnpm bench token`.
import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt, randomBytes, sign, verify } from 'node:crypto';
import { Account } from '../src/emulator/Account.js';
import { Device } from '../src/emulator/Device.js';
import { RelyingParty } from '../src/emulator/RelyingParty.js';
import { Title } from '../src/emulator/Title.js';
import { TokenIssuer } from '../src/emulator/TokenIssuer.js';
import { createTokenReader } from '../src/verify/tokenReader.js';

const MIN_MS = Number(process.env['BENCH_MS'] ?? 400);
const gc = (globalThis as { gc?: () => void }).gc;

/** Mean time per call in microseconds over at least MIN_MS (after a warm-up of a tenth of that). */
async function measure(run: (i: number) => unknown): Promise<number> {
  const loop = async (budgetMs: number): Promise<number> => {
    gc?.();
    let i = 0;
    const start = process.hrtime.bigint();
    const deadline = start + BigInt(Math.round(budgetMs * 1e6));
    let now = start;
    while (now < deadline) {
      for (let j = 0; j < 8; j++) await run(i++);
      now = process.hrtime.bigint();
    }
    return Number(now - start) / 1e3 / i;
  };
  await loop(MIN_MS / 10);
  return loop(MIN_MS);
}

// --- fixtures ---
const rpKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const issuerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const issuer = await TokenIssuer.create({ signingKey: issuerKey.privateKey });
const server = await issuer.serveJwks();
const relyingParty = new RelyingParty({ audience: 'rp://bench.example/', publisherId: 'bench', privateKey: rpKey.privateKey, userClaims: ['xid', 'ptx', 'gtg', 'agg', 'prv'] });
const request = { users: [new Account({ gamertag: 'Bench' })], device: new Device(), title: new Title({ titleId: 0x1234 }), relyingParty };

// --- the measured operations ---
const wrapped = publicEncrypt({ key: rpKey.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, randomBytes(32));
const signed = Buffer.from('x'.repeat(600));
const signature = sign('sha256', signed, issuerKey.privateKey);
const pool = Array.from({ length: 256 }, () => {
  const result = issuer.issue(request);
  if (!result.ok) throw new Error('refused');
  return result.token;
});
const reader = createTokenReader({ decryptionKeys: [relyingParty.decryptionKey], jwksAllowedHosts: [server.host] });
if (!(await reader.read(pool[0] as string)).ok) throw new Error('read failed');

const cases: Record<string, (i: number) => unknown> = {
  // baseline: one RSA-OAEP decrypt + one RS256 verify
  baseline: () => {
    privateDecrypt({ key: rpKey.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, wrapped);
    if (!verify('sha256', signed, issuerKey.publicKey, signature)) throw new Error('baseline verify failed');
  },
  'token issuance (RS256 sign + deflate + JWE)': () => {
    if (!issuer.issue(request).ok) throw new Error('refused');
  },
  // every token is new to the reader (nothing caches results); the JWKS is already cached
  'first-time token read (JWKS cached)': async (i) => {
    if (!(await reader.read(pool[i % pool.length] as string)).ok) throw new Error('read failed');
  },
  // a new reader each time, so the JWKS is also fetched over HTTP (127.0.0.1) and imported
  'cold token read (new reader, JWKS over HTTP)': async (i) => {
    const fresh = createTokenReader({ decryptionKeys: [relyingParty.decryptionKey], jwksAllowedHosts: [server.host] });
    if (!(await fresh.read(pool[i % pool.length] as string)).ok) throw new Error('read failed');
  },
};

// Rounds interleave the baseline with each case, and the median per-round ratio is reported, so a
// change in background load during the run shifts both sides of a ratio alike.
const ROUNDS = 5;
const ratios = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(cases)) {
    if (name === 'baseline') continue;
    const base = await measure(cases['baseline'] as (i: number) => unknown);
    const us = await measure(run);
    ratios.set(name, [...(ratios.get(name) ?? []), us / base]);
  }
}
await server.close();

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
console.log('baseline: 1 RSA-OAEP-SHA1 decrypt + 1 RS256 crypto.verify (2048-bit keys) = 1.00x');
for (const [name, values] of ratios) {
  console.log(`${name.padEnd(46)} ${median(values).toFixed(2).padStart(6)}x  (rounds: ${values.map((v) => v.toFixed(2)).join(' ')})`);
}
