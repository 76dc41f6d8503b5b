/**
 * `XalUserGetTokenAndSignatureSilentlyAsync` and its two-step result (xuser-xal.md §2.6, §0, §1.6).
 * The args struct is read with C zero-initialisation and copied before the call returns; the token
 * comes from the identity engine's cache (per user, relying party, sub relying party and token
 * type); the result buffer is the layout `@gdkts/identity` writes for XUser too.
 *
 * @module
 */
import {
  E_ABORT,
  E_INVALIDARG,
  E_XAL_CONTENT_ISOLATION,
  E_XAL_DEVICEUSER,
  E_XAL_NETWORK,
  E_XAL_NOTINITIALIZED,
  E_XAL_NOTOKENREQUIRED,
  E_XAL_UIREQUIRED,
  E_XAL_USERSIGNEDOUT,
  type HRESULT,
} from '@gdkts/hresult';
import {
  encodeTokenResult,
  tokenResultData,
  type TokenAndSignatureResult,
  type TokenAndSignatureRequest,
} from '@gdkts/identity';
import { EndpointLookupStatus } from '@gdkts/xboxlive';
import type { Out, XAsyncBlock } from '@gdkts/xasync';
import { TwoStepResult, type PromiseCallResult, isUint8Array } from '@gdkts/xasync/provider';
import { isBoolean, isSize, isString, isUint32 } from './internal/args.js';
import { live, xalCode } from './internal/runtime.js';
import { beginXalCall, resolveUser } from './internal/users.js';
import type {
  XalHttpHeader,
  XalUserGetTokenAndSignatureArgs,
  XalUserGetTokenAndSignatureData,
  XalUserHandle,
} from './types.js';

/** C's `bool` of a zero-initialised field: absent is false. */
function flag(value: unknown): boolean | undefined {
  return value === undefined ? false : isBoolean(value) ? value : undefined;
}

/** A request as {@link copyArgs} builds it (then handed to the engine, never shared). */
type CopiedRequest = { -readonly [K in keyof TokenAndSignatureRequest]: TokenAndSignatureRequest[K] };

/**
 * The request the args describe, copied (headers, body) so later changes to the caller's objects
 * change nothing; `undefined` for a bad pointer. Each field is read once, as C reads a struct; a
 * throwing read makes the whole struct a bad pointer. (The token call's hot path: the fields are
 * read directly, not through a generic struct reader.)
 */
function copyArgs(args: unknown, gdk: boolean): TokenAndSignatureRequest | undefined {
  if (typeof args !== 'object' || args === null) return undefined;
  const a = args as XalUserGetTokenAndSignatureArgs;
  let method: unknown, url: unknown, headerCount: unknown, headerList: unknown, bodySize: unknown, body: unknown;
  let forceRefresh: boolean | undefined, allUsers: boolean | undefined, ignoreTitleIdentity: boolean | undefined;
  try {
    method = a.method;
    url = a.url;
    headerCount = a.headerCount ?? 0;
    headerList = a.headers;
    bodySize = a.bodySize ?? 0;
    body = a.body ?? null;
    forceRefresh = flag(a.forceRefresh);
    allUsers = flag(a.allUsers);
    ignoreTitleIdentity = flag(a.ignoreTitleIdentity);
  } catch {
    return undefined;
  }
  if (!isString(method) || method === '' || !isString(url)) return undefined;
  if (!isUint32(headerCount) || !isSize(bodySize)) return undefined;
  if (forceRefresh === undefined || allUsers === undefined || ignoreTitleIdentity === undefined) return undefined;
  const headers: [string, string][] = [];
  if (headerCount > 0) {
    if (!Array.isArray(headerList) || headerList.length < headerCount) return undefined;
    for (let i = 0; i < headerCount; i++) {
      const h: unknown = headerList[i];
      if (typeof h !== 'object' || h === null) return undefined;
      let name: unknown, value: unknown;
      try {
        name = (h as XalHttpHeader).name;
        value = (h as XalHttpHeader).value;
      } catch {
        return undefined;
      }
      if (!isString(name) || !isString(value)) return undefined;
      headers.push([name, value]);
    }
  }
  if (body !== null && !isUint8Array(body)) return undefined;
  // bodySize > 0 needs that many bytes; a body with size 0 is ignored (XAL) or refused (GDK: XUser's rule)
  if (bodySize > 0 && (body === null || body.length < bodySize)) return undefined;
  if (gdk && bodySize === 0 && body !== null) return undefined;
  const request: CopiedRequest = { method, url, headers, forceRefresh, allUsers };
  if (bodySize > 0 && body !== null) request.body = body.slice(0, bodySize);
  return request;
}

/** A token outcome as the call completes. */
function completion(result: TokenAndSignatureResult): PromiseCallResult {
  if (result.ok) {
    return { payload: encodeTokenResult(result.token, result.signature, 'utf8') };
  }
  switch (result.reason) {
    case 'noTokenRequired':
      return { hr: xalCode(E_XAL_NOTOKENREQUIRED) };
    case 'signedOut':
      return { hr: xalCode(E_XAL_USERSIGNEDOUT) };
    case 'userActionRequired':
      return { hr: xalCode(E_XAL_UIREQUIRED) };
    case 'notInSandbox':
      return { hr: xalCode(E_XAL_CONTENT_ISOLATION) };
    case 'invalidUrl':
      return { hr: E_INVALIDARG };
    case 'xstsFailed':
      return { hr: E_XAL_NETWORK };
  }
}

/**
 * Mirrors `XalUserGetTokenAndSignatureSilentlyAsync`: the token (and, when the URL's endpoint has a
 * signature policy, the signature) for one request. Never shows UI. Everything in `args` is copied
 * before the call returns. The call always goes through the queue's Work port (a cached token too).
 * GDK flavour: `XUserGetTokenAndSignatureAsync` with `forceRefresh`/`allUsers` as its options
 * (`ignoreTitleIdentity` dropped; a body with `bodySize` 0 refused as XUser does).
 *
 * @param user - [in] a user handle.
 * @param args - [in] method, url, headerCount, headers, bodySize, body, forceRefresh, allUsers, ignoreTitleIdentity.
 * @param asyncBlock - [in,out] the caller's block.
 * @returns `S_OK`; `E_XAL_NOTINITIALIZED`; `E_INVALIDARG` (a null, closed or foreign user — GDK:
 * `E_GAMERUNTIME_INVALID_HANDLE` for closed or foreign —, a missing method or URL, a URL that is not
 * absolute, headers or body not matching their counts, fields of the wrong kind); `E_XAL_DEVICEUSER`;
 * what `XAsyncBegin` returns. The call completes with `S_OK`, `E_XAL_NOTOKENREQUIRED` (no endpoint
 * needs a token for the URL: send the request unauthenticated), `E_XAL_UIREQUIRED` (call
 * {@link XalUserResolveIssueWithUiAsync} with the same URL, then retry), `E_XAL_USERSIGNEDOUT`,
 * `E_XAL_CONTENT_ISOLATION`, `E_XAL_NETWORK` (XSTS failed), `E_ABORT` (canceled).
 */
export function XalUserGetTokenAndSignatureSilentlyAsync(
  user: XalUserHandle,
  args: XalUserGetTokenAndSignatureArgs,
  asyncBlock: XAsyncBlock,
): HRESULT {
  const runtime = live();
  if (runtime === undefined) return E_XAL_NOTINITIALIZED;
  const entry = resolveUser(user);
  if (typeof entry === 'number') return entry;
  if (entry.user === null) return E_XAL_DEVICEUSER;
  const request = copyArgs(args, runtime.flavour === 'gdk');
  if (request === undefined || runtime.session.lookupEndpoint(request.url).status === EndpointLookupStatus.InvalidUrl)
    return E_INVALIDARG;
  const sessionUser = entry.user;
  return beginXalCall(
    asyncBlock,
    XalUserGetTokenAndSignatureSilentlyAsync,
    'XalUserGetTokenAndSignatureSilentlyAsync',
    (call) => {
      const result = runtime.session.getTokenAndSignature(sessionUser, request);
      // a cached token completes at once, and never makes the cancel signal
      if (!(result instanceof Promise)) return completion(result);
      return result.then((r) => (call.signal.aborted ? { hr: E_ABORT } : completion(r)));
    },
  );
}

const tokenResult = new TwoStepResult<XalUserGetTokenAndSignatureData>(
  XalUserGetTokenAndSignatureSilentlyAsync,
  (buffer) => tokenResultData(buffer),
);

/**
 * Mirrors `XalUserGetTokenAndSignatureSilentlyResultSize`: the call's status and the buffer size
 * the result needs (the 32-byte header, the token and its NUL, the signature and its NUL).
 * @param asyncBlock - [in] the block of the call.
 * @param bufferSize - [out] receives the size (0 unless a successful result waits).
 * @returns the call's status: `S_OK`, `E_PENDING`, or its failure (`E_XAL_NOTOKENREQUIRED`, `E_XAL_UIREQUIRED`, …); `E_POINTER`.
 */
export function XalUserGetTokenAndSignatureSilentlyResultSize(
  asyncBlock: XAsyncBlock,
  bufferSize: Out<number>,
): HRESULT {
  return tokenResult.size(asyncBlock, bufferSize);
}

/**
 * Mirrors `XalUserGetTokenAndSignatureSilentlyResult`: writes the result into the caller's buffer
 * once (a small buffer consumes it too).
 * @param asyncBlock - [in] the block of the call.
 * @param bufferSize - [in] the buffer's size (the ResultSize value).
 * @param buffer - [out] receives the header and the strings.
 * @param result - [out] receives the {@link XalUserGetTokenAndSignatureData} over `buffer` (read on access).
 * @param bufferUsed - [out, optional] receives the bytes written (the ResultSize value).
 * @returns the call's status; `E_NOT_SUFFICIENT_BUFFER`; `E_INVALIDARG` (null buffer, another call's
 * block); `E_ILLEGAL_METHOD_CALL` (already fetched); `E_PENDING`; `E_POINTER`.
 */
export function XalUserGetTokenAndSignatureSilentlyResult(
  asyncBlock: XAsyncBlock,
  bufferSize: number,
  buffer: Uint8Array,
  result: Out<XalUserGetTokenAndSignatureData | null>,
  bufferUsed: Out<number> | null,
): HRESULT {
  return tokenResult.result(asyncBlock, bufferSize, buffer, result, bufferUsed);
}
