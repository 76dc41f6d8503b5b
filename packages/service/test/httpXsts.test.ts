import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Device } from '@gdkts/xboxlive';
import { LIVE_URL_ENV, XstsHttpError, httpXsts, inProcessXsts, selectXstsClient } from '@gdkts/xboxlive/client';
import { start, type RunningService } from '@gdkts/xboxlive-service';

// Real servers, RSA key generation and many round trips: a ceiling for a loaded machine, not the 5 s default.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const TITLE_ID = 0x1234_5678;
const RP = 'rp://gdkts.local/';
const PLAYER_ONE = '2535428717109723';
const PLAYER_TWO = '2535428717109724';

let live: RunningService;
beforeAll(async () => {
  live = await start();
});
afterAll(async () => {
  await live.close();
});

/** A fetch that counts calls per path and the most requests in flight at once. */
function countingFetch(): { fetch: typeof fetch; calls: Map<string, number>; maxInFlight: () => number } {
  const calls = new Map<string, number>();
  let inFlight = 0;
  let max = 0;
  return {
    calls,
    maxInFlight: () => max,
    fetch: async (input, init) => {
      const path = new URL(String(input)).pathname;
      calls.set(path, (calls.get(path) ?? 0) + 1);
      inFlight++;
      max = Math.max(max, inFlight);
      try {
        return await fetch(input, init);
      } finally {
        inFlight--;
      }
    },
  };
}

describe('httpXsts', () => {
  it('concurrent requests for one token share one flight, and device/title/user tokens are cached', async () => {
    const device = new Device();
    const counting = countingFetch();
    const xsts = httpXsts({ url: live.url, devices: [device], fetch: counting.fetch });
    const request = { xuids: [PLAYER_ONE], deviceId: device.id, titleId: TITLE_ID, relyingParty: RP };
    const results = await Promise.all([xsts.getToken(request), xsts.getToken(request), xsts.getToken(request)]);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(new Set(results.map((result) => result.ok && result.token)).size).toBe(1);
    expect(counting.calls.get('/xsts/authorize')).toBe(1);
    expect(counting.calls.get('/device/authenticate')).toBe(1);
    await xsts.getToken({ ...request, relyingParty: 'http://xboxlive.com' });
    expect(counting.calls.get('/xsts/authorize')).toBe(2);
    expect(counting.calls.get('/device/authenticate')).toBe(1);
    expect(counting.calls.get('/user/authenticate')).toBe(1);
  });

  it('with signIn null, users sign in only through SISU: its tokens serve XSTS, and they carry to a new client', async () => {
    const device = new Device();
    const counting = countingFetch();
    const options = { url: live.url, devices: [device], fetch: counting.fetch, signIn: null };
    const xsts = httpXsts(options);
    const request = { xuids: [PLAYER_ONE], deviceId: device.id, titleId: TITLE_ID, relyingParty: RP };
    // no user token yet, and no way to sign in silently: nothing is sent
    await expect(xsts.getToken(request)).rejects.toMatchObject({ reason: 'unauthorized' });
    expect(counting.calls.size).toBe(0);
    const state = 'st-42';
    const signedIn = await xsts.sisu({
      deviceId: device.id,
      titleId: TITLE_ID,
      redirectUri: 'ms-xal-12345678://auth',
      state,
      signIn: async (signInUrl) => {
        const page = new URL(signInUrl);
        const answer = await fetch(new URL('/signin', page), {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            session: page.searchParams.get('session') ?? '',
            xuid: PLAYER_ONE,
            consent: 'yes',
          }),
          redirect: 'manual',
        });
        const location = answer.headers.get('location') ?? '';
        expect(new URL(location).searchParams.get('state')).toBe(state);
        return location;
      },
    });
    expect(signedIn.ok && signedIn.xuid).toBe(PLAYER_ONE);
    const token = await xsts.getToken(request);
    expect(token.ok).toBe(true);
    // SISU answered the title and user tokens: XSTS needed no other auth call, and the token has no sealed claims
    expect([...counting.calls.keys()]).toEqual([
      '/device/authenticate',
      '/authenticate',
      '/authorize',
      '/xsts/authorize',
    ]);
    expect(counting.calls.get('/user/authenticate')).toBeUndefined();
    expect(token.ok && token.claims).toBeUndefined();
    const stored = JSON.parse(JSON.stringify(xsts.exportUserToken(PLAYER_ONE))) as unknown;
    const later = httpXsts(options);
    later.importUserToken(PLAYER_ONE, { token: 7 }); // malformed: ignored
    await expect(later.getToken(request)).rejects.toBeInstanceOf(XstsHttpError);
    later.importUserToken(PLAYER_ONE, stored);
    expect((await later.getToken(request)).ok).toBe(true);
    later.forgetUser(PLAYER_ONE);
    expect(later.exportUserToken(PLAYER_ONE)).toBeUndefined();
    await expect(later.getToken({ ...request, relyingParty: 'http://xboxlive.com' })).rejects.toMatchObject({
      reason: 'unauthorized',
    });
  });

  it('keeps at most `concurrency` requests in flight to one host', async () => {
    const device = new Device();
    const counting = countingFetch();
    live.setFaults({ latencyMs: 20 });
    try {
      const xsts = httpXsts({ url: live.url, devices: [device], fetch: counting.fetch, concurrency: 2 });
      const audiences = ['rp://gdkts.local/', 'http://xboxlive.com'];
      await Promise.all(
        [PLAYER_ONE, PLAYER_TWO].flatMap((xuid) =>
          audiences.map((relyingParty) =>
            xsts.getToken({ xuids: [xuid], deviceId: device.id, titleId: TITLE_ID, relyingParty }),
          ),
        ),
      );
    } finally {
      live.setFaults({});
    }
    expect(counting.maxInFlight()).toBe(2);
  });

  it('a refused connection is a network failure', async () => {
    const gone = await start();
    await gone.close();
    const device = new Device();
    const failure = await httpXsts({ url: gone.url, devices: [device] })
      .getToken({ xuids: [], deviceId: device.id, titleId: TITLE_ID, relyingParty: RP })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(XstsHttpError);
    expect(failure).toMatchObject({ reason: 'network', status: undefined });
  });

  it('rejects with RangeError for a device it has no key for', async () => {
    await expect(
      httpXsts({ url: live.url, devices: [] }).getToken({
        xuids: [],
        deviceId: 'AB',
        titleId: TITLE_ID,
        relyingParty: RP,
      }),
    ).rejects.toThrow(RangeError);
  });

  it('is selected by an option or GDKTS_LIVE_URL, else the in-process client', async () => {
    const device = new Device();
    const saved = process.env[LIVE_URL_ENV];
    try {
      delete process.env[LIVE_URL_ENV];
      expect(() => httpXsts({ devices: [device] })).toThrow(TypeError);
      expect(() => selectXstsClient({ devices: [device] })).toThrow(TypeError);
      expect(selectXstsClient({ devices: [device], world: live.world })).not.toHaveProperty('url');
      expect(selectXstsClient({ devices: [device], url: live.url })).toHaveProperty('url', live.url);
      process.env[LIVE_URL_ENV] = `${live.url}/`;
      const fromEnvironment = selectXstsClient({ devices: [device], world: live.world });
      expect(fromEnvironment).toHaveProperty('url', live.url);
      expect(
        (
          await fromEnvironment.getToken({
            xuids: [PLAYER_TWO],
            deviceId: device.id,
            titleId: TITLE_ID,
            relyingParty: RP,
          })
        ).ok,
      ).toBe(true);
    } finally {
      if (saved === undefined) delete process.env[LIVE_URL_ENV];
      else process.env[LIVE_URL_ENV] = saved;
    }
  });

  it('gives the same display claims as the in-process client on the same world', async () => {
    const device = live.world.addDevice(new Device());
    const request = { xuids: [PLAYER_ONE], deviceId: device.id, titleId: TITLE_ID, relyingParty: RP };
    const overHttp = await httpXsts({ url: live.url, devices: [device] }).getToken(request);
    const inProcess = await inProcessXsts(live.world).getToken(request);
    if (!overHttp.ok || !inProcess.ok) throw new Error('refused');
    const withoutHash = (claims: typeof overHttp.displayClaims): unknown =>
      claims.xui.map(({ uhs: _uhs, ...rest }) => rest);
    expect(withoutHash(overHttp.displayClaims)).toEqual(withoutHash(inProcess.displayClaims));
  });
});

describe('sandboxes', () => {
  it('gets a token for a title in a dev sandbox; a client pinned to another sandbox is refused with XO_E_CONTENT_ISOLATION', async () => {
    const { Account, Title } = await import('@gdkts/xboxlive');
    live.world.addTitle(new Title({ titleId: 0x0dd5_0001, sandbox: 'XDKS.1' }));
    const tester = live.world.addAccount(new Account({ gamertag: 'Dev Tester', sandboxes: ['RETAIL', 'XDKS.1'] }));
    const device = new Device();
    const request = { xuids: [tester.xuid], deviceId: device.id, titleId: 0x0dd5_0001, relyingParty: RP };
    expect((await httpXsts({ url: live.url, devices: [device] }).getToken(request)).ok).toBe(true);
    expect(await httpXsts({ url: live.url, devices: [device], sandbox: 'RETAIL' }).getToken(request)).toMatchObject({
      ok: false,
      reason: 'sandbox-not-allowed',
      xerr: 0x8015dc12,
    });
  });
});
