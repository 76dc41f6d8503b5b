import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E_ABORT, E_GAMEUSER_NO_DEFAULT_USER, E_GAMEUSER_NO_TOKEN_REQUIRED, isHResultError } from '@gdkts/hresult';
import { XUserAddOptions, XUserCloseHandle } from '@gdkts/xuser';
import { addUser, getTokenAndSignature, xboxLiveFetch } from '@gdkts/xuser/promises';
import { TEST_SIGNED_URL, TEST_UNMAPPED_URL, TEST_UNSIGNED_URL, bootTestConsole } from '@gdkts/xuser/testing';
import { useLeakCheck } from './helpers/console.js';
import { startTestClaimsService, testEndpointsWith } from '@gdkts/xuser/testing';
import type { ClaimsServer } from '@gdkts/xboxlive/verify';

useLeakCheck();

let service: ClaimsServer;
beforeAll(async () => {
  service = await startTestClaimsService();
});
afterAll(async () => {
  await service.close();
});

async function rejection(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    if (isHResultError(error)) return error.hr;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('@gdkts/xuser/promises', () => {
  it('addUser resolves with a handle, or rejects with the HRESULT', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }, { gamertag: 'Bob' }] });
    expect(await rejection(addUser())).toBe(E_GAMEUSER_NO_DEFAULT_USER);
    const user = await addUser(XUserAddOptions.None);
    XUserCloseHandle(user);
  });

  it('getTokenAndSignature → { token, signature }; null signature without a policy; unmapped URL rejects', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addUser();
    const signed = await getTokenAndSignature(user, {
      url: TEST_SIGNED_URL,
      method: 'POST',
      headers: { Why: 'Because' },
      body: '{"a":1}',
    });
    expect(signed.token).toMatch(/^XBL3\.0 x=\d+;/);
    expect(signed.signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect((await getTokenAndSignature(user, { url: TEST_UNSIGNED_URL })).signature).toBeNull();
    expect(await rejection(getTokenAndSignature(user, { url: TEST_UNMAPPED_URL }))).toBe(E_GAMEUSER_NO_TOKEN_REQUIRED);
    const forced = await getTokenAndSignature(user, { url: TEST_SIGNED_URL, forceRefresh: true });
    expect(forced.token).not.toBe(signed.token);
    XUserCloseHandle(user);
  });

  it('an aborted signal cancels the call: E_ABORT', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addUser();
    const controller = new AbortController();
    const pending = getTokenAndSignature(user, { url: TEST_SIGNED_URL, signal: controller.signal });
    controller.abort();
    expect(await rejection(pending)).toBe(E_ABORT);
    controller.abort();
    expect(await rejection(getTokenAndSignature(user, { url: TEST_SIGNED_URL, signal: controller.signal }))).toBe(
      E_ABORT,
    );
    XUserCloseHandle(user);
  });

  it('xboxLiveFetch signs a real request the service verifies; on 401 it refreshes with ForceRefresh and retries once', async () => {
    const console = await bootTestConsole({
      accounts: [{ gamertag: 'Alice' }],
      endpoints: testEndpointsWith(service.port),
    });
    const user = await addUser();
    const url = `${service.origin}/api/getclaims`;
    const ok = await xboxLiveFetch(user, url, { headers: { Why: 'Because' } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { users: { gtg: string }[] }).users[0]?.gtg).toBe('Alice');
    const fetchesBefore = console.session!.tokenFetchCount;
    service.rejectNext(1);
    const retried = await xboxLiveFetch(user, url, { headers: { Why: 'Because' } });
    expect(retried.status).toBe(200);
    await retried.body?.cancel();
    expect(console.session!.tokenFetchCount).toBe(fetchesBefore + 1); // the retry forced a new token
    service.rejectNext(2);
    const twice = await xboxLiveFetch(user, url, { method: 'POST', body: 'x', headers: { Why: 'Because' } });
    expect(twice.status).toBe(401); // one retry only
    expect(service.statuses.slice(-5)).toEqual([200, 401, 200, 401, 401]);
    XUserCloseHandle(user);
  });

  it('xboxLiveFetch sends a URL that needs no token without the headers', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] }); // the service's loopback URL is not mapped here
    const user = await addUser();
    const response = await xboxLiveFetch(user, `${service.origin}/api/getclaims`);
    expect(response.status).toBe(401); // the verifier refuses a request without a token
    await response.body?.cancel();
    XUserCloseHandle(user);
  });
});
