/**
 * `@gdkts/xuser/promises`: Promise forms of the XUser calls, built on the native functions through
 * `@gdkts/xasync/promises` (each rejects with `HResultError` carrying the native HRESULT), and a
 * `fetch`-style helper that signs a request, sends it, and on a 401 gets a fresh token with
 * `ForceRefresh` and retries once, as XSAPI does (xuser-xal.md §3.3).
 *
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import { XGameRuntimeInitialize, XGameRuntimeUninitialize, XUserCloseHandle } from '@gdkts/xuser';
 * import { addUser, getTokenAndSignature } from '@gdkts/xuser/promises';
 * import { createEmulatedConsole } from '@gdkts/xuser/testing';
 * await createEmulatedConsole({
 *   titleId: 0x1234abcd,
 *   configDirectory: null,
 *   accounts: [{ gamertag: 'Alice' }],
 *   endpoints: { EndPoints: [{ Protocol: 'https', Host: 'api.contoso.com', HostType: 'fqdn', RelyingParty: 'rp://contoso.com/', TokenType: 'JWT' }] },
 * });
 * XGameRuntimeInitialize();
 * const user = await addUser();
 * const { token, signature } = await getTokenAndSignature(user, { url: 'https://api.contoso.com/v1/items' });
 * assert.ok(token.startsWith('XBL3.0 x=') && signature === null);
 * // xboxLiveFetch(user, url, init) sends such a request with these headers, retrying once on a 401.
 * XUserCloseHandle(user);
 * XGameRuntimeUninitialize();
 * ```
 * @packageDocumentation
 */
import { E_GAMEUSER_NO_TOKEN_REQUIRED, isHResultError } from '@gdkts/hresult';
import { fromAsync, type CallOptions } from '@gdkts/xasync/promises';
import type { Out } from '@gdkts/xasync';
import { out } from '@gdkts/xasync';
import { XUserAddOptions, XUserGetTokenAndSignatureOptions } from './types.js';
import type { XUserGetTokenAndSignatureData, XUserHandle } from './types.js';
import { XUserAddAsync, XUserAddResult } from './XUser.js';
import { XUserGetTokenAndSignatureAsync, XUserGetTokenAndSignatureResult, XUserGetTokenAndSignatureResultSize } from './XUserTokenAndSignature.js';

/**
 * Adds a user: `XUserAddAsync` + `XUserAddResult`.
 *
 * @param options - [in] {@link XUserAddOptions} flags; default `AddDefaultUserSilently`.
 * @param call - [in, optional] queue and abort signal.
 * @returns a Promise of the new handle (close it with `XUserCloseHandle`); rejects with
 *   `HResultError` (`E_GAMEUSER_NO_DEFAULT_USER`, `E_ABORT`, …).
 */
export function addUser(options: number = XUserAddOptions.AddDefaultUserSilently, call: CallOptions = {}): Promise<XUserHandle> {
  return fromAsync<XUserHandle>(
    'XUserAddAsync',
    (block) => XUserAddAsync(options, block),
    (block, result) => XUserAddResult(block, result as Out<XUserHandle | null>),
    call,
  );
}

/** The request of {@link getTokenAndSignature}. */
export interface TokenAndSignatureRequest extends CallOptions {
  /** HTTP method. Default `GET`. */
  readonly method?: string;
  /** The full request URL. */
  readonly url: string;
  /** The headers the request will carry (a signature policy may cover some). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The body the request will carry. */
  readonly body?: Uint8Array | string;
  /** Bypass the token cache (after a 401). */
  readonly forceRefresh?: boolean;
  /** A token for every added user (`x=*`). */
  readonly allUsers?: boolean;
}

/** What {@link getTokenAndSignature} resolves to: the two header values. */
export interface TokenAndSignature {
  /** The `Authorization` value. */
  readonly token: string;
  /** The `Signature` value, or `null` when the endpoint has no signature policy. */
  readonly signature: string | null;
}

function bodyBytes(body: Uint8Array | string | undefined): Uint8Array | null {
  if (body === undefined) return null;
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return bytes.length === 0 ? null : bytes;
}

/**
 * The token and signature for one request: `XUserGetTokenAndSignatureAsync` + ResultSize + Result.
 *
 * @param user - [in] a user handle.
 * @param request - [in] method, URL, headers, body, options, queue and abort signal.
 * @returns a Promise of `{ token, signature }`; rejects with `HResultError`
 *   (`E_GAMEUSER_NO_TOKEN_REQUIRED` for an unmapped URL, `E_ABORT` when aborted, …).
 */
export function getTokenAndSignature(user: XUserHandle, request: TokenAndSignatureRequest): Promise<TokenAndSignature> {
  const headers = Object.entries(request.headers ?? {}).map(([name, value]) => ({ name, value }));
  const body = bodyBytes(request.body);
  const options =
    (request.forceRefresh === true ? XUserGetTokenAndSignatureOptions.ForceRefresh : 0) | (request.allUsers === true ? XUserGetTokenAndSignatureOptions.AllUsers : 0);
  return fromAsync<TokenAndSignature>(
    'XUserGetTokenAndSignatureAsync',
    (block) => XUserGetTokenAndSignatureAsync(user, options, request.method ?? 'GET', request.url, headers.length, headers.length === 0 ? null : headers, body?.length ?? 0, body, block),
    (block, result) => {
      const size = out(0);
      let hr = XUserGetTokenAndSignatureResultSize(block, size);
      if (hr < 0) return hr;
      const data = out<XUserGetTokenAndSignatureData | null>(null);
      hr = XUserGetTokenAndSignatureResult(block, size.value, new Uint8Array(size.value), data, null);
      if (hr >= 0 && data.value !== null) result.value = { token: data.value.token, signature: data.value.signature };
      return hr;
    },
    request,
  );
}

/** Options of {@link xboxLiveFetch}: a `fetch` init plus the call options. */
export interface XboxLiveFetchInit extends Omit<RequestInit, 'headers' | 'body'> {
  /** Request headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Request body. */
  readonly body?: Uint8Array | string;
  /** The `fetch` to send with. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** The queue the token calls run on. */
  readonly queue?: CallOptions['queue'];
}

/**
 * A `fetch` that authenticates as the user: gets the token and signature for the request, adds the
 * `Authorization` and (when there is one) `Signature` headers, sends it; on HTTP 401 gets a new
 * token with `ForceRefresh` and sends it once more (XSAPI's single retry). A URL that needs no token
 * (`E_GAMEUSER_NO_TOKEN_REQUIRED`) is sent without the headers. `init.signal` cancels both the
 * token call and the request.
 *
 * @param user - [in] a user handle.
 * @param url - [in] the full request URL.
 * @param init - [in, optional] method, headers, body, signal, the `fetch` to use, the queue.
 * @returns the response (the retry's, after a 401); rejects with `HResultError` when the token call
 *   fails, or with what `fetch` rejects with.
 */
export async function xboxLiveFetch(user: XUserHandle, url: string, init: XboxLiveFetchInit = {}): Promise<Response> {
  const { fetch: send = globalThis.fetch, headers = {}, body, queue, ...rest } = init;
  const method = init.method ?? 'GET';
  const attempt = async (forceRefresh: boolean): Promise<Response> => {
    const outgoing: Record<string, string> = { ...headers };
    try {
      const { token, signature } = await getTokenAndSignature(user, {
        method,
        url,
        headers,
        ...(body === undefined ? {} : { body }),
        forceRefresh,
        ...(queue === undefined ? {} : { queue }),
        ...(init.signal === undefined || init.signal === null ? {} : { signal: init.signal }),
      });
      outgoing['Authorization'] = token;
      if (signature !== null) outgoing['Signature'] = signature;
    } catch (error) {
      if (!(isHResultError(error) && error.hr === E_GAMEUSER_NO_TOKEN_REQUIRED)) throw error;
    }
    return send(url, { ...rest, method, headers: outgoing, ...(body === undefined ? {} : { body }) });
  };
  const first = await attempt(false);
  if (first.status !== 401) return first;
  await first.body?.cancel();
  return attempt(true);
}
