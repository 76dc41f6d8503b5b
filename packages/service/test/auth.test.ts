import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Account, Device, createRequestSigner } from '@gdkts/xboxlive';
import { createRequestVerifier } from '@gdkts/xboxlive/verify';
import { httpXsts, type HttpXstsClient } from '@gdkts/xboxlive/client';
import { start, type RunningService } from '@gdkts/xboxlive-service';
import { deviceAuthBody, get, send, signedPost } from './helpers.js';

// Real servers, RSA key generation and many round trips: a ceiling for a loaded machine, not the 5 s default.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const TITLE_ID = 0x1234_5678;
const RP = 'rp://gdkts.local/';
const PLAYER_ONE = '2535428717109723';

let live: RunningService;
let device: Device;
let xsts: HttpXstsClient;
beforeAll(async () => {
  live = await start();
  device = new Device();
  xsts = httpXsts({ url: live.url, devices: [device] });
});
afterAll(async () => {
  await live.close();
});

function verifier(): ReturnType<typeof createRequestVerifier> {
  const rp = live.world.relyingParty(RP);
  if (rp === undefined) throw new Error('no RP');
  return createRequestVerifier({
    audience: RP,
    decryptionKeys: [rp.decryptionKey],
    jwksAllowedHosts: [new URL(live.url).host],
  });
}

describe('the token flow over HTTP', () => {
  it('device, title, user and XSTS calls give a token the relying party verifies (kid + jku at /keys)', async () => {
    const result = await xsts.getToken({
      xuids: [PLAYER_ONE],
      deviceId: device.id,
      titleId: TITLE_ID,
      relyingParty: RP,
    });
    if (!result.ok) throw new Error(`refused: ${result.reason}`);
    expect(result.authorization).toMatch(/^XBL3\.0 x=\d+;[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(result.displayClaims.xui[0]).toMatchObject({ xid: PLAYER_ONE, gtg: 'Player One' });

    const signer = createRequestSigner(device.proofKey.privateKey);
    const headers = { authorization: result.authorization };
    const signature = signer.sign({ method: 'GET', url: '/v1/me', headers });
    const verified = await verifier().verify({ method: 'GET', target: '/v1/me', headers: { ...headers, signature } });
    if (!verified.ok) throw new Error(`verify: ${verified.error.code}`);
    expect(verified.claims.users[0]?.xid).toBe(PLAYER_ONE);
    expect(verified.claims.title?.tid).toBe(String(TITLE_ID));
    expect(verified.claims.proofKey).toEqual(device.proofKey.jwk);
    expect(verified.claims.token.iss).toBe('xsts.auth.xboxlive.com');
  });

  it('answers the device token in the JSON shape of token-signature.md §1.2', async () => {
    const other = new Device();
    const answer = await signedPost(live.url, '/device/authenticate', deviceAuthBody(other), other);
    expect(answer.status).toBe(200);
    const body = answer.json as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['IssueInstant', 'NotAfter', 'Token', 'DisplayClaims']);
    expect(body['IssueInstant']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    expect(body['DisplayClaims']).toEqual({ xdi: { did: other.id, dcs: '0' } });
  });

  it('refuses a device id bound to another proof key', async () => {
    const first = new Device();
    expect((await signedPost(live.url, '/device/authenticate', deviceAuthBody(first), first)).status).toBe(200);
    const thief = new Device({ id: first.id });
    expect((await signedPost(live.url, '/device/authenticate', deviceAuthBody(thief), thief)).status).toBe(403);
  });

  it('refuses a signature more than 4 minutes off with 403 and an empty body', async () => {
    const skewed = new Device();
    const answer = await signedPost(live.url, '/device/authenticate', deviceAuthBody(skewed), skewed, {
      now: () => Date.now() - 5 * 60 * 1000,
    });
    expect(answer.status).toBe(403);
    expect(answer.text).toBe('');
  });

  it('refuses an account with an issue: 401, X-Err and the XErr body; the client reports user-action-required', async () => {
    const banned = live.world.addAccount(new Account({ gamertag: 'Banned One', issues: ['Banned'] }));
    const result = await xsts.getToken({
      xuids: [banned.xuid],
      deviceId: device.id,
      titleId: TITLE_ID,
      relyingParty: RP,
    });
    expect(result).toMatchObject({
      ok: false,
      reason: 'user-action-required',
      xerr: 0x8015dc03,
      issue: 'Banned',
      xuid: banned.xuid,
    });
  });

  it('sends the refusal body and header of the real services', async () => {
    const noProfile = live.world.addAccount(new Account({ gamertag: 'No Profile', issues: ['NoXboxProfile'] }));
    const calls: Response[] = [];
    const spying = httpXsts({
      url: live.url,
      devices: [device],
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (String(input).endsWith('/xsts/authorize')) calls.push(response.clone());
        return response;
      },
    });
    const result = await spying.getToken({
      xuids: [noProfile.xuid],
      deviceId: device.id,
      titleId: TITLE_ID,
      relyingParty: RP,
    });
    expect(result).toMatchObject({
      ok: false,
      issue: 'NoXboxProfile',
      redirect: 'https://start.ui.xboxlive.com/CreateAccount',
    });
    const [response] = calls;
    expect(response?.status).toBe(401);
    expect(response?.headers.get('x-err')).toBe(String(0x8015dc09));
    expect(await response?.json()).toEqual({
      Identity: '0',
      XErr: 0x8015dc09,
      Message: '',
      Redirect: 'https://start.ui.xboxlive.com/CreateAccount',
    });
  });

  it('refuses an unknown relying party with 400 (a protocol failure for the client)', async () => {
    await expect(
      xsts.getToken({ xuids: [], deviceId: device.id, titleId: TITLE_ID, relyingParty: 'rp://unknown.example/' }),
    ).rejects.toMatchObject({ reason: 'protocol', status: 400 });
  });

  it('a device/title-only token selects no user (x=-)', async () => {
    const result = await xsts.getToken({ xuids: [], deviceId: device.id, titleId: TITLE_ID, relyingParty: RP });
    expect(result.ok && result.userHash).toBe('-');
  });
});

describe('SISU over HTTP', () => {
  it('authenticate → the sign-in page (pick an account, consent, 302 with a code) → authorize', async () => {
    const sisuDevice = new Device();
    const client = httpXsts({ url: live.url, devices: [sisuDevice] });
    const pages: string[] = [];
    const result = await client.sisu({
      deviceId: sisuDevice.id,
      titleId: TITLE_ID,
      redirectUri: 'ms-xal-12345678://auth',
      relyingParty: RP,
      signIn: async (signInUrl, redirectUri) => {
        const page = await get('', signInUrl);
        pages.push(page.text);
        expect(page.headers.get('content-type')).toMatch(/^text\/html/);
        const session = new URL(signInUrl).searchParams.get('session') ?? '';
        // Without consent the page is shown again with a message.
        const refused = await fetch(new URL('/signin', signInUrl), {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ session, xuid: PLAYER_ONE }).toString(),
          redirect: 'manual',
        });
        expect(refused.status).toBe(400);
        expect(await refused.text()).toContain('Consent is needed');
        const accepted = await fetch(new URL('/signin', signInUrl), {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ session, xuid: PLAYER_ONE, consent: 'yes' }).toString(),
          redirect: 'manual',
        });
        expect(accepted.status).toBe(302);
        const location = accepted.headers.get('location') ?? '';
        expect(location.startsWith(redirectUri)).toBe(true);
        return location;
      },
    });
    expect(pages[0]).toContain('Player One');
    expect(pages[0]).toContain('name="consent"');
    if (!result.ok) throw new Error(`refused ${result.reason}`);
    expect(result.userToken.DisplayClaims).toMatchObject({ xui: [{ uhs: expect.any(String) }] });
    expect(result.titleToken.DisplayClaims).toEqual({ xti: { tid: String(TITLE_ID) } });
    expect((result.authorizationToken.DisplayClaims as { xui: { xid: string }[] }).xui[0]?.xid).toBe(PLAYER_ONE);
    expect(typeof result.deviceToken).toBe('string');
  });

  it('a fixable issue refuses authorize with the account page as Redirect; fixed there, authorize succeeds with the same code', async () => {
    const account = new Account({ gamertag: 'Needs Terms', issues: ['TermsNotAccepted'] });
    live.world.addAccount(account);
    const sisuDevice = new Device();
    const client = httpXsts({ url: live.url, devices: [sisuDevice] });
    const redirectUri = 'ms-xal-12345678://auth';
    const signIn = async (signInUrl: string): Promise<string> => {
      const form = {
        session: new URL(signInUrl).searchParams.get('session') ?? '',
        xuid: account.xuid,
        consent: 'yes',
      };
      const answer = await fetch(new URL('/signin', signInUrl), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        redirect: 'manual',
      });
      return answer.headers.get('location') ?? '';
    };
    const refused = await client.sisu({ deviceId: sisuDevice.id, titleId: TITLE_ID, redirectUri, signIn });
    expect(refused).toMatchObject({ ok: false, reason: 'user-action-required', issue: 'TermsNotAccepted' });
    const redirect = new URL(refused.ok ? '' : (refused.redirect ?? ''));
    expect(`${redirect.origin}${redirect.pathname}`).toBe(`${live.url}/account/fix`);
    expect((await get(live.url, '/account/fix?xuid=1')).status).toBe(400);
    const page = await get('', redirect.href);
    expect(page.status).toBe(200);
    expect(page.text).toContain('TermsNotAccepted');
    const post = (fields: Record<string, string>): Promise<Response> =>
      fetch(new URL('/account/fix', live.url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ xuid: account.xuid, redirect_uri: redirectUri, ...fields }).toString(),
        redirect: 'manual',
      });
    expect((await post({})).status).toBe(400); // not confirmed: the page again
    expect(account.requiresUserAction).toBe(true);
    const pages: string[] = [];
    const fixed = await client.sisu({
      deviceId: sisuDevice.id,
      titleId: TITLE_ID,
      redirectUri,
      signIn,
      resolve: async (refusal) => {
        pages.push(refusal.redirect ?? '');
        const confirmed = await post({ accept: 'yes' });
        return confirmed.status === 302 && confirmed.headers.get('location') === redirectUri;
      },
    });
    expect(pages).toEqual([redirect.href]);
    expect(fixed.ok && fixed.xuid).toBe(account.xuid);
    expect(account.requiresUserAction).toBe(false);
  });

  it('authorize refuses a ProofKey that did not sign the request, and a code from another session', async () => {
    const sisuDevice = new Device();
    const dt = (await signedPost(live.url, '/device/authenticate', deviceAuthBody(sisuDevice), sisuDevice)).json as {
      Token: string;
    };
    const other = new Device();
    const body = { AccessToken: 't=nope', DeviceToken: dt.Token, SessionId: 'x', ProofKey: sisuDevice.proofKey.jwk };
    expect((await signedPost(live.url, '/authorize', body, other)).status).toBe(403);
    expect((await signedPost(live.url, '/authorize', body, sisuDevice)).status).toBe(401);
  });
});

describe('remote connect (device code)', () => {
  it('shows a code, the person approves it on /connect, the device polls a ticket that authenticates the user', async () => {
    const code = (await send(live.url, 'POST', '/devicecode', {})).json as {
      device_code: string;
      user_code: string;
      verification_uri: string;
    };
    expect(code.verification_uri).toBe(`${live.url}/connect`);
    expect((await send(live.url, 'POST', '/devicecode/token', { device_code: code.device_code })).json).toEqual({
      error: 'authorization_pending',
    });
    expect((await get(live.url, '/connect')).text).toContain('name="user_code"');
    const approved = await fetch(`${live.url}/connect`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        user_code: code.user_code.toLowerCase(),
        xuid: PLAYER_ONE,
        consent: 'yes',
      }).toString(),
    });
    expect(approved.status).toBe(200);
    const polled = (await send(live.url, 'POST', '/devicecode/token', { device_code: code.device_code })).json as {
      RpsTicket: string;
    };
    const user = await send(live.url, 'POST', '/user/authenticate', {
      RelyingParty: 'http://auth.xboxlive.com',
      TokenType: 'JWT',
      Properties: { AuthMethod: 'RPS', RpsTicket: polled.RpsTicket },
    });
    expect(user.status).toBe(200);
    expect((user.json as { DisplayClaims: unknown }).DisplayClaims).toMatchObject({
      xui: [{ uhs: expect.any(String) }],
    });
    expect((await send(live.url, 'POST', '/devicecode/token', { device_code: code.device_code })).json).toEqual({
      error: 'expired_token',
    });
  });
});

describe('documents', () => {
  it('serves the default NSAL, a title NSAL set through the admin API, and the JWKS', async () => {
    const nsal = await get(live.url, '/titles/default/endpoints');
    expect((nsal.json as { EndPoints: unknown[] }).EndPoints.length).toBeGreaterThan(0);
    const document = {
      SignaturePolicies: [{ Version: 1, SupportedAlgorithms: ['ES256'], MaxBodyBytes: 8192 }],
      EndPoints: [
        {
          Protocol: 'https',
          Host: 'api.gdkts.local',
          HostType: 'fqdn',
          RelyingParty: RP,
          TokenType: 'JWT',
          SignaturePolicyIndex: 0,
        },
      ],
    };
    expect((await send(live.url, 'PUT', `/admin/titles/${TITLE_ID}/endpoints`, document)).status).toBe(200);
    expect((await get(live.url, `/titles/${TITLE_ID}/endpoints`)).json).toEqual(document);
    expect(
      (
        await send(live.url, 'PUT', `/admin/titles/${TITLE_ID}/endpoints`, {
          EndPoints: [{ Protocol: 'gopher', Host: 'x', HostType: 'fqdn', RelyingParty: RP }],
        })
      ).status,
    ).toBe(400);
    expect((await get(live.url, '/titles/99/endpoints')).status).toBe(404);
    const jwks = (await get(live.url, '/keys')).json as { keys: { kid: string }[] };
    expect(jwks.keys[0]?.kid).toBe(live.world.issuer.kid);
  });
});

describe('a relying party without JKU support', () => {
  it('gets x5t + x5u tokens that verify through the certificate document at /xsts/signingkeys', async () => {
    const created = (
      await send(live.url, 'POST', '/admin/relying-parties', {
        audience: 'rp://legacy.test/',
        publisherId: 'legacy',
        jkuSupport: false,
      })
    ).json as { jkuSupport: boolean };
    expect(created.jkuSupport).toBe(false);
    const certificates = (await get(live.url, '/xsts/signingkeys')).json as Record<string, string>;
    expect(Object.values(certificates)[0]).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const result = await xsts.getToken({
      xuids: [PLAYER_ONE],
      deviceId: device.id,
      titleId: TITLE_ID,
      relyingParty: 'rp://legacy.test/',
    });
    if (!result.ok) throw new Error('refused');
    const rp = live.world.relyingParty('rp://legacy.test/');
    if (rp === undefined) throw new Error('no RP');
    const fetched: string[] = [];
    const verifier = createRequestVerifier({
      audience: 'rp://legacy.test/',
      decryptionKeys: [rp.decryptionKey],
      jwksAllowedHosts: [new URL(live.url).host],
      signatureMode: 'off',
      fetch: (input, init) => {
        fetched.push(new URL(String(input)).pathname);
        return fetch(input, init);
      },
    });
    const verified = await verifier.verify({
      method: 'GET',
      target: '/',
      headers: { authorization: result.authorization },
    });
    expect(verified.ok && verified.claims.users[0]?.xid).toBe(PLAYER_ONE);
    expect(fetched).toEqual(['/xsts/signingkeys']);
  });
});
