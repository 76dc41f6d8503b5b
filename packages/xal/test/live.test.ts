// XAL against the emulated Xbox Live service over HTTP (issue 9 "Clients"): sign-in through SISU as
// the real library does (device authentication, POST /authenticate, the service's sign-in page in
// the web-view hook, POST /authorize with the code), then the seed's token flow with tokens from
// POST /xsts/authorize, verified by a real web service; the storage hook carries the user (and its
// SISU user token) into a second process's silent sign-in. Everything on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E_ABORT, E_FAIL, E_XAL_NETWORK, S_OK } from '@gdkts/hresult';
import { out } from '@gdkts/xasync';
import {
  XalEmulator,
  XalInitialize,
  XalPlatformOperationResult,
  XalPlatformStorageClearEventHandlers,
  XalPlatformStorageSetEventHandlers,
  XalPlatformWebClearEventHandler,
  XalPlatformWebSetEventHandler,
  XalPlatformWebShowUrlComplete,
  XalShowUrlType,
  XalGamertagComponent,
  XalUserCloseHandle,
  XalUserGetGamertag,
  XalUserGetId,
  createEmulatorWebViewHandler,
  useXalEmulator,
  type XalPlatformWebShowUrlEventHandler,
  type XalUserHandle,
} from '@gdkts/xal';
import {
  TEST_CLIENT_ID,
  TEST_RELYING_PARTY,
  TEST_SEED_URL,
  TEST_TITLE_ID,
  memoryStorageHandlers,
  resetXal,
} from '@gdkts/xal/testing';
import { Account, Device, TokenIssuer, World, type RelyingParty, type Title } from '@gdkts/xboxlive';
import { createRequestVerifier } from '@gdkts/xboxlive/verify';
import { start, type RunningService } from '@gdkts/xboxlive-service';
import { newHooks, useXalSandbox } from './helpers/title.js';
import { addSilently, addWithUi, cleanup, getToken } from './helpers/calls.js';
import { world } from './helpers/world.js';

useXalSandbox();

const URL_SIGNED = TEST_SEED_URL;

let live: RunningService;
let alice: Account;
/** An account of the service that has not accepted the terms of use yet. */
let terms: Account;
let title: Title;
let relyingParty: RelyingParty;
/** Every auth call the service received, in order. */
const calls: string[] = [];

beforeAll(async () => {
  // the title and relying party of the other tests (xuser-xal.md §3.1), served by a live service
  ({ title, relyingParty } = await world());
  alice = new Account({ gamertag: 'LiveAlice' });
  terms = new Account({ gamertag: 'LiveTerms', issues: ['TermsNotAccepted'] });
  const served = new World({
    issuer: await TokenIssuer.create(),
    titles: [title],
    accounts: [alice, new Account({ gamertag: 'LiveBob' }), terms],
    relyingParties: [relyingParty],
  });
  live = await start({ host: '127.0.0.1', port: 0, world: served });
}, 60_000);

afterAll(async () => {
  await live?.close();
});

/** The emulator's `fetch` option: every call to the service goes through it, so it sees them all. */
const recordingFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.origin === live.url) calls.push(`${init?.method ?? 'GET'} ${url.pathname}`);
  return fetch(input, init);
};

function emulator(device: Device): XalEmulator {
  return new XalEmulator({
    liveUrl: live.url,
    fetch: recordingFetch,
    title,
    clientId: TEST_CLIENT_ID,
    device,
    // no accounts listed: over HTTP each signs in with the profile the service answers
  });
}

/** A user's classic gamertag, read as a title reads it. */
function gamertagOf(user: XalUserHandle): string {
  const buffer = new Uint8Array(16);
  const used = out(0);
  expect(XalUserGetGamertag(user, XalGamertagComponent.Classic, buffer.length, buffer, used)).toBe(S_OK);
  return new TextDecoder().decode(buffer.subarray(0, used.value - 1));
}

/** The default web view, recording each page it opens. */
function recordingWebView(
  pages: { startUrl: string; finalUrl: string; type: number }[],
): XalPlatformWebShowUrlEventHandler {
  // no account named, none listed: the view signs in the account the service's page preselects (alice)
  const view = createEmulatorWebViewHandler();
  return (context, userIdentifier, operation, startUrl, finalUrl, type, count, headers) => {
    pages.push({ startUrl, finalUrl, type });
    view(context, userIdentifier, operation, startUrl, finalUrl, type, count, headers);
  };
}

describe('XAL over HTTP against the emulated Xbox Live service', () => {
  it('signs in through SISU and the web view, then gets a token the web service verifies', async () => {
    const device = new Device();
    useXalEmulator(emulator(device));
    const pages: { startUrl: string; finalUrl: string; type: number }[] = [];
    const hooks = newHooks();
    expect(XalPlatformWebSetEventHandler(null, null, recordingWebView(pages))).toBe(S_OK);
    expect(XalPlatformStorageSetEventHandlers(null, memoryStorageHandlers(hooks.storage, hooks.storageOps))).toBe(S_OK);
    expect(XalInitialize({ platform: 'Win32', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID }, null)).toBe(S_OK);
    calls.length = 0;
    const { hr, user } = await addWithUi();
    expect(hr).toBe(S_OK);
    // the real library's order: device token, SISU authenticate, the page, SISU authorize
    expect(calls).toEqual([
      'POST /device/authenticate',
      'POST /authenticate',
      'GET /signin', // the web view loads the page, then submits it
      'POST /signin',
      'POST /authorize',
    ]);
    expect(pages).toHaveLength(1);
    const page = new URL(pages[0]?.startUrl ?? '');
    expect(`${page.origin}${page.pathname}`).toBe(`${live.url}/signin`);
    expect(pages[0]?.finalUrl).toBe(`ms-xal-${TEST_CLIENT_ID}://auth`);
    expect(pages[0]?.type).toBe(XalShowUrlType.Normal);
    const id = out(0n);
    expect(XalUserGetId(user as XalUserHandle, id)).toBe(S_OK);
    expect(id.value).toBe(BigInt(alice.xuid));
    expect(gamertagOf(user as XalUserHandle)).toBe('LiveAlice'); // from the SISU display claims

    calls.length = 0;
    const body = new TextEncoder().encode('{"score":42}');
    const token = await getToken(user as XalUserHandle, {
      method: 'POST',
      url: URL_SIGNED,
      bodySize: body.length,
      body,
    });
    expect(token.hr).toBe(S_OK);
    expect(calls).toEqual(['POST /xsts/authorize']); // the SISU title and user tokens, no new sign-in
    const verifier = createRequestVerifier({
      audience: TEST_RELYING_PARTY,
      decryptionKeys: [relyingParty.decryptionKey],
      jwksAllowedHosts: [new URL(live.url).host],
    });
    const verified = await verifier.verify({
      method: 'POST',
      target: new URL(URL_SIGNED).pathname,
      headers: { authorization: token.data?.token ?? '', signature: token.data?.signature ?? '' },
      body,
    });
    expect(verified).toMatchObject({ ok: true });
    expect(verified.ok && verified.claims.users[0]?.xid).toBe(alice.xuid);
    XalUserCloseHandle(user as XalUserHandle);
    expect(await cleanup()).toBe(S_OK);

    // A later launch (a new XAL, the same device and storage): silent sign-in restores the user
    // with the SISU user token kept in storage: no page, no sign-in call, a token at once.
    resetXal();
    useXalEmulator(emulator(device));
    pages.length = 0;
    expect(XalPlatformWebSetEventHandler(null, null, recordingWebView(pages))).toBe(S_OK);
    expect(XalPlatformStorageSetEventHandlers(null, memoryStorageHandlers(hooks.storage, hooks.storageOps))).toBe(S_OK);
    expect(XalInitialize({ platform: 'Win32', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID }, null)).toBe(S_OK);
    calls.length = 0;
    const restored = await addSilently();
    expect(restored.hr).toBe(S_OK);
    expect(gamertagOf(restored.user as XalUserHandle)).toBe('LiveAlice'); // the profile the cached user kept
    expect((await getToken(restored.user as XalUserHandle, { method: 'GET', url: URL_SIGNED })).hr).toBe(S_OK);
    expect(pages).toEqual([]);
    expect(calls).toEqual(['POST /device/authenticate', 'POST /title/authenticate', 'POST /xsts/authorize']);
    XalUserCloseHandle(restored.user as XalUserHandle);
    expect(await cleanup()).toBe(S_OK);
    expect(XalPlatformWebClearEventHandler()).toBe(S_OK);
    expect(XalPlatformStorageClearEventHandlers()).toBe(S_OK);
  }, 60_000);

  it('a redirect without the code fails the add (E_FAIL); once the service is gone, tokens answer E_XAL_NETWORK', async () => {
    const own = await start({ host: '127.0.0.1', port: 0, world: live.world });
    let closed = false;
    try {
      useXalEmulator(
        new XalEmulator({ liveUrl: own.url, title, clientId: TEST_CLIENT_ID, accounts: live.world.accounts() }),
      );
      let answer: 'no-code' | 'sign-in' = 'no-code';
      const view = createEmulatorWebViewHandler({ account: alice.xuid });
      expect(
        XalPlatformWebSetEventHandler(null, null, (c, u, operation, startUrl, finalUrl, type, n, h) => {
          if (answer === 'no-code')
            XalPlatformWebShowUrlComplete(
              operation,
              XalPlatformOperationResult.Success,
              `${finalUrl}?error=access_denied`,
            );
          else view(c, u, operation, startUrl, finalUrl, type, n, h);
        }),
      ).toBe(S_OK);
      expect(XalPlatformStorageSetEventHandlers(null, memoryStorageHandlers())).toBe(S_OK);
      expect(XalInitialize({ platform: 'Android', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID }, null)).toBe(S_OK);
      expect((await addWithUi()).hr).toBe(E_FAIL);
      answer = 'sign-in';
      const { hr, user } = await addWithUi();
      expect(hr).toBe(S_OK);
      await own.close();
      closed = true;
      expect((await getToken(user as XalUserHandle, { method: 'GET', url: URL_SIGNED })).hr).toBe(E_XAL_NETWORK);
      XalUserCloseHandle(user as XalUserHandle);
      expect(await cleanup()).toBe(S_OK);
      expect(XalPlatformWebClearEventHandler()).toBe(S_OK);
      expect(XalPlatformStorageClearEventHandlers()).toBe(S_OK);
    } finally {
      if (!closed) await own.close();
    }
  }, 60_000);

  it("a refused sign-in opens the service's account page (NonAuthFlow): dismissed E_ABORT; fixed, the user signs in", async () => {
    useXalEmulator(emulator(new Device()));
    const pages: { startUrl: string; type: number }[] = [];
    let dismiss = true;
    const view = createEmulatorWebViewHandler({ account: terms.xuid });
    expect(
      XalPlatformWebSetEventHandler(null, null, (c, u, operation, startUrl, finalUrl, type, n, h) => {
        pages.push({ startUrl, type });
        if (type === XalShowUrlType.NonAuthFlow && dismiss)
          XalPlatformWebShowUrlComplete(operation, XalPlatformOperationResult.Canceled, null);
        else view(c, u, operation, startUrl, finalUrl, type, n, h);
      }),
    ).toBe(S_OK);
    expect(XalPlatformStorageSetEventHandlers(null, memoryStorageHandlers())).toBe(S_OK);
    expect(XalInitialize({ platform: 'iOS', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID }, null)).toBe(S_OK);
    expect((await addWithUi()).hr).toBe(E_ABORT);
    expect([...terms.issues]).toEqual(['TermsNotAccepted']);
    dismiss = false;
    pages.length = 0;
    calls.length = 0;
    const { hr, user } = await addWithUi();
    expect(hr).toBe(S_OK);
    expect(pages.map((page) => page.type)).toEqual([XalShowUrlType.Normal, XalShowUrlType.NonAuthFlow]);
    const fix = new URL(pages[1]?.startUrl ?? '');
    expect(`${fix.origin}${fix.pathname}`).toBe(`${live.url}/account/fix`);
    expect(fix.searchParams.get('redirect_uri')).toBe(`ms-xal-${TEST_CLIENT_ID}://auth`);
    // refused, the page, then authorize again with the same code
    expect(calls.filter((call) => call !== 'POST /device/authenticate')).toEqual([
      'POST /authenticate',
      'POST /signin',
      'POST /authorize',
      'POST /account/fix',
      'POST /authorize',
    ]);
    expect(terms.issues.size).toBe(0);
    expect(gamertagOf(user as XalUserHandle)).toBe('LiveTerms');
    expect((await getToken(user as XalUserHandle, { method: 'GET', url: URL_SIGNED })).hr).toBe(S_OK);
    XalUserCloseHandle(user as XalUserHandle);
    expect(await cleanup()).toBe(S_OK);
    expect(XalPlatformWebClearEventHandler()).toBe(S_OK);
    expect(XalPlatformStorageClearEventHandlers()).toBe(S_OK);
  }, 60_000);

  it('is selected by GDKTS_LIVE_URL when no XSTS client is given', () => {
    const saved = process.env['GDKTS_LIVE_URL'];
    try {
      process.env['GDKTS_LIVE_URL'] = `${live.url}/`;
      expect(new XalEmulator({ title, clientId: TEST_CLIENT_ID }).liveUrl).toBe(live.url);
      delete process.env['GDKTS_LIVE_URL'];
      expect(() => new XalEmulator({ title, clientId: TEST_CLIENT_ID })).toThrow(TypeError);
      expect(() => new XalEmulator({ title, clientId: TEST_CLIENT_ID, liveUrl: 'ftp://x' })).toThrow(TypeError);
      expect(
        () =>
          new XalEmulator({
            title,
            clientId: TEST_CLIENT_ID,
            liveUrl: live.url,
            fetch: 'fetch' as unknown as typeof fetch,
          }),
      ).toThrow(/Expected `fetch` to be a function/);
    } finally {
      if (saved === undefined) delete process.env['GDKTS_LIVE_URL'];
      else process.env['GDKTS_LIVE_URL'] = saved;
    }
  });
});
