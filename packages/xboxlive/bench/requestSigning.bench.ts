// pnpm bench requestSigning: signing one request (payload build + ECDSA P-256 + header) against
// raw crypto.sign over the very bytes the signer signs, measured in the same process.
import { generateKeyPairSync, sign } from 'node:crypto';
import { DEFAULT_SIGNATURE_POLICY, createRequestSigner, type SignableRequest } from '@gdkts/xboxlive/client';
import { compareRates } from '../../../scripts/bench/harness.js';
import { buildSignaturePayload } from '../src/wire/signaturePayload.js';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signer = createRequestSigner(privateKey);

// A typical call: an XBL3.0 header carrying a ~2.5 KB token, and a small JSON body.
const authorization = `XBL3.0 x=14239793951149710649;${'eyJlbmMiOiJBMTI4Q0JDK0hTMjU2In0'.padEnd(2500, 'A')}`;
const request: SignableRequest = {
  method: 'POST',
  url: 'https://api.contoso.com/v1/matches/42/scores?season=3',
  headers: { Authorization: authorization, 'Content-Type': 'application/json' },
  body: Buffer.from(JSON.stringify({ player: 'alice', score: 12345, tags: ['a', 'b', 'c'] })),
};
const payload = buildSignaturePayload(
  DEFAULT_SIGNATURE_POLICY,
  130408746879313831n,
  {
    method: request.method,
    pathAndQuery: '/v1/matches/42/scores?season=3',
    headers: request.headers!,
    body: request.body as Uint8Array,
  },
  'utf8',
);

await compareRates(
  'sign request',
  () => signer.sign(request),
  'crypto.sign',
  () => sign('sha256', payload, { key: privateKey, dsaEncoding: 'ieee-p1363' }),
  4000,
  '>= 0.7x',
);
