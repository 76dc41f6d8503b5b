import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestVerifier } from '@gdkts/xboxlive/verify';
import { Privilege } from '@gdkts/xboxlive';
import type { JwksServer } from '@gdkts/xboxlive';
import { PrivilegeDenyReason, UserChange, UserState, scriptedUi } from '@gdkts/identity';
import type { SessionUser, UserChangeEvent } from '@gdkts/identity';
import { RP, SIGNED_URL, UNSIGNED_URL, account, makeFixture, makeSession } from './helpers/world.js';
import type { Fixture } from './helpers/world.js';

let fixture: Fixture;
let jwks: JwksServer;
beforeAll(async () => {
  fixture = await makeFixture();
  jwks = await fixture.issuer.serveJwks();
});
afterAll(async () => {
  await jwks.close();
});

function added(result: { ok: boolean; user?: SessionUser }): SessionUser {
  expect(result.ok).toBe(true);
  return result.user as SessionUser;
}

describe('UserSession: adding users (xuser-xal.md §1.5)', () => {
  it('silent: the default user, the same user every time, with a stable local id', async () => {
    const alice = account('Alice');
    const bob = account('Bob');
    const { session } = makeSession(fixture, [alice, bob], { defaultUser: bob.xuid });
    const first = added(await session.addUser({ mode: 'silent' }));
    const again = added(await session.addUser({ mode: 'silent' }));
    expect(first.account).toBe(bob);
    expect(again).toBe(first);
    expect(session.users).toEqual([first]);
  });

  it('silent: with no default, exactly one signed-in user becomes the default; several give noDefaultUser', async () => {
    const alice = account('Alice');
    const bob = account('Bob');
    const two = makeSession(fixture, [alice, bob]).session;
    expect(await two.addUser({ mode: 'silent' })).toEqual({ ok: false, reason: 'noDefaultUser' });
    const one = makeSession(fixture, [alice, { account: bob, signedIn: false }]).session;
    expect(added(await one.addUser({ mode: 'silent' })).account).toBe(alice);
    expect(one.defaultUser).toBe(alice.xuid);
  });

  it('silent: a signed-out default is replaced by the single remaining user', async () => {
    const alice = account('Alice');
    const bob = account('Bob');
    const { session } = makeSession(fixture, [alice, bob], { defaultUser: alice.xuid });
    await session.signOut(alice.xuid);
    expect(added(await session.addUser({ mode: 'silent' })).account).toBe(bob);
  });

  it('silent: a banned default user gives noDefaultUser; an issue gives resolveRequired; a foreign sandbox notInSandbox', async () => {
    const banned = account('Banned', { issues: ['Banned'] });
    expect(await makeSession(fixture, [banned]).session.addUser({ mode: 'silent' })).toEqual({
      ok: false,
      reason: 'noDefaultUser',
    });
    const terms = account('Terms', { issues: ['TermsNotAccepted'] });
    expect(await makeSession(fixture, [terms]).session.addUser({ mode: 'silent' })).toEqual({
      ok: false,
      reason: 'resolveRequired',
    });
    const dev = account('Dev', { sandboxes: ['XDKS.1'] });
    expect(await makeSession(fixture, [dev]).session.addUser({ mode: 'silent' })).toEqual({
      ok: false,
      reason: 'notInSandbox',
    });
  });

  it('silentAllowingUi: shows the picker when no default can be chosen and makes the pick the default; fixes issues with UI', async () => {
    const alice = account('Alice');
    const bob = account('Bob', { issues: ['TermsNotAccepted'] });
    const ui = scriptedUi([{ outcome: 'completed', xuid: bob.xuid }, { outcome: 'completed' }]);
    const { session } = makeSession(fixture, [alice, bob], { ui });
    const user = added(await session.addUser({ mode: 'silentAllowingUi' }));
    expect(user.account).toBe(bob);
    expect(session.defaultUser).toBe(bob.xuid);
    expect(ui.prompts.map((p) => p.kind)).toEqual(['accountPicker', 'resolveIssue']);
    expect(bob.requiresUserAction).toBe(false);
  });

  it('picker: dismissed gives aborted; guests are candidates only with allowGuests', async () => {
    const alice = account('Alice');
    const guest = account('Guest', { guest: true });
    const ui = scriptedUi([
      { outcome: 'dismissed' },
      { outcome: 'completed', xuid: guest.xuid },
      { outcome: 'completed', xuid: guest.xuid },
    ]);
    const { session } = makeSession(fixture, [alice, guest], { ui });
    expect(await session.addUser({ mode: 'picker' })).toEqual({ ok: false, reason: 'aborted' });
    expect(await session.addUser({ mode: 'picker' })).toEqual({ ok: false, reason: 'aborted' });
    expect(added(await session.addUser({ mode: 'picker', allowGuests: true })).account).toBe(guest);
    expect(ui.prompts.map((p) => (p.kind === 'accountPicker' ? p.candidates.length : -1))).toEqual([1, 1, 2]);
  });

  it('picker: an account that joins the device during the prompt can be picked (a guest only with allowGuests)', async () => {
    const alice = account('Alice');
    const carol = account('Carol');
    const visitor = account('Visitor', { guest: true });
    const device: { session?: ReturnType<typeof makeSession>['session'] } = {};
    // each answer adds its account to the device first, as a platform that learns accounts as they sign in
    const answers = [carol, visitor].map((joiner) => (): { outcome: 'completed'; xuid: string } => {
      device.session?.addDeviceAccount(joiner, false);
      return { outcome: 'completed', xuid: joiner.xuid };
    });
    const { session } = makeSession(fixture, [alice], { ui: () => (answers.shift() as (typeof answers)[0])() });
    device.session = session;
    expect(added(await session.addUser({ mode: 'picker' })).account).toBe(carol);
    expect(await session.addUser({ mode: 'picker' })).toEqual({ ok: false, reason: 'aborted' });
  });

  it('picker: picking a signed-out account signs it in on the device', async () => {
    const alice = account('Alice');
    const { session } = makeSession(fixture, [{ account: alice, signedIn: false }]);
    expect(added(await session.addUser({ mode: 'picker' })).state).toBe(UserState.SignedIn);
    expect(session.isSignedInOnDevice(alice.xuid)).toBe(true);
  });

  it('maxUsersAdded once the set is full; releasing the last hold frees the slot', async () => {
    const accounts = [account('One'), account('Two')];
    const ui = scriptedUi(
      accounts
        .map((a) => ({ outcome: 'completed' as const, xuid: a.xuid }))
        .concat([{ outcome: 'completed', xuid: accounts[1]!.xuid }]),
    );
    const { session } = makeSession(fixture, accounts, { maxUsers: 1, ui });
    const one = added(await session.addUser({ mode: 'picker' }));
    session.retain(one);
    expect(await session.addUser({ mode: 'picker' })).toEqual({ ok: false, reason: 'maxUsersAdded' });
    session.retain(one);
    session.release(one);
    expect(session.findById(accounts[0]!.xuid)).toBe(one);
    session.release(one);
    expect(session.findById(accounts[0]!.xuid)).toBeUndefined();
    expect(session.findByLocalId(one.localId)).toBeUndefined();
    expect(added(await session.addUser({ mode: 'picker' })).account).toBe(accounts[1]);
  });

  it('an account keeps its local id for the session after leaving and coming back', async () => {
    const alice = account('Alice');
    const { session } = makeSession(fixture, [alice]);
    const first = added(await session.addUser({ mode: 'silent' }));
    session.retain(first);
    session.release(first);
    const again = added(await session.addUser({ mode: 'silent' }));
    expect(again.localId).toBe(first.localId);
    expect(session.findByLocalId(first.localId)).toBe(again);
  });

  it('addUserById: the signed-in account, or userNotFound', async () => {
    const alice = account('Alice');
    const bob = account('Bob');
    const { session } = makeSession(fixture, [alice, { account: bob, signedIn: false }]);
    expect(added(await session.addUserById(alice.xuid)).account).toBe(alice);
    expect(await session.addUserById(bob.xuid)).toEqual({ ok: false, reason: 'userNotFound' });
    expect(await session.addUserById('123')).toEqual({ ok: false, reason: 'userNotFound' });
  });
});

describe('UserSession: sign-out, deferrals and change events', () => {
  it('signingOut waits for every deferral, then signedOut; the held user signs in again with signedInAgain', async () => {
    const alice = account('Alice');
    const { session } = makeSession(fixture, [alice]);
    const user = added(await session.addUser({ mode: 'silent' }));
    session.retain(user);
    const events: string[] = [];
    let deferral: { complete(): void } | undefined;
    session.onChange((event: UserChangeEvent) => {
      events.push(`${event.kind}:${event.user.state}`);
      if (event.kind === UserChange.SigningOut) deferral = event.takeDeferral();
      else expect(event.takeDeferral()).toBeUndefined();
    });
    let done = false;
    const signedOut = session.signOut(alice.xuid).then(() => {
      done = true;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(done).toBe(false);
    expect(user.state).toBe(UserState.SigningOut);
    deferral?.complete();
    deferral?.complete();
    await signedOut;
    expect(events).toEqual(['signingOut:signingOut', 'signedOut:signedOut']);
    session.signIn(alice.xuid);
    expect(events.at(-1)).toBe('signedInAgain:signedIn');
    expect(session.findByLocalId(user.localId)).toBe(user);
  });

  it('a deferral that is never completed is cut short by the timeout', async () => {
    const alice = account('Alice');
    const { session } = makeSession(fixture, [alice], { signOutTimeoutMs: 1 });
    const user = added(await session.addUser({ mode: 'silent' }));
    session.onChange((event) => {
      if (event.kind === UserChange.SigningOut) event.takeDeferral();
    });
    await session.signOut(alice.xuid);
    expect(user.state).toBe(UserState.SignedOut);
  });

  it('closing the session ends a sign-out waiting on a deferral', async () => {
    const alice = account('Alice');
    const { session } = makeSession(fixture, [alice], { signOutTimeoutMs: 3_600_000 });
    const user = added(await session.addUser({ mode: 'silent' }));
    session.onChange((event) => {
      if (event.kind === UserChange.SigningOut) event.takeDeferral();
    });
    const signedOut = session.signOut(alice.xuid);
    await Promise.resolve();
    session.close();
    await signedOut;
    expect(user.state).toBe(UserState.SignedOut);
  });

  it('gamertag, privileges and gamer picture changes raise their events for held users only', async () => {
    const alice = account('Alice');
    const bob = account('Bob');
    const { session } = makeSession(fixture, [alice, bob], { defaultUser: alice.xuid });
    const user = added(await session.addUser({ mode: 'silent' }));
    const events: string[] = [];
    session.onChange((event) => events.push(`${event.kind}:${event.user.account.gamertag}`));
    alice.update({ gamertag: 'Alicia' });
    alice.update({ privileges: [Privilege.Multiplayer] });
    session.changeGamerPicture(alice.xuid);
    bob.update({ gamertag: 'Robert' });
    session.changeGamerPicture(bob.xuid);
    expect(events).toEqual(['gamertag:Alicia', 'privileges:Alicia', 'gamerPicture:Alicia']);
    expect(user.pictureVersion).toBe(1);
  });
});

describe('UserSession: privileges and resolve flows', () => {
  it('checkPrivilege with deny reasons', async () => {
    const adult = account('Adult', { privileges: [] });
    const child = account('Child', { privileges: [], ageGroup: 'Child' });
    const { session } = makeSession(fixture, [adult, child], { defaultUser: adult.xuid });
    const a = added(await session.addUser({ mode: 'silent' }));
    const c = added(await session.addUserById(child.xuid));
    expect(session.checkPrivilege(a, Privilege.Multiplayer)).toEqual({
      has: false,
      reason: PrivilegeDenyReason.PurchaseRequired,
    });
    expect(session.checkPrivilege(a, Privilege.Clubs)).toEqual({ has: false, reason: PrivilegeDenyReason.Restricted });
    expect(session.checkPrivilege(c, Privilege.Multiplayer)).toEqual({
      has: false,
      reason: PrivilegeDenyReason.Restricted,
    });
    adult.addIssue('Banned');
    expect(session.checkPrivilege(a, Privilege.Multiplayer)).toEqual({
      has: false,
      reason: PrivilegeDenyReason.Banned,
    });
    adult.clearIssue('Banned');
    adult.update({ privileges: [Privilege.Multiplayer] });
    expect(session.checkPrivilege(a, Privilege.Multiplayer)).toEqual({ has: true, reason: PrivilegeDenyReason.None });
  });

  it('resolvePrivilege: completed grants it; dismissed aborts; failed fails', async () => {
    const adult = account('Adult', { privileges: [] });
    const ui = scriptedUi([{ outcome: 'dismissed' }, { outcome: 'failed' }, { outcome: 'completed' }]);
    const { session } = makeSession(fixture, [adult], { ui });
    const user = added(await session.addUser({ mode: 'silent' }));
    expect(await session.resolvePrivilege(user, Privilege.Multiplayer)).toBe('aborted');
    expect(await session.resolvePrivilege(user, Privilege.Multiplayer)).toBe('failedToResolve');
    expect(await session.resolvePrivilege(user, Privilege.Multiplayer)).toBe('ok');
    expect(adult.hasPrivilege(Privilege.Multiplayer)).toBe(true);
    expect(await session.resolvePrivilege(user, Privilege.Multiplayer)).toBe('ok');
    expect(ui.prompts).toHaveLength(3);
  });

  it('resolveIssue: fixes user-resolvable issues; a ban remains and fails', async () => {
    const terms = account('Terms');
    const ui = scriptedUi([{ outcome: 'dismissed' }, { outcome: 'completed' }]);
    const { session } = makeSession(fixture, [terms], { ui });
    const user = added(await session.addUser({ mode: 'silent' }));
    terms.addIssue('TermsNotAccepted');
    expect(await session.resolveIssue(user, SIGNED_URL)).toBe('aborted');
    expect(ui.prompts[0]).toMatchObject({ kind: 'resolveIssue', url: SIGNED_URL });
    expect(await session.resolveIssue(user, SIGNED_URL)).toBe('ok');
    terms.addIssue('Banned');
    expect(await session.resolveIssue(user, null)).toBe('failedToResolve');
  });
});

describe('UserSession: token and signature (xuser-xal.md §1.7, §3)', () => {
  it('a signed request verifies with the relying-party verifier; the signature covers ExtraHeaders', async () => {
    const alice = account('Alice');
    const { session } = makeSession(fixture, [alice], { now: Date.now });
    fixture.clock.now = Date.now();
    const user = added(await session.addUser({ mode: 'silent' }));
    const body = new TextEncoder().encode('{"a":1}');
    const result = await session.getTokenAndSignature(user, {
      method: 'POST',
      url: SIGNED_URL,
      headers: [['Why', 'Because']],
      body,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.token).toMatch(/^XBL3\.0 x=\d+;/);
    const verifier = createRequestVerifier({
      audience: RP,
      decryptionKeys: [{ privateKey: fixture.relyingParty.privateKey, x5t: fixture.relyingParty.x5t }],
      jwksAllowedHosts: [new URL(jwks.url).host],
      signaturePolicy: { Version: 1, MaxBodyBytes: 8192, ExtraHeaders: ['Why'] },
    });
    const target = new URL(SIGNED_URL);
    const headers = { authorization: result.token, signature: result.signature ?? '', why: 'Because' };
    const ok = await verifier.verify({ method: 'POST', target: target.pathname + target.search, headers, body });
    expect(ok).toMatchObject({ ok: true });
    const tampered = await verifier.verify({
      method: 'POST',
      target: target.pathname + target.search,
      headers: { ...headers, why: 'Not' },
      body,
    });
    expect(tampered.ok).toBe(false);
  });

  it('no policy: token, null signature; unmapped URL: noTokenRequired; bad URL: invalidUrl', async () => {
    const alice = account('Alice');
    const { session } = makeSession(fixture, [alice]);
    const user = added(await session.addUser({ mode: 'silent' }));
    expect(await session.getTokenAndSignature(user, { method: 'GET', url: UNSIGNED_URL })).toMatchObject({
      ok: true,
      signature: null,
    });
    expect(await session.getTokenAndSignature(user, { method: 'GET', url: 'https://example.org/' })).toEqual({
      ok: false,
      reason: 'noTokenRequired',
    });
    expect(await session.getTokenAndSignature(user, { method: 'GET', url: 'not a url' })).toEqual({
      ok: false,
      reason: 'invalidUrl',
    });
  });

  it('two URLs of one relying party share one token; signatures are computed per request', async () => {
    const alice = account('Alice');
    const { session, xsts } = makeSession(fixture, [alice]);
    const user = added(await session.addUser({ mode: 'silent' }));
    const a = await session.getTokenAndSignature(user, { method: 'GET', url: SIGNED_URL });
    const b = session.getTokenAndSignature(user, { method: 'GET', url: UNSIGNED_URL });
    expect(b).not.toBeInstanceOf(Promise);
    const c = session.getTokenAndSignature(user, { method: 'GET', url: SIGNED_URL });
    expect(xsts.calls).toHaveLength(1);
    expect(a.ok && !(b instanceof Promise) && b.ok && a.token === b.token).toBe(true);
    expect(!(c instanceof Promise) && c.ok && a.ok && c.signature !== a.signature).toBe(true);
  });

  it('concurrent requests share one refresh; ForceRefresh fetches a new token', async () => {
    const alice = account('Alice');
    const { session, xsts } = makeSession(fixture, [alice]);
    const user = added(await session.addUser({ mode: 'silent' }));
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        Promise.resolve(session.getTokenAndSignature(user, { method: 'GET', url: SIGNED_URL })),
      ),
    );
    expect(xsts.calls).toHaveLength(1);
    expect(new Set(results.map((r) => r.ok && r.token)).size).toBe(1);
    const forced = await session.getTokenAndSignature(user, { method: 'GET', url: SIGNED_URL, forceRefresh: true });
    expect(xsts.calls).toHaveLength(2);
    expect(forced.ok && results[0]!.ok && forced.token !== results[0]!.token).toBe(true);
  });

  it('AllUsers asks for every signed-in user and yields x=*', async () => {
    const alice = account('Alice');
    const bob = account('Bob');
    const { session, xsts } = makeSession(fixture, [alice, bob], { defaultUser: alice.xuid });
    const user = added(await session.addUser({ mode: 'silent' }));
    added(await session.addUserById(bob.xuid));
    const result = await session.getTokenAndSignature(user, { method: 'GET', url: SIGNED_URL, allUsers: true });
    expect(result.ok && result.token.startsWith('XBL3.0 x=*;')).toBe(true);
    expect(xsts.calls[0]).toMatchObject({ xuids: [alice.xuid, bob.xuid], allUsers: true });
  });

  it('an AllUsers token is dropped when one of the users signs out; the next covers the others', async () => {
    const alice = account('Alice');
    const bob = account('Bob');
    const { session, xsts } = makeSession(fixture, [alice, bob], { defaultUser: alice.xuid });
    const user = added(await session.addUser({ mode: 'silent' }));
    const other = added(await session.addUserById(bob.xuid));
    session.retain(user);
    session.retain(other);
    await session.getTokenAndSignature(user, { method: 'GET', url: SIGNED_URL, allUsers: true });
    await session.signOut(bob.xuid);
    await session.getTokenAndSignature(user, { method: 'GET', url: SIGNED_URL, allUsers: true });
    expect(xsts.calls.map((c) => c.xuids)).toEqual([[alice.xuid, bob.xuid], [alice.xuid]]);
  });

  it('signed out, account issues, sandbox and XSTS failures are reasons; an issue drops the cached token', async () => {
    const alice = account('Alice');
    const { session, xsts } = makeSession(fixture, [alice]);
    const user = added(await session.addUser({ mode: 'silent' }));
    session.retain(user);
    await session.getTokenAndSignature(user, { method: 'GET', url: SIGNED_URL });
    alice.addIssue('TermsNotAccepted');
    expect(await session.getTokenAndSignature(user, { method: 'GET', url: SIGNED_URL })).toEqual({
      ok: false,
      reason: 'userActionRequired',
      xerr: 0x8015dc0a,
    });
    alice.resolveUserIssues();
    alice.update({ sandboxes: ['XDKS.1'] });
    expect(await session.getTokenAndSignature(user, { method: 'GET', url: SIGNED_URL })).toMatchObject({
      ok: false,
      reason: 'notInSandbox',
    });
    alice.update({ sandboxes: ['RETAIL'] });
    const failure = new Error('offline');
    xsts.fail = failure;
    expect(await session.getTokenAndSignature(user, { method: 'GET', url: SIGNED_URL })).toEqual({
      ok: false,
      reason: 'xstsFailed',
      error: failure,
    });
    xsts.fail = undefined;
    await session.signOut(alice.xuid);
    expect(await session.getTokenAndSignature(user, { method: 'GET', url: SIGNED_URL })).toEqual({
      ok: false,
      reason: 'signedOut',
    });
    expect(session.cachedTokenCount).toBe(0);
  });
});

describe('UserSession: construction', () => {
  it('rejects bad options with TypeError / RangeError', () => {
    const alice = account('Alice');
    expect(() => makeSession(fixture, [alice], { maxUsers: 0 })).toThrow(RangeError);
    expect(() => makeSession(fixture, [alice], { defaultUser: '42' })).toThrow(TypeError);
    expect(() => makeSession(fixture, [alice, alice])).toThrow(TypeError);
    expect(() => makeSession(fixture, [alice], { signOutTimeoutMs: -1 })).toThrow(RangeError);
  });
});
