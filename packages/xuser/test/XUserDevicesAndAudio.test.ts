// Input devices, audio endpoints, the store user, the deprecated MSA call and the Steam Deck hooks
// (xuser-xal.md §1.2–§1.5, §4).
import { describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_GAMERUNTIME_INVALID_HANDLE,
  E_GAMERUNTIME_NOT_INITIALIZED,
  E_INVALIDARG,
  E_NOTFOUND,
  E_NOTIMPL,
  E_NOT_SUFFICIENT_BUFFER,
  S_OK,
} from '@gdkts/hresult';
import { XTaskQueueCloseHandle, out } from '@gdkts/xasync';
import type { XTaskQueueRegistrationToken } from '@gdkts/xasync';
import {
  XGameRuntimeUninitialize,
  XUserAddAsync,
  XUserAddOptions,
  XUserAddResult,
  XUserAudioEndpointMaxUtf16Count,
  XUserCloseHandle,
  XUserCompare,
  XUserDefaultAudioEndpointKind,
  XUserFindControllerForUserWithUiAsync,
  XUserFindControllerForUserWithUiResult,
  XUserFindForDevice,
  XUserGetDefaultAudioEndpointUtf16,
  XUserGetLocalId,
  XUserGetMsaTokenSilentlyAsync,
  XUserIsStoreUser,
  XUserPlatformRemoteConnectCancelPrompt,
  XUserPlatformRemoteConnectSetEventHandlers,
  XUserPlatformSpopPromptClearEventHandler,
  XUserPlatformSpopPromptComplete,
  XUserPlatformSpopPromptSetEventHandlers,
  XUserPlatformSpopOperationResult,
  XUserRegisterForDefaultAudioEndpointUtf16Changed,
  XUserRegisterForDeviceAssociationChanged,
  XUserUnregisterForDefaultAudioEndpointUtf16Changed,
  XUserUnregisterForDeviceAssociationChanged,
} from '@gdkts/xuser';
import type { APP_LOCAL_DEVICE_ID, XUserHandle, XUserLocalId } from '@gdkts/xuser';
import type { UiHandler } from '@gdkts/xuser/testing';
import { bootTestConsole } from '@gdkts/xuser/testing';
import { addDefault, call, drain, manualQueue, useLeakCheck } from './helpers/console.js';

useLeakCheck();

const pad = (n: number): Uint8Array => new Uint8Array(32).fill(n);

function localIdOf(user: XUserHandle): bigint {
  const id = out<XUserLocalId | null>(null);
  expect(XUserGetLocalId(user, id)).toBe(S_OK);
  return id.value!.value;
}
/** The account picker picks Bob. */
const pickBob: UiHandler = (prompt) => ({
  outcome: 'completed',
  ...(prompt.kind === 'accountPicker' ? { xuid: prompt.candidates.find((a) => a.gamertag === 'Bob')!.xuid } : {}),
});
/** Adds a user through the account picker. */
async function addWithPicker(): Promise<XUserHandle> {
  const block = await call((b) => XUserAddAsync(XUserAddOptions.None, b));
  const user = out<XUserHandle | null>(null);
  expect(XUserAddResult(block, user)).toBe(S_OK);
  return user.value!;
}

describe('XUserFindForDevice and device association changes', () => {
  it('pairs a free controller with a user the title adds, and finds the user by it', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }], inputDevices: [{ id: pad(1) }, { id: pad(2) }] });
    const queue = manualQueue();
    const changes: [unknown, number[], bigint, bigint][] = [];
    const token = out<XTaskQueueRegistrationToken | null>(null);
    const context = { ctx: 1 };
    expect(
      XUserRegisterForDeviceAssociationChanged(
        queue,
        context,
        (c, change) => changes.push([c, [...change.deviceId.value], change.oldUser.value, change.newUser.value]),
        token,
      ),
    ).toBe(S_OK);
    const user = await addDefault();
    expect(drain(queue)).toBe(1);
    expect(changes).toEqual([[context, [...pad(1)], 0n, localIdOf(user)]]);
    const found = out<XUserHandle | null>(null);
    expect(XUserFindForDevice({ value: pad(1) }, found)).toBe(S_OK);
    expect(XUserCompare(found.value, user)).toBe(0);
    XUserCloseHandle(found.value);
    expect(XUserFindForDevice({ value: pad(2) }, found)).toBe(E_NOTFOUND); // not paired
    expect(found.value).toBe(null);
    expect(XUserFindForDevice({ value: pad(9) }, found)).toBe(E_NOTFOUND); // not on the console
    expect(XUserFindForDevice({ value: new Uint8Array(31) }, found)).toBe(E_INVALIDARG);
    expect(XUserUnregisterForDeviceAssociationChanged(token.value!, false)).toBe(true);
    XUserCloseHandle(user);
    XTaskQueueCloseHandle(queue);
  });

  it('delivers a console re-pairing with the old and the new user; an unregistered callback hears nothing', async () => {
    const console = await bootTestConsole({
      accounts: [{ gamertag: 'Alice' }, { gamertag: 'Bob' }],
      defaultUser: 'Alice',
      ui: pickBob,
      inputDevices: [{ id: pad(1), user: 'Alice' }],
    });
    const queue = manualQueue();
    const changes: [bigint, bigint][] = [];
    const token = out<XTaskQueueRegistrationToken | null>(null);
    XUserRegisterForDeviceAssociationChanged(
      queue,
      null,
      (_c, ch) => changes.push([ch.oldUser.value, ch.newUser.value]),
      token,
    );
    const alice = await addDefault();
    expect(drain(queue)).toBe(0); // already paired: no change
    const bob = await addWithPicker();
    console.pairInputDevice(pad(1), 'Bob');
    console.pairInputDevice(pad(1), null);
    drain(queue);
    const bobId = localIdOf(bob);
    expect(changes).toEqual([
      [localIdOf(alice), bobId],
      [bobId, 0n],
    ]);
    XUserUnregisterForDeviceAssociationChanged(token.value!, false);
    console.pairInputDevice(pad(1), 'Alice');
    expect(drain(queue)).toBe(0);
    XUserCloseHandle(alice);
    XUserCloseHandle(bob);
    XTaskQueueCloseHandle(queue);
  });
});

describe('XUserFindControllerForUserWithUiAsync', () => {
  it('pairs the controller the user picked up and answers its id', async () => {
    await bootTestConsole({
      accounts: [{ gamertag: 'Alice' }],
      inputDevices: [{ id: pad(3) }, { id: pad(4) }],
      controllerUi: [{ outcome: 'completed', deviceId: pad(4) }],
    });
    const user = await addDefault(); // gets pad(3)
    const block = await call((b) => XUserFindControllerForUserWithUiAsync(user, b));
    const device = out<APP_LOCAL_DEVICE_ID | null>(null);
    expect(XUserFindControllerForUserWithUiResult(block, device)).toBe(S_OK);
    expect([...device.value!.value]).toEqual([...pad(4)]);
    const found = out<XUserHandle | null>(null);
    expect(XUserFindForDevice({ value: pad(4) }, found)).toBe(S_OK);
    XUserCloseHandle(found.value);
    XUserCloseHandle(user);
  });

  it('completes with E_ABORT when dismissed and E_NOTFOUND without a controller', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }], controllerUi: [{ outcome: 'dismissed' }] });
    const user = await addDefault();
    const device = out<APP_LOCAL_DEVICE_ID | null>(null);
    const dismissed = await call((b) => XUserFindControllerForUserWithUiAsync(user, b));
    expect(XUserFindControllerForUserWithUiResult(dismissed, device)).toBe(E_ABORT);
    const none = await call((b) => XUserFindControllerForUserWithUiAsync(user, b));
    expect(XUserFindControllerForUserWithUiResult(none, device)).toBe(E_NOTFOUND);
    expect(device.value).toBe(null);
    expect(XUserFindControllerForUserWithUiAsync(null, {})).toBe(E_INVALIDARG);
    XUserCloseHandle(user);
    expect(XUserFindControllerForUserWithUiAsync(user, {})).toBe(E_GAMERUNTIME_INVALID_HANDLE);
  });
});

describe('XUserGetDefaultAudioEndpointUtf16', () => {
  const utf16 = (bytes: Uint8Array, units: number): string =>
    Buffer.from(bytes.buffer, bytes.byteOffset, (units - 1) * 2).toString('utf16le');

  it('writes the endpoint id as UTF-16LE with its NUL; E_NOT_SUFFICIENT_BUFFER when short; E_NOTFOUND when absent', async () => {
    await bootTestConsole({
      accounts: [{ gamertag: 'Alice' }],
      audioEndpoints: [{ user: 'Alice', communicationRender: '{0.0.0.00000000}.{headset-render}' }],
    });
    const user = await addDefault();
    const id = { value: localIdOf(user) };
    const buffer = new Uint8Array(XUserAudioEndpointMaxUtf16Count * 2);
    const used = out(0);
    const expected = '{0.0.0.00000000}.{headset-render}';
    expect(
      XUserGetDefaultAudioEndpointUtf16(
        id,
        XUserDefaultAudioEndpointKind.CommunicationRender,
        XUserAudioEndpointMaxUtf16Count,
        buffer,
        used,
      ),
    ).toBe(S_OK);
    expect(used.value).toBe(expected.length + 1);
    expect(utf16(buffer, used.value)).toBe(expected);
    expect(buffer[expected.length * 2]).toBe(0);
    const small = out(0);
    expect(XUserGetDefaultAudioEndpointUtf16(id, 0, expected.length, buffer, small)).toBe(E_NOT_SUFFICIENT_BUFFER);
    expect(small.value).toBe(0);
    expect(
      XUserGetDefaultAudioEndpointUtf16(id, XUserDefaultAudioEndpointKind.CommunicationCapture, 56, buffer, used),
    ).toBe(E_NOTFOUND);
    expect(XUserGetDefaultAudioEndpointUtf16({ value: 999n }, 0, 56, buffer, used)).toBe(E_NOTFOUND);
    expect(XUserGetDefaultAudioEndpointUtf16(id, 2 as never, 56, buffer, used)).toBe(E_INVALIDARG);
    expect(XUserGetDefaultAudioEndpointUtf16(id, 0, 56, new Uint8Array(10), used)).toBe(E_INVALIDARG);
    XUserCloseHandle(user);
    XGameRuntimeUninitialize();
    expect(XUserGetDefaultAudioEndpointUtf16(id, 0, 56, buffer, used)).toBe(E_GAMERUNTIME_NOT_INITIALIZED);
  });

  it('delivers changes for held users on the registered queue (null when the endpoint goes away)', async () => {
    const console = await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    const queue = manualQueue();
    const seen: [bigint, number, string | null][] = [];
    const token = out<XTaskQueueRegistrationToken | null>(null);
    expect(
      XUserRegisterForDefaultAudioEndpointUtf16Changed(
        queue,
        null,
        (_c, u, kind, endpoint) => seen.push([u.value, kind, endpoint]),
        token,
      ),
    ).toBe(S_OK);
    console.setAudioEndpoint('Alice', 'communicationCapture', 'mic-1');
    console.setAudioEndpoint('Alice', 'communicationCapture', 'mic-1'); // no change
    console.setAudioEndpoint('Alice', 'communicationCapture', null);
    expect(seen).toEqual([]);
    drain(queue);
    const local = localIdOf(user);
    expect(seen).toEqual([
      [local, XUserDefaultAudioEndpointKind.CommunicationCapture, 'mic-1'],
      [local, XUserDefaultAudioEndpointKind.CommunicationCapture, null],
    ]);
    expect(XUserUnregisterForDefaultAudioEndpointUtf16Changed(token.value!, false)).toBe(true);
    expect(XUserRegisterForDefaultAudioEndpointUtf16Changed(queue, null, 'no' as never, token)).toBe(E_INVALIDARG);
    XUserCloseHandle(user);
    XTaskQueueCloseHandle(queue);
  });
});

describe('XUserIsStoreUser, XUserGetMsaTokenSilentlyAsync and the Steam Deck hooks', () => {
  it('the store user is the configured account, else the default user', async () => {
    await bootTestConsole({
      accounts: [{ gamertag: 'Alice' }, { gamertag: 'Bob' }],
      defaultUser: 'Alice',
      storeUser: 'Bob',
      ui: pickBob,
    });
    const alice = await addDefault();
    const bob = await addWithPicker();
    expect(XUserIsStoreUser(alice)).toBe(false);
    expect(XUserIsStoreUser(bob)).toBe(true);
    XUserCloseHandle(bob);
    expect(XUserIsStoreUser(bob)).toBe(false); // a closed handle
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const only = await addDefault();
    expect(XUserIsStoreUser(only)).toBe(true);
    XUserCloseHandle(only);
    XUserCloseHandle(alice);
  });

  it('the deprecated MSA token call and the Steam Deck hooks answer E_NOTIMPL once their arguments pass', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    expect(XUserGetMsaTokenSilentlyAsync(user, 0, 'service::user.auth.xboxlive.com::MBI_SSL', {})).toBe(E_NOTIMPL);
    expect(XUserGetMsaTokenSilentlyAsync(user, 1, 'scope', {})).toBe(E_INVALIDARG);
    expect(XUserGetMsaTokenSilentlyAsync(null, 0, 'scope', {})).toBe(E_INVALIDARG);
    const handlers = { show: () => undefined, close: () => undefined };
    expect(XUserPlatformRemoteConnectSetEventHandlers(null, handlers)).toBe(E_NOTIMPL);
    expect(XUserPlatformRemoteConnectSetEventHandlers(null, { show: handlers.show } as never)).toBe(E_INVALIDARG);
    expect(XUserPlatformRemoteConnectCancelPrompt({ kind: 'op' })).toBe(E_NOTIMPL);
    expect(XUserPlatformRemoteConnectCancelPrompt(null as never)).toBe(E_INVALIDARG);
    expect(XUserPlatformSpopPromptSetEventHandlers(null, () => undefined, null)).toBe(E_NOTIMPL);
    expect(XUserPlatformSpopPromptSetEventHandlers(null, 1 as never, null)).toBe(E_INVALIDARG);
    expect(XUserPlatformSpopPromptClearEventHandler()).toBe(E_NOTIMPL);
    expect(XUserPlatformSpopPromptComplete({ kind: 'op' }, XUserPlatformSpopOperationResult.SignInHere)).toBe(
      E_NOTIMPL,
    );
    expect(XUserPlatformSpopPromptComplete({ kind: 'op' }, 4 as never)).toBe(E_INVALIDARG);
    XUserCloseHandle(user);
  });
});
