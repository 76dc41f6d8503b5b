/**
 * `XUserGetTokenAndSignatureAsync` and its Utf16 twin with their two-step retrieval (xuser-xal.md
 * §0, §1.6, §1.7): arguments are checked and copied at the call (a bad one is `E_INVALIDARG` and
 * starts nothing); the work always goes through the Work port (a cached token too); the outcome
 * follows the title's endpoint configuration; the result buffer is the native one (a 32-byte header
 * with offsets into the caller's buffer, then the NUL-terminated token and signature), and the data
 * object reads the strings from the caller's buffer.
 *
 * @module
 */
import {
  E_ABORT,
  E_GAMEUSER_FAILED_TO_GET_TOKEN,
  E_GAMEUSER_NO_TOKEN_REQUIRED,
  E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED,
  E_GAMEUSER_SIGNED_OUT,
  E_GAMEUSER_USER_NOT_IN_SANDBOX,
  E_INVALIDARG,
  FAILED,
  isHResultError,
  type HRESULT,
} from '@gdkts/hresult';
import { EndpointLookupStatus } from '@gdkts/xboxlive';
import { encodeTokenResult, tokenResultData, tokenResultUtf16Data } from '@gdkts/identity';
import type {
  TokenAndSignatureRequest,
  TokenAndSignatureResult,
  TokenFailure,
  TokenResultEncoding,
} from '@gdkts/identity';
import type { Out, XAsyncBlock } from '@gdkts/xasync';
import {
  TwoStepResult,
  beginPromiseCall,
  isObject,
  isSize,
  isUint32,
  isUint8Array,
  type PromiseCallResult,
} from '@gdkts/xasync/provider';
import { ABORTED, untilAborted } from './internal/runtime.js';
import { resolveUser } from './XUser.js';
import { XUserGetTokenAndSignatureOptions } from './types.js';
import type {
  XUserGetTokenAndSignatureData,
  XUserGetTokenAndSignatureHttpHeader,
  XUserGetTokenAndSignatureUtf16Data,
  XUserGetTokenAndSignatureUtf16HttpHeader,
  XUserHandle,
} from './types.js';

const OPTION_BITS = XUserGetTokenAndSignatureOptions.ForceRefresh | XUserGetTokenAndSignatureOptions.AllUsers;
/** An HTTP token (RFC 9110 `tchar`s): what a header name and a method may contain. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Header values may not break the header line. */
const HEADER_VALUE_FORBIDDEN = /[\r\n\0]/;

function failureHResult(failure: TokenFailure): HRESULT {
  switch (failure.reason) {
    case 'noTokenRequired':
      return E_GAMEUSER_NO_TOKEN_REQUIRED;
    case 'signedOut':
      return E_GAMEUSER_SIGNED_OUT;
    case 'userActionRequired':
      return E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED;
    case 'notInSandbox':
      return E_GAMEUSER_USER_NOT_IN_SANDBOX;
    case 'invalidUrl':
      return E_INVALIDARG;
    case 'xstsFailed':
      return isHResultError(failure.error) && FAILED(failure.error.hr)
        ? failure.error.hr
        : E_GAMEUSER_FAILED_TO_GET_TOKEN;
  }
}

/** Reads and copies the header array: `headerCount` entries of `{ name, value }` strings. */
function copyHeaders(headerCount: unknown, headers: unknown): [string, string][] | undefined {
  if (!isSize(headerCount)) return undefined;
  if (headers === null || headers === undefined) return headerCount === 0 ? [] : undefined;
  try {
    if (!Array.isArray(headers) || headers.length < headerCount) return undefined;
    const copied: [string, string][] = [];
    for (let i = 0; i < headerCount; i++) {
      const header: unknown = headers[i];
      if (!isObject(header)) return undefined;
      const { name, value } = header as { name?: unknown; value?: unknown };
      if (
        typeof name !== 'string' ||
        !TOKEN.test(name) ||
        typeof value !== 'string' ||
        HEADER_VALUE_FORBIDDEN.test(value)
      )
        return undefined;
      copied.push([name, value]);
    }
    return copied;
  } catch {
    return undefined; // a getter or proxy that throws: a bad pointer
  }
}

/** Reads and copies the body: null with size 0, or at least `bodySize` bytes (xuser-xal.md §0 "Body arguments"). */
function copyBody(bodySize: unknown, bodyBuffer: unknown): Uint8Array | null | undefined {
  if (!isSize(bodySize)) return undefined;
  if (bodyBuffer === null || bodyBuffer === undefined) return bodySize === 0 ? null : undefined;
  if (bodySize === 0 || !isUint8Array(bodyBuffer) || bodyBuffer.length < bodySize) return undefined;
  return bodyBuffer.slice(0, bodySize);
}

function begin(
  identity: unknown,
  name: string,
  encoding: TokenResultEncoding,
  user: XUserHandle | null,
  options: number,
  method: unknown,
  url: unknown,
  headerCount: unknown,
  headers: unknown,
  bodySize: unknown,
  bodyBuffer: unknown,
  async: XAsyncBlock,
): HRESULT {
  const r = resolveUser(user);
  if (typeof r === 'number') return r;
  const [rt, record] = r;
  if (!isUint32(options) || (options & ~OPTION_BITS) !== 0) return E_INVALIDARG;
  if (typeof method !== 'string' || !TOKEN.test(method)) return E_INVALIDARG;
  if (
    typeof url !== 'string' ||
    url.includes('\u0000') ||
    rt.session.lookupEndpoint(url).status === EndpointLookupStatus.InvalidUrl
  )
    return E_INVALIDARG;
  const copiedHeaders = copyHeaders(headerCount, headers);
  if (copiedHeaders === undefined) return E_INVALIDARG;
  const body = copyBody(bodySize, bodyBuffer);
  if (body === undefined) return E_INVALIDARG;
  const request: TokenAndSignatureRequest = {
    method,
    url,
    headers: copiedHeaders,
    ...(body === null ? {} : { body }),
    forceRefresh: (options & XUserGetTokenAndSignatureOptions.ForceRefresh) !== 0,
    allUsers: (options & XUserGetTokenAndSignatureOptions.AllUsers) !== 0,
  };
  return beginPromiseCall(async, identity, name, (call) => {
    const pending = rt.session.getTokenAndSignature(record, request);
    // a cached token completes at once (on the Work port), and never makes the cancel signal
    if (!(pending instanceof Promise)) return tokenCompletion(pending, encoding);
    const outcome = untilAborted(rt, call.signal, pending) as Promise<TokenAndSignatureResult | typeof ABORTED>;
    return outcome.then((result) => (result === ABORTED ? { hr: E_ABORT } : tokenCompletion(result, encoding)));
  });
}

/** A token outcome as the call completes: the encoded result as its payload, or the failure. */
function tokenCompletion(result: TokenAndSignatureResult, encoding: TokenResultEncoding): PromiseCallResult {
  return result.ok
    ? { payload: encodeTokenResult(result.token, result.signature, encoding) }
    : { hr: failureHResult(result) };
}

/**
 * Mirrors `XUserGetTokenAndSignatureAsync`: the `Authorization` token and the `Signature` for one
 * HTTP request. The URL's endpoint (title configuration after the platform default) picks the
 * relying party and the signature policy; the token comes from the per-user cache (refreshed 10
 * minutes before expiry; concurrent requests share one refresh) unless `ForceRefresh`; the signature
 * is computed per request with the device's proof key. Read the outcome with
 * {@link XUserGetTokenAndSignatureResultSize} and {@link XUserGetTokenAndSignatureResult}.
 *
 * @param user - [in] a user handle.
 * @param options - [in] {@link XUserGetTokenAndSignatureOptions} flags.
 * @param method - [in] the HTTP method.
 * @param url - [in] the full request URL.
 * @param headerCount - [in] how many entries of `headers` to read.
 * @param headers - [in, optional] the request headers (`null` when `headerCount` is 0).
 * @param bodySize - [in] the body's size in bytes.
 * @param bodyBuffer - [in, optional] the body; `null` exactly when `bodySize` is 0.
 * @param async - [in, out] the async block.
 * @returns `S_OK` (started); `E_INVALIDARG` for a `null` user, unknown options, a bad method, URL,
 *   header or body (a body with size 0, or size > 0 with no body or a shorter one) or block —
 *   nothing is started; `E_GAMERUNTIME_INVALID_HANDLE` for a closed or foreign handle;
 *   `E_GAMERUNTIME_NOT_INITIALIZED`.
 */
export function XUserGetTokenAndSignatureAsync(
  user: XUserHandle | null,
  options: XUserGetTokenAndSignatureOptions,
  method: string,
  url: string,
  headerCount: number,
  headers: readonly XUserGetTokenAndSignatureHttpHeader[] | null,
  bodySize: number,
  bodyBuffer: Uint8Array | null,
  async: XAsyncBlock,
): HRESULT {
  return begin(
    XUserGetTokenAndSignatureAsync,
    'XUserGetTokenAndSignatureAsync',
    'utf8',
    user,
    options,
    method,
    url,
    headerCount,
    headers,
    bodySize,
    bodyBuffer,
    async,
  );
}

const utf8Result = new TwoStepResult<XUserGetTokenAndSignatureData>(XUserGetTokenAndSignatureAsync, (buffer) =>
  tokenResultData(buffer),
);

/**
 * Mirrors `XUserGetTokenAndSignatureResultSize`.
 *
 * @param async - [in] the block of an {@link XUserGetTokenAndSignatureAsync} call.
 * @param bufferSize - [out] receives the result buffer size (header + token + NUL + signature + NUL).
 * @returns the call's status: `S_OK`; `E_PENDING`; `E_GAMEUSER_NO_TOKEN_REQUIRED` (unmapped URL);
 *   `E_GAMEUSER_SIGNED_OUT`; `E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED`; `E_GAMEUSER_USER_NOT_IN_SANDBOX`;
 *   `E_GAMEUSER_FAILED_TO_GET_TOKEN` or the XSTS client's HRESULT; `E_ABORT` (cancelled); `E_POINTER`.
 */
export function XUserGetTokenAndSignatureResultSize(async: XAsyncBlock, bufferSize: Out<number>): HRESULT {
  return utf8Result.size(async, bufferSize);
}

/**
 * Mirrors `XUserGetTokenAndSignatureResult`: writes the result buffer once; any non-pending outcome
 * consumes the result.
 *
 * @param async - [in] the block of an {@link XUserGetTokenAndSignatureAsync} call.
 * @param bufferSize - [in] the buffer's size (the ResultSize value suffices).
 * @param buffer - [out] receives the header and the strings.
 * @param ptrToBuffer - [out] receives the data object over `buffer` (`signature` `null` when the endpoint has no policy).
 * @param bufferUsed - [out, optional] receives the bytes written (equal to the ResultSize value).
 * @returns `S_OK`; `E_NOT_SUFFICIENT_BUFFER` (and the result is gone); `E_ILLEGAL_METHOD_CALL` (a
 *   second retrieval); `E_INVALIDARG` (null buffer, another API's block); `E_PENDING`; the call's failure; `E_POINTER`.
 */
export function XUserGetTokenAndSignatureResult(
  async: XAsyncBlock,
  bufferSize: number,
  buffer: Uint8Array,
  ptrToBuffer: Out<XUserGetTokenAndSignatureData | null>,
  bufferUsed: Out<number> | null,
): HRESULT {
  return utf8Result.result(async, bufferSize, buffer, ptrToBuffer, bufferUsed);
}

/**
 * Mirrors `XUserGetTokenAndSignatureUtf16Async`: as {@link XUserGetTokenAndSignatureAsync}, with a
 * UTF-16LE result buffer (counts in code units, offsets in bytes).
 *
 * @param user - [in] a user handle.
 * @param options - [in] {@link XUserGetTokenAndSignatureOptions} flags.
 * @param method - [in] the HTTP method.
 * @param url - [in] the full request URL.
 * @param headerCount - [in] how many entries of `headers` to read.
 * @param headers - [in, optional] the request headers.
 * @param bodySize - [in] the body's size in bytes.
 * @param bodyBuffer - [in, optional] the body.
 * @param async - [in, out] the async block.
 * @returns as {@link XUserGetTokenAndSignatureAsync}.
 */
export function XUserGetTokenAndSignatureUtf16Async(
  user: XUserHandle | null,
  options: XUserGetTokenAndSignatureOptions,
  method: string,
  url: string,
  headerCount: number,
  headers: readonly XUserGetTokenAndSignatureUtf16HttpHeader[] | null,
  bodySize: number,
  bodyBuffer: Uint8Array | null,
  async: XAsyncBlock,
): HRESULT {
  return begin(
    XUserGetTokenAndSignatureUtf16Async,
    'XUserGetTokenAndSignatureUtf16Async',
    'utf16le',
    user,
    options,
    method,
    url,
    headerCount,
    headers,
    bodySize,
    bodyBuffer,
    async,
  );
}

const utf16Result = new TwoStepResult<XUserGetTokenAndSignatureUtf16Data>(
  XUserGetTokenAndSignatureUtf16Async,
  (buffer) => tokenResultUtf16Data(buffer),
);

/**
 * Mirrors `XUserGetTokenAndSignatureUtf16ResultSize`.
 *
 * @param async - [in] the block of an {@link XUserGetTokenAndSignatureUtf16Async} call.
 * @param bufferSize - [out] receives the result buffer size in bytes.
 * @returns as {@link XUserGetTokenAndSignatureResultSize}.
 */
export function XUserGetTokenAndSignatureUtf16ResultSize(async: XAsyncBlock, bufferSize: Out<number>): HRESULT {
  return utf16Result.size(async, bufferSize);
}

/**
 * Mirrors `XUserGetTokenAndSignatureUtf16Result`.
 *
 * @param async - [in] the block of an {@link XUserGetTokenAndSignatureUtf16Async} call.
 * @param bufferSize - [in] the buffer's size in bytes.
 * @param buffer - [out] receives the header and the UTF-16LE strings.
 * @param ptrToBuffer - [out] receives the data object over `buffer`.
 * @param bufferUsed - [out, optional] receives the bytes written.
 * @returns as {@link XUserGetTokenAndSignatureResult}.
 */
export function XUserGetTokenAndSignatureUtf16Result(
  async: XAsyncBlock,
  bufferSize: number,
  buffer: Uint8Array,
  ptrToBuffer: Out<XUserGetTokenAndSignatureUtf16Data | null>,
  bufferUsed: Out<number> | null,
): HRESULT {
  return utf16Result.result(async, bufferSize, buffer, ptrToBuffer, bufferUsed);
}
