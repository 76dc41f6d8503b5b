/**
 * `XGameRuntimeInitialize` / `XGameRuntimeUninitialize`: the game runtime's lifetime. XUser calls
 * answer `E_GAMERUNTIME_NOT_INITIALIZED` outside it; each initialization starts a fresh identity
 * session from the emulated console (`@gdkts/xuser/testing`), and the last uninitialization leaves
 * no handle, registration, call state or task queue behind (xuser-xal.md §0 "Lifetimes").
 *
 * @module
 */
import { E_GAMEUSER_NO_TITLE_ID, S_OK, type HRESULT } from '@gdkts/hresult';
import { installedConsole } from './EmulatedConsole.js';
import { current, start, stop } from './internal/runtime.js';
import { deliverAudioEndpoint } from './XUserAudioEndpoints.js';
import { deliverDeviceAssociation } from './XUserDevices.js';
import { deliverChange } from './XUserEvents.js';

/**
 * Mirrors `XGameRuntimeInitialize`: initializes the game runtime. Calls nest: each must be paired
 * with an {@link XGameRuntimeUninitialize}.
 *
 * @returns `S_OK`; `E_GAMEUSER_NO_TITLE_ID` when no emulated console is set up (the runtime has no
 *   title: call `createEmulatedConsole` from `@gdkts/xuser/testing` first).
 */
export function XGameRuntimeInitialize(): HRESULT {
  const rt = current();
  if (typeof rt !== 'number') {
    rt.initCount++;
    return S_OK;
  }
  const console = installedConsole();
  if (console === undefined) return E_GAMEUSER_NO_TITLE_ID;
  start(console, { change: deliverChange, device: deliverDeviceAssociation, audio: deliverAudioEndpoint });
  return S_OK;
}

/**
 * Mirrors `XGameRuntimeUninitialize`: undoes one {@link XGameRuntimeInitialize}. The last one ends
 * the runtime: user and deferral handles stop resolving (`E_GAMERUNTIME_INVALID_HANDLE`),
 * registrations are dropped, calls still running complete with `E_ABORT`, sign-outs waiting on
 * deferrals finish. Does nothing when the runtime is not initialized.
 */
export function XGameRuntimeUninitialize(): void {
  const rt = current();
  if (typeof rt === 'number') return;
  if (--rt.initCount > 0) return;
  stop(rt);
}
