import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Device } from '@gdkts/xboxlive';
import { createRequestVerifier } from '@gdkts/xboxlive/verify';
import { httpXsts } from '@gdkts/xboxlive/client';
import { start, watchServiceEvents, type RunningService, type ServiceEvent } from '@gdkts/xboxlive-service';
import { get, send } from './helpers.js';

// Real servers, RSA key generation and many round trips: a ceiling for a loaded machine, not the 5 s default.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const TITLE_ID = 0x1234_5678;

let live: RunningService;
beforeAll(async () => {
  live = await start();
});
afterAll(async () => {
  await live.close();
});

/** The events the service streams while `during` runs, read through watchServiceEvents. */
async function collectEvents(count: number, during: () => Promise<void>): Promise<ServiceEvent[]> {
  const events: ServiceEvent[] = [];
  let arrived: () => void = () => undefined;
  const enough = new Promise<void>((resolve) => (arrived = resolve));
  const watch = await watchServiceEvents(live.url, (event) => {
    events.push(event);
    if (events.length === count) arrived();
  });
  await during();
  await enough;
  watch.close();
  await watch.closed;
  return events;
}

describe('the admin API', () => {
  it('adds an account, changes its gamertag and privileges, and streams the changes', async () => {
    const created = await send(live.url, 'POST', '/admin/accounts', { gamertag: 'New Player', privileges: [254] });
    expect(created.status).toBe(201);
    const { xuid } = created.json as { xuid: string };
    expect((await get(live.url, `/admin/accounts/${xuid}`)).json).toMatchObject({
      gamertag: 'New Player',
      privileges: [254],
    });
    const events = await collectEvents(2, async () => {
      expect((await send(live.url, 'PATCH', `/admin/accounts/${xuid}`, { gamertag: 'Renamed' })).status).toBe(200);
      expect((await send(live.url, 'PATCH', `/admin/accounts/${xuid}`, { privileges: [185, 254] })).status).toBe(200);
    });
    expect(events).toEqual([
      { type: 'account-changed', xuid, changes: ['gamertag'] },
      { type: 'account-changed', xuid, changes: ['privileges'] },
    ]);
    expect(live.world.account(xuid)?.gamertag).toBe('Renamed');
  });

  it('refuses bad input with 400, a taken gamertag with 409, an unknown account with 404', async () => {
    expect((await send(live.url, 'POST', '/admin/accounts', { gamertag: '!!' })).status).toBe(400);
    expect((await send(live.url, 'PATCH', '/admin/accounts/2535428717109723', { gamertag: 'Player Two' })).status).toBe(
      409,
    );
    expect((await send(live.url, 'PATCH', '/admin/accounts/1', { gamertag: 'X' })).status).toBe(404);
    expect((await send(live.url, 'PATCH', '/admin/accounts/2535428717109723', { addIssues: ['Nope'] })).status).toBe(
      400,
    );
  });

  it('adds and clears account issues (what the token endpoints then refuse with)', async () => {
    const { xuid } = (await send(live.url, 'POST', '/admin/accounts', { gamertag: 'Issue Player' })).json as {
      xuid: string;
    };
    expect(
      (await send(live.url, 'PATCH', `/admin/accounts/${xuid}`, { addIssues: ['TermsNotAccepted'] })).json,
    ).toMatchObject({ issues: ['TermsNotAccepted'] });
    const device = new Device();
    const xsts = httpXsts({ url: live.url, devices: [device] });
    expect(
      await xsts.getToken({ xuids: [xuid], deviceId: device.id, titleId: TITLE_ID, relyingParty: 'rp://gdkts.local/' }),
    ).toMatchObject({ ok: false, issue: 'TermsNotAccepted' });
    await send(live.url, 'PATCH', `/admin/accounts/${xuid}`, { clearIssues: ['TermsNotAccepted'] });
    expect(
      (
        await xsts.getToken({
          xuids: [xuid],
          deviceId: device.id,
          titleId: TITLE_ID,
          relyingParty: 'rp://gdkts.local/',
        })
      ).ok,
    ).toBe(true);
  });

  it('signs a user out: an event, and the user token is refused (the client reports unauthorized, then signs in again)', async () => {
    const { xuid } = (await send(live.url, 'POST', '/admin/accounts', { gamertag: 'Leaving Player' })).json as {
      xuid: string;
    };
    const device = new Device();
    const xsts = httpXsts({ url: live.url, devices: [device] });
    const request = { xuids: [xuid], deviceId: device.id, titleId: TITLE_ID, relyingParty: 'rp://gdkts.local/' };
    expect((await xsts.getToken(request)).ok).toBe(true);
    const events = await collectEvents(1, async () => {
      expect((await send(live.url, 'POST', `/admin/accounts/${xuid}/sign-out`)).status).toBe(204);
    });
    expect(events).toEqual([{ type: 'signed-out', xuid }]);
    await expect(xsts.getToken(request)).rejects.toMatchObject({ reason: 'unauthorized', status: 401 });
    expect((await xsts.getToken(request)).ok).toBe(true);
  });

  it('adds a relying party (answering its keys once) and a title', async () => {
    const created = await send(live.url, 'POST', '/admin/relying-parties', {
      audience: 'rp://contoso.test/',
      publisherId: 'contoso',
      userClaims: ['xid', 'ptx'],
    });
    expect(created.status).toBe(201);
    const rp = created.json as { audience: string; x5t: string; privateKeyPem: string; certificatePem: string };
    expect(rp.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const listed = (await get(live.url, '/admin/relying-parties')).json as Record<string, unknown>[];
    expect(listed.find((entry) => entry['audience'] === 'rp://contoso.test/')).not.toHaveProperty('privateKeyPem');
    expect(
      (await send(live.url, 'POST', '/admin/relying-parties', { audience: 'not a uri', publisherId: 'x' })).status,
    ).toBe(400);

    expect((await send(live.url, 'POST', '/admin/titles', { titleId: 0x0abc_def0 })).status).toBe(201);
    expect((await send(live.url, 'POST', '/admin/titles', { titleId: 0x0abc_def0 })).status).toBe(400);
    const device = new Device();
    const result = await httpXsts({ url: live.url, devices: [device] }).getToken({
      xuids: ['2535428717109723'],
      deviceId: device.id,
      titleId: 0x0abc_def0,
      relyingParty: 'rp://contoso.test/',
    });
    if (!result.ok) throw new Error('refused');
    const { createPrivateKey } = await import('node:crypto');
    const verifier = createRequestVerifier({
      audience: 'rp://contoso.test/',
      decryptionKeys: [{ x5t: rp.x5t, privateKey: createPrivateKey(rp.privateKeyPem) }],
      jwksAllowedHosts: [new URL(live.url).host],
      signatureMode: 'off',
    });
    const verified = await verifier.verify({
      method: 'GET',
      target: '/',
      headers: { authorization: result.authorization },
    });
    expect(verified.ok && verified.claims.users[0]?.ptx).toMatch(/^[0-9A-F]{40}$/);
    expect((await get(live.url, '/admin/devices')).json).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: device.id, jwk: device.proofKey.jwk })]),
    );
  });
});

describe('watchServiceEvents', () => {
  it('ends when the service closes, and rejects when there is no service', async () => {
    const other = await start();
    const watch = await watchServiceEvents(other.url, () => undefined);
    await other.close();
    await watch.closed;
    await expect(watchServiceEvents(other.url, () => undefined)).rejects.toThrow(TypeError);
  });
});
