// pnpm bench requestVerification: verifying a signed request whose token is already cached
// (header parse, cache lookup by token hash, claim checks, payload build, ES256 verify) against raw
// ES256 crypto.verify over the same payload, measured in the same process.
import { createPublicKey, verify } from 'node:crypto';
import { Account, Device, RelyingParty, Title, TokenIssuer } from '@gdkts/xboxlive';
import { createRequestSigner } from '@gdkts/xboxlive/client';
import { DEFAULT_SIGNATURE_POLICY, createRequestVerifier, type ReceivedRequest } from '@gdkts/xboxlive/verify';
import { compareRates } from '../../../scripts/bench/harness.js';
import { parseSignatureHeader } from '../src/wire/signatureHeader.js';
import { buildSignaturePayload } from '../src/wire/signaturePayload.js';

const issuer = await TokenIssuer.create();
const jwks = await issuer.serveJwks();
const relyingParty = await RelyingParty.create({ audience: 'rp://contoso.com/', publisherId: 'contoso' });
const device = new Device();
const issued = issuer.issue({
  users: [new Account({ gamertag: 'Alice' })],
  device,
  title: new Title({ titleId: 0x12345678 }),
  relyingParty,
});
if (!issued.ok) throw new Error(`token refused: ${issued.reason}`);

const body = Buffer.from(JSON.stringify({ player: 'alice', score: 12345, tags: ['a', 'b', 'c'] }));
const target = '/v1/matches/42/scores?season=3';
const headers: Record<string, string> = { authorization: issued.authorization, 'content-type': 'application/json' };
headers['signature'] = createRequestSigner(device.proofKey.privateKey).sign({
  method: 'POST',
  url: target,
  headers,
  body,
});
const request: ReceivedRequest = { method: 'POST', target, headers, body };

const verifier = createRequestVerifier({
  audience: relyingParty.audience,
  decryptionKeys: [relyingParty.decryptionKey],
  jwksAllowedHosts: [jwks.host],
});
const first = await verifier.verify(request);
if (!first.ok) throw new Error(`verification failed: ${first.error.code}`);

const parsed = parseSignatureHeader(headers['signature'])!;
const payload = buildSignaturePayload(
  DEFAULT_SIGNATURE_POLICY,
  parsed.filetime,
  { method: 'POST', pathAndQuery: target, headers, body },
  'latin1',
);
const publicKey = createPublicKey(device.proofKey.privateKey);
if (!verify('sha256', payload, { key: publicKey, dsaEncoding: 'ieee-p1363' }, parsed.signature))
  throw new Error('baseline does not verify');

await compareRates(
  'verify request (token cached)',
  () => verifier.verify(request),
  'crypto.verify ES256',
  () => verify('sha256', payload, { key: publicKey, dsaEncoding: 'ieee-p1363' }, parsed.signature),
  2000,
  '>= 0.7x',
);
await jwks.close();
