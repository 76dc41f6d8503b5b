/**
 * S7 — synchronous polling variant (samples.md §2 S7): Xbox-GDK-Samples `Kits/PlayFabGDK/PlayFabResources.cpp`
 * ported in ../src/PlayFabResources.ts. What it logs, and what the blocking waits return, for a good
 * token service, a failing one, a start that failed and a wait that can never finish natively.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  E_NO_TASK_QUEUE,
  E_POSSIBLE_DEADLOCK,
  INFINITE,
  S_OK,
  XTaskQueueCloseHandle,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
  XTaskQueueSetCurrentProcessTaskQueue,
  XTaskQueueTerminate,
} from '@gdkts/xasync';
import { useRuntimeSandbox } from '@gdkts/xasync/testing';
import { SAMPLE_SANDBOX, createOutput, createQueue, hex8 } from '../src/helpers.js';
import {
  E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED,
  PlayFabResources,
  XUserGetTokenAndSignatureOptions,
  user,
} from '../src/PlayFabResources.js';

useRuntimeSandbox({ beforeEach, afterEach }, SAMPLE_SANDBOX);

describe('S7 PlayFabResources: stack XAsyncBlock + XAsyncGetStatus(&async, true) + ResultSize/Result', () => {
  it('gets the token, logs in and cleans up without a callback or any dispatching by the caller', () => {
    const output = createOutput();
    const xuser = user();
    const resources = new PlayFabResources('A1B2C', xuser, output);

    expect(output.lines).toEqual([
      'Calling PFServicesInitialize',
      'Calling PFServiceConfigCreateHandle',
      'Calling XUserGetTokenAndSignatureAsync',
      'Calling XUserGetTokenAndSignatureResult',
    ]);
    expect(xuser.requests).toEqual([
      `GET https://playfabapi.com options=${XUserGetTokenAndSignatureOptions.ForceRefresh}`,
    ]);
    expect(resources.GetXboxToken()).toBe('XBL3.0 x=2814639011617876;token-for-https://playfabapi.com');
    expect(resources.g_playFabState.xuserTokenData!.signature).toBe('signature');

    resources.LoginToPlayFab();
    expect(output.lines.slice(4)).toEqual(['Calling PFAuthenticationLoginWithXUserAsync', 'PFEntityGetEntityKey']);
    expect(resources.GetPlayerEntityKey()).toEqual({ id: 'E-A1B2C', type: 'title_player_account' });

    const entity = resources.GetEntityHandle()!;
    resources.Destroy();
    expect(output.lines.slice(6)).toEqual([
      'PFEntityCloseHandle',
      'PFServiceConfigCloseHandle',
      'PFServicesUninitializeAsync',
    ]);
    expect(entity.closed).toBe(true);
  });

  it("a failed token request: the wait returns the call's failure, logged under the …Async name", () => {
    const output = createOutput();
    new PlayFabResources('A1B2C', user(E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED), output).Destroy();
    expect(output.lines).toEqual([
      'Calling PFServicesInitialize',
      'Calling PFServiceConfigCreateHandle',
      'Calling XUserGetTokenAndSignatureAsync',
      'Error calling XUserGetTokenAndSignatureAsync : 0x89245102',
      'PFServiceConfigCloseHandle',
      'PFServicesUninitializeAsync',
    ]);
  });

  it('a start that failed: the sample overwrites its HRESULT with the wait, which returns the same failure (the block keeps it)', () => {
    // With the process task queue set to null, XAsyncBegin fails with E_NO_TASK_QUEUE before any provider op.
    XTaskQueueSetCurrentProcessTaskQueue(null);
    const output = createOutput();
    const resources = new PlayFabResources('A1B2C', user(), output);
    expect(output.lines.slice(2)).toEqual([
      'Calling XUserGetTokenAndSignatureAsync',
      `Error calling XUserGetTokenAndSignatureAsync : 0x${hex8(E_NO_TASK_QUEUE)}`,
    ]);
    expect(hex8(E_NO_TASK_QUEUE)).toBe('800701AB');
    resources.Destroy(); // its PFServicesUninitializeAsync fails the same way; Cleanup does not look
    expect(output.lines.slice(4)).toEqual(['PFServiceConfigCloseHandle', 'PFServicesUninitializeAsync']);
  });

  it('a process queue whose Work port is Manual and not dispatched: the native wait never returns; the emulation returns E_POSSIBLE_DEADLOCK', () => {
    const manual = createQueue(XTaskQueueDispatchMode.Manual, XTaskQueueDispatchMode.Manual);
    XTaskQueueSetCurrentProcessTaskQueue(manual);
    const output = createOutput();
    const xuser = user();
    const resources = new PlayFabResources('A1B2C', xuser, output);
    expect(output.lines.slice(2)).toEqual([
      'Calling XUserGetTokenAndSignatureAsync',
      `Error calling XUserGetTokenAndSignatureAsync : 0x${hex8(E_POSSIBLE_DEADLOCK)}`,
    ]);
    expect(xuser.requests).toEqual([]); // the work never ran

    // Cleanup's PFServicesUninitializeAsync waits the same way (and ignores the result).
    resources.Destroy();
    expect(output.lines.slice(4)).toEqual(['PFServiceConfigCloseHandle', 'PFServicesUninitializeAsync']);

    // Both calls are still queued. Terminating the queue cancels them (DoWork sees canceled=true, the calls
    // end with E_ABORT), so nothing is left behind.
    expect(XTaskQueueTerminate(manual, false, null, null)).toBe(S_OK);
    while (XTaskQueueDispatch(manual, XTaskQueuePort.Work, INFINITE));
    while (XTaskQueueDispatch(manual, XTaskQueuePort.Completion, INFINITE));
    expect(xuser.requests).toEqual([]);
    XTaskQueueCloseHandle(manual);
  });
});
