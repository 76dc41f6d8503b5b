// XalUserGetTokenAndSignatureSilentlyAsync and its two-step result (xuser-xal.md §2.6, §0, §1.6, §4).
import { describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_ILLEGAL_METHOD_CALL,
  E_INVALIDARG,
  E_NOT_SUFFICIENT_BUFFER,
  E_PENDING,
  E_XAL_DEVICEUSER,
  E_XAL_NOTINITIALIZED,
  E_XAL_NOTOKENREQUIRED,
  E_XAL_UIREQUIRED,
  E_XAL_USERSIGNEDOUT,
  S_OK,
} from '@gdkts/hresult';
import { tokenResultData } from '@gdkts/identity';
import { XAsyncCancel, XAsyncGetStatusAsync, out, type XAsyncBlock } from '@gdkts/xasync';
import {
  XalGetDeviceUser,
  XalSignOutUserAsync,
  XalUserCloseHandle,
  XalUserGetTokenAndSignatureSilentlyAsync,
  XalUserGetTokenAndSignatureSilentlyResult,
  XalUserGetTokenAndSignatureSilentlyResultSize,
  XalUserResolveIssueWithUiAsync,
  XalUserResolveIssueWithUiResult,
  XalShowUrlType,
  type XalHttpHeader,
  type XalUserGetTokenAndSignatureArgs,
  type XalUserGetTokenAndSignatureData,
  type XalUserHandle,
} from '@gdkts/xal';
import { useXalSandbox } from './helpers/title.js';
import { call, cleanup, done, getToken, signedIn } from './helpers/calls.js';
import { TEST_SEED_URL, TEST_UNMAPPED_URL, TEST_UNSIGNED_URL } from '@gdkts/xal/testing';
import { account, world } from './helpers/world.js';

useXalSandbox();

describe('XalUserGetTokenAndSignatureSilentlyAsync', () => {
  it('answers E_XAL_NOTOKENREQUIRED for an unmapped URL and a null signature without a policy', async () => {
    const { user } = await signedIn();
    const none = await getToken(user, { method: 'GET', url: TEST_UNMAPPED_URL });
    expect(none).toEqual({ hr: E_XAL_NOTOKENREQUIRED, data: null, size: 0 });
    const unsigned = await getToken(user, { method: 'GET', url: TEST_UNSIGNED_URL });
    expect(unsigned.hr).toBe(S_OK);
    expect(unsigned.data?.signatureSize).toBe(0);
    expect(unsigned.data?.signature).toBeNull();
    expect(unsigned.data?.tokenSize).toBe(new TextEncoder().encode(unsigned.data?.token ?? '').length + 1);
    expect(unsigned.size).toBe(32 + (unsigned.data?.tokenSize ?? 0));
    await done(user);
  });

  it('copies the args before it returns: a title that mutates them afterwards changes nothing', async () => {
    const { user } = await signedIn();
    const headers: XalHttpHeader[] = [{ name: 'Accept', value: 'application/json' }];
    const body = new TextEncoder().encode('abc');
    const args: XalUserGetTokenAndSignatureArgs = {
      method: 'GET',
      url: TEST_UNSIGNED_URL,
      headerCount: 1,
      headers,
      bodySize: 3,
      body,
    };
    const reference = await getToken(user, { method: 'GET', url: TEST_SEED_URL });
    const block: XAsyncBlock = {};
    expect(XalUserGetTokenAndSignatureSilentlyAsync(user, args, block)).toBe(S_OK);
    args.url = TEST_UNMAPPED_URL;
    args.method = '';
    headers[0] = { name: 'X', value: 'Y' };
    body.fill(0);
    await XAsyncGetStatusAsync(block);
    const size = out(0);
    expect(XalUserGetTokenAndSignatureSilentlyResultSize(block, size)).toBe(S_OK);
    const buffer = new Uint8Array(size.value);
    const data = out<XalUserGetTokenAndSignatureData | null>(null);
    expect(XalUserGetTokenAndSignatureSilentlyResult(block, size.value, buffer, data, null)).toBe(S_OK);
    expect(data.value?.signature).toBeNull(); // the URL it was called with (no policy), not the one set afterwards
    expect(data.value?.token).toBe(reference.data?.token); // same relying party: one cached token
    await done(user);
  });

  it('reads the args with C zero-initialisation and refuses bad ones at the call', async () => {
    const { user } = await signedIn();
    const bad: unknown[] = [
      null,
      {},
      { url: TEST_SEED_URL },
      { method: 'GET' },
      { method: 'GET', url: 'not a url' },
      { method: 'GET', url: TEST_SEED_URL, headerCount: 2, headers: [{ name: 'a', value: 'b' }] },
      { method: 'GET', url: TEST_SEED_URL, headerCount: 1, headers: [{ name: 'a' }] },
      { method: 'GET', url: TEST_SEED_URL, bodySize: 4 },
      { method: 'GET', url: TEST_SEED_URL, bodySize: 4, body: new Uint8Array(3) },
      { method: 'GET', url: TEST_SEED_URL, forceRefresh: 'yes' },
      { method: 'GET', url: TEST_SEED_URL, bodySize: -1 },
    ];
    for (const args of bad)
      expect(XalUserGetTokenAndSignatureSilentlyAsync(user, args as never, {})).toBe(E_INVALIDARG);
    // XAL ignores a body with bodySize 0 (XUser refuses it)
    expect(
      (await getToken(user, { method: 'POST', url: TEST_SEED_URL, bodySize: 0, body: new Uint8Array(5) })).hr,
    ).toBe(S_OK);
    expect(XalUserGetTokenAndSignatureSilentlyAsync(null as never, { method: 'GET', url: TEST_SEED_URL }, {})).toBe(
      E_INVALIDARG,
    );
    const device = out<XalUserHandle | null>(null);
    expect(XalGetDeviceUser(device)).toBe(S_OK);
    expect(
      XalUserGetTokenAndSignatureSilentlyAsync(
        device.value as XalUserHandle,
        { method: 'GET', url: TEST_SEED_URL },
        {},
      ),
    ).toBe(E_XAL_DEVICEUSER);
    XalUserCloseHandle(device.value as XalUserHandle);
    XalUserCloseHandle(user);
    expect(XalUserGetTokenAndSignatureSilentlyAsync(user, { method: 'GET', url: TEST_SEED_URL }, {})).toBe(
      E_INVALIDARG,
    );
    expect(await cleanup()).toBe(S_OK);
    expect(XalUserGetTokenAndSignatureSilentlyAsync(user, { method: 'GET', url: TEST_SEED_URL }, {})).toBe(
      E_XAL_NOTINITIALIZED,
    );
  });

  it('follows the result-buffer rules: pending, too small (consumed), once only', async () => {
    const { user } = await signedIn();
    await getToken(user, { method: 'GET', url: TEST_SEED_URL }); // cached now
    const block: XAsyncBlock = {};
    expect(XalUserGetTokenAndSignatureSilentlyAsync(user, { method: 'GET', url: TEST_SEED_URL }, block)).toBe(S_OK);
    const size = out(0);
    expect(XalUserGetTokenAndSignatureSilentlyResultSize(block, size)).toBe(E_PENDING); // a cached token still goes through the Work port
    await XAsyncGetStatusAsync(block);
    expect(XalUserGetTokenAndSignatureSilentlyResultSize(block, size)).toBe(S_OK);
    const small = new Uint8Array(size.value - 1);
    expect(
      XalUserGetTokenAndSignatureSilentlyResult(
        block,
        small.length,
        small,
        out<XalUserGetTokenAndSignatureData | null>(null),
        null,
      ),
    ).toBe(E_NOT_SUFFICIENT_BUFFER);
    const buffer = new Uint8Array(size.value);
    expect(
      XalUserGetTokenAndSignatureSilentlyResult(
        block,
        size.value,
        buffer,
        out<XalUserGetTokenAndSignatureData | null>(null),
        null,
      ),
    ).toBe(E_ILLEGAL_METHOD_CALL);
    // a full read: the data object reads the caller's buffer (the shared identity layout)
    const again = await call((b) =>
      XalUserGetTokenAndSignatureSilentlyAsync(user, { method: 'GET', url: TEST_SEED_URL }, b),
    );
    XalUserGetTokenAndSignatureSilentlyResultSize(again, size);
    const full = new Uint8Array(size.value);
    const data = out<XalUserGetTokenAndSignatureData | null>(null);
    const used = out(0);
    expect(XalUserGetTokenAndSignatureSilentlyResult(again, size.value, full, data, used)).toBe(S_OK);
    expect(used.value).toBe(size.value);
    expect(data.value?.token).toBe(tokenResultData(full).token);
    expect(data.value?.signatureSize).toBeGreaterThan(0);
    await done(user);
  });

  it('a cancel right after the call completes it with E_ABORT, even for a cached token', async () => {
    const { user } = await signedIn();
    await getToken(user, { method: 'GET', url: TEST_SEED_URL });
    const block: XAsyncBlock = {};
    expect(XalUserGetTokenAndSignatureSilentlyAsync(user, { method: 'GET', url: TEST_SEED_URL }, block)).toBe(S_OK);
    XAsyncCancel(block);
    expect(await XAsyncGetStatusAsync(block)).toBe(E_ABORT);
    await done(user);
  });

  it('E_XAL_UIREQUIRED, then XalUserResolveIssueWithUiAsync with the same URL, then a successful retry', async () => {
    const alice = account('Alice');
    const { hooks, user } = await signedIn(alice);
    alice.addIssue('TermsNotAccepted');
    expect((await getToken(user, { method: 'GET', url: TEST_SEED_URL })).hr).toBe(E_XAL_UIREQUIRED);
    const resolve = await call((b) => XalUserResolveIssueWithUiAsync(user, TEST_SEED_URL, b));
    expect(XalUserResolveIssueWithUiResult(resolve)).toBe(S_OK);
    const page = hooks.web.at(-1);
    expect(page?.type).toBe(XalShowUrlType.NonAuthFlow);
    expect(new URL(page?.startUrl ?? '').searchParams.get('url')).toBe(TEST_SEED_URL);
    const retry = await getToken(user, { method: 'GET', url: TEST_SEED_URL });
    expect(retry.hr).toBe(S_OK);
    // a canceled fix page is E_ABORT
    alice.addIssue('TermsNotAccepted');
    hooks.fixScript.push('cancel');
    const canceled = await call((b) => XalUserResolveIssueWithUiAsync(user, TEST_SEED_URL, b));
    expect(XalUserResolveIssueWithUiResult(canceled)).toBe(E_ABORT);
    await done(user);
  });

  it('answers E_XAL_USERSIGNEDOUT once the user signed out', async () => {
    const { user } = await signedIn();
    await call((b) => XalSignOutUserAsync(user, b));
    expect((await getToken(user, { method: 'GET', url: TEST_SEED_URL })).hr).toBe(E_XAL_USERSIGNEDOUT);
    await done(user);
  });

  it('forceRefresh replaces the cached token; two URLs of one relying party share it', async () => {
    const w = await world();
    const { user } = await signedIn();
    const before = w.xstsRequests.length;
    const a = await getToken(user, { method: 'GET', url: TEST_SEED_URL });
    const b = await getToken(user, { method: 'POST', url: 'https://api.yourcompany.com/other?x=1' });
    expect(w.xstsRequests.length).toBe(before + 1);
    expect(b.data?.token).toBe(a.data?.token);
    const c = await getToken(user, { method: 'GET', url: TEST_SEED_URL, forceRefresh: true });
    expect(w.xstsRequests.length).toBe(before + 2);
    expect(c.data?.token).not.toBe(a.data?.token);
    await done(user);
  });
});
