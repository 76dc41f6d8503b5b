// Shared by the token benchmarks: an issuer serving its JWKS on loopback, a relying party, a pool
// of issued tokens, and the baseline every token figure is a ratio against: one RSA-OAEP (SHA-1)
// decrypt plus one RS256 crypto.verify with 2048-bit keys, the two public-key operations a token
// read cannot avoid.
import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt, randomBytes, sign, verify } from 'node:crypto';
import { Account, Device, RelyingParty, Title, TokenIssuer, type TokenRequest } from '@gdkts/xboxlive';

const rpKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const issuerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const issuer = await TokenIssuer.create({ signingKey: issuerKey.privateKey });
export const jwks = await issuer.serveJwks();
export const relyingParty = new RelyingParty({
  audience: 'rp://bench.example/',
  publisherId: 'bench',
  privateKey: rpKey.privateKey,
  userClaims: ['xid', 'ptx', 'gtg', 'agg', 'prv'],
});
export const request: TokenRequest = {
  users: [new Account({ gamertag: 'Bench' })],
  device: new Device(),
  title: new Title({ titleId: 0x1234 }),
  relyingParty,
};

/** 256 distinct issued tokens, so a reader never sees the same token twice in a row. */
export const pool: readonly string[] = Array.from({ length: 256 }, () => {
  const result = issuer.issue(request);
  if (!result.ok) throw new Error('refused');
  return result.token;
});

const wrapped = publicEncrypt(
  { key: rpKey.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
  randomBytes(32),
);
const signed = Buffer.from('x'.repeat(600));
const signature = sign('sha256', signed, issuerKey.privateKey);

/** Name of {@link baseline} in reports. */
export const BASELINE = '1 RSA-OAEP-SHA1 decrypt + 1 RS256 verify';

/** The baseline: one RSA-OAEP decrypt and one RS256 verify with 2048-bit keys. */
export function baseline(): void {
  privateDecrypt({ key: rpKey.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, wrapped);
  if (!verify('sha256', signed, issuerKey.publicKey, signature)) throw new Error('baseline verify failed');
}
