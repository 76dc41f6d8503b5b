// The seed (shared/seeds/000_f7de3eeebedd79d4.txt, "Using Xbox Live tokens for custom web service
// authentication"), line for line: the args struct with method GET, the URL, headers, body,
// forceRefresh false, allUsers false; XalUserGetTokenAndSignatureSilentlyAsync; in the callback
// ResultSize, Result, the signature used only when signatureSize > 0; the request sent to a real
// custom web service that verifies the token; then, after the service answered 401, forceRefresh true.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { S_OK, SUCCEEDED, type HRESULT } from '@gdkts/hresult';
import { deferred } from '@gdkts/xasync/testing';
import { XAsyncGetStatusAsync, out, type XAsyncBlock } from '@gdkts/xasync';
import {
  XalAddUserWithUiAsync,
  XalAddUserWithUiResult,
  XalCleanupAsync,
  XalInitialize,
  XalTryAddDefaultUserSilentlyAsync,
  XalTryAddDefaultUserSilentlyResult,
  XalUserCloseHandle,
  XalUserGetTokenAndSignatureSilentlyAsync,
  XalUserGetTokenAndSignatureSilentlyResult,
  XalUserGetTokenAndSignatureSilentlyResultSize,
  useXalEmulator,
  type XalHttpHeader,
  type XalUserGetTokenAndSignatureArgs,
  type XalUserGetTokenAndSignatureData,
  type XalUserHandle,
} from '@gdkts/xal';
import { installHooks, newHooks, useXalSandbox } from './helpers/title.js';
import { send, startService, type Service } from './helpers/service.js';
import { TEST_CLIENT_ID, TEST_SEED_URL, TEST_TITLE_ID } from '@gdkts/xal/testing';
import { account, makeEmulator, world } from './helpers/world.js';

useXalSandbox();

let service: Service;
let user: XalUserHandle;
const alice = account('Alice', { xuid: '2535428717109723' });

beforeEach(async () => {
  service = await startService();
  useXalEmulator(await makeEmulator([alice]));
  installHooks(newHooks());
  expect(XalInitialize({ platform: 'Win32', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID }, null)).toBe(S_OK);
  const silent: XAsyncBlock = {};
  expect(XalTryAddDefaultUserSilentlyAsync(0, silent)).toBe(S_OK);
  await XAsyncGetStatusAsync(silent);
  const none = out<XalUserHandle | null>(null);
  expect(SUCCEEDED(XalTryAddDefaultUserSilentlyResult(silent, none))).toBe(false);
  const ui: XAsyncBlock = {};
  expect(XalAddUserWithUiAsync(0, ui)).toBe(S_OK);
  await XAsyncGetStatusAsync(ui);
  const added = out<XalUserHandle | null>(null);
  expect(XalAddUserWithUiResult(ui, added)).toBe(S_OK);
  user = added.value as XalUserHandle;
});

afterEach(async () => {
  XalUserCloseHandle(user);
  const block: XAsyncBlock = {};
  expect(XalCleanupAsync(block)).toBe(S_OK);
  await XAsyncGetStatusAsync(block);
  await service.close();
});

/** The seed's data: a request with headers and a body. */
const data = { Body: new TextEncoder().encode('{"score":42}') };
const headers: XalHttpHeader[] = [
  { name: 'Accept', value: 'application/json' },
  { name: 'Content-Type', value: 'application/json' },
];

interface TokenAndSignature {
  readonly hr: HRESULT;
  readonly token?: string;
  readonly signature?: string;
}

/** The seed's flow: fill the args, call, and read the result in the completion callback. */
function requestToken(forceRefresh: boolean): Promise<TokenAndSignature> {
  const done = deferred<TokenAndSignature>();
  // 1. Create a XalUserGetTokenAndSignatureArgs object
  const tokenAndSigArgs: XalUserGetTokenAndSignatureArgs = {};
  tokenAndSigArgs.method = 'GET';
  tokenAndSigArgs.url = TEST_SEED_URL;
  tokenAndSigArgs.headerCount = headers.length;
  tokenAndSigArgs.headers = headers;
  tokenAndSigArgs.bodySize = data.Body.length;
  tokenAndSigArgs.body = data.Body;
  tokenAndSigArgs.forceRefresh = forceRefresh;
  tokenAndSigArgs.allUsers = false;
  // 2. Call XalUserGetTokenAndSignatureSilentlyAsync to get the partner token
  const async: XAsyncBlock = {
    callback: (block) => {
      const bufferSize = out(0);
      const hr = XalUserGetTokenAndSignatureSilentlyResultSize(block, bufferSize);
      if (!SUCCEEDED(hr)) return done.resolve({ hr });
      const buffer = new Uint8Array(bufferSize.value);
      const result = out<XalUserGetTokenAndSignatureData | null>(null);
      const used = out(0);
      const hr2 = XalUserGetTokenAndSignatureSilentlyResult(block, bufferSize.value, buffer, result, used);
      if (!SUCCEEDED(hr2) || result.value === null) return done.resolve({ hr: hr2 });
      expect(used.value).toBe(bufferSize.value);
      const r = result.value;
      done.resolve({
        hr: S_OK,
        token: r.token,
        ...(r.signatureSize > 0 && r.signature !== null ? { signature: r.signature } : {}),
      });
    },
  };
  expect(XalUserGetTokenAndSignatureSilentlyAsync(user, tokenAndSigArgs, async)).toBe(S_OK);
  return done.promise;
}

async function callService(t: TokenAndSignature): Promise<{ status: number; json: unknown }> {
  const h: Record<string, string> = Object.fromEntries(headers.map((x) => [x.name, x.value]));
  h.Authorization = t.token as string;
  if (t.signature !== undefined) h.Signature = t.signature;
  return send(service.origin, new URL(TEST_SEED_URL).pathname, 'GET', h, data.Body);
}

describe('seed 000: Xbox Live tokens for a custom web service', () => {
  it('gets a token and signature and the custom service verifies them', async () => {
    const t = await requestToken(false);
    expect(t.hr).toBe(S_OK);
    expect(t.token).toMatch(/^XBL3\.0 x=[^;]+;/);
    expect(t.signature).toBeDefined(); // the endpoint has a signature policy: signatureSize > 0
    const answer = await callService(t);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ xid: alice.xuid, gtg: 'Alice', body: '{"score":42}' });
  });

  it('after a 401 from the service, forceRefresh true fetches a new token that the service accepts', async () => {
    const w = await world();
    const first = await requestToken(false);
    service.rejectNext = true;
    expect((await callService(first)).status).toBe(401);
    const cached = await requestToken(false); // without forceRefresh the cache answers
    expect(cached.token).toBe(first.token);
    const before = w.xstsRequests.length;
    const refreshed = await requestToken(true);
    expect(refreshed.hr).toBe(S_OK);
    expect(w.xstsRequests.length).toBe(before + 1);
    expect((await callService(refreshed)).status).toBe(200);
    expect(service.received.map((r) => r.status)).toEqual([401, 200]);
  });
});
