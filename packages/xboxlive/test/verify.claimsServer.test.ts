// startClaimsServer: a real node:http service on 127.0.0.1 that answers what its verifier accepts
// with the verified claims as JSON, refuses the rest as withXboxLiveAuth does, and can be told to
// refuse the next requests with 401 (the title's cue for ForceRefresh).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestVerifier, startClaimsServer, type ClaimsServer } from '@gdkts/xboxlive/verify';
import { createVerifyFixture, type VerifyFixture } from './helpers/verifyFixture.js';

let fx: VerifyFixture;
let service: ClaimsServer;
beforeAll(async () => {
  fx = await createVerifyFixture();
  service = await startClaimsServer(createRequestVerifier(fx.options()));
});
afterAll(async () => {
  await service?.close();
  await fx?.close();
});

async function get(authorization: string, sign = true): Promise<Response> {
  const url = `${service.origin}/api/getclaims`;
  const headers: Record<string, string> = { authorization };
  if (sign) headers['signature'] = fx.signer.sign({ method: 'GET', url, headers });
  return fetch(url, { headers });
}

describe('startClaimsServer', () => {
  it('listens on 127.0.0.1 and answers a verified request with its claims, 64-bit numbers as strings', async () => {
    expect(service.origin).toBe(`http://127.0.0.1:${service.port}`);
    const response = await get(fx.issue().authorization);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const claims = (await response.json()) as { users: { xid: string }[]; audience: string };
    expect(claims.users[0]?.xid).toBe(fx.alice.xuid);
    expect(claims.audience).toBe(fx.relyingParty.audience);
  });

  it('refuses an unsigned request with 401 and records every status in order', async () => {
    const before = service.statuses.length;
    expect((await get(fx.issue().authorization, false)).status).toBe(401);
    expect((await get(fx.issue().authorization)).status).toBe(200);
    expect(service.statuses.slice(before)).toEqual([401, 200]);
  });

  it('refuses exactly the next n requests with 401 and XBL3.0 when told to, then verifies again', async () => {
    const before = service.statuses.length;
    service.rejectNext(2);
    const first = await get(fx.issue().authorization);
    expect(first.status).toBe(401);
    expect(first.headers.get('www-authenticate')).toBe('XBL3.0');
    expect((await get(fx.issue().authorization)).status).toBe(401);
    expect((await get(fx.issue().authorization)).status).toBe(200);
    expect(service.statuses.slice(before)).toEqual([401, 401, 200]);
  });

  it('rejects a port outside 0–65535 with a RangeError', async () => {
    await expect(startClaimsServer(createRequestVerifier(fx.options()), { port: 70000 })).rejects.toThrow(
      /Expected `port` to be an integer in 0–65535, got `70000`/,
    );
  });

  it('releases its port on close', async () => {
    const own = await startClaimsServer(createRequestVerifier(fx.options()));
    await own.close();
    await expect(fetch(`${own.origin}/`)).rejects.toThrow();
  });
});
