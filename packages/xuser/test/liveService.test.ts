// xuser against the emulated Xbox Live as a real HTTP service (issue 9): a console given `liveUrl`
// (or the GDKTS_LIVE_URL environment variable) gets its tokens from a `start()`ed service on
// 127.0.0.1 through device, title, user and XSTS calls, and a relying party verifies the same
// claims as for a token issued in process.
import { afterEach, describe, expect, it } from 'vitest';
import { E_GAMEUSER_FAILED_TO_GET_TOKEN, S_OK } from '@gdkts/hresult';
import { RelyingParty, TokenIssuer } from '@gdkts/xboxlive';
import { createRequestVerifier } from '@gdkts/xboxlive/verify';
import { LIVE_URL_ENV } from '@gdkts/xboxlive/client';
import { start } from '@gdkts/xboxlive-service';
import type { RunningService } from '@gdkts/xboxlive-service';
import { XAsyncGetStatus, out } from '@gdkts/xasync';
import {
  XGameRuntimeInitialize,
  XGameRuntimeUninitialize,
  XUserCloseHandle,
  XUserGetTokenAndSignatureAsync,
  XUserGetTokenAndSignatureOptions,
  XUserGetTokenAndSignatureResult,
  XUserGetTokenAndSignatureResultSize,
} from '@gdkts/xuser';
import type { XUserGetTokenAndSignatureData } from '@gdkts/xuser';
import {
  TEST_ENDPOINTS,
  TEST_RELYING_PARTY,
  TEST_SIGNATURE_POLICY,
  TEST_SIGNED_URL,
  TEST_TITLE_ID,
  createEmulatedConsole,
} from '@gdkts/xuser/testing';
import type { EmulatedConsoleOptions } from '@gdkts/xuser/testing';
import { addDefault, call, useLeakCheck } from './helpers/console.js';

useLeakCheck();

let live: RunningService | undefined;
afterEach(async () => {
  await live?.close();
  live = undefined;
});

const body = new TextEncoder().encode('{"score":42}');
const headers = [{ name: 'Why', value: 'Because' }];

/** One token request for TEST_SIGNED_URL: its status, and the token and signature when it succeeded. */
async function tokenFor(options = 0): Promise<{ hr: number; token?: string; signature?: string | null }> {
  const user = await addDefault();
  const block = await call((b) =>
    XUserGetTokenAndSignatureAsync(user, options, 'POST', TEST_SIGNED_URL, 1, headers, body.length, body, b),
  );
  XUserCloseHandle(user);
  const size = out(0);
  const hr = XUserGetTokenAndSignatureResultSize(block, size);
  if (hr !== S_OK) return { hr: XAsyncGetStatus(block, false) };
  const data = out<XUserGetTokenAndSignatureData | null>(null);
  expect(XUserGetTokenAndSignatureResult(block, size.value, new Uint8Array(size.value), data, null)).toBe(S_OK);
  return { hr, token: data.value!.token, signature: data.value!.signature };
}

describe('xuser against the live HTTP service', () => {
  it('a token flow over HTTP verifies to the same claims as in process', async () => {
    const [issuer, rp] = await Promise.all([
      TokenIssuer.create(),
      RelyingParty.create({
        audience: TEST_RELYING_PARTY,
        publisherId: 'contoso',
        userClaims: ['xid', 'gtg', 'agg', 'prv', 'ptx'],
      }),
    ]);
    const base: EmulatedConsoleOptions = {
      titleId: TEST_TITLE_ID,
      configDirectory: null,
      endpoints: TEST_ENDPOINTS,
      issuer,
      relyingParties: [rp],
      accounts: [{ gamertag: 'Alice' }],
      liveUrl: null,
    };
    const inProcess = await createEmulatedConsole(base);
    expect(inProcess.liveUrl).toBe(undefined);
    // The service serves the in-process console's world (its issuer's keys move to the service).
    live = await start({ world: inProcess.world });
    const verifier = createRequestVerifier({
      audience: TEST_RELYING_PARTY,
      decryptionKeys: [{ privateKey: rp.privateKey, x5t: rp.x5t }],
      jwksAllowedHosts: [new URL(live.url).host],
      signaturePolicy: TEST_SIGNATURE_POLICY,
    });
    const claimsOf = async (): Promise<unknown> => {
      expect(XGameRuntimeInitialize()).toBe(S_OK);
      const result = await tokenFor();
      XGameRuntimeUninitialize();
      expect(result.hr).toBe(S_OK);
      expect(result.signature).not.toBe(null);
      const verified = await verifier.verify({
        method: 'POST',
        target: new URL(TEST_SIGNED_URL).pathname + new URL(TEST_SIGNED_URL).search,
        headers: { authorization: result.token!, signature: result.signature!, why: 'Because' },
        body,
      });
      expect(verified.ok, JSON.stringify(verified)).toBe(true);
      if (!verified.ok) return undefined;
      // Who, for which title, device, audience and sandbox, with which proof key; times differ, and
      // so does the user hash (each issuance derives its own).
      const { audience, issuer: iss, sandbox, device, title, proofKey, users } = verified.claims;
      return { audience, iss, sandbox, device, title, proofKey, users: users.map(({ uhs: _u, ...user }) => user) };
    };
    const expected = await claimsOf();
    const overHttp = await createEmulatedConsole({
      ...base,
      accounts: inProcess.accounts,
      device: inProcess.device,
      liveUrl: live.url,
    });
    expect(overHttp.liveUrl).toBe(live.url);
    expect(await claimsOf()).toEqual(expected);
    // It really goes over HTTP: with the service gone, a forced refresh fails to get a token.
    await live.close();
    live = undefined;
    XGameRuntimeInitialize();
    const refused = await tokenFor(XUserGetTokenAndSignatureOptions.ForceRefresh);
    XGameRuntimeUninitialize();
    expect(refused.hr).toBe(E_GAMEUSER_FAILED_TO_GET_TOKEN);
  });

  it(`${LIVE_URL_ENV} points a console at the service unless liveUrl says otherwise`, async () => {
    const saved = process.env[LIVE_URL_ENV];
    process.env[LIVE_URL_ENV] = 'http://127.0.0.1:1';
    try {
      const options: EmulatedConsoleOptions = {
        titleId: TEST_TITLE_ID,
        configDirectory: null,
        issuer: await TokenIssuer.create(),
      };
      expect((await createEmulatedConsole(options)).liveUrl).toBe('http://127.0.0.1:1');
      expect((await createEmulatedConsole({ ...options, liveUrl: null })).liveUrl).toBe(undefined);
      expect((await createEmulatedConsole({ ...options, liveUrl: 'http://127.0.0.1:2' })).liveUrl).toBe(
        'http://127.0.0.1:2',
      );
    } finally {
      if (saved === undefined) delete process.env[LIVE_URL_ENV];
      else process.env[LIVE_URL_ENV] = saved;
    }
  });
});
