import { Account, Device, RelyingParty, Title, TokenIssuer, World } from '@gdkts/xboxlive';
import { beforeAll, describe, expect, it } from 'vitest';

describe('World', () => {
  let issuer: TokenIssuer;
  let contoso: RelyingParty;
  let fabrikam: RelyingParty;

  beforeAll(async () => {
    [issuer, contoso, fabrikam] = await Promise.all([
      TokenIssuer.create(),
      RelyingParty.create({ audience: 'rp://contoso.com/', publisherId: 'contoso' }),
      RelyingParty.create({ audience: 'https://fabrikam.com/', publisherId: 'fabrikam' }),
    ]);
  });

  it('finds every kind of member by its id, and nothing under an unknown id', () => {
    const title = new Title({ titleId: 0x5f3a_8b21 });
    const alice = new Account({
      xuid: '2535405290989773',
      gamertag: 'Alice',
      modernGamertag: 'Alíce',
      modernGamertagSuffix: '4821',
    });
    const bob = new Account({ xuid: '18446744073709551557', gamertag: 'Bob The Builder' });
    const device = new Device({ id: 'F00DF00DF00DF00DF00DF00DF00DF00D' });
    const world = new World({
      issuer,
      titles: [title],
      accounts: [alice, bob],
      devices: [device],
      relyingParties: [contoso, fabrikam],
    });

    expect(world.issuer).toBe(issuer);
    expect(world.title(0x5f3a_8b21)).toBe(title);
    expect(world.title(0x5f3a_8b22)).toBeUndefined();
    expect(world.account('2535405290989773')).toBe(alice);
    expect(world.account('18446744073709551557')).toBe(bob);
    expect(world.account('18446744073709551556')).toBeUndefined();
    expect(world.device('F00DF00DF00DF00DF00DF00DF00DF00D')).toBe(device);
    expect(world.device('f00df00df00df00df00df00df00df00d')).toBeUndefined();
    expect(world.relyingParty('rp://contoso.com/')).toBe(contoso);
    expect(world.relyingParty('https://fabrikam.com/')).toBe(fabrikam);
    // The audience is compared exactly, as the token's `aud` is.
    expect(world.relyingParty('rp://contoso.com')).toBeUndefined();
    expect(world.relyingParty('RP://CONTOSO.COM/')).toBeUndefined();
    expect([...world.titles()]).toEqual([title]);
    expect([...world.accounts()]).toEqual([alice, bob]);
    expect([...world.devices()]).toEqual([device]);
    expect([...world.relyingParties()]).toEqual([contoso, fabrikam]);
  });

  it('finds accounts by classic or unique modern gamertag, case-insensitively, following renames', () => {
    const alice = new Account({ gamertag: 'Alice', modernGamertag: 'Alíce', modernGamertagSuffix: '4821' });
    const world = new World({ issuer, accounts: [alice] });
    expect(world.accountByGamertag('Alice')).toBe(alice);
    expect(world.accountByGamertag('ALICE')).toBe(alice);
    expect(world.accountByGamertag('alíce#4821')).toBe(alice);
    expect(world.accountByGamertag('Alíce')).toBeUndefined();
    expect(world.accountByGamertag('Bob')).toBeUndefined();
    expect(world.accountByGamertag(42 as never)).toBeUndefined();
    alice.update({ gamertag: 'Alicia' });
    expect(world.accountByGamertag('Alice')).toBeUndefined();
    expect(world.accountByGamertag('alicia')).toBe(alice);
  });

  it('registers members added later, and adding the same member twice is harmless', () => {
    const world = new World({ issuer });
    const title = new Title({ titleId: 1 });
    const account = new Account({ gamertag: 'Later' });
    const device = new Device();
    expect(world.title(1)).toBeUndefined();
    expect(world.addTitle(title)).toBe(title);
    expect(world.addTitle(title)).toBe(title);
    expect(world.addAccount(account)).toBe(account);
    expect(world.addAccount(account)).toBe(account);
    expect(world.addDevice(device)).toBe(device);
    expect(world.addRelyingParty(contoso)).toBe(contoso);
    expect(world.addRelyingParty(contoso)).toBe(contoso);
    expect(world.title(1)).toBe(title);
    expect(world.account(account.xuid)).toBe(account);
    expect(world.device(device.id)).toBe(device);
    expect(world.relyingParty(contoso.audience)).toBe(contoso);
    expect([...world.accounts()]).toEqual([account]);
  });

  it('refuses a second member under a taken id, and leaves the first in place', async () => {
    const title = new Title({ titleId: 7 });
    const alice = new Account({ xuid: '2535405290989773', gamertag: 'Alice' });
    const device = new Device({ id: 'AB' });
    const world = new World({
      issuer,
      titles: [title],
      accounts: [alice],
      devices: [device],
      relyingParties: [contoso],
    });
    expect(() => world.addTitle(new Title({ titleId: 7 }))).toThrow(
      new RangeError('Expected title id 0x00000007 to be unique in the world'),
    );
    expect(() => world.addAccount(new Account({ xuid: '2535405290989773', gamertag: 'Other' }))).toThrow(RangeError);
    expect(() => world.addAccount(new Account({ gamertag: 'alice' }))).toThrow(
      new RangeError('Expected gamertag `alice` to be unique in the world'),
    );
    expect(() => world.addDevice(new Device({ id: 'AB' }))).toThrow(RangeError);
    const twin = await RelyingParty.create({ audience: 'rp://contoso.com/', publisherId: 'someone-else' });
    expect(() => world.addRelyingParty(twin)).toThrow(RangeError);
    expect(world.title(7)).toBe(title);
    expect(world.account('2535405290989773')).toBe(alice);
    expect(world.accountByGamertag('alice')).toBe(alice);
    expect(world.device('AB')).toBe(device);
    expect(world.relyingParty('rp://contoso.com/')).toBe(contoso);
    expect(() => new World({ issuer, titles: [title, new Title({ titleId: 7 })] })).toThrow(RangeError);
  });

  it('refuses members that are not of their kind with a TypeError', () => {
    expect(() => new World({} as never)).toThrow(TypeError);
    expect(() => new World({ issuer: { issue: () => undefined } as never })).toThrow(
      new TypeError('Expected `issuer` to be a TokenIssuer, got `[object Object]` (object)'),
    );
    const world = new World({ issuer });
    expect(() => world.addTitle({ titleId: 1 } as never)).toThrow(TypeError);
    expect(() => world.addAccount('Alice' as never)).toThrow(TypeError);
    expect(() => world.addDevice(null as never)).toThrow(TypeError);
    expect(() => world.addRelyingParty(new Title({ titleId: 2 }) as never)).toThrow(TypeError);
    expect([...world.titles()]).toEqual([]);
  });
});
