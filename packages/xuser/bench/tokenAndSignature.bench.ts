// pnpm bench tokenAndSignature: XUserGetTokenAndSignatureAsync with a cached token — the whole
// native sequence per request (…Async, the completion callback, …ResultSize, …Result), on an
// Immediate/Immediate queue so each request runs to its end inside the call — against raw ECDSA
// P-256 crypto.sign over a payload of the same size, measured in the same process.
import { generateKeyPairSync, sign } from 'node:crypto';
import { XTaskQueueCreate, XTaskQueueDispatchMode, out } from '@gdkts/xasync';
import type { XAsyncBlock, XTaskQueueHandle } from '@gdkts/xasync';
import {
  XGameRuntimeInitialize,
  XUserAddAsync,
  XUserAddOptions,
  XUserAddResult,
  XUserGetTokenAndSignatureAsync,
  XUserGetTokenAndSignatureResult,
  XUserGetTokenAndSignatureResultSize,
} from '@gdkts/xuser';
import type { XUserGetTokenAndSignatureData, XUserHandle } from '@gdkts/xuser';
import { XAsyncGetStatusAsync } from '@gdkts/xasync';
import { compareRates } from '../../../scripts/bench/harness.js';
import { createTestConsole } from '@gdkts/xuser/testing';

// A path on *.contoso.test: the test console signs it (the first 8192 body bytes, and `Why`).
const URL = 'https://api.contoso.test/v1/matches/42/scores?season=3';
await createTestConsole({ accounts: [{ gamertag: 'Bench' }] });
XGameRuntimeInitialize();
const add: XAsyncBlock = {};
XUserAddAsync(XUserAddOptions.AddDefaultUserSilently, add);
await XAsyncGetStatusAsync(add);
const user = out<XUserHandle | null>(null);
XUserAddResult(add, user);

const queue = out<XTaskQueueHandle | null>(null);
XTaskQueueCreate(XTaskQueueDispatchMode.Immediate, XTaskQueueDispatchMode.Immediate, queue);
const headers = [{ name: 'Content-Type', value: 'application/json' }];
const body = new TextEncoder().encode(JSON.stringify({ player: 'alice', score: 12345, tags: ['a', 'b', 'c'] }));

let tokenLength = 0;
const size = out(0);
const data = out<XUserGetTokenAndSignatureData | null>(null);
const block: XAsyncBlock = {
  queue: queue.value,
  callback: (b) => {
    XUserGetTokenAndSignatureResultSize(b, size);
    const buffer = new Uint8Array(size.value);
    XUserGetTokenAndSignatureResult(b, size.value, buffer, data, null);
    tokenLength = data.value!.tokenSize;
  },
};
const request = (): void => {
  XUserGetTokenAndSignatureAsync(user.value, 0, 'POST', URL, headers.length, headers, body.length, body, block);
};
// First request fetches and caches the token (asynchronously); wait for it.
const warm: XAsyncBlock = {};
XUserGetTokenAndSignatureAsync(user.value, 0, 'POST', URL, headers.length, headers, body.length, body, warm);
await XAsyncGetStatusAsync(warm);
XUserGetTokenAndSignatureResultSize(warm, size);
XUserGetTokenAndSignatureResult(warm, size.value, new Uint8Array(size.value), data, null);
request();
if (data.value?.signature === null || tokenLength === 0)
  throw new Error('expected a signed request with a cached token');

// The baseline signs what the request signer signs: version, timestamp, method, path, the token, the body.
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const payload = Buffer.alloc(4 + 8 + 5 + 30 + tokenLength + body.length + 8, 7);

await compareRates(
  'token and signature, cached token (Async, callback, ResultSize, Result)',
  request,
  'crypto.sign',
  () => sign('sha256', payload, { key: privateKey, dsaEncoding: 'ieee-p1363' }),
  3000,
  '>= 0.7x',
);
process.exit(0);
