/**
 * Input devices and their users (xuser-xal.md §1.3–§1.5): `XUserFindForDevice`, the device
 * association registrations, and `XUserFindControllerForUserWithUiAsync`. The emulated console's
 * input devices (`inputDevices` of `@gdkts/xuser/testing`) are paired with users: a user the title
 * adds gets a free one (system pairing), the find-controller UI pairs the one picked up, and the
 * console can move them (`EmulatedConsole.pairInputDevice`); each change is delivered as an
 * `XUserDeviceAssociationChange` on the registered queue's Completion port.
 *
 * @module
 */
import { E_ABORT, E_INVALIDARG, E_NOTFOUND, E_POINTER, S_OK, type HRESULT } from '@gdkts/hresult';
import type { DeviceAssociationEvent, FindControllerResult, SessionUser } from '@gdkts/identity';
import type { Out, XAsyncBlock, XTaskQueueHandle, XTaskQueueRegistrationToken } from '@gdkts/xasync';
import { TwoStepResult, beginPromiseCall, isObject, isOut, writeOut, isUint8Array } from '@gdkts/xasync/provider';
import { notifyAll, registerCallback } from './internal/callbacks.js';
import { ABORTED, current, untilAborted } from './internal/runtime.js';
import type { Runtime } from './internal/runtime.js';
import { resolveUser } from './XUser.js';
import { APP_LOCAL_DEVICE_ID_SIZE } from './types.js';
import type { APP_LOCAL_DEVICE_ID, XUserDeviceAssociationChangedCallback, XUserHandle, XUserLocalId } from './types.js';

const NO_USER: XUserLocalId = Object.freeze({ value: 0n });

function localIdOf(user: SessionUser | undefined): XUserLocalId {
  return user === undefined ? NO_USER : Object.freeze({ value: user.localId });
}

function deviceIdOf(bytes: Uint8Array): APP_LOCAL_DEVICE_ID {
  return Object.freeze({ value: bytes.slice() });
}

/** Reads an `APP_LOCAL_DEVICE_ID` argument: its 32 bytes (a copy), or undefined for a bad value. */
function readDeviceId(deviceId: unknown): Uint8Array | undefined {
  try {
    const value = isObject(deviceId) ? (deviceId as { value?: unknown }).value : undefined;
    return isUint8Array(value) && value.length === APP_LOCAL_DEVICE_ID_SIZE ? value.slice() : undefined;
  } catch {
    return undefined; // a getter or proxy that throws: a bad pointer
  }
}

/** @internal Queues one device association change to every registration (the runtime's session listener). */
export function deliverDeviceAssociation(rt: Runtime, event: DeviceAssociationEvent): void {
  const change = Object.freeze({
    deviceId: deviceIdOf(event.deviceId),
    oldUser: localIdOf(event.oldUser),
    newUser: localIdOf(event.newUser),
  });
  notifyAll(rt.deviceAssociations, (r) => r.callback(r.context, change));
}

/**
 * Mirrors `XUserFindForDevice`: a new handle to the user paired with an input device.
 *
 * @param deviceId - [in] the device's `{ value }` (32 bytes).
 * @param handle - [out] receives a new handle (its own reference).
 * @returns `S_OK`; `E_NOTFOUND` (`HRESULT_FROM_WIN32(ERROR_NOT_FOUND)`, inferred as for
 *   `XUserFindUserByLocalId`) for an unknown device, an unpaired one, or one paired with a user the
 *   title has not added; `E_INVALIDARG` for a malformed id; `E_GAMERUNTIME_NOT_INITIALIZED`; `E_POINTER`.
 */
export function XUserFindForDevice(deviceId: APP_LOCAL_DEVICE_ID, handle: Out<XUserHandle | null>): HRESULT {
  const rt = current();
  if (typeof rt === 'number') return rt;
  if (!isOut(handle)) return E_POINTER;
  writeOut(handle, null);
  const id = readDeviceId(deviceId);
  if (id === undefined) return E_INVALIDARG;
  const user = rt.session.findByDevice(id);
  if (user === undefined) return E_NOTFOUND;
  const h = rt.users.create(user);
  if (writeOut(handle, h)) return S_OK;
  rt.users.close(h);
  return E_POINTER;
}

/**
 * Mirrors `XUserRegisterForDeviceAssociationChanged`: calls `callback(context, change)` whenever an
 * input device changes hands, on the Completion port of `queue`.
 *
 * @param queue - [in, optional] the queue; `null` for the process task queue.
 * @param context - [in, optional] passed to the callback.
 * @param callback - [in] the callback.
 * @param token - [out] receives the registration token.
 * @returns `S_OK`; `E_GAMERUNTIME_NOT_INITIALIZED`; `E_INVALIDARG` for a callback that is not a
 *   function; `E_POINTER` without an out-parameter; the queue's handle error for a bad queue.
 */
export function XUserRegisterForDeviceAssociationChanged(
  queue: XTaskQueueHandle | null,
  context: unknown,
  callback: XUserDeviceAssociationChangedCallback,
  token: Out<XTaskQueueRegistrationToken | null>,
): HRESULT {
  const rt = current();
  if (typeof rt === 'number') return rt;
  return registerCallback(rt.deviceAssociations, queue, context, callback, token);
}

/**
 * Mirrors `XUserUnregisterForDeviceAssociationChanged`: no callback of the registration starts afterwards.
 *
 * @param token - [in] the registration token.
 * @param wait - [in] when a callback is running: `true` waits for it, `false` returns `false` and
 *   the registration removes itself when that callback returns.
 * @returns whether the registration is gone; `false` for an unknown token or before initialization.
 */
export function XUserUnregisterForDeviceAssociationChanged(token: XTaskQueueRegistrationToken, wait: boolean): boolean {
  const rt = current();
  if (typeof rt === 'number') return false;
  return rt.deviceAssociations.unregister(token, wait === true);
}

/**
 * Mirrors `XUserFindControllerForUserWithUiAsync`: asks the user to pick up a controller (the
 * console's find-controller UI), then pairs it with them. Read the device with
 * {@link XUserFindControllerForUserWithUiResult}.
 *
 * @param user - [in] a user handle.
 * @param async - [in, out] the async block.
 * @returns `S_OK` (started); `E_INVALIDARG` for `null` or a bad block; `E_GAMERUNTIME_INVALID_HANDLE`;
 *   `E_GAMERUNTIME_NOT_INITIALIZED`.
 */
export function XUserFindControllerForUserWithUiAsync(user: XUserHandle | null, async: XAsyncBlock): HRESULT {
  const r = resolveUser(user);
  if (typeof r === 'number') return r;
  const [rt, record] = r;
  return beginPromiseCall(
    async,
    XUserFindControllerForUserWithUiAsync,
    'XUserFindControllerForUserWithUiAsync',
    async ({ signal }) => {
      const outcome: FindControllerResult | typeof ABORTED = await untilAborted(
        rt,
        signal,
        rt.session.findController(record),
      );
      if (outcome === ABORTED || outcome === 'aborted') return { hr: E_ABORT };
      if (outcome === 'noDevice') return { hr: E_NOTFOUND };
      return { payload: outcome };
    },
  );
}

const controllerResult = new TwoStepResult<APP_LOCAL_DEVICE_ID>(XUserFindControllerForUserWithUiAsync, (buffer) =>
  deviceIdOf(buffer.subarray(0, APP_LOCAL_DEVICE_ID_SIZE)),
);

/**
 * Mirrors `XUserFindControllerForUserWithUiResult`.
 *
 * @param async - [in] the block of an {@link XUserFindControllerForUserWithUiAsync} call.
 * @param deviceId - [out] receives the paired device's `{ value }`.
 * @returns `S_OK`; `E_ABORT` (dismissed or cancelled); `E_NOTFOUND` (no controller could be paired,
 *   inferred); `E_PENDING`; `E_ILLEGAL_METHOD_CALL` (taken already); `E_INVALIDARG` (another API's
 *   block); `E_POINTER` without an out-parameter.
 */
export function XUserFindControllerForUserWithUiResult(
  async: XAsyncBlock,
  deviceId: Out<APP_LOCAL_DEVICE_ID | null>,
): HRESULT {
  if (!isOut(deviceId)) return E_POINTER;
  return controllerResult.result(
    async,
    APP_LOCAL_DEVICE_ID_SIZE,
    new Uint8Array(APP_LOCAL_DEVICE_ID_SIZE),
    deviceId,
    null,
  );
}
