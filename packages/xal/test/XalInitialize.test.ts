// XalInitialize validation, the flavours, the global getters and cleanup (xuser-xal.md §2.2, §2.7, §0).
import { describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_INVALIDARG,
  E_NOT_SUFFICIENT_BUFFER,
  E_POINTER,
  E_XAL_ALREADYINITIALIZED,
  E_XAL_INVALIDAPPCONFIGURATION,
  E_XAL_MALFORMEDCLIENTID,
  E_XAL_MISMATCHEDTITLEANDCLIENTIDS,
  E_XAL_MISSINGCLIENTID,
  E_XAL_MISSINGPLATFORMEVENTHANDLER,
  E_XAL_MISSINGTITLEID,
  E_XAL_NOTINITIALIZED,
  S_OK,
} from '@gdkts/hresult';
import {
  XAsyncCancel,
  XAsyncGetStatusAsync,
  XTaskQueueCloseHandle,
  XTaskQueueCreate,
  XTaskQueueDispatchMode,
  out,
  type XAsyncBlock,
  type XTaskQueueHandle,
} from '@gdkts/xasync';
import {
  XalCleanupAsync,
  XalCleanupResult,
  XalGetMaxUsers,
  XalGetSandbox,
  XalGetSandboxSize,
  XalGetTitleId,
  XalInitialize,
  XalMemGetFunctions,
  XalMemSetFunctions,
  XalPlatformRemoteConnectSetEventHandlers,
  XalPlatformStorageClearEventHandlers,
  XalPlatformWebClearEventHandler,
  useXalEmulator,
} from '@gdkts/xal';
import { TEST_CLIENT_ID, TEST_TITLE_ID, xalLeakCounts } from '@gdkts/xal/testing';
import { installHooks, newHooks, useXalSandbox } from './helpers/title.js';
import { account, makeEmulator } from './helpers/world.js';

useXalSandbox();

const win32 = { platform: 'Win32', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID } as const;

async function cleanup(): Promise<void> {
  const block: XAsyncBlock = {};
  expect(XalCleanupAsync(block)).toBe(S_OK);
  expect(await XAsyncGetStatusAsync(block)).toBe(S_OK);
  expect(XalCleanupResult(block)).toBe(S_OK);
}

describe('XalInitialize', () => {
  it('returns E_XAL_NOTINITIALIZED from the getters before it', () => {
    expect(XalGetMaxUsers(out(0))).toBe(E_XAL_NOTINITIALIZED);
    expect(XalGetTitleId(out(0))).toBe(E_XAL_NOTINITIALIZED);
    expect(XalGetSandboxSize()).toBe(0);
    expect(XalCleanupAsync({})).toBe(E_XAL_NOTINITIALIZED);
  });

  it('validates the client id and the title id in order', async () => {
    useXalEmulator(await makeEmulator([account('Alice')]));
    installHooks(newHooks());
    expect(XalInitialize({ platform: 'Win32' }, null)).toBe(E_XAL_MISSINGCLIENTID);
    expect(XalInitialize({ platform: 'Win32', clientId: '', titleId: TEST_TITLE_ID }, null)).toBe(
      E_XAL_MISSINGCLIENTID,
    );
    expect(XalInitialize({ platform: 'Win32', clientId: 'not-a-client-id', titleId: TEST_TITLE_ID }, null)).toBe(
      E_XAL_MALFORMEDCLIENTID,
    );
    expect(XalInitialize({ platform: 'Win32', clientId: TEST_CLIENT_ID }, null)).toBe(E_XAL_MISSINGTITLEID);
    expect(XalInitialize({ platform: 'Win32', clientId: TEST_CLIENT_ID, titleId: 0 }, null)).toBe(E_XAL_MISSINGTITLEID);
    expect(XalInitialize({ platform: 'Win32', clientId: TEST_CLIENT_ID, titleId: 0x11111111 }, null)).toBe(
      E_XAL_MISMATCHEDTITLEANDCLIENTIDS,
    );
    expect(XalInitialize({ platform: 'Win32', clientId: '000000004C26A1F1', titleId: TEST_TITLE_ID }, null)).toBe(
      E_XAL_MISMATCHEDTITLEANDCLIENTIDS,
    );
    expect(
      XalInitialize({ platform: 'Win32', clientId: '12345678-1234-1234-1234-123456789abc', titleId: 0x11111111 }, null),
    ).toBe(E_XAL_INVALIDAPPCONFIGURATION);
    expect(xalLeakCounts().initialized).toBe(false);
    expect(XalInitialize(win32, null)).toBe(S_OK);
    expect(XalInitialize(win32, null)).toBe(E_XAL_ALREADYINITIALIZED);
    await cleanup();
  });

  it('refuses values of the wrong kind with E_INVALIDARG', async () => {
    useXalEmulator(await makeEmulator([account('Alice')]));
    installHooks(newHooks());
    for (const bad of [
      null,
      undefined,
      7,
      'Win32',
      { platform: 'Xbox360', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID },
      { clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID },
      { ...win32, titleId: -1 },
      { ...win32, clientId: 5 },
      { ...win32, flags: 'x' },
      { ...win32, ucsConsentCount: 2, ucsConsents: ['a'] },
    ]) {
      expect(XalInitialize(bad as never, null)).toBe(E_INVALIDARG);
    }
    expect(XalInitialize(win32, {} as never)).toBe(E_INVALIDARG);
    expect(
      XalInitialize(
        new Proxy(
          {},
          {
            get: () => {
              throw new Error('bad pointer');
            },
          },
        ) as never,
        null,
      ),
    ).toBe(E_INVALIDARG);
    expect(xalLeakCounts().initialized).toBe(false);
  });

  it('requires the web view and storage hooks (Generic: crypto, date/time; remote connect with useRemoteAuth)', async () => {
    useXalEmulator(await makeEmulator([account('Alice')]));
    expect(XalInitialize(win32, null)).toBe(E_XAL_MISSINGPLATFORMEVENTHANDLER);
    const hooks = newHooks();
    installHooks(hooks);
    expect(XalPlatformStorageClearEventHandlers()).toBe(S_OK);
    expect(XalInitialize(win32, null)).toBe(E_XAL_MISSINGPLATFORMEVENTHANDLER);
    expect(XalPlatformWebClearEventHandler()).toBe(S_OK);
    installHooks(hooks);
    const generic = { platform: 'Generic', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID } as const;
    expect(XalInitialize(generic, null)).toBe(E_XAL_MISSINGPLATFORMEVENTHANDLER);
    expect(XalPlatformWebClearEventHandler()).toBe(S_OK);
    expect(XalPlatformStorageClearEventHandlers()).toBe(S_OK);
    installHooks(hooks, { generic: true });
    expect(XalInitialize({ ...generic, useRemoteAuth: true }, null)).toBe(E_XAL_MISSINGPLATFORMEVENTHANDLER);
    expect(XalPlatformRemoteConnectSetEventHandlers(null, { show: () => undefined, close: () => undefined })).toBe(
      S_OK,
    );
    expect(XalInitialize({ ...generic, useRemoteAuth: true, maxSignedInUsers: 3 }, null)).toBe(S_OK);
    const max = out(0);
    expect(XalGetMaxUsers(max)).toBe(S_OK);
    expect(max.value).toBe(3);
    await cleanup();
  });

  it('answers the global getters and keeps a duplicate of the internal queue until cleanup', async () => {
    useXalEmulator(await makeEmulator([account('Alice')]));
    installHooks(newHooks());
    const q = out<XTaskQueueHandle | null>(null);
    expect(XTaskQueueCreate(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.ThreadPool, q)).toBe(S_OK);
    expect(XalInitialize({ ...win32, sandbox: 'XDKS.1' }, q.value)).toBe(S_OK);
    XTaskQueueCloseHandle(q.value as XTaskQueueHandle); // XAL holds its own reference
    const max = out(0);
    const title = out(0);
    expect(XalGetMaxUsers(max)).toBe(S_OK);
    expect(max.value).toBe(1);
    expect(XalGetTitleId(title)).toBe(S_OK);
    expect(title.value).toBe(TEST_TITLE_ID);
    expect(XalGetMaxUsers(null as never)).toBe(E_POINTER);
    const size = XalGetSandboxSize();
    expect(size).toBe('XDKS.1'.length + 1);
    const buffer = new Uint8Array(size);
    const used = out(0);
    expect(XalGetSandbox(size - 1, buffer, used)).toBe(E_NOT_SUFFICIENT_BUFFER);
    expect(XalGetSandbox(size, buffer, used)).toBe(S_OK);
    expect(used.value).toBe(size);
    expect(new TextDecoder().decode(buffer.subarray(0, size - 1))).toBe('XDKS.1');
    expect(buffer[size - 1]).toBe(0);
    expect(XalGetSandbox(size + 1, buffer, used)).toBe(E_INVALIDARG);
    await cleanup(); // the sandbox checks that the queue is gone
  });

  it('selects the GDK flavour with empty args: S_OK every time, cleanup completes at once', async () => {
    useXalEmulator(await makeEmulator([account('Alice')]));
    expect(XalInitialize({}, null)).toBe(S_OK);
    expect(XalInitialize({}, null)).toBe(S_OK);
    expect(XalInitialize(win32, null)).toBe(E_XAL_ALREADYINITIALIZED);
    const max = out(0);
    expect(XalGetMaxUsers(max)).toBe(S_OK);
    await cleanup();
    expect(xalLeakCounts().initialized).toBe(false);
  });

  it('XalMemSetFunctions: both or neither, only while XAL is not initialized; XalMemGetFunctions hands the pair back', async () => {
    const alloc = (size: number): Uint8Array => new Uint8Array(size);
    const free = (): void => undefined;
    expect(XalMemSetFunctions(alloc, null)).toBe(E_INVALIDARG);
    expect(XalMemSetFunctions(alloc, free)).toBe(S_OK);
    const a = out<unknown>(null);
    const f = out<unknown>(null);
    expect(XalMemGetFunctions(a as never, f as never)).toBe(S_OK);
    expect([a.value, f.value]).toEqual([alloc, free]);
    useXalEmulator(await makeEmulator([account('Alice')]));
    expect(XalInitialize({}, null)).toBe(S_OK);
    expect(XalMemSetFunctions(null, null)).toBe(E_XAL_ALREADYINITIALIZED);
    await cleanup();
    expect(XalMemSetFunctions(null, null)).toBe(S_OK);
    expect(XalMemGetFunctions(a as never, f as never)).toBe(S_OK);
    expect(a.value).not.toBe(alloc);
    expect(XalMemGetFunctions(null as never, f as never)).toBe(E_POINTER);
  });

  it('a cleanup canceled before it ran leaves XAL initialized', async () => {
    useXalEmulator(await makeEmulator([account('Alice')]));
    installHooks(newHooks());
    expect(XalInitialize(win32, null)).toBe(S_OK);
    const block: XAsyncBlock = {};
    expect(XalCleanupAsync(block)).toBe(S_OK);
    XAsyncCancel(block);
    expect(await XAsyncGetStatusAsync(block)).toBe(E_ABORT);
    expect(XalGetMaxUsers(out(0))).toBe(S_OK);
    await cleanup();
  });

  it('fails with E_XAL_INVALIDAPPCONFIGURATION when no emulator is installed', () => {
    expect(XalInitialize({}, null)).toBe(E_XAL_INVALIDAPPCONFIGURATION);
  });
});
