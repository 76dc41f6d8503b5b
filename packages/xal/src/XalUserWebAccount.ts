/**
 * `xal_internal_web_account.h`: the user's Microsoft-account (web account) id and MSA tokens for a
 * scope (xuser-xal.md §2.5, "Internal-only header"). The args struct is read with C
 * zero-initialisation and copied before the call returns, as for the token-and-signature args. A
 * token is cached per (user, scope, parameters) until `ForceRefresh`. The silent call never shows UI:
 * a scope the user has not consented to, or an account that needs the user's action, completes with
 * `E_XAL_UIREQUIRED`; the WithUi call fixes the account, then shows the scope's consent page in the
 * web view. The GDK flavour answers as `XUserGetMsaTokenSilentlyAsync` does (silent only, the GDK
 * aliases of the codes); the id calls and the WithUi call are not part of `xal_gsdk_impl.h` there.
 *
 * @module
 */
import {
  E_ABORT,
  E_FAIL,
  E_INVALIDARG,
  E_NOT_SUFFICIENT_BUFFER,
  E_NOT_SUPPORTED,
  E_POINTER,
  E_XAL_DEVICEUSER,
  E_XAL_NOTINITIALIZED,
  E_XAL_UIREQUIRED,
  E_XAL_UNEXPECTEDUSERSIGNEDIN,
  E_XAL_USERSIGNEDOUT,
  S_OK,
  type HRESULT,
} from '@gdkts/hresult';
import { UserState, type SessionUser } from '@gdkts/identity';
import type { Out, XAsyncBlock } from '@gdkts/xasync';
import { TwoStepResult, utf8Size, writeUtf8, type PromiseCallResult } from '@gdkts/xasync/provider';
import { isBoolean, isBuffer, isOut, isString, isUint32, readStruct, writeOut } from './internal/args.js';
import { live, xalCode, type XalRuntime } from './internal/runtime.js';
import { authorizeInWebView, uiFlow, type UiFlow } from './internal/signIn.js';
import { beginXalCall, resolveUser, type UserEntry } from './internal/users.js';
import type { XalUserGetWebAccountTokenArgs, XalUserHandle } from './types.js';

const ARGS = ['Scope', 'ForceRefresh', 'parameterCount', 'requestParameters'] as const;

/** A token request as the call copied it. */
interface WebAccountRequest {
  readonly scope: string;
  readonly forceRefresh: boolean;
  readonly parameters: readonly (readonly [string, string])[];
  /** The cache key: scope and parameters. */
  readonly key: string;
}

/** Tokens by user, then by scope + parameters (a WeakMap: a released user takes its tokens along). */
const cache = new WeakMap<SessionUser, Map<string, string>>();

/** The request the args describe, copied; `undefined` for a bad pointer. */
function copyArgs(args: unknown): WebAccountRequest | undefined {
  const a = readStruct(args, ARGS);
  if (a === undefined || !isString(a.Scope) || a.Scope === '') return undefined;
  const forceRefresh = a.ForceRefresh ?? false;
  const count = a.parameterCount ?? 0;
  if (!isBoolean(forceRefresh) || !isUint32(count)) return undefined;
  const parameters: (readonly [string, string])[] = [];
  if (count > 0) {
    if (!Array.isArray(a.requestParameters) || a.requestParameters.length < count) return undefined;
    for (let i = 0; i < count; i++) {
      const p = readStruct(a.requestParameters[i], ['name', 'value'] as const);
      if (p === undefined || !isString(p.name) || p.name === '' || !isString(p.value)) return undefined;
      parameters.push(Object.freeze([p.name, p.value] as const));
    }
  }
  const key = JSON.stringify([a.Scope, parameters]);
  return Object.freeze({ scope: a.Scope, forceRefresh, parameters: Object.freeze(parameters), key });
}

/** A user handle of an account, with its entry; the HRESULT otherwise. */
function accountEntry(user: unknown): { entry: UserEntry; user: SessionUser } | HRESULT {
  const entry = resolveUser(user);
  if (typeof entry === 'number') return entry;
  if (entry.user === null) return E_XAL_DEVICEUSER; // the device user has no Microsoft account
  return { entry, user: entry.user };
}

/** The token as the call's payload: NUL-terminated UTF-8. */
function tokenPayload(token: string): PromiseCallResult {
  return { payload: { size: utf8Size(token), write: (buffer) => void writeUtf8(buffer, 0, token) } };
}

/** The cached token, or a new one when there is none or the request forces a refresh. */
function issue(runtime: XalRuntime, user: SessionUser, request: WebAccountRequest): string {
  let tokens = cache.get(user);
  if (tokens === undefined) {
    tokens = new Map();
    cache.set(user, tokens);
  }
  const cached = tokens.get(request.key);
  if (cached !== undefined && !request.forceRefresh) return cached;
  const token = runtime.emulator.issueWebAccountToken(user.account.xuid, request.scope, request.parameters);
  tokens.set(request.key, token);
  return token;
}

/** What a silent request may answer without UI: the token, or why not. */
function silently(runtime: XalRuntime, user: SessionUser, request: WebAccountRequest): PromiseCallResult {
  if (user.state !== UserState.SignedIn) return { hr: xalCode(E_XAL_USERSIGNEDOUT) };
  if (user.account.requiresUserAction || !runtime.emulator.hasWebAccountScope(user.account.xuid, request.scope))
    return { hr: xalCode(E_XAL_UIREQUIRED) };
  return tokenPayload(issue(runtime, user, request));
}

/**
 * Mirrors `XalUserGetWebAccountIdSize`.
 * @param user - [in] a user handle.
 * @returns the id's UTF-8 size including the NUL; 0 for a bad handle, the device user, before
 * `XalInitialize` and in the GDK flavour.
 */
export function XalUserGetWebAccountIdSize(user: XalUserHandle): number {
  const runtime = live();
  const u = accountEntry(user);
  if (runtime === undefined || runtime.flavour === 'gdk' || typeof u === 'number') return 0;
  return utf8Size(runtime.emulator.webAccountId(u.user.account.xuid));
}

/**
 * Mirrors `XalUserGetWebAccountId`: the user's Microsoft-account id as NUL-terminated UTF-8.
 * @param user - [in] a user handle.
 * @param webAccountIdSize - [in] the buffer's size (the {@link XalUserGetWebAccountIdSize} value).
 * @param webAccountId - [out] receives the id.
 * @param webAccountIdUsed - [out, optional] receives the bytes written, NUL included.
 * @returns `S_OK`; `E_XAL_NOTINITIALIZED`; `E_INVALIDARG` (bad handle or buffer); `E_XAL_DEVICEUSER`;
 * `E_NOT_SUFFICIENT_BUFFER`; `E_POINTER`; `E_NOT_SUPPORTED` (GDK flavour).
 */
export function XalUserGetWebAccountId(
  user: XalUserHandle,
  webAccountIdSize: number,
  webAccountId: Uint8Array,
  webAccountIdUsed: Out<number> | null,
): HRESULT {
  if (webAccountIdUsed !== null && webAccountIdUsed !== undefined && !isOut(webAccountIdUsed)) return E_POINTER;
  const runtime = live();
  if (runtime === undefined) return E_XAL_NOTINITIALIZED;
  if (runtime.flavour === 'gdk') return E_NOT_SUPPORTED;
  const u = accountEntry(user);
  if (typeof u === 'number') return u;
  if (!isBuffer(webAccountIdSize, webAccountId)) return E_INVALIDARG;
  const id = runtime.emulator.webAccountId(u.user.account.xuid);
  const size = utf8Size(id);
  if (webAccountIdSize < size) return E_NOT_SUFFICIENT_BUFFER;
  writeUtf8(webAccountId, 0, id);
  if (webAccountIdUsed !== null && webAccountIdUsed !== undefined) writeOut(webAccountIdUsed, size);
  return S_OK;
}

/** The checks both token calls make before anything starts. */
function begin(
  user: unknown,
  args: unknown,
): { runtime: XalRuntime; entry: UserEntry; user: SessionUser; request: WebAccountRequest } | HRESULT {
  const runtime = live();
  if (runtime === undefined) return E_XAL_NOTINITIALIZED;
  const u = accountEntry(user);
  if (typeof u === 'number') return u;
  const request = copyArgs(args);
  if (request === undefined) return E_INVALIDARG;
  return { runtime, ...u, request };
}

/**
 * Mirrors `XalUserGetWebAccountTokenSilentlyAsync`: an MSA token for `args.Scope`, without UI.
 * Everything in `args` is copied before the call returns; the call always goes through the queue's
 * Work port (a cached token too). GDK flavour: `XUserGetMsaTokenSilentlyAsync`, with the GDK
 * aliases of the codes.
 *
 * @param user - [in] a user handle.
 * @param args - [in] Scope, ForceRefresh, parameterCount, requestParameters.
 * @param asyncBlock - [in,out] the caller's block.
 * @returns `S_OK`; `E_XAL_NOTINITIALIZED`; `E_INVALIDARG` (a null, closed or foreign user — GDK:
 * `E_GAMERUNTIME_INVALID_HANDLE` for closed or foreign —, a missing or empty scope, parameters not
 * matching their count, fields of the wrong kind); `E_XAL_DEVICEUSER`; what `XAsyncBegin` returns. The
 * call completes with `S_OK`, `E_XAL_USERSIGNEDOUT`, `E_XAL_UIREQUIRED` (a scope the user has not
 * consented to, or an account issue: call {@link XalUserGetWebAccountTokenWithUiAsync}), `E_ABORT`
 * (canceled).
 */
export function XalUserGetWebAccountTokenSilentlyAsync(
  user: XalUserHandle,
  args: XalUserGetWebAccountTokenArgs,
  asyncBlock: XAsyncBlock,
): HRESULT {
  const call = begin(user, args);
  if (typeof call === 'number') return call;
  return beginXalCall(
    asyncBlock,
    XalUserGetWebAccountTokenSilentlyAsync,
    'XalUserGetWebAccountTokenSilentlyAsync',
    () => silently(call.runtime, call.user, call.request),
  );
}

const silentResult = new TwoStepResult(XalUserGetWebAccountTokenSilentlyAsync);

/**
 * Mirrors `XalUserGetWebAccountTokenSilentlyResultSize`.
 * @param asyncBlock - [in] the block of the call.
 * @param bufferSize - [out] receives the token's size including the NUL (0 unless a token waits).
 * @returns the call's status: `S_OK`, `E_PENDING`, or its failure; `E_POINTER`.
 */
export function XalUserGetWebAccountTokenSilentlyResultSize(asyncBlock: XAsyncBlock, bufferSize: Out<number>): HRESULT {
  return silentResult.size(asyncBlock, bufferSize);
}

/**
 * Mirrors `XalUserGetWebAccountTokenSilentlyResult`: writes the token, NUL-terminated, once (a small
 * buffer consumes it too).
 * @param asyncBlock - [in] the block of the call.
 * @param bufferSize - [in] the buffer's size (the ResultSize value).
 * @param result - [out] receives the token.
 * @returns the call's status; `E_NOT_SUFFICIENT_BUFFER`; `E_INVALIDARG` (null buffer, another call's
 * block); `E_ILLEGAL_METHOD_CALL` (already fetched); `E_PENDING`.
 */
export function XalUserGetWebAccountTokenSilentlyResult(
  asyncBlock: XAsyncBlock,
  bufferSize: number,
  result: Uint8Array,
): HRESULT {
  return silentResult.result(asyncBlock, bufferSize, result, null, null);
}

/** The WithUi flow: fix the account, then the scope's consent page, then the token. */
async function withUi(
  runtime: XalRuntime,
  entry: UserEntry,
  user: SessionUser,
  request: WebAccountRequest,
): Promise<PromiseCallResult> {
  if (user.state !== UserState.SignedIn) return { hr: E_XAL_USERSIGNEDOUT };
  const flow: UiFlow = { userIdentifier: entry.userIdentifier, failed: false };
  const xuid = user.account.xuid;
  if (user.account.requiresUserAction) {
    const fixed = await uiFlow.run(flow, () => runtime.session.resolveIssue(user, null));
    if (fixed === 'aborted') return { hr: flow.failed ? E_FAIL : E_ABORT };
    if (fixed !== 'ok') return { hr: E_XAL_UIREQUIRED };
  }
  if (!runtime.emulator.hasWebAccountScope(xuid, request.scope)) {
    const consent = await authorizeInWebView(runtime.signIn as NonNullable<XalRuntime['signIn']>, flow, request.scope);
    if (consent === 'dismissed') return { hr: E_ABORT };
    if (consent === 'failed') return { hr: E_FAIL };
    if (consent.xuid !== xuid) return { hr: E_XAL_UNEXPECTEDUSERSIGNEDIN };
    runtime.emulator.setWebAccountScope(xuid, request.scope, true);
  }
  return tokenPayload(issue(runtime, user, request));
}

/**
 * Mirrors `XalUserGetWebAccountTokenWithUiAsync`: an MSA token for `args.Scope`, showing UI when
 * needed: the account-fix page (a NonAuthFlow) for an account issue, then the MSA authorize page
 * for a scope the user has not consented to (the web view completes with the redirect carrying the
 * code, as at sign-in). Everything in `args` is copied before the call returns.
 *
 * @param user - [in] a user handle.
 * @param args - [in] Scope, ForceRefresh, parameterCount, requestParameters.
 * @param asyncBlock - [in,out] the caller's block.
 * @returns `S_OK`; `E_XAL_NOTINITIALIZED`; `E_INVALIDARG` (as the silent call); `E_NOT_SUPPORTED`
 * (GDK flavour); what `XAsyncBegin` returns. The call completes with `S_OK`, `E_XAL_USERSIGNEDOUT`,
 * `E_ABORT` (the title completed a page as Canceled, or the call was canceled), `E_FAIL` (a page
 * failed), `E_XAL_UIREQUIRED` (the account is still not fixed), `E_XAL_UNEXPECTEDUSERSIGNEDIN`
 * (another account consented on the page).
 */
export function XalUserGetWebAccountTokenWithUiAsync(
  user: XalUserHandle,
  args: XalUserGetWebAccountTokenArgs,
  asyncBlock: XAsyncBlock,
): HRESULT {
  const call = begin(user, args);
  if (typeof call === 'number') return call;
  if (call.runtime.flavour === 'gdk') return E_NOT_SUPPORTED;
  return beginXalCall(asyncBlock, XalUserGetWebAccountTokenWithUiAsync, 'XalUserGetWebAccountTokenWithUiAsync', () =>
    withUi(call.runtime, call.entry, call.user, call.request),
  );
}

const uiResult = new TwoStepResult(XalUserGetWebAccountTokenWithUiAsync);

/**
 * Mirrors `XalUserGetWebAccountTokenWithUiResultSize`.
 * @param asyncBlock - [in] the block of the call.
 * @param bufferSize - [out] receives the token's size including the NUL (0 unless a token waits).
 * @returns the call's status: `S_OK`, `E_PENDING`, or its failure; `E_POINTER`.
 */
export function XalUserGetWebAccountTokenWithUiResultSize(asyncBlock: XAsyncBlock, bufferSize: Out<number>): HRESULT {
  return uiResult.size(asyncBlock, bufferSize);
}

/**
 * Mirrors `XalUserGetWebAccountTokenWithUiResult`: writes the token, NUL-terminated, once.
 * @param asyncBlock - [in] the block of the call.
 * @param bufferSize - [in] the buffer's size (the ResultSize value).
 * @param result - [out] receives the token.
 * @returns the call's status; `E_NOT_SUFFICIENT_BUFFER`; `E_INVALIDARG` (null buffer, another call's
 * block); `E_ILLEGAL_METHOD_CALL` (already fetched); `E_PENDING`.
 */
export function XalUserGetWebAccountTokenWithUiResult(
  asyncBlock: XAsyncBlock,
  bufferSize: number,
  result: Uint8Array,
): HRESULT {
  return uiResult.result(asyncBlock, bufferSize, result, null, null);
}
