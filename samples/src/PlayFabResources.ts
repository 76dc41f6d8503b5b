/**
 * S7 — synchronous polling variant (samples.md §2 S7): the port. Run it with `pnpm sample S7`
 * (./S7.polling.ts); its test is samples/test/S7.polling.test.ts.
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
 * @module
 */
import {
  FAILED,
  S_OK,
  SUCCEEDED,
  XAsyncBegin,
  XAsyncComplete,
  XAsyncGetResult,
  XAsyncGetResultSize,
  XAsyncGetStatus,
  XAsyncOp,
  XAsyncSchedule,
  type HRESULT,
  type Out,
  type XAsyncBlock,
} from '@gdkts/xasync';
import { hex8, type SampleOutput } from './helpers.js';

export const E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED = 0x89245102 | 0;

// ---------------------------------------------------------------------------------------------
// Stand-ins for the XUser and PlayFab services
// ---------------------------------------------------------------------------------------------

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A GDK-style async API: work on the block's queue, an optional byte payload, the two-step result. */
function defineAsyncApi<A extends unknown[]>(
  name: string,
  work: (...args: A) => { hr: HRESULT; payload?: Uint8Array },
) {
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

export interface XUserHandle {
  readonly xuid: bigint;
  /** What the token service answers (S_OK: a token). */
  tokenResult: HRESULT;
  /** The requests it received. */
  readonly requests: string[];
}

export const XUserGetTokenAndSignatureOptions = { None: 0, ForceRefresh: 1, AllUsers: 2 } as const;

export interface XUserGetTokenAndSignatureData {
  tokenSize: number;
  signatureSize: number;
  token: string;
  signature: string | null;
}

const tokenApi = defineAsyncApi(
  'XUserGetTokenAndSignatureAsync',
  (user: XUserHandle, options: number, method: string, url: string) => {
    user.requests.push(`${method} ${url} options=${options}`);
    if (FAILED(user.tokenResult)) return { hr: user.tokenResult };
    return { hr: S_OK, payload: encoder.encode(`XBL3.0 x=${user.xuid};token-for-${url}\0signature\0`) };
  },
);

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

export interface PFServiceConfigHandle {
  readonly endpoint: string;
  readonly titleId: string;
}
export interface PFEntityHandle {
  readonly key: Uint8Array;
  closed: boolean;
}
export interface PFEntityKey {
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

function PFServiceConfigCreateHandle(
  endpoint: string,
  titleId: string,
  handle: Out<PFServiceConfigHandle | null>,
): HRESULT {
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

const loginApi = defineAsyncApi(
  'PFAuthenticationLoginWithXUserAsync',
  (config: PFServiceConfigHandle, request: PFAuthenticationLoginWithXUserRequest) => {
    const login = {
      playFabId: `PF-${request.user!.xuid}`,
      newlyCreated: request.createAccount,
      entity: { id: `E-${config.titleId}`, type: 'title_player_account' },
    };
    return { hr: S_OK, payload: encoder.encode(JSON.stringify(login)) };
  },
);

function PFAuthenticationLoginWithXUserAsync(
  serviceConfigHandle: PFServiceConfigHandle,
  request: PFAuthenticationLoginWithXUserRequest,
  async: XAsyncBlock,
): HRESULT {
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

function PFEntityGetEntityKey(
  entityHandle: PFEntityHandle,
  bufferSize: number,
  buffer: Uint8Array,
  entityKey: Out<PFEntityKey | null>,
  bufferUsed: null,
): HRESULT {
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

export interface SharedState {
  xuserHandle: XUserHandle | null;
  xuserTokenData: XUserGetTokenAndSignatureData | null;
  xuserTokenBuffer: Uint8Array;
  serviceConfigHandle: PFServiceConfigHandle | null;
  entityHandle: PFEntityHandle | null;
  entityHandleBuffer: Uint8Array;
  pEntityKey: PFEntityKey | null;
}

/** Kits/PlayFabGDK/PlayFabResources.cpp. */
export class PlayFabResources {
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
    // eslint-disable-next-line no-useless-assignment -- mirrors the C++ line `HRESULT hr = XUserGetTokenAndSignatureAsync(…)`, overwritten by the wait as the native sample does
    let hr = XUserGetTokenAndSignatureAsync(
      g_playFabState.xuserHandle!,
      options,
      'GET',
      'https://playfabapi.com',
      0,
      null,
      0,
      null,
      async,
    );
    hr = XAsyncGetStatus(async, true);

    if (SUCCEEDED(hr)) {
      const bufferSize = { value: 0 };
      // eslint-disable-next-line no-useless-assignment -- mirrors the C++ line `hr = XUserGetTokenAndSignatureResultSize(…)`, its result unchecked as in the native sample
      hr = XUserGetTokenAndSignatureResultSize(async, bufferSize);
      g_playFabState.xuserTokenBuffer = new Uint8Array(bufferSize.value); // native: resize

      this.Log('Calling XUserGetTokenAndSignatureResult');
      const xuserTokenData = { value: g_playFabState.xuserTokenData };
      hr = XUserGetTokenAndSignatureResult(
        async,
        g_playFabState.xuserTokenBuffer.length,
        g_playFabState.xuserTokenBuffer,
        xuserTokenData,
        null,
      );
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
    // eslint-disable-next-line no-useless-assignment -- mirrors the C++ line `HRESULT hr = PFAuthenticationLoginWithXUserAsync(…)`, overwritten by the wait as the native sample does
    let hr = PFAuthenticationLoginWithXUserAsync(g_playFabState.serviceConfigHandle!, request, async);
    hr = XAsyncGetStatus(async, true);

    if (SUCCEEDED(hr)) {
      const loginResult = { value: null as PFAuthenticationLoginResult | null };
      const bufferSize = { value: 0 };
      // eslint-disable-next-line no-useless-assignment -- mirrors the C++ line `hr = PFAuthenticationLoginWithXUserGetResultSize(…)`, its result unchecked as in the native sample
      hr = PFAuthenticationLoginWithXUserGetResultSize(async, bufferSize);
      const loginResultBuffer = new Uint8Array(bufferSize.value); // native: resize

      const entityHandle = { value: g_playFabState.entityHandle };
      hr = PFAuthenticationLoginWithXUserGetResult(
        async,
        entityHandle,
        loginResultBuffer.length,
        loginResultBuffer,
        loginResult,
        null,
      );
      g_playFabState.entityHandle = entityHandle.value;

      if (SUCCEEDED(hr)) {
        const size = { value: 0 };
        // eslint-disable-next-line no-useless-assignment -- mirrors the C++ line `hr = PFEntityGetEntityKeySize(…)`, its result unchecked as in the native sample
        hr = PFEntityGetEntityKeySize(g_playFabState.entityHandle!, size);
        g_playFabState.entityHandleBuffer = new Uint8Array(size.value); // native: resize

        this.Log('PFEntityGetEntityKey');
        const pEntityKey = { value: g_playFabState.pEntityKey };
        hr = PFEntityGetEntityKey(
          g_playFabState.entityHandle!,
          g_playFabState.entityHandleBuffer.length,
          g_playFabState.entityHandleBuffer,
          pEntityKey,
          null,
        );
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

/** The signed-in user the kit is given (its token service answers `tokenResult`). */
export function user(tokenResult: HRESULT = S_OK): XUserHandle {
  return { xuid: 2814639011617876n, tokenResult, requests: [] };
}
