/**
 * S7 on `@gdkts/xuser` (samples.md §2 S7): `PlayFabResources::RequestXUserToken` of
 * Xbox-GDK-Samples `Kits/PlayFabGDK/PlayFabResources.cpp` against the real XUser emulation instead
 * of ./PlayFabResources.ts's stand-in: a stack `XAsyncBlock async{}` (no queue, no callback),
 * `XUserGetTokenAndSignatureAsync(ForceRefresh, "GET", "https://playfabapi.com", 0, nullptr, 0,
 * nullptr, &async)`, a wait, then the ResultSize / Result pair. XUser's work awaits real promises
 * (keys, the token service), which a blocking `XAsyncGetStatus(&async, true)` cannot let run on a JS
 * thread: the port waits with the awaitable twin, `XAsyncGetStatusAsync` (samples.md §6 "Blocking calls").
 * @module
 */
import { FAILED, SUCCEEDED, hresultHex } from '@gdkts/hresult';
import { XAsyncGetStatusAsync, out, type XAsyncBlock } from '@gdkts/xasync';
import {
  XUserAddAsync,
  XUserAddOptions,
  XUserAddResult,
  XUserCloseHandle,
  XUserGetTokenAndSignatureAsync,
  XUserGetTokenAndSignatureOptions,
  XUserGetTokenAndSignatureResult,
  XUserGetTokenAndSignatureResultSize,
  type XUserGetTokenAndSignatureData,
  type XUserHandle,
} from '@gdkts/xuser';
import { bootTestConsole, uninitializeGameRuntime } from '@gdkts/xuser/testing';
import { ThrowIfFailed } from './helpers.js';

/**
 * native: `void PlayFabResources::RequestXUserToken()`.
 * @param xuserHandle - [in] the signed-in user.
 * @param Log - [in] the kit's log.
 * @returns the token data (null on failure; the failure is logged).
 */
export async function RequestXUserToken(
  xuserHandle: XUserHandle,
  Log: (line: string) => void,
): Promise<XUserGetTokenAndSignatureData | null> {
  Log('Calling XUserGetTokenAndSignatureAsync');
  const options = XUserGetTokenAndSignatureOptions.ForceRefresh;
  const async: XAsyncBlock = {}; // native: XAsyncBlock async{};
  let hr = XUserGetTokenAndSignatureAsync(
    xuserHandle,
    options,
    'GET',
    'https://playfabapi.com',
    0,
    null,
    0,
    null,
    async,
  );
  // native: hr = XAsyncGetStatus(&async, true);
  if (SUCCEEDED(hr)) hr = await XAsyncGetStatusAsync(async);
  let xuserTokenData: XUserGetTokenAndSignatureData | null = null;
  if (SUCCEEDED(hr)) {
    const bufferSize = out(0);
    hr = XUserGetTokenAndSignatureResultSize(async, bufferSize);
    if (SUCCEEDED(hr)) {
      const xuserTokenBuffer = new Uint8Array(bufferSize.value); // native: resize
      Log('Calling XUserGetTokenAndSignatureResult');
      const data = out<XUserGetTokenAndSignatureData | null>(null);
      hr = XUserGetTokenAndSignatureResult(async, xuserTokenBuffer.length, xuserTokenBuffer, data, null);
      xuserTokenData = data.value;
    }
  }
  if (FAILED(hr)) Log(`Error calling XUserGetTokenAndSignatureResult : ${hresultHex(hr)}`);
  return xuserTokenData;
}

/**
 * The kit on the emulated console whose endpoint configuration maps `playfabapi.com` (no signature
 * policy): the default user signed in silently (stack block, awaited), then RequestXUserToken.
 * @param Log - [in] the kit's log.
 * @returns once the user handle is closed and the runtime uninitialized.
 */
export async function PlayFabXUserMain(Log: (line: string) => void): Promise<void> {
  await bootTestConsole({
    accounts: [{ gamertag: 'Fab', xuid: '2814650000000007' }],
    endpoints: {
      EndPoints: [
        {
          Protocol: 'https',
          Host: 'playfabapi.com',
          HostType: 'fqdn',
          RelyingParty: 'rp://contoso.test/',
          TokenType: 'JWT',
        },
      ],
    },
  });
  const user = out<XUserHandle | null>(null);
  try {
    const add: XAsyncBlock = {};
    ThrowIfFailed(XUserAddAsync(XUserAddOptions.AddDefaultUserSilently, add));
    ThrowIfFailed(await XAsyncGetStatusAsync(add));
    ThrowIfFailed(XUserAddResult(add, user));
    const data = await RequestXUserToken(user.value!, Log);
    if (data !== null) {
      const userHash = /^XBL3\.0 x=(\d+);/.exec(data.token)?.[1];
      Log(`GetXboxToken() = XBL3.0 x=${userHash === undefined ? '?' : '<userhash>'};<token>`);
      Log(`signature: ${data.signature === null ? 'nullptr (playfabapi.com has no signature policy)' : 'present'}`);
    }
  } finally {
    XUserCloseHandle(user.value);
    uninitializeGameRuntime();
  }
}
