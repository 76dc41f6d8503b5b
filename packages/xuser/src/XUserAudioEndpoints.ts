/**
 * A user's default communication audio endpoints (xuser-xal.md §1.2–§1.4):
 * `XUserGetDefaultAudioEndpointUtf16` and its change registrations. The emulated console sets them
 * (`audioEndpoints` of `@gdkts/xuser/testing`, `EmulatedConsole.setAudioEndpoint`); each change for
 * a user the title holds is delivered on the registered queue's Completion port.
 *
 * @module
 */
import { E_INVALIDARG, E_NOTFOUND, E_POINTER, type HRESULT } from '@gdkts/hresult';
import { AudioEndpointKind } from '@gdkts/identity';
import type { AudioEndpointEvent } from '@gdkts/identity';
import type { Out, XTaskQueueHandle, XTaskQueueRegistrationToken } from '@gdkts/xasync';
import { copyToBuffer, isObject, isOptionalOut, isSize, utf16Size, writeOut, writeUtf16 } from '@gdkts/xasync/provider';
import { notifyAll, registerCallback } from './internal/callbacks.js';
import { current } from './internal/runtime.js';
import type { Runtime } from './internal/runtime.js';
import { XUserDefaultAudioEndpointKind } from './types.js';
import type { XUserDefaultAudioEndpointUtf16ChangedCallback, XUserLocalId } from './types.js';

const KINDS: readonly AudioEndpointKind[] = [
  AudioEndpointKind.CommunicationRender,
  AudioEndpointKind.CommunicationCapture,
];
const KIND_VALUES: Readonly<Record<AudioEndpointKind, XUserDefaultAudioEndpointKind>> = {
  [AudioEndpointKind.CommunicationRender]: XUserDefaultAudioEndpointKind.CommunicationRender,
  [AudioEndpointKind.CommunicationCapture]: XUserDefaultAudioEndpointKind.CommunicationCapture,
};

/** @internal Queues one audio endpoint change to every registration (the runtime's session listener). */
export function deliverAudioEndpoint(rt: Runtime, event: AudioEndpointEvent): void {
  const user = Object.freeze({ value: event.user.localId });
  const kind = KIND_VALUES[event.kind];
  const id = event.endpointId ?? null;
  notifyAll(rt.audioEndpoints, (r) => r.callback(r.context, user, kind, id));
}

/**
 * Mirrors `XUserGetDefaultAudioEndpointUtf16`: the user's default endpoint id of one kind as a
 * NUL-terminated UTF-16LE string.
 *
 * @param user - [in] the user's `XUserLocalId`.
 * @param defaultAudioEndpointKind - [in] the {@link XUserDefaultAudioEndpointKind}.
 * @param endpointIdUtf16Count - [in] the buffer's size in `wchar_t` ({@link XUserAudioEndpointMaxUtf16Count} always suffices).
 * @param endpointIdUtf16 - [out] receives the string and its NUL (at least `2 * endpointIdUtf16Count` bytes).
 * @param endpointIdUtf16Used - [out, optional] receives the `wchar_t` written, including the NUL.
 * @returns `S_OK`; `E_NOTFOUND` when the title holds no user with that local id or the user has no
 *   such endpoint (as the GDK sample expects); `E_NOT_SUFFICIENT_BUFFER` (nothing written);
 *   `E_INVALIDARG` for a malformed id, kind, count or buffer; `E_GAMERUNTIME_NOT_INITIALIZED`; `E_POINTER`.
 */
export function XUserGetDefaultAudioEndpointUtf16(
  user: XUserLocalId,
  defaultAudioEndpointKind: XUserDefaultAudioEndpointKind,
  endpointIdUtf16Count: number,
  endpointIdUtf16: Uint8Array,
  endpointIdUtf16Used: Out<number> | null,
): HRESULT {
  const rt = current();
  if (typeof rt === 'number') return rt;
  if (!isOptionalOut(endpointIdUtf16Used)) return E_POINTER;
  let localId: unknown;
  try {
    localId = isObject(user) ? user.value : undefined;
  } catch {
    localId = undefined;
  }
  const kind = typeof defaultAudioEndpointKind === 'number' ? KINDS[defaultAudioEndpointKind] : undefined;
  if (typeof localId !== 'bigint' || kind === undefined || !Number.isInteger(defaultAudioEndpointKind))
    return E_INVALIDARG;
  if (!isSize(endpointIdUtf16Count) || endpointIdUtf16Count > Number.MAX_SAFE_INTEGER / 2) return E_INVALIDARG;
  const record = rt.session.findByLocalId(localId);
  const id = record === undefined ? undefined : rt.session.audioEndpoint(record, kind);
  if (id === undefined) return E_NOTFOUND;
  const bytes = new Uint8Array(utf16Size(id));
  writeUtf16(bytes, 0, id);
  const used = { value: 0 };
  const hr = copyToBuffer(bytes, endpointIdUtf16Count * 2, endpointIdUtf16, used);
  if (hr >= 0 && endpointIdUtf16Used !== null && endpointIdUtf16Used !== undefined)
    writeOut(endpointIdUtf16Used, used.value / 2);
  return hr;
}

/**
 * Mirrors `XUserRegisterForDefaultAudioEndpointUtf16Changed`: calls
 * `callback(context, user, kind, endpointId)` whenever a held user's default endpoint changes
 * (`endpointId` `null` when it went away), on the Completion port of `queue`.
 *
 * @param queue - [in, optional] the queue; `null` for the process task queue.
 * @param context - [in, optional] passed to the callback.
 * @param callback - [in] the callback.
 * @param token - [out] receives the registration token.
 * @returns `S_OK`; `E_GAMERUNTIME_NOT_INITIALIZED`; `E_INVALIDARG` for a callback that is not a
 *   function; `E_POINTER` without an out-parameter; the queue's handle error for a bad queue.
 */
export function XUserRegisterForDefaultAudioEndpointUtf16Changed(
  queue: XTaskQueueHandle | null,
  context: unknown,
  callback: XUserDefaultAudioEndpointUtf16ChangedCallback,
  token: Out<XTaskQueueRegistrationToken | null>,
): HRESULT {
  const rt = current();
  if (typeof rt === 'number') return rt;
  return registerCallback(rt.audioEndpoints, queue, context, callback, token);
}

/**
 * Mirrors `XUserUnregisterForDefaultAudioEndpointUtf16Changed`.
 *
 * @param token - [in] the registration token.
 * @param wait - [in] when a callback is running: `true` waits for it, `false` returns `false` and
 *   the registration removes itself when that callback returns.
 * @returns whether the registration is gone; `false` for an unknown token or before initialization.
 */
export function XUserUnregisterForDefaultAudioEndpointUtf16Changed(
  token: XTaskQueueRegistrationToken,
  wait: boolean,
): boolean {
  const rt = current();
  if (typeof rt === 'number') return false;
  return rt.audioEndpoints.unregister(token, wait === true);
}
