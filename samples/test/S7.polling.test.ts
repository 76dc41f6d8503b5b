/**
 * S7 — synchronous polling variant (samples.md §2 S7).
 * Sample: Xbox-GDK-Samples `Kits/PlayFabGDK/PlayFabResources.cpp` (`Initialize`, `RequestXUserToken`,
 * `LoginToPlayFab`, `Cleanup`): a stack `XAsyncBlock async{}` with no queue and no callback, the
 * `…Async` call, then `hr = XAsyncGetStatus(&async, true)` and the ResultSize / Result pair.
 *
 * There is no XUser or PlayFab package in this repository, so `XUserGetTokenAndSignature*`,
 * `PFServices*`, `PFServiceConfig*`, `PFAuthenticationLoginWithXUser*` and `PFEntity*` are stand-ins
 * written the way GDK async APIs are built (XAsyncBegin, work on the block's queue — here the process
 * task queue — and a byte payload fetched with XAsyncGetResultSize / XAsyncGetResult). They stand for
 * the services; what is under test is the kit's calling pattern on the runtime.
 *
 * The blocking wait lets emulated time pass (xasync-api.md §5): it runs the thread-pool work the
 * native wait would wait for. Where the wait could never finish natively, it returns
 * E_POSSIBLE_DEADLOCK, which the kit's code logs like any other failure.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  E_NO_TASK_QUEUE,
  E_POSSIBLE_DEADLOCK,
  FAILED,
  INFINITE,
  S_OK,
  SUCCEEDED,
  XAsyncBegin,
  XAsyncComplete,
  XAsyncGetResult,
  XAsyncGetResultSize,
  XAsyncGetStatus,
  XAsyncOp,
  XAsyncSchedule,
  XTaskQueueCloseHandle,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
  XTaskQueueSetCurrentProcessTaskQueue,
  XTaskQueueTerminate,
  type HRESULT,
  type Out,
  type XAsyncBlock,
} from '@gdkts/xasync';
import { useRuntimeSandbox } from '@gdkts/xasync/testing';
import { SAMPLE_SANDBOX, createOutput, createQueue, hex8, type SampleOutput } from '../src/helpers.js';

useRuntimeSandbox({ beforeEach, afterEach }, SAMPLE_SANDBOX);

const E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED = 0x89245102 | 0;

// ---------------------------------------------------------------------------------------------
// Stand-ins for the XUser and PlayFab services
// ---------------------------------------------------------------------------------------------

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A GDK-style async API: work on the block's queue, an optional byte payload, the two-step result. */
function defineAsyncApi<A extends unknown[]>(name: string, work: (...args: A) => { hr: HRESULT; payload?: Uint8Array }) {
  const identity = { name };
  return {
    start(async: XAsyncBlock, ...args: A): HRESULT {
      const context: { payload: Uint8Array } = { payload: new Uint8Array(0) };
      return XAsyncBegin(async, context, identity, name, (op, data) => {
        switch (op) {
          case XAsyncOp.Begin:
            return XAsyncSchedule(data.async, 0);
          case XAsyncOp.DoWork: {
            const { hr, payload } = work(...args);
            context.payload = payload ?? context.payload;
            XAsyncComplete(data.async, hr, context.payload.length);
            return S_OK;
          }
          case XAsyncOp.GetResult:
            data.buffer!.set(context.payload);
            return S_OK;
          default:
            return S_OK;
        }
      });
    },
    result(async: XAsyncBlock, bufferSize: number, buffer: Uint8Array, bufferUsed: Out<number> | null): HRESULT {
      return XAsyncGetResult(async, identity, bufferSize, buffer, bufferUsed);
    },
  };
}

interface XUserHandle {
  readonly xuid: bigint;
  /** What the token service answers (S_OK: a token). */
  tokenResult: HRESULT;
  /** The requests it received. */
  readonly requests: string[];
}

const XUserGetTokenAndSignatureOptions = { None: 0, ForceRefresh: 1, AllUsers: 2 } as const;

interface XUserGetTokenAndSignatureData {
  tokenSize: number;
  signatureSize: number;
  token: string;
  signature: string | null;
}

const tokenApi = defineAsyncApi('XUserGetTokenAndSignatureAsync', (user: XUserHandle, options: number, method: string, url: string) => {
  user.requests.push(`${method} ${url} options=${options}`);
  if (FAILED(user.tokenResult)) return { hr: user.tokenResult };
  return { hr: S_OK, payload: encoder.encode(`XBL3.0 x=${user.xuid};token-for-${url}\0signature\0`) };
});

function XUserGetTokenAndSignatureAsync(
  user: XUserHandle,
  options: number,
  method: string,
  url: string,
  headerCount: number,
  headers: null,
  bodySize: number,
  bodyBuffer: null,
  async: XAsyncBlock,
): HRESULT {
  void headerCount;
  void headers;
  void bodySize;
  void bodyBuffer;
  return tokenApi.start(async, user, options, method, url);
}

function XUserGetTokenAndSignatureResultSize(async: XAsyncBlock, bufferSize: Out<number>): HRESULT {
  return XAsyncGetResultSize(async, bufferSize);
}

function XUserGetTokenAndSignatureResult(
  async: XAsyncBlock,
  bufferSize: number,
  buffer: Uint8Array,
  ptrToBuffer: Out<XUserGetTokenAndSignatureData | null>,
  bufferUsed: Out<number> | null,
): HRESULT {
  const hr = tokenApi.result(async, bufferSize, buffer, bufferUsed);
  if (SUCCEEDED(hr)) {
    const [token = '', signature = ''] = decoder.decode(buffer).split('\0');
    ptrToBuffer.value = { tokenSize: token.length + 1, signatureSize: signature.length + 1, token, signature };
  }
  return hr;
}

interface PFServiceConfigHandle {
  readonly endpoint: string;
  readonly titleId: string;
}
interface PFEntityHandle {
  readonly key: Uint8Array;
  closed: boolean;
}
interface PFEntityKey {
  id: string;
  type: string;
}
interface PFAuthenticationLoginResult {
  playFabId: string;
  newlyCreated: boolean;
}
interface PFAuthenticationLoginWithXUserRequest {
  createAccount: boolean;
  user: XUserHandle | null;
}

function PFServicesInitialize(queue: null): HRESULT {
  void queue;
  return S_OK;
}

function PFServiceConfigCreateHandle(endpoint: string, titleId: string, handle: Out<PFServiceConfigHandle | null>): HRESULT {
  handle.value = { endpoint, titleId };
  return S_OK;
}

function PFServiceConfigCloseHandle(handle: PFServiceConfigHandle): void {
  void handle;
}

const uninitializeApi = defineAsyncApi('PFServicesUninitializeAsync', () => ({ hr: S_OK }));
function PFServicesUninitializeAsync(async: XAsyncBlock): HRESULT {
  return uninitializeApi.start(async);
}

const loginApi = defineAsyncApi('PFAuthenticationLoginWithXUserAsync', (config: PFServiceConfigHandle, request: PFAuthenticationLoginWithXUserRequest) => {
  const login = { playFabId: `PF-${request.user!.xuid}`, newlyCreated: request.createAccount, entity: { id: `E-${config.titleId}`, type: 'title_player_account' } };
  return { hr: S_OK, payload: encoder.encode(JSON.stringify(login)) };
});

function PFAuthenticationLoginWithXUserAsync(serviceConfigHandle: PFServiceConfigHandle, request: PFAuthenticationLoginWithXUserRequest, async: XAsyncBlock): HRESULT {
  return loginApi.start(async, serviceConfigHandle, request);
}

function PFAuthenticationLoginWithXUserGetResultSize(async: XAsyncBlock, bufferSize: Out<number>): HRESULT {
  return XAsyncGetResultSize(async, bufferSize);
}

function PFAuthenticationLoginWithXUserGetResult(
  async: XAsyncBlock,
  entityHandle: Out<PFEntityHandle | null>,
  bufferSize: number,
  buffer: Uint8Array,
  result: Out<PFAuthenticationLoginResult | null>,
  bufferUsed: Out<number> | null,
): HRESULT {
  const hr = loginApi.result(async, bufferSize, buffer, bufferUsed);
  if (SUCCEEDED(hr)) {
    const login = JSON.parse(decoder.decode(buffer)) as PFAuthenticationLoginResult & { entity: PFEntityKey };
    entityHandle.value = { key: encoder.encode(JSON.stringify(login.entity)), closed: false };
    result.value = { playFabId: login.playFabId, newlyCreated: login.newlyCreated };
  }
  return hr;
}

function PFEntityGetEntityKeySize(entityHandle: PFEntityHandle, size: Out<number>): HRESULT {
  size.value = entityHandle.key.length;
  return S_OK;
}

function PFEntityGetEntityKey(entityHandle: PFEntityHandle, bufferSize: number, buffer: Uint8Array, entityKey: Out<PFEntityKey | null>, bufferUsed: null): HRESULT {
  void bufferUsed;
  buffer.set(entityHandle.key.subarray(0, bufferSize));
  entityKey.value = JSON.parse(decoder.decode(buffer)) as PFEntityKey;
  return S_OK;
}

function PFEntityCloseHandle(entityHandle: PFEntityHandle): void {
  entityHandle.closed = true;
}

// ---------------------------------------------------------------------------------------------
// Port of PlayFabResources.cpp
// ---------------------------------------------------------------------------------------------

interface SharedState {
  xuserHandle: XUserHandle | null;
  xuserTokenData: XUserGetTokenAndSignatureData | null;
  xuserTokenBuffer: Uint8Array;
  serviceConfigHandle: PFServiceConfigHandle | null;
  entityHandle: PFEntityHandle | null;
  entityHandleBuffer: Uint8Array;
  pEntityKey: PFEntityKey | null;
}

class PlayFabResources {
  readonly g_playFabState: SharedState = {
    xuserHandle: null,
    xuserTokenData: null,
    xuserTokenBuffer: new Uint8Array(0),
    serviceConfigHandle: null,
    entityHandle: null,
    entityHandleBuffer: new Uint8Array(0),
    pEntityKey: null,
  };

  /** native: `Log(format, …)` → OutputDebugStringA. */
  private readonly Log: (line: string) => void;

  constructor(titleId: string, xuser: XUserHandle, output: SampleOutput) {
    this.Log = output.Log;
    this.Initialize(titleId, xuser);
  }

  /** native: the destructor. */
  Destroy(): void {
    this.Cleanup();
  }

  Initialize(titleId: string, xuser: XUserHandle): void {
    const g_playFabState = this.g_playFabState;
    g_playFabState.xuserHandle = xuser;
    const endpoint = `https://${titleId}.playfabapi.com`;

    this.Log('Calling PFServicesInitialize');
    let hr = PFServicesInitialize(null);

    if (SUCCEEDED(hr)) {
      this.Log('Calling PFServiceConfigCreateHandle');
      hr = PFServiceConfigCreateHandle(endpoint, titleId, {
        get value() {
          return g_playFabState.serviceConfigHandle;
        },
        set value(v) {
          g_playFabState.serviceConfigHandle = v;
        },
      });

      if (SUCCEEDED(hr)) {
        this.RequestXUserToken();
      } else {
        this.Log(`Error calling PFServiceConfigCreateHandle : 0x${hex8(hr)}`);
      }
    } else {
      this.Log(`Error calling PFServicesInitialize : 0x${hex8(hr)}`);
    }
  }

  Cleanup(): void {
    const g_playFabState = this.g_playFabState;
    if (g_playFabState.entityHandle) {
      PFEntityCloseHandle(g_playFabState.entityHandle);
      g_playFabState.entityHandle = null;
      this.Log('PFEntityCloseHandle');
    }

    if (g_playFabState.serviceConfigHandle) {
      PFServiceConfigCloseHandle(g_playFabState.serviceConfigHandle);
      this.Log('PFServiceConfigCloseHandle');

      const async: XAsyncBlock = {}; // native: XAsyncBlock async{};
      PFServicesUninitializeAsync(async);
      XAsyncGetStatus(async, true);
      this.Log('PFServicesUninitializeAsync');
    }
  }

  RequestXUserToken(): void {
    const g_playFabState = this.g_playFabState;
    this.Log('Calling XUserGetTokenAndSignatureAsync');

    const options = XUserGetTokenAndSignatureOptions.ForceRefresh;

    const async: XAsyncBlock = {}; // native: XAsyncBlock async{};
    let hr = XUserGetTokenAndSignatureAsync(g_playFabState.xuserHandle!, options, 'GET', 'https://playfabapi.com', 0, null, 0, null, async);
    hr = XAsyncGetStatus(async, true);

    if (SUCCEEDED(hr)) {
      const bufferSize = { value: 0 };
      hr = XUserGetTokenAndSignatureResultSize(async, bufferSize);
      g_playFabState.xuserTokenBuffer = new Uint8Array(bufferSize.value); // native: resize

      this.Log('Calling XUserGetTokenAndSignatureResult');
      const xuserTokenData = { value: g_playFabState.xuserTokenData };
      hr = XUserGetTokenAndSignatureResult(async, g_playFabState.xuserTokenBuffer.length, g_playFabState.xuserTokenBuffer, xuserTokenData, null);
      g_playFabState.xuserTokenData = xuserTokenData.value;

      if (FAILED(hr)) {
        this.Log(`Error calling XUserGetTokenAndSignatureResult : 0x${hex8(hr)}`);
      }
    } else {
      this.Log(`Error calling XUserGetTokenAndSignatureAsync : 0x${hex8(hr)}`);
    }
  }

  LoginToPlayFab(): void {
    const g_playFabState = this.g_playFabState;
    this.Log('Calling PFAuthenticationLoginWithXUserAsync');

    const request: PFAuthenticationLoginWithXUserRequest = { createAccount: false, user: null }; // native: request{}
    request.createAccount = true;
    request.user = g_playFabState.xuserHandle;

    const async: XAsyncBlock = {}; // native: XAsyncBlock async{};
    let hr = PFAuthenticationLoginWithXUserAsync(g_playFabState.serviceConfigHandle!, request, async);
    hr = XAsyncGetStatus(async, true);

    if (SUCCEEDED(hr)) {
      const loginResult = { value: null as PFAuthenticationLoginResult | null };
      const bufferSize = { value: 0 };
      hr = PFAuthenticationLoginWithXUserGetResultSize(async, bufferSize);
      const loginResultBuffer = new Uint8Array(bufferSize.value); // native: resize

      const entityHandle = { value: g_playFabState.entityHandle };
      hr = PFAuthenticationLoginWithXUserGetResult(async, entityHandle, loginResultBuffer.length, loginResultBuffer, loginResult, null);
      g_playFabState.entityHandle = entityHandle.value;

      if (SUCCEEDED(hr)) {
        const size = { value: 0 };
        hr = PFEntityGetEntityKeySize(g_playFabState.entityHandle!, size);
        g_playFabState.entityHandleBuffer = new Uint8Array(size.value); // native: resize

        this.Log('PFEntityGetEntityKey');
        const pEntityKey = { value: g_playFabState.pEntityKey };
        hr = PFEntityGetEntityKey(g_playFabState.entityHandle!, g_playFabState.entityHandleBuffer.length, g_playFabState.entityHandleBuffer, pEntityKey, null);
        g_playFabState.pEntityKey = pEntityKey.value;

        if (FAILED(hr)) {
          this.Log(`Error calling PFEntityGetEntityKey : 0x${hex8(hr)}`);
        }
      } else {
        this.Log(`Error calling PFAuthenticationLoginWithXUserGetResult : 0x${hex8(hr)}`);
      }
    } else {
      this.Log(`Error calling PFAuthenticationLoginWithXUserAsync : 0x${hex8(hr)}`);
    }
  }

  GetEntityHandle(): PFEntityHandle | null {
    return this.g_playFabState.entityHandle;
  }

  GetPlayerEntityKey(): PFEntityKey | null {
    return this.g_playFabState.pEntityKey;
  }

  GetXboxToken(): string {
    return this.g_playFabState.xuserTokenData!.token;
  }
}

function user(tokenResult: HRESULT = S_OK): XUserHandle {
  return { xuid: 2814639011617876n, tokenResult, requests: [] };
}

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
    expect(xuser.requests).toEqual([`GET https://playfabapi.com options=${XUserGetTokenAndSignatureOptions.ForceRefresh}`]);
    expect(resources.GetXboxToken()).toBe('XBL3.0 x=2814639011617876;token-for-https://playfabapi.com');
    expect(resources.g_playFabState.xuserTokenData!.signature).toBe('signature');

    resources.LoginToPlayFab();
    expect(output.lines.slice(4)).toEqual(['Calling PFAuthenticationLoginWithXUserAsync', 'PFEntityGetEntityKey']);
    expect(resources.GetPlayerEntityKey()).toEqual({ id: 'E-A1B2C', type: 'title_player_account' });

    const entity = resources.GetEntityHandle()!;
    resources.Destroy();
    expect(output.lines.slice(6)).toEqual(['PFEntityCloseHandle', 'PFServiceConfigCloseHandle', 'PFServicesUninitializeAsync']);
    expect(entity.closed).toBe(true);
  });

  it('a failed token request: the wait returns the call\'s failure, logged under the …Async name', () => {
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
    expect(output.lines.slice(2)).toEqual(['Calling XUserGetTokenAndSignatureAsync', `Error calling XUserGetTokenAndSignatureAsync : 0x${hex8(E_NO_TASK_QUEUE)}`]);
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
    expect(output.lines.slice(2)).toEqual(['Calling XUserGetTokenAndSignatureAsync', `Error calling XUserGetTokenAndSignatureAsync : 0x${hex8(E_POSSIBLE_DEADLOCK)}`]);
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
