/**
 * `@gdkts/xal/promises`: XAL as Promises over the native calls. Every function rejects with an
 * `HResultError` carrying the native HRESULT; an aborted `signal` cancels the call (`XAsyncCancel`)
 * and rejects with `E_ABORT`.
 *
 * @example
 * ```ts no-check
 * import { initialize, addUser, getTokenAndSignature, signOut, cleanup } from '@gdkts/xal/promises';
 * await initialize({ platform: 'Win32', clientId, titleId });
 * const user = await addUser();                      // silent, falling back to the web view
 * const auth = await getTokenAndSignature(user, { method: 'GET', url: 'https://service.yourcompany.com/yourpath' });
 * if (auth !== null) headers.Authorization = auth.token;
 * await signOut(user);
 * XalUserCloseHandle(user);
 * await cleanup();
 * ```
 * @packageDocumentation
 */
import { E_GAMEUSER_NO_DEFAULT_USER, E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED, E_XAL_NODEFAULTUSER, E_XAL_NOTOKENREQUIRED, E_GAMEUSER_NO_TOKEN_REQUIRED, E_XAL_UIREQUIRED, FAILED, HResultError } from '@gdkts/hresult';
import { out, type XTaskQueueHandle } from '@gdkts/xasync';
import { fromAsync, type CallOptions } from '@gdkts/xasync/promises';
import { XalCleanupAsync, XalCleanupResult, XalInitialize } from './Xal.js';
import {
  XalAddUserWithUiAsync,
  XalAddUserWithUiResult,
  XalSignOutUserAsync,
  XalSignOutUserResult,
  XalTryAddDefaultUserSilentlyAsync,
  XalTryAddDefaultUserSilentlyResult,
} from './XalUser.js';
import {
  XalUserGetTokenAndSignatureSilentlyAsync,
  XalUserGetTokenAndSignatureSilentlyResult,
  XalUserGetTokenAndSignatureSilentlyResultSize,
} from './XalUserTokenAndSignature.js';
import type { XalInitArgs, XalUserGetTokenAndSignatureData, XalUserHandle } from './types.js';

export type { CallOptions } from '@gdkts/xasync/promises';
export { HResultError } from '@gdkts/hresult';

/**
 * `XalInitialize` as a Promise (it is synchronous natively).
 * @param args - [in] the platform args struct (or `{}` for the GDK flavour).
 * @param internalWorkQueue - [in, optional] XAL's internal queue.
 * @returns a Promise that resolves once XAL is initialized; rejects with the HRESULT (`E_XAL_MISSINGCLIENTID`, …).
 */
export async function initialize(args: XalInitArgs, internalWorkQueue: XTaskQueueHandle | null = null): Promise<void> {
  const hr = XalInitialize(args, internalWorkQueue);
  if (FAILED(hr)) throw new HResultError(hr, { operation: 'XalInitialize' });
}

/** Options of {@link addUser}. */
export interface AddUserOptions extends CallOptions {
  /** The title's tag echoed to the hooks (uint32). Default 0. */
  readonly userIdentifier?: number;
  /** Never show UI: reject instead of falling back. Default false. */
  readonly silentOnly?: boolean;
}

const NEEDS_UI = new Set([E_XAL_UIREQUIRED, E_XAL_NODEFAULTUSER, E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED, E_GAMEUSER_NO_DEFAULT_USER]);

/**
 * Adds a user the way the samples do: `XalTryAddDefaultUserSilentlyAsync`, and when that needs UI
 * (`E_XAL_UIREQUIRED`, `E_XAL_NODEFAULTUSER` or their GDK aliases), `XalAddUserWithUiAsync`.
 * @param options - [in, optional] user identifier, queue, signal, silentOnly.
 * @returns a Promise of the new handle (close it with `XalUserCloseHandle`); rejects with the HRESULT.
 */
export async function addUser(options: AddUserOptions = {}): Promise<XalUserHandle> {
  const id = options.userIdentifier ?? 0;
  const call = { ...(options.queue === undefined ? {} : { queue: options.queue }), ...(options.signal === undefined ? {} : { signal: options.signal }) };
  try {
    return await fromAsync<XalUserHandle>('XalTryAddDefaultUserSilentlyAsync', (b) => XalTryAddDefaultUserSilentlyAsync(id, b), (b, r) => XalTryAddDefaultUserSilentlyResult(b, r as { value: XalUserHandle | null }), call);
  } catch (error) {
    if (options.silentOnly === true || !(error instanceof HResultError) || !NEEDS_UI.has(error.hr)) throw error;
  }
  return fromAsync<XalUserHandle>('XalAddUserWithUiAsync', (b) => XalAddUserWithUiAsync(id, b), (b, r) => XalAddUserWithUiResult(b, r as { value: XalUserHandle | null }), call);
}

/** One request to get a token for. */
export interface TokenRequest {
  /** HTTP method. */
  readonly method: string;
  /** The full request URL. */
  readonly url: string;
  /** The headers the request sends (name → value). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The body the request sends. */
  readonly body?: Uint8Array;
  /** Only after the service rejected the previous token (401). */
  readonly forceRefresh?: boolean;
  /** A token for all users. */
  readonly allUsers?: boolean;
}

/** The token and the signature, as header values. */
export interface TokenAndSignature {
  /** The `Authorization` value. */
  readonly token: string;
  /** The `Signature` value, or `null` when the endpoint has no signature policy. */
  readonly signature: string | null;
}

/**
 * `XalUserGetTokenAndSignatureSilentlyAsync` + ResultSize + Result. As XSAPI does, "no token
 * required" is not an error: the Promise resolves `null` (send the request unauthenticated).
 * @param user - [in] a user handle.
 * @param request - [in] method, URL, headers, body, forceRefresh, allUsers.
 * @param options - [in, optional] queue and signal.
 * @returns a Promise of the token and signature, or `null`; rejects with the HRESULT (`E_XAL_UIREQUIRED`, …).
 */
export async function getTokenAndSignature(user: XalUserHandle, request: TokenRequest, options: CallOptions = {}): Promise<TokenAndSignature | null> {
  const headers = Object.entries(request.headers ?? {}).map(([name, value]) => ({ name, value }));
  const args = {
    method: request.method,
    url: request.url,
    headerCount: headers.length,
    headers,
    bodySize: request.body?.length ?? 0,
    body: request.body ?? null,
    forceRefresh: request.forceRefresh ?? false,
    allUsers: request.allUsers ?? false,
  };
  try {
    return await fromAsync<TokenAndSignature>(
      'XalUserGetTokenAndSignatureSilentlyAsync',
      (b) => XalUserGetTokenAndSignatureSilentlyAsync(user, args, b),
      (b, result) => {
        const size = out(0);
        const hr = XalUserGetTokenAndSignatureSilentlyResultSize(b, size);
        if (FAILED(hr)) return hr;
        const data = out<XalUserGetTokenAndSignatureData | null>(null);
        const r = XalUserGetTokenAndSignatureSilentlyResult(b, size.value, new Uint8Array(size.value), data, null);
        if (data.value !== null) result.value = { token: data.value.token, signature: data.value.signatureSize > 0 ? data.value.signature : null };
        return r;
      },
      options,
    );
  } catch (error) {
    if (error instanceof HResultError && (error.hr === E_XAL_NOTOKENREQUIRED || error.hr === E_GAMEUSER_NO_TOKEN_REQUIRED)) return null;
    throw error;
  }
}

/**
 * `XalSignOutUserAsync` + `XalSignOutUserResult`.
 * @param user - [in] a user handle (it stays open: close it).
 * @param options - [in, optional] queue and signal.
 * @returns a Promise that resolves once the user is signed out; rejects with the HRESULT (`E_NOT_SUPPORTED` on GDK).
 */
export function signOut(user: XalUserHandle, options: CallOptions = {}): Promise<void> {
  return fromAsync<void>('XalSignOutUserAsync', (b) => XalSignOutUserAsync(user, b), (b) => XalSignOutUserResult(b), options);
}

/**
 * `XalCleanupAsync` + `XalCleanupResult`.
 * @param options - [in, optional] queue and signal.
 * @returns a Promise that resolves once XAL is cleaned up; rejects with the HRESULT (`E_XAL_USERSETNOTEMPTY`, …).
 */
export function cleanup(options: CallOptions = {}): Promise<void> {
  return fromAsync<void>('XalCleanupAsync', (b) => XalCleanupAsync(b), (b) => XalCleanupResult(b), options);
}

