import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  E_ABORT,
  E_GAMERUNTIME_INVALID_HANDLE,
  E_GAMEUSER_NO_TOKEN_REQUIRED,
  E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED,
  E_GAMEUSER_SIGNED_OUT,
  E_ILLEGAL_METHOD_CALL,
  E_INVALIDARG,
  E_NOT_SUFFICIENT_BUFFER,
  E_PENDING,
  S_OK,
  type HRESULT,
} from '@gdkts/hresult';
import {
  XAsyncCancel,
  XAsyncGetStatus,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
  out,
} from '@gdkts/xasync';
import type { XAsyncBlock } from '@gdkts/xasync';
import { liveAsyncStateCount } from '@gdkts/xasync/testing';
import {
  XUserCloseHandle,
  XUserGetTokenAndSignatureAsync,
  XUserGetTokenAndSignatureOptions,
  XUserGetTokenAndSignatureResult,
  XUserGetTokenAndSignatureResultSize,
  XUserGetTokenAndSignatureUtf16Async,
  XUserGetTokenAndSignatureUtf16Result,
  XUserGetTokenAndSignatureUtf16ResultSize,
} from '@gdkts/xuser';
import type { XUserGetTokenAndSignatureData, XUserGetTokenAndSignatureUtf16Data, XUserHandle } from '@gdkts/xuser';
import { TEST_SIGNED_URL, TEST_UNMAPPED_URL, TEST_UNSIGNED_URL, bootTestConsole } from '@gdkts/xuser/testing';
import { call, useLeakCheck, addDefault } from './helpers/console.js';

const sandbox = useLeakCheck();

function request(user: XUserHandle, url = TEST_SIGNED_URL, options = 0): Promise<XAsyncBlock> {
  return call((b) =>
    XUserGetTokenAndSignatureAsync(user, options, 'GET', url, 1, [{ name: 'Why', value: 'Because' }], 0, null, b),
  );
}

function size(block: XAsyncBlock): { hr: HRESULT; size: number } {
  const n = out(-1);
  const hr = XUserGetTokenAndSignatureResultSize(block, n);
  return { hr, size: n.value };
}

function result(block: XAsyncBlock, bufferSize: number, buffer: Uint8Array = new Uint8Array(bufferSize)) {
  const data = out<XUserGetTokenAndSignatureData | null>(null);
  const used = out(-1);
  const hr = XUserGetTokenAndSignatureResult(block, bufferSize, buffer, data, used);
  return { hr, data: data.value, used: used.value, buffer };
}

describe('XUserGetTokenAndSignatureAsync: the result buffer (xuser-xal.md §0, §1.6)', () => {
  it('header with offsets into the caller buffer, token + NUL, signature + NUL; bufferUsed equals ResultSize', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const block = await request(user);
    const s = size(block);
    expect(s.hr).toBe(S_OK);
    const r = result(block, s.size);
    expect(r.hr).toBe(S_OK);
    expect(r.used).toBe(s.size);
    const data = r.data!;
    const view = new DataView(r.buffer.buffer);
    expect(Number(view.getBigUint64(0, true))).toBe(data.tokenSize);
    expect(Number(view.getBigUint64(8, true))).toBe(data.signatureSize);
    expect(view.getBigUint64(16, true)).toBe(32n);
    expect(Number(view.getBigUint64(24, true))).toBe(32 + data.tokenSize);
    expect(32 + data.tokenSize + data.signatureSize).toBe(s.size);
    expect(data.token).toMatch(/^XBL3\.0 x=\d+;[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(r.buffer[32 + data.tokenSize - 1]).toBe(0);
    expect(r.buffer[s.size - 1]).toBe(0);
    expect(data.signature).toMatch(/^[A-Za-z0-9+/]{102}==$/);
    expect(data.tokenSize).toBe(data.token.length + 1);
    // the data object reads through the caller's buffer
    r.buffer[32 + 7] = 'Y'.charCodeAt(0);
    expect(data.token.slice(0, 9)).toBe('XBL3.0 Y=');
    XUserCloseHandle(user);
  });

  it('a buffer one byte short is E_NOT_SUFFICIENT_BUFFER and consumes the result; a second Result is E_ILLEGAL_METHOD_CALL', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const first = await request(user);
    const s = size(first);
    expect(result(first, s.size - 1).hr).toBe(E_NOT_SUFFICIENT_BUFFER);
    expect(result(first, s.size).hr).toBe(E_ILLEGAL_METHOD_CALL);
    const second = await request(user);
    expect(result(second, size(second).size).hr).toBe(S_OK);
    expect(result(second, size(second).size).hr).toBe(E_ILLEGAL_METHOD_CALL);
    XUserCloseHandle(user);
  });

  it('another API’s Result on the block, or a null buffer, is E_INVALIDARG, and consumes the result', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const block = await request(user);
    const s = size(block);
    expect(XUserGetTokenAndSignatureUtf16Result(block, s.size, new Uint8Array(s.size), out(null), null)).toBe(
      E_INVALIDARG,
    );
    expect(result(block, s.size).hr).toBe(E_ILLEGAL_METHOD_CALL);
    const other = await request(user);
    expect(XUserGetTokenAndSignatureResult(other, size(other).size, null as never, out(null), null)).toBe(E_INVALIDARG);
    expect(result(other, size(other).size).hr).toBe(E_ILLEGAL_METHOD_CALL);
    XUserCloseHandle(user);
  });

  it('property: retrieval succeeds exactly when the buffer is big enough, and the result is gone after any attempt', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const probe = await request(user);
    const needed = size(probe).size;
    expect(result(probe, needed).hr).toBe(S_OK);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: needed + 64 }), async (bufferSize) => {
        const block = await request(user);
        const r = result(block, bufferSize);
        expect(r.hr).toBe(bufferSize >= needed ? S_OK : E_NOT_SUFFICIENT_BUFFER);
        if (r.hr === S_OK) expect(r.used).toBe(needed);
        expect(result(block, needed).hr).toBe(E_ILLEGAL_METHOD_CALL);
      }),
      { numRuns: 60 },
    );
    XUserCloseHandle(user);
  });

  it('Utf16: counts in code units, UTF-16LE strings, byte offsets', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const block = await call((b) =>
      XUserGetTokenAndSignatureUtf16Async(user, 0, 'GET', TEST_SIGNED_URL, 0, null, 0, null, b),
    );
    const n = out(0);
    expect(XUserGetTokenAndSignatureUtf16ResultSize(block, n)).toBe(S_OK);
    const buffer = new Uint8Array(n.value);
    const data = out<XUserGetTokenAndSignatureUtf16Data | null>(null);
    expect(XUserGetTokenAndSignatureUtf16Result(block, n.value, buffer, data, null)).toBe(S_OK);
    const d = data.value!;
    expect(d.tokenCount).toBe(d.token.length + 1);
    expect(d.signatureCount).toBe((d.signature ?? '').length + 1);
    expect(32 + 2 * (d.tokenCount + d.signatureCount)).toBe(n.value);
    expect(Number(new DataView(buffer.buffer).getBigUint64(24, true))).toBe(32 + 2 * d.tokenCount);
    expect(Buffer.from(buffer.subarray(32, 32 + 12)).toString('utf16le')).toBe('XBL3.0');
    XUserCloseHandle(user);
  });
});

describe('XUserGetTokenAndSignatureAsync: outcomes (xuser-xal.md §1.7)', () => {
  it('an unmapped URL completes with E_GAMEUSER_NO_TOKEN_REQUIRED and size 0', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const block = await request(user, TEST_UNMAPPED_URL);
    expect(size(block)).toEqual({ hr: E_GAMEUSER_NO_TOKEN_REQUIRED, size: 0 });
    XUserCloseHandle(user);
  });

  it('an endpoint without a signature policy: a token and a null signature of size 0, no second slot', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const block = await request(user, TEST_UNSIGNED_URL);
    const s = size(block);
    const r = result(block, s.size);
    expect(r.hr).toBe(S_OK);
    expect(r.data).toMatchObject({ signatureSize: 0, signature: null });
    expect(new DataView(r.buffer.buffer).getBigUint64(24, true)).toBe(0n);
    expect(s.size).toBe(32 + r.data!.tokenSize);
    XUserCloseHandle(user);
  });

  it('two URLs of one relying party share the cached token; ForceRefresh gets a new one; AllUsers yields x=*', async () => {
    const console = await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const tokenOf = async (url: string, options = 0) => {
      const block = await request(user, url, options);
      return result(block, size(block).size).data!.token;
    };
    const a = await tokenOf(TEST_SIGNED_URL);
    const b = await tokenOf(TEST_UNSIGNED_URL);
    expect(b).toBe(a);
    expect(console.session!.tokenFetchCount).toBe(1);
    const forced = await tokenOf(TEST_SIGNED_URL, XUserGetTokenAndSignatureOptions.ForceRefresh);
    expect(forced).not.toBe(a);
    expect(await tokenOf(TEST_SIGNED_URL)).toBe(forced);
    expect(await tokenOf(TEST_SIGNED_URL, XUserGetTokenAndSignatureOptions.AllUsers)).toMatch(/^XBL3\.0 x=\*;/);
    XUserCloseHandle(user);
  });

  it('property: requests in flight together share one refresh, whatever their URLs (one relying party) and ForceRefresh flags', async () => {
    const console = await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const queue = sandbox.createQueue(XTaskQueueDispatchMode.Manual, XTaskQueueDispatchMode.ThreadPool);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(TEST_SIGNED_URL, TEST_UNSIGNED_URL), fc.boolean()), {
          minLength: 1,
          maxLength: 12,
        }),
        async (requests) => {
          const before = console.session!.tokenFetchCount;
          const done = Promise.all(
            requests.map(([url, force]) =>
              call(
                (b) =>
                  XUserGetTokenAndSignatureAsync(
                    user,
                    force ? XUserGetTokenAndSignatureOptions.ForceRefresh : 0,
                    'GET',
                    url,
                    0,
                    null,
                    0,
                    null,
                    b,
                  ),
                queue,
              ),
            ),
          );
          // every call's work starts before any XSTS answer arrives: they are all in flight together
          while (XTaskQueueDispatch(queue, XTaskQueuePort.Work, 0));
          const tokens = (await done).map((b) => result(b, size(b).size).data!.token);
          // One fetch at most: every request that needs a token (forced, or nothing cached) joins the one in flight.
          const firstForced = requests.findIndex(([, force]) => force);
          expect(console.session!.tokenFetchCount - before).toBe(firstForced >= 0 || before === 0 ? 1 : 0);
          // Requests before the first forced one are served the cached token; from it on, the refreshed one.
          const refreshed = new Set(tokens.slice(Math.max(0, firstForced)));
          expect(refreshed.size).toBe(1);
          expect(new Set(tokens.slice(0, Math.max(0, firstForced))).size).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 25 },
    );
    XUserCloseHandle(user);
  });

  it('an account issue completes with E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED; a signed-out user with E_GAMEUSER_SIGNED_OUT', async () => {
    const console = await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    console.account('Alice')!.addIssue('TermsNotAccepted');
    expect(size(await request(user)).hr).toBe(E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED);
    console.account('Alice')!.resolveUserIssues();
    await console.signOut('Alice');
    expect(size(await request(user)).hr).toBe(E_GAMEUSER_SIGNED_OUT);
    XUserCloseHandle(user);
  });

  it('never completes inside the call; XAsyncCancel right after the call yields E_ABORT even with a cached token', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const warm = await request(user); // the token is cached now
    expect(result(warm, size(warm).size).hr).toBe(S_OK);
    let completed = false;
    const done = new Promise<XAsyncBlock>((resolve) => {
      const block: XAsyncBlock = { callback: (b) => ((completed = true), resolve(b)) };
      expect(XUserGetTokenAndSignatureAsync(user, 0, 'GET', TEST_SIGNED_URL, 0, null, 0, null, block)).toBe(S_OK);
      expect(completed).toBe(false);
      expect(size(block).hr).toBe(E_PENDING);
      XAsyncCancel(block);
    });
    expect(XAsyncGetStatus(await done, false)).toBe(E_ABORT);
    XUserCloseHandle(user);
  });

  it('bad arguments are E_INVALIDARG (or the handle error) at the call, and nothing is started', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const states = liveAsyncStateCount();
    const block: XAsyncBlock = { callback: () => expect.unreachable() };
    const cases: [string, HRESULT, () => HRESULT][] = [
      [
        'null user',
        E_INVALIDARG,
        () => XUserGetTokenAndSignatureAsync(null, 0, 'GET', TEST_SIGNED_URL, 0, null, 0, null, block),
      ],
      [
        'foreign handle',
        E_GAMERUNTIME_INVALID_HANDLE,
        () =>
          XUserGetTokenAndSignatureAsync({ kind: 'XUserHandle' }, 0, 'GET', TEST_SIGNED_URL, 0, null, 0, null, block),
      ],
      [
        'unknown option',
        E_INVALIDARG,
        () => XUserGetTokenAndSignatureAsync(user, 4, 'GET', TEST_SIGNED_URL, 0, null, 0, null, block),
      ],
      [
        'method not a string',
        E_INVALIDARG,
        () => XUserGetTokenAndSignatureAsync(user, 0, null as never, TEST_SIGNED_URL, 0, null, 0, null, block),
      ],
      [
        'empty method',
        E_INVALIDARG,
        () => XUserGetTokenAndSignatureAsync(user, 0, '', TEST_SIGNED_URL, 0, null, 0, null, block),
      ],
      [
        'url not a string',
        E_INVALIDARG,
        () => XUserGetTokenAndSignatureAsync(user, 0, 'GET', 7 as never, 0, null, 0, null, block),
      ],
      [
        'relative url',
        E_INVALIDARG,
        () => XUserGetTokenAndSignatureAsync(user, 0, 'GET', '/v1/items', 0, null, 0, null, block),
      ],
      [
        'count without headers',
        E_INVALIDARG,
        () => XUserGetTokenAndSignatureAsync(user, 0, 'GET', TEST_SIGNED_URL, 1, null, 0, null, block),
      ],
      [
        'fewer headers than count',
        E_INVALIDARG,
        () =>
          XUserGetTokenAndSignatureAsync(
            user,
            0,
            'GET',
            TEST_SIGNED_URL,
            2,
            [{ name: 'A', value: 'b' }],
            0,
            null,
            block,
          ),
      ],
      [
        'header name with a space',
        E_INVALIDARG,
        () =>
          XUserGetTokenAndSignatureAsync(
            user,
            0,
            'GET',
            TEST_SIGNED_URL,
            1,
            [{ name: 'A B', value: 'b' }],
            0,
            null,
            block,
          ),
      ],
      [
        'header value with CRLF',
        E_INVALIDARG,
        () =>
          XUserGetTokenAndSignatureAsync(
            user,
            0,
            'GET',
            TEST_SIGNED_URL,
            1,
            [{ name: 'A', value: 'b\r\nX: y' }],
            0,
            null,
            block,
          ),
      ],
      [
        'body with size 0',
        E_INVALIDARG,
        () => XUserGetTokenAndSignatureAsync(user, 0, 'POST', TEST_SIGNED_URL, 0, null, 0, new Uint8Array(1), block),
      ],
      [
        'size without body',
        E_INVALIDARG,
        () => XUserGetTokenAndSignatureAsync(user, 0, 'POST', TEST_SIGNED_URL, 0, null, 3, null, block),
      ],
      [
        'body shorter than size',
        E_INVALIDARG,
        () => XUserGetTokenAndSignatureAsync(user, 0, 'POST', TEST_SIGNED_URL, 0, null, 3, new Uint8Array(2), block),
      ],
      [
        'body not bytes',
        E_INVALIDARG,
        () => XUserGetTokenAndSignatureAsync(user, 0, 'POST', TEST_SIGNED_URL, 0, null, 3, 'abc' as never, block),
      ],
      [
        'no block',
        E_INVALIDARG,
        () => XUserGetTokenAndSignatureAsync(user, 0, 'GET', TEST_SIGNED_URL, 0, null, 0, null, null as never),
      ],
    ];
    for (const [name, expected, run] of cases) expect([name, run()]).toEqual([name, expected]);
    expect(liveAsyncStateCount()).toBe(states);
    XUserCloseHandle(user);
  });

  it('headers and body are copied at the call: changing them afterwards changes nothing', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const headers = [{ name: 'Why', value: 'Because' }];
    const body = new TextEncoder().encode('{"a":1}');
    const done = call((b) =>
      XUserGetTokenAndSignatureAsync(user, 0, 'POST', TEST_SIGNED_URL, 1, headers, body.length, body, b),
    );
    headers[0] = { name: 'Why', value: 'Changed' };
    body.fill(0);
    const block = await done;
    expect(result(block, size(block).size).hr).toBe(S_OK);
    XUserCloseHandle(user);
  });
});
