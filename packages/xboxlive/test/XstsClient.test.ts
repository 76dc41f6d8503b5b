import {
  Account,
  AccountIssue,
  Device,
  RelyingParty,
  Title,
  TokenIssuer,
  World,
  XERR_CONTENT_ISOLATION,
  type JwksServer,
} from '@gdkts/xboxlive';
import { createRequestSigner, inProcessXsts, type InProcessXstsClient } from '@gdkts/xboxlive/client';
import { createRequestVerifier } from '@gdkts/xboxlive/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectIssued } from './helpers/issued.js';

describe('inProcessXsts', () => {
  let world: World;
  let xsts: InProcessXstsClient;
  let jwks: JwksServer;
  const title = new Title({ titleId: 0x5f3a_8b21 });
  const devTitle = new Title({ titleId: 0x5f3a_8b22, sandbox: 'XDKS.1' });
  const device = new Device({ type: 'Scarlett' });
  const alice = new Account({ xuid: '2535405290989773', gamertag: 'Alice' });
  const bob = new Account({ xuid: '18446744073709551557', gamertag: 'Bob' });
  const banned = new Account({ xuid: '2535405290989774', gamertag: 'Banned', issues: ['Banned'] });

  beforeAll(async () => {
    const [issuer, contoso] = await Promise.all([
      TokenIssuer.create(),
      RelyingParty.create({ audience: 'rp://contoso.com/', publisherId: 'contoso', userClaims: ['xid', 'gtg'] }),
    ]);
    jwks = await issuer.serveJwks();
    world = new World({
      issuer,
      titles: [title, devTitle],
      devices: [device],
      accounts: [alice, bob, banned],
      relyingParties: [contoso],
    });
    xsts = inProcessXsts(world);
  });
  afterAll(() => jwks.close());

  const request = {
    xuids: ['2535405290989773'],
    deviceId: device.id,
    titleId: 0x5f3a_8b21,
    relyingParty: 'rp://contoso.com/',
  };

  it('issues, for ids, the token the issuer issues for the objects they name', async () => {
    const token = expectIssued(await xsts.getToken(request));
    expect(token.userHash).toBe(token.claims.xui?.[0]?.uhs);
    expect(token.authorization).toBe(`XBL3.0 x=${token.userHash};${token.token}`);
    expect(token.claims.aud).toBe('rp://contoso.com/');
    expect(token.claims.sbx).toBe('RETAIL');
    expect(token.claims.xui?.map((user) => user.xid)).toEqual(['2535405290989773']);
    expect(token.claims.xdi?.dty).toBe('Scarlett');
    expect(token.claims.xti?.tid).toBe(String(0x5f3a_8b21));
    expect(token.claims.cnf?.jwk).toMatchObject({ x: device.proofKey.jwk.x, y: device.proofKey.jwk.y });
    expect(token.displayClaims.xui).toEqual([{ uhs: token.userHash, xid: '2535405290989773', gtg: 'Alice' }]);
    // The claim types list their claims without an index signature, so a misspelt claim is a type error.
    // @ts-expect-error -- the XUID claim is `xid`
    expect(token.claims.xui?.[0]?.xuid).toBeUndefined();
    // @ts-expect-error -- the gamertag display claim is `gtg`
    expect(token.displayClaims.xui[0]?.gamertag).toBeUndefined();
    // @ts-expect-error -- the device type claim is `dty`
    expect(token.claims.xdi?.type).toBeUndefined();
  });

  it('gives tokens a relying party verifies, and a signer on the device key signs requests it accepts', async () => {
    const relyingParty = world.relyingParty('rp://contoso.com/');
    if (relyingParty === undefined) throw new Error('no relying party');
    const verifier = createRequestVerifier({
      audience: relyingParty.audience,
      decryptionKeys: [relyingParty.decryptionKey],
      jwksAllowedHosts: [jwks.host],
    });
    const token = expectIssued(await xsts.getToken({ ...request, xuids: [alice.xuid, bob.xuid], allUsers: true }));
    expect(token.userHash).toBe('*');
    const headers = { authorization: token.authorization };
    const signature = createRequestSigner(device.proofKey.privateKey).sign({
      method: 'GET',
      url: '/v1/items',
      headers,
    });
    const result = await verifier.verify({ method: 'GET', target: '/v1/items', headers: { ...headers, signature } });
    expect(result.ok && result.claims.users.map((user) => user.gtg)).toEqual(['Alice', 'Bob']);
  });

  it('issues a device/title-only token for no users', async () => {
    const token = expectIssued(await xsts.getToken({ ...request, xuids: [] }));
    expect(token.userHash).toBe('-');
    expect(token.claims.xui).toBeUndefined();
  });

  it('answers with the refusals of the issuer', async () => {
    expect(await xsts.getToken({ ...request, xuids: [banned.xuid] })).toEqual({
      ok: false,
      reason: 'user-action-required',
      xerr: AccountIssue.Banned,
      xuid: banned.xuid,
      issue: 'Banned',
    });
    expect(await xsts.getToken({ ...request, titleId: devTitle.titleId })).toEqual({
      ok: false,
      reason: 'sandbox-not-allowed',
      xerr: XERR_CONTENT_ISOLATION,
      xuid: alice.xuid,
    });
  });

  it('rejects with a RangeError for an id that names nothing in the world', async () => {
    await expect(xsts.getToken({ ...request, deviceId: 'NOPE' })).rejects.toThrow(
      new RangeError('Expected `deviceId` to name a member of the world, got `NOPE` (string)'),
    );
    await expect(xsts.getToken({ ...request, titleId: 1 })).rejects.toThrow(
      new RangeError('Expected `titleId` to name a member of the world, got `1` (number)'),
    );
    await expect(xsts.getToken({ ...request, relyingParty: 'rp://contoso.com' })).rejects.toThrow(RangeError);
    await expect(xsts.getToken({ ...request, xuids: [alice.xuid, '1'] })).rejects.toThrow(
      new RangeError('Expected `xuids[1]` to name a member of the world, got `1` (string)'),
    );
    await expect(xsts.getToken({ ...request, xuids: [alice.xuid, alice.xuid] })).rejects.toThrow(RangeError);
  });

  it('reads the world at each call, so members added later are found', async () => {
    const carol = new Account({ gamertag: 'Carol' });
    await expect(xsts.getToken({ ...request, xuids: [carol.xuid] })).rejects.toThrow(RangeError);
    world.addAccount(carol);
    expect(expectIssued(await xsts.getToken({ ...request, xuids: [carol.xuid] })).claims.xui?.[0]?.gtg).toBe('Carol');
  });
});
