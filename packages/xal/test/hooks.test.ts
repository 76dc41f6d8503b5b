// The platform hooks (xal_platform.h; xuser-xal.md §2.3): set and clear rules, operations completed
// once, events raised on the hook's queue, remote connect (device code) with its cancel, SPOP,
// the Generic crypto and date/time callbacks.
import { describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_FAIL,
  E_INVALIDARG,
  E_XAL_ALREADYINITIALIZED,
  E_XAL_HANDLERALREADYREGISTERED,
  E_XAL_UIREQUIRED,
  S_OK,
} from '@gdkts/hresult';
import { deferred } from '@gdkts/xasync/testing';
import {
  XTaskQueueCloseHandle,
  XTaskQueueCreate,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
  XAsyncGetStatusAsync,
  out,
  type XAsyncBlock,
  type XTaskQueueHandle,
} from '@gdkts/xasync';
import {
  XalAddUserWithUiAsync,
  XalAddUserWithUiResult,
  XalInitialize,
  XalPlatformOperationResult,
  XalPlatformRemoteConnectCancelPrompt,
  XalPlatformRemoteConnectClearEventHandlers,
  XalPlatformRemoteConnectSetEventHandlers,
  XalPlatformSpopPromptClearEventHandler,
  XalPlatformSpopPromptComplete,
  XalPlatformSpopPromptSetEventHandlers,
  XalPlatformStorageClearEventHandlers,
  XalPlatformStorageReadComplete,
  XalPlatformStorageSetEventHandlers,
  XalPlatformStorageWriteComplete,
  XalPlatformWebClearEventHandler,
  XalPlatformWebSetEventHandler,
  XalPlatformWebShowUrlComplete,
  XalSpopOperationResult,
  XalTryAddDefaultUserSilentlyAsync,
  XalUserCloseHandle,
  XalUserGetId,
  useXalEmulator,
  type XalEmulator,
  type XalPlatformOperation,
  type XalUserHandle,
} from '@gdkts/xal';
import { TEST_CLIENT_ID, TEST_TITLE_ID, memoryStorageHandlers, xalLeakCounts } from '@gdkts/xal/testing';
import { installHooks, newHooks, useXalSandbox, webHandler } from './helpers/title.js';
import { addWithUi, cleanup } from './helpers/calls.js';
import { account, makeEmulator } from './helpers/world.js';

useXalSandbox();

const win32 = { platform: 'Win32', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID } as const;
const generic = { platform: 'Generic', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID } as const;

describe('set and clear rules', () => {
  it('hooks are set before init, cleared only before init or after cleanup; a second set needs a clear', async () => {
    useXalEmulator(await makeEmulator([account('Alice')]));
    const hooks = newHooks();
    expect(XalPlatformWebSetEventHandler(null, null, 'nope' as never)).toBe(E_INVALIDARG);
    expect(XalPlatformWebSetEventHandler({} as never, null, webHandler(hooks))).toBe(E_INVALIDARG);
    expect(XalPlatformStorageSetEventHandlers(null, { write: () => undefined } as never)).toBe(E_INVALIDARG);
    installHooks(hooks);
    expect(XalPlatformWebSetEventHandler(null, null, webHandler(hooks))).toBe(E_XAL_HANDLERALREADYREGISTERED);
    expect(XalInitialize(win32, null)).toBe(S_OK);
    expect(XalPlatformWebClearEventHandler()).toBe(E_XAL_ALREADYINITIALIZED);
    expect(XalPlatformStorageClearEventHandlers()).toBe(E_XAL_ALREADYINITIALIZED);
    expect(XalPlatformSpopPromptSetEventHandlers(null, () => undefined, null)).toBe(E_XAL_ALREADYINITIALIZED);
    expect(XalPlatformRemoteConnectClearEventHandlers()).toBe(E_XAL_ALREADYINITIALIZED);
    expect(await cleanup()).toBe(S_OK);
    expect(XalPlatformWebClearEventHandler()).toBe(S_OK);
    expect(XalPlatformStorageClearEventHandlers()).toBe(S_OK);
    expect(XalPlatformSpopPromptClearEventHandler()).toBe(S_OK);
  });
});

describe('operations', () => {
  it('raises the web view on its own queue, with an operation completed exactly once; Failure and Canceled', async () => {
    useXalEmulator(await makeEmulator([account('Alice')]));
    const q = out<XTaskQueueHandle | null>(null);
    expect(XTaskQueueCreate(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.Manual, q)).toBe(S_OK);
    const queue = q.value as XTaskQueueHandle;
    const hooks = newHooks();
    const ops: XalPlatformOperation[] = [];
    const raised = deferred<void>();
    expect(
      XalPlatformWebSetEventHandler(queue, 'web-ctx', (context, _u, operation) => {
        expect(context).toBe('web-ctx');
        ops.push(operation);
        raised.resolve();
      }),
    ).toBe(S_OK);
    expect(XalPlatformStorageSetEventHandlers(null, memoryStorageHandlers(hooks.storage, hooks.storageOps))).toBe(S_OK);
    expect(XalInitialize(win32, null)).toBe(S_OK);
    const block: XAsyncBlock = {};
    expect(XalAddUserWithUiAsync(0, block)).toBe(S_OK);
    // nothing reaches the handler until the title dispatches the hook queue's Completion port
    await new Promise((resolve) => setImmediate(resolve));
    expect(ops).toHaveLength(0);
    while (ops.length === 0) {
      XTaskQueueDispatch(queue, XTaskQueuePort.Completion, 0);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await raised.promise;
    const op = ops[0] as XalPlatformOperation;
    expect(XalPlatformStorageWriteComplete(op, XalPlatformOperationResult.Success)).toBe(E_INVALIDARG); // another kind
    expect(XalPlatformWebShowUrlComplete(op, 7 as never, null)).toBe(E_INVALIDARG);
    expect(XalPlatformWebShowUrlComplete(op, XalPlatformOperationResult.Success, null)).toBe(E_INVALIDARG); // Success needs the URL
    expect(XalPlatformWebShowUrlComplete(op, XalPlatformOperationResult.Canceled, null)).toBe(S_OK);
    expect(XalPlatformWebShowUrlComplete(op, XalPlatformOperationResult.Canceled, null)).toBe(E_INVALIDARG); // once
    expect(await XAsyncGetStatusAsync(block)).toBe(E_ABORT);
    expect(XalAddUserWithUiResult(block, out<XalUserHandle | null>(null))).toBe(E_ABORT);
    const failing: XAsyncBlock = {};
    expect(XalAddUserWithUiAsync(0, failing)).toBe(S_OK);
    while (ops.length === 1) {
      XTaskQueueDispatch(queue, XTaskQueuePort.Completion, 0);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(
      XalPlatformWebShowUrlComplete(ops[1] as XalPlatformOperation, XalPlatformOperationResult.Failure, null),
    ).toBe(S_OK);
    expect(await XAsyncGetStatusAsync(failing)).toBe(E_FAIL);
    expect(await cleanup()).toBe(S_OK);
    XTaskQueueCloseHandle(queue);
  });

  it('storage read of a missing key completes Success with no data; data shorter than its size is refused', async () => {
    useXalEmulator(await makeEmulator([account('Alice')]));
    const hooks = newHooks();
    const reads: XalPlatformOperation[] = [];
    const raised = deferred<void>();
    expect(XalPlatformWebSetEventHandler(null, null, webHandler(hooks))).toBe(S_OK);
    expect(
      XalPlatformStorageSetEventHandlers(null, {
        ...memoryStorageHandlers(hooks.storage, hooks.storageOps),
        read: (_c, _u, op) => {
          reads.push(op);
          raised.resolve();
        },
      }),
    ).toBe(S_OK);
    expect(XalInitialize(win32, null)).toBe(S_OK);
    const block: XAsyncBlock = {};
    expect(XalTryAddDefaultUserSilentlyAsync(0, block)).toBe(S_OK);
    await raised.promise;
    const op = reads[0] as XalPlatformOperation;
    expect(XalPlatformStorageReadComplete(op, XalPlatformOperationResult.Success, 4, new Uint8Array(2))).toBe(
      E_INVALIDARG,
    );
    expect(XalPlatformStorageReadComplete(op, XalPlatformOperationResult.Success, 0, null)).toBe(S_OK);
    expect(await XAsyncGetStatusAsync(block)).toBe(E_XAL_UIREQUIRED);
    expect(await cleanup()).toBe(S_OK);
  });
});

describe('remote connect (Generic + useRemoteAuth)', () => {
  async function remoteSetup(): Promise<{
    emulator: XalEmulator;
    shown: { op: XalPlatformOperation; url: string; code: string; qr: Uint8Array }[];
    closed: XalPlatformOperation[];
    next: () => Promise<void>;
  }> {
    const emulator = await makeEmulator([account('Alice'), account('Bob')]);
    useXalEmulator(emulator);
    const hooks = newHooks();
    installHooks(hooks, { generic: true });
    expect(XalPlatformWebClearEventHandler()).toBe(S_OK);
    const shown: { op: XalPlatformOperation; url: string; code: string; qr: Uint8Array }[] = [];
    const closed: XalPlatformOperation[] = [];
    let wake = deferred<void>();
    expect(
      XalPlatformRemoteConnectSetEventHandlers(null, {
        show: (_c, _u, op, url, code, qrSize, qr) => {
          expect(qr.length).toBe(qrSize);
          shown.push({ op, url, code, qr });
          wake.resolve();
        },
        close: (_c, _u, op) => {
          closed.push(op);
          wake.resolve();
        },
      }),
    ).toBe(S_OK);
    expect(XalInitialize({ ...generic, useRemoteAuth: true }, null)).toBe(S_OK);
    return {
      emulator,
      shown,
      closed,
      next: async () => {
        await wake.promise;
        wake = deferred<void>();
      },
    };
  }

  it('shows the URL, the code and a PNG; the code entered on another device signs the account in; close is raised', async () => {
    const { emulator, shown, closed, next } = await remoteSetup();
    const bob = emulator.accounts[1] as { xuid: string };
    const block: XAsyncBlock = {};
    expect(XalAddUserWithUiAsync(5, block)).toBe(S_OK);
    await next();
    const prompt = shown[0] as (typeof shown)[number];
    expect(Array.from(prompt.qr.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]); // PNG
    expect(emulator.pendingDeviceCodes).toEqual([prompt.code]);
    expect(emulator.enterDeviceCode(prompt.code, { xuid: bob.xuid })).toBe(true);
    expect(await XAsyncGetStatusAsync(block)).toBe(S_OK);
    expect(closed).toEqual([prompt.op]);
    const user = out<XalUserHandle | null>(null);
    expect(XalAddUserWithUiResult(block, user)).toBe(S_OK);
    const id = out(0n);
    XalUserGetId(user.value as XalUserHandle, id);
    expect(id.value).toBe(BigInt(bob.xuid));
    XalUserCloseHandle(user.value as XalUserHandle);
    expect(await cleanup()).toBe(S_OK);
  });

  it('XalPlatformRemoteConnectCancelPrompt ends the flow with E_ABORT; close is still raised', async () => {
    const { emulator, shown, closed, next } = await remoteSetup();
    const block: XAsyncBlock = {};
    expect(XalAddUserWithUiAsync(5, block)).toBe(S_OK);
    await next();
    const prompt = shown[0] as (typeof shown)[number];
    expect(XalPlatformRemoteConnectCancelPrompt({} as never)).toBe(E_INVALIDARG);
    expect(XalPlatformRemoteConnectCancelPrompt(prompt.op)).toBe(S_OK);
    expect(await XAsyncGetStatusAsync(block)).toBe(E_ABORT);
    expect(closed).toEqual([prompt.op]);
    expect(emulator.pendingDeviceCodes).toEqual([]);
    expect(emulator.enterDeviceCode(prompt.code)).toBe(false);
    expect(await cleanup()).toBe(S_OK);
  });
});

describe('SPOP prompt', () => {
  it('is raised when the account is signed in elsewhere: Canceled → E_ABORT, SwitchAccount → sign in again, SignInHere → added', async () => {
    const alice = account('Alice', { modernGamertag: 'Alice', modernGamertagSuffix: '42' });
    const bob = account('Bob');
    const emulator = await makeEmulator([alice, bob]);
    useXalEmulator(emulator);
    const hooks = newHooks();
    installHooks(hooks);
    const answers = [
      XalSpopOperationResult.Canceled,
      XalSpopOperationResult.SwitchAccount,
      XalSpopOperationResult.SignInHere,
    ];
    const prompts: [string, string | null][] = [];
    expect(
      XalPlatformSpopPromptSetEventHandlers(
        null,
        (_c, _u, op, gamertag, suffix) => {
          prompts.push([gamertag, suffix]);
          expect(XalPlatformSpopPromptComplete(op, 9 as never)).toBe(E_INVALIDARG);
          expect(XalPlatformSpopPromptComplete(op, answers.shift() as XalSpopOperationResult)).toBe(S_OK);
        },
        null,
      ),
    ).toBe(S_OK);
    expect(XalInitialize(win32, null)).toBe(S_OK);
    emulator.setSignedInElsewhere(alice.xuid, true);
    hooks.script.push({ xuid: alice.xuid });
    expect((await addWithUi()).hr).toBe(E_ABORT);
    hooks.script.push({ xuid: alice.xuid }, { xuid: alice.xuid }); // switch account → the sign-in page again
    const added = await addWithUi();
    expect(added.hr).toBe(S_OK);
    expect(prompts).toEqual([
      ['Alice', '42'],
      ['Alice', '42'],
      ['Alice', '42'],
    ]);
    expect(emulator.isSignedInElsewhere(alice.xuid)).toBe(false);
    XalUserCloseHandle(added.user as XalUserHandle);
    expect(await cleanup()).toBe(S_OK);
    expect(xalLeakCounts().operations).toBe(0);
  });
});
