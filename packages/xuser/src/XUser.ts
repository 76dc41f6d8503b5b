/**
 * The XUser handles, getters, sign-in and UI calls (xuser-xal.md §1.1–§1.5, §4): native names,
 * native argument order, HRESULTs returned. Every call answers `E_GAMERUNTIME_NOT_INITIALIZED`
 * outside `XGameRuntimeInitialize` … `XGameRuntimeUninitialize`; a `null` user handle is
 * `E_INVALIDARG` and any other value that is not a live user handle `E_GAMERUNTIME_INVALID_HANDLE`.
 *
 * @module
 */
import {
  E_ABORT,
  E_GAMEUSER_FAILED_TO_RESOLVE,
  E_GAMEUSER_MAX_USERS_ADDED,
  E_GAMEUSER_NO_DEFAULT_USER,
  E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED,
  E_GAMEUSER_USER_NOT_FOUND,
  E_GAMEUSER_USER_NOT_IN_SANDBOX,
  E_INVALIDARG,
  E_NOTFOUND,
  E_NOTIMPL,
  E_POINTER,
  S_OK,
  type HRESULT,
} from '@gdkts/hresult';
import { PrivilegeDenyReason, UserState } from '@gdkts/identity';
import type { AddUserFailure, AddUserRequest, AddUserResult, ResolveResult, SessionUser } from '@gdkts/identity';
import { GAMER_PICTURE_SIZES } from '@gdkts/identity';
import type { Out, XAsyncBlock } from '@gdkts/xasync';
import {
  TwoStepResult,
  beginPromiseCall,
  copyToBuffer,
  isObject,
  isOptionalOut,
  isOut,
  isString,
  isUint32,
  writeOut,
} from '@gdkts/xasync/provider';
import { HandleResult, takeHandleResult } from './internal/handleResult.js';
import { ABORTED, current, untilAborted } from './internal/runtime.js';
import type { Runtime } from './internal/runtime.js';
import {
  XUserAddOptions,
  XUserAgeGroup,
  XUserGamertagComponent,
  XUserGetMsaTokenSilentlyOptions,
  XUserPrivilegeDenyReason,
  XUserPrivilegeOptions,
  XUserState,
} from './types.js';
import type { XUserGamerPictureSize, XUserHandle, XUserLocalId } from './types.js';

/** @internal The runtime and the user behind a handle, or the HRESULT to return. */
export function resolveUser(user: unknown): readonly [Runtime, SessionUser] | HRESULT {
  const rt = current();
  if (typeof rt === 'number') return rt;
  const record = rt.users.resolve(user);
  return typeof record === 'number' ? record : [rt, record];
}

function needsAction(user: SessionUser): boolean {
  return user.account.requiresUserAction;
}

// --- handles ------------------------------------------------------------------------------------

/**
 * Mirrors `XUserDuplicateHandle`: a new reference to the same user (same local id).
 *
 * @param handle - [in] a user handle.
 * @param duplicatedHandle - [out] receives the new handle.
 * @returns `S_OK`; `E_GAMERUNTIME_NOT_INITIALIZED`; `E_POINTER` without an out-parameter;
 *   `E_INVALIDARG` for `null`; `E_GAMERUNTIME_INVALID_HANDLE` for any other non-handle.
 */
export function XUserDuplicateHandle(handle: XUserHandle | null, duplicatedHandle: Out<XUserHandle | null>): HRESULT {
  const rt = current();
  if (typeof rt === 'number') return rt;
  return rt.users.duplicate(handle, duplicatedHandle);
}

/**
 * Mirrors `XUserCloseHandle`: releases one reference; the last one frees the user's slot. Closed
 * handles and other values are ignored.
 *
 * @param user - [in] a user handle.
 */
export function XUserCloseHandle(user: XUserHandle | null): void {
  const rt = current();
  if (typeof rt === 'number') return;
  rt.users.close(user);
}

/**
 * Mirrors `XUserCompare`: three-way comparison by user, stable for the session (local-id order).
 * A `null` or dead handle orders before every user; two of them are equal.
 *
 * @param user1 - [in, optional] a user handle.
 * @param user2 - [in, optional] a user handle.
 * @returns `0` for the same user, `-1` or `1` otherwise.
 */
export function XUserCompare(user1: XUserHandle | null, user2: XUserHandle | null): number {
  const rt = current();
  const idOf = (h: unknown): bigint => {
    if (typeof rt === 'number') return -1n;
    const record = rt.users.resolve(h);
    return typeof record === 'number' ? -1n : record.localId;
  };
  const a = idOf(user1);
  const b = idOf(user2);
  return a === b ? 0 : a < b ? -1 : 1;
}

// --- getters ------------------------------------------------------------------------------------

/**
 * Mirrors `XUserGetMaxUsers`: how many users the title may add at once.
 *
 * @param maxUsers - [out] receives the limit.
 * @returns `S_OK`; `E_GAMERUNTIME_NOT_INITIALIZED`; `E_POINTER` without an out-parameter.
 */
export function XUserGetMaxUsers(maxUsers: Out<number>): HRESULT {
  const rt = current();
  if (typeof rt === 'number') return rt;
  if (!isOut(maxUsers)) return E_POINTER;
  return writeOut(maxUsers, rt.session.maxUsers) ? S_OK : E_POINTER;
}

/**
 * Mirrors `XUserGetId`: the user's XUID.
 *
 * @param user - [in] a user handle.
 * @param userId - [out] receives the XUID (a bigint).
 * @returns `S_OK`; `E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED` when the account needs the user's action;
 *   `E_GAMERUNTIME_NOT_INITIALIZED`; `E_INVALIDARG`; `E_GAMERUNTIME_INVALID_HANDLE`; `E_POINTER`.
 */
export function XUserGetId(user: XUserHandle | null, userId: Out<bigint>): HRESULT {
  const r = resolveUser(user);
  if (typeof r === 'number') return r;
  if (!isOut(userId)) return E_POINTER;
  if (needsAction(r[1])) return E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED;
  return writeOut(userId, BigInt(r[1].account.xuid)) ? S_OK : E_POINTER;
}

/**
 * Mirrors `XUserGetLocalId`: the session-scoped id change events name the user by.
 *
 * @param user - [in] a user handle.
 * @param userLocalId - [out] receives `{ value }`.
 * @returns `S_OK`; `E_GAMERUNTIME_NOT_INITIALIZED`; `E_INVALIDARG`; `E_GAMERUNTIME_INVALID_HANDLE`; `E_POINTER`.
 */
export function XUserGetLocalId(user: XUserHandle | null, userLocalId: Out<XUserLocalId | null>): HRESULT {
  const r = resolveUser(user);
  if (typeof r === 'number') return r;
  if (!isOut(userLocalId)) return E_POINTER;
  return writeOut(userLocalId, Object.freeze({ value: r[1].localId })) ? S_OK : E_POINTER;
}

/**
 * Mirrors `XUserGetIsGuest`.
 *
 * @param user - [in] a user handle.
 * @param isGuest - [out] receives whether the user is a guest.
 * @returns `S_OK`; `E_GAMERUNTIME_NOT_INITIALIZED`; `E_INVALIDARG`; `E_GAMERUNTIME_INVALID_HANDLE`; `E_POINTER`.
 */
export function XUserGetIsGuest(user: XUserHandle | null, isGuest: Out<boolean>): HRESULT {
  const r = resolveUser(user);
  if (typeof r === 'number') return r;
  if (!isOut(isGuest)) return E_POINTER;
  return writeOut(isGuest, r[1].account.guest) ? S_OK : E_POINTER;
}

const STATE_VALUES: Readonly<Record<UserState, XUserState>> = {
  [UserState.SignedIn]: XUserState.SignedIn,
  [UserState.SigningOut]: XUserState.SigningOut,
  [UserState.SignedOut]: XUserState.SignedOut,
};

/**
 * Mirrors `XUserGetState`.
 *
 * @param user - [in] a user handle (handles survive sign-out).
 * @param state - [out] receives the {@link XUserState}.
 * @returns `S_OK`; `E_GAMERUNTIME_NOT_INITIALIZED`; `E_INVALIDARG`; `E_GAMERUNTIME_INVALID_HANDLE`; `E_POINTER`.
 */
export function XUserGetState(user: XUserHandle | null, state: Out<XUserState>): HRESULT {
  const r = resolveUser(user);
  if (typeof r === 'number') return r;
  if (!isOut(state)) return E_POINTER;
  return writeOut(state, STATE_VALUES[r[1].state]) ? S_OK : E_POINTER;
}

const encoder = new TextEncoder();

/**
 * Mirrors `XUserGetGamertag`: one component of the gamertag as a NUL-terminated UTF-8 string.
 *
 * @param user - [in] a user handle.
 * @param gamertagComponent - [in] which {@link XUserGamertagComponent}.
 * @param gamertagSize - [in] the buffer's size in bytes (the `…MaxBytes` constants always suffice).
 * @param gamertag - [out] receives the string and its NUL.
 * @param gamertagUsed - [out, optional] receives the bytes written, including the NUL.
 * @returns `S_OK`; `E_NOT_SUFFICIENT_BUFFER` when `gamertagSize` is too small (nothing written);
 *   `E_INVALIDARG` for a bad component or buffer; `E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED`;
 *   `E_GAMERUNTIME_NOT_INITIALIZED`; `E_GAMERUNTIME_INVALID_HANDLE`; `E_POINTER`.
 */
export function XUserGetGamertag(
  user: XUserHandle | null,
  gamertagComponent: XUserGamertagComponent,
  gamertagSize: number,
  gamertag: Uint8Array,
  gamertagUsed: Out<number> | null,
): HRESULT {
  const r = resolveUser(user);
  if (typeof r === 'number') return r;
  if (!isOptionalOut(gamertagUsed)) return E_POINTER;
  const account = r[1].account;
  let text: string;
  switch (gamertagComponent) {
    case XUserGamertagComponent.Classic:
      text = account.gamertag;
      break;
    case XUserGamertagComponent.Modern:
      text = account.modernGamertag;
      break;
    case XUserGamertagComponent.ModernSuffix:
      text = account.modernGamertagSuffix;
      break;
    case XUserGamertagComponent.UniqueModern:
      text = account.uniqueModernGamertag;
      break;
    default:
      return E_INVALIDARG;
  }
  if (needsAction(r[1])) return E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED;
  const bytes = encoder.encode(`${text}\u0000`);
  return copyToBuffer(bytes, gamertagSize, gamertag, gamertagUsed ?? null);
}

const AGE_GROUPS: Readonly<Record<string, XUserAgeGroup>> = {
  Child: XUserAgeGroup.Child,
  Teen: XUserAgeGroup.Teen,
  Adult: XUserAgeGroup.Adult,
};

/**
 * Mirrors `XUserGetAgeGroup`.
 *
 * @param user - [in] a user handle.
 * @param ageGroup - [out] receives the {@link XUserAgeGroup}.
 * @returns `S_OK`; `E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED`; `E_GAMERUNTIME_NOT_INITIALIZED`;
 *   `E_INVALIDARG`; `E_GAMERUNTIME_INVALID_HANDLE`; `E_POINTER`.
 */
export function XUserGetAgeGroup(user: XUserHandle | null, ageGroup: Out<XUserAgeGroup>): HRESULT {
  const r = resolveUser(user);
  if (typeof r === 'number') return r;
  if (!isOut(ageGroup)) return E_POINTER;
  if (needsAction(r[1])) return E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED;
  return writeOut(ageGroup, AGE_GROUPS[r[1].account.ageGroup] ?? XUserAgeGroup.Unknown) ? S_OK : E_POINTER;
}

const DENY_VALUES: Readonly<Record<PrivilegeDenyReason, XUserPrivilegeDenyReason>> = {
  [PrivilegeDenyReason.None]: XUserPrivilegeDenyReason.None,
  [PrivilegeDenyReason.PurchaseRequired]: XUserPrivilegeDenyReason.PurchaseRequired,
  [PrivilegeDenyReason.Restricted]: XUserPrivilegeDenyReason.Restricted,
  [PrivilegeDenyReason.Banned]: XUserPrivilegeDenyReason.Banned,
  [PrivilegeDenyReason.Unknown]: XUserPrivilegeDenyReason.Unknown,
};

function isPrivilege(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffff;
}

/**
 * Mirrors `XUserCheckPrivilege`. The deny reason is informational (it may be wrong, as natively);
 * use `XUserResolvePrivilegeWithUiAsync` rather than branching on it.
 *
 * @param user - [in] a user handle.
 * @param options - [in] {@link XUserPrivilegeOptions}: `AllUsers` requires every added user to hold it.
 * @param privilege - [in] the privilege id.
 * @param hasPrivilege - [out] receives whether it is held.
 * @param denyReason - [out, optional] receives the {@link XUserPrivilegeDenyReason}.
 * @returns `S_OK`; `E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED`; `E_INVALIDARG` for bad options or
 *   privilege; `E_GAMERUNTIME_NOT_INITIALIZED`; `E_GAMERUNTIME_INVALID_HANDLE`; `E_POINTER`.
 */
export function XUserCheckPrivilege(
  user: XUserHandle | null,
  options: XUserPrivilegeOptions,
  privilege: number,
  hasPrivilege: Out<boolean>,
  denyReason: Out<XUserPrivilegeDenyReason> | null,
): HRESULT {
  const r = resolveUser(user);
  if (typeof r === 'number') return r;
  if (!isOut(hasPrivilege) || !isOptionalOut(denyReason)) return E_POINTER;
  if (!isUint32(options) || (options & ~XUserPrivilegeOptions.AllUsers) !== 0 || !isPrivilege(privilege))
    return E_INVALIDARG;
  const [rt, record] = r;
  if (needsAction(record)) return E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED;
  const subjects = (options & XUserPrivilegeOptions.AllUsers) !== 0 ? rt.session.users : [record];
  let result = { has: true, reason: PrivilegeDenyReason.None as PrivilegeDenyReason };
  for (const subject of subjects) {
    const checked = rt.session.checkPrivilege(subject, privilege);
    if (!checked.has) {
      result = checked;
      break;
    }
  }
  if (!writeOut(hasPrivilege, result.has)) return E_POINTER;
  if (denyReason !== null && denyReason !== undefined) writeOut(denyReason, DENY_VALUES[result.reason]);
  return S_OK;
}

/**
 * Mirrors `XUserIsStoreUser`: whether the user's account is the one signed in to the Microsoft
 * Store (the console's `storeUser`, by default its default user).
 *
 * @param user - [in] a user handle.
 * @returns `true` for the store account; `false` otherwise, and for a bad handle or before initialization.
 */
export function XUserIsStoreUser(user: XUserHandle | null): boolean {
  const r = resolveUser(user);
  if (typeof r === 'number') return false;
  const [rt, record] = r;
  return record.account.xuid === (rt.console.storeUser ?? rt.session.defaultUser);
}

// --- find ---------------------------------------------------------------------------------------

function giveHandle(rt: Runtime, user: SessionUser, handle: Out<XUserHandle | null>): HRESULT {
  const h = rt.users.create(user);
  if (writeOut(handle, h)) return S_OK;
  rt.users.close(h);
  return E_POINTER;
}

/**
 * Mirrors `XUserFindUserById`: a new handle to an added user with that XUID.
 *
 * @param userId - [in] the XUID (a bigint).
 * @param handle - [out] receives a new handle (its own reference).
 * @returns `S_OK`; `E_GAMEUSER_USER_NOT_FOUND`; `E_INVALIDARG` for a non-bigint;
 *   `E_GAMERUNTIME_NOT_INITIALIZED`; `E_POINTER`.
 */
export function XUserFindUserById(userId: bigint, handle: Out<XUserHandle | null>): HRESULT {
  const rt = current();
  if (typeof rt === 'number') return rt;
  if (!isOut(handle)) return E_POINTER;
  writeOut(handle, null);
  if (typeof userId !== 'bigint') return E_INVALIDARG;
  const user = rt.session.findById(userId.toString());
  return user === undefined ? E_GAMEUSER_USER_NOT_FOUND : giveHandle(rt, user, handle);
}

/**
 * Mirrors `XUserFindUserByLocalId`: a new handle to the added user with that local id.
 *
 * @param userLocalId - [in] `{ value }`.
 * @param handle - [out] receives a new handle (its own reference).
 * @returns `S_OK`; `E_NOTFOUND` (`HRESULT_FROM_WIN32(ERROR_NOT_FOUND)`); `E_INVALIDARG` for a
 *   malformed id; `E_GAMERUNTIME_NOT_INITIALIZED`; `E_POINTER`.
 */
export function XUserFindUserByLocalId(userLocalId: XUserLocalId, handle: Out<XUserHandle | null>): HRESULT {
  const rt = current();
  if (typeof rt === 'number') return rt;
  if (!isOut(handle)) return E_POINTER;
  writeOut(handle, null);
  let value: unknown;
  try {
    value = isObject(userLocalId) ? userLocalId.value : undefined;
  } catch {
    value = undefined;
  }
  if (typeof value !== 'bigint') return E_INVALIDARG;
  const user = rt.session.findByLocalId(value);
  return user === undefined ? E_NOTFOUND : giveHandle(rt, user, handle);
}

// --- sign-in ------------------------------------------------------------------------------------

const ADD_FAILURES: Readonly<Record<AddUserFailure, HRESULT>> = {
  noDefaultUser: E_GAMEUSER_NO_DEFAULT_USER,
  aborted: E_ABORT,
  maxUsersAdded: E_GAMEUSER_MAX_USERS_ADDED,
  resolveRequired: E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED,
  notInSandbox: E_GAMEUSER_USER_NOT_IN_SANDBOX,
  userNotFound: E_GAMEUSER_USER_NOT_FOUND,
};

function beginAdd(
  rt: Runtime,
  asyncBlock: XAsyncBlock,
  identity: unknown,
  name: string,
  add: () => Promise<AddUserResult>,
): HRESULT {
  let result: HandleResult<XUserHandle> | undefined;
  return beginPromiseCall(
    asyncBlock,
    identity,
    name,
    async ({ signal }) => {
      const outcome = await untilAborted(rt, signal, add());
      if (outcome === ABORTED) return { hr: E_ABORT };
      if (!outcome.ok) return { hr: ADD_FAILURES[outcome.reason] };
      result = new HandleResult(rt.users.create(outcome.user), (h) => rt.users.close(h));
      return { payload: result.payload };
    },
    { onCleanup: () => result?.dispose() },
  );
}

const ADD_OPTION_BITS =
  XUserAddOptions.AddDefaultUserSilently | XUserAddOptions.AllowGuests | XUserAddOptions.AddDefaultUserAllowingUI;

/**
 * Mirrors `XUserAddAsync` (xuser-xal.md §1.5): `AddDefaultUserSilently` adds the default user
 * without UI (a signed-out default is replaced by the single remaining signed-in user; with several,
 * `E_GAMEUSER_NO_DEFAULT_USER`); `AddDefaultUserAllowingUI` is silent when it can and shows the
 * picker or the account fix otherwise; no default flag shows the account picker (`AllowGuests`
 * lets it pick guests). Read the outcome with {@link XUserAddResult}.
 *
 * @param options - [in] {@link XUserAddOptions} flags.
 * @param async - [in, out] the async block.
 * @returns `S_OK` (started); `E_INVALIDARG` for unknown flags, `AllowGuests` with
 *   `AddDefaultUserSilently`, both default flags, or a bad block; `E_GAMERUNTIME_NOT_INITIALIZED`;
 *   the block errors of `XAsyncBegin`.
 */
export function XUserAddAsync(options: XUserAddOptions, async: XAsyncBlock): HRESULT {
  const rt = current();
  if (typeof rt === 'number') return rt;
  if (!isUint32(options) || (options & ~ADD_OPTION_BITS) !== 0) return E_INVALIDARG;
  const silent = (options & XUserAddOptions.AddDefaultUserSilently) !== 0;
  const allowingUi = (options & XUserAddOptions.AddDefaultUserAllowingUI) !== 0;
  const guests = (options & XUserAddOptions.AllowGuests) !== 0;
  if ((silent && guests) || (silent && allowingUi)) return E_INVALIDARG;
  const request: AddUserRequest = silent
    ? { mode: 'silent' }
    : allowingUi
      ? { mode: 'silentAllowingUi' }
      : { mode: 'picker', allowGuests: guests };
  return beginAdd(rt, async, XUserAddAsync, 'XUserAddAsync', () => rt.session.addUser(request));
}

/**
 * Mirrors `XUserAddResult`.
 *
 * @param async - [in] the block of an {@link XUserAddAsync} call.
 * @param newUser - [out] receives the new user handle (close it with {@link XUserCloseHandle}).
 * @returns `S_OK`; `E_GAMEUSER_NO_DEFAULT_USER`; `E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED`; `E_ABORT`
 *   (the picker was dismissed, or the call cancelled); `E_GAMEUSER_MAX_USERS_ADDED`;
 *   `E_GAMEUSER_USER_NOT_IN_SANDBOX`; `E_PENDING`; `E_ILLEGAL_METHOD_CALL` (taken already);
 *   `E_INVALIDARG` (another API's block); `E_POINTER`.
 */
export function XUserAddResult(async: XAsyncBlock, newUser: Out<XUserHandle | null>): HRESULT {
  return takeHandleResult(async, XUserAddAsync, newUser, (h) => XUserCloseHandle(h));
}

/**
 * Mirrors `XUserAddByIdWithUiAsync`: adds the user with that XUID who is signed in on the device
 * (an invite's target), with UI only to fix the account.
 *
 * @param userId - [in] the XUID (a bigint).
 * @param async - [in, out] the async block.
 * @returns `S_OK` (started); `E_INVALIDARG` for a non-bigint id or a bad block; `E_GAMERUNTIME_NOT_INITIALIZED`.
 */
export function XUserAddByIdWithUiAsync(userId: bigint, async: XAsyncBlock): HRESULT {
  const rt = current();
  if (typeof rt === 'number') return rt;
  if (typeof userId !== 'bigint' || userId < 0n) return E_INVALIDARG;
  const xuid = userId.toString();
  return beginAdd(rt, async, XUserAddByIdWithUiAsync, 'XUserAddByIdWithUiAsync', () => rt.session.addUserById(xuid));
}

/**
 * Mirrors `XUserAddByIdWithUiResult`.
 *
 * @param async - [in] the block of an {@link XUserAddByIdWithUiAsync} call.
 * @param newUser - [out] receives the new user handle.
 * @returns what {@link XUserAddResult} returns, and `E_GAMEUSER_USER_NOT_FOUND` when that XUID is
 *   not signed in on the device.
 */
export function XUserAddByIdWithUiResult(async: XAsyncBlock, newUser: Out<XUserHandle | null>): HRESULT {
  return takeHandleResult(async, XUserAddByIdWithUiAsync, newUser, (h) => XUserCloseHandle(h));
}

// --- UI flows -----------------------------------------------------------------------------------

const RESOLVE_RESULTS: Readonly<Record<ResolveResult, HRESULT>> = {
  ok: S_OK,
  aborted: E_ABORT,
  failedToResolve: E_GAMEUSER_FAILED_TO_RESOLVE,
};

function beginResolve(
  rt: Runtime,
  asyncBlock: XAsyncBlock,
  identity: unknown,
  name: string,
  work: () => Promise<ResolveResult>,
): HRESULT {
  return beginPromiseCall(asyncBlock, identity, name, async ({ signal }) => {
    const outcome = await untilAborted(rt, signal, work());
    return { hr: outcome === ABORTED ? E_ABORT : RESOLVE_RESULTS[outcome] };
  });
}

function resolveIssueAsync(
  identity: unknown,
  name: string,
  user: XUserHandle | null,
  url: string | null,
  async: XAsyncBlock,
): HRESULT {
  const r = resolveUser(user);
  if (typeof r === 'number') return r;
  if (url !== null && url !== undefined && (!isString(url) || url.includes('\u0000'))) return E_INVALIDARG;
  const [rt, record] = r;
  return beginResolve(rt, async, identity, name, () => rt.session.resolveIssue(record, url ?? null));
}

/**
 * Mirrors `XUserResolveIssueWithUiAsync`: shows the UI that fixes the user's account (terms, age
 * verification, profile…); pass the URL whose token request answered
 * `E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED`, or `null` for Xbox-wide issues.
 *
 * @param user - [in] a user handle.
 * @param url - [in, optional] the URL, or `null`.
 * @param async - [in, out] the async block.
 * @returns `S_OK` (started); `E_INVALIDARG` for `null` user, a non-string URL or a bad block;
 *   `E_GAMERUNTIME_INVALID_HANDLE`; `E_GAMERUNTIME_NOT_INITIALIZED`.
 */
export function XUserResolveIssueWithUiAsync(
  user: XUserHandle | null,
  url: string | null,
  async: XAsyncBlock,
): HRESULT {
  return resolveIssueAsync(XUserResolveIssueWithUiAsync, 'XUserResolveIssueWithUiAsync', user, url, async);
}

/**
 * Mirrors `XUserResolveIssueWithUiResult`.
 *
 * @param async - [in] the block of an {@link XUserResolveIssueWithUiAsync} call.
 * @returns `S_OK` (fixed); `E_ABORT` (dismissed or cancelled); `E_GAMEUSER_FAILED_TO_RESOLVE` (an
 *   issue remains); `E_PENDING`; `E_ILLEGAL_METHOD_CALL`; `E_INVALIDARG` (another API's block).
 */
export function XUserResolveIssueWithUiResult(async: XAsyncBlock): HRESULT {
  return statusResult(async, XUserResolveIssueWithUiAsync);
}

/**
 * Mirrors `XUserResolveIssueWithUiUtf16Async` (JS strings are UTF-16 already).
 *
 * @param user - [in] a user handle.
 * @param url - [in, optional] the URL, or `null`.
 * @param async - [in, out] the async block.
 * @returns as {@link XUserResolveIssueWithUiAsync}.
 */
export function XUserResolveIssueWithUiUtf16Async(
  user: XUserHandle | null,
  url: string | null,
  async: XAsyncBlock,
): HRESULT {
  return resolveIssueAsync(XUserResolveIssueWithUiUtf16Async, 'XUserResolveIssueWithUiUtf16Async', user, url, async);
}

/**
 * Mirrors `XUserResolveIssueWithUiUtf16Result`.
 *
 * @param async - [in] the block of an {@link XUserResolveIssueWithUiUtf16Async} call.
 * @returns as {@link XUserResolveIssueWithUiResult}.
 */
export function XUserResolveIssueWithUiUtf16Result(async: XAsyncBlock): HRESULT {
  return statusResult(async, XUserResolveIssueWithUiUtf16Async);
}

/**
 * Mirrors `XUserResolvePrivilegeWithUiAsync`: shows the UI that grants a missing privilege.
 *
 * @param user - [in] a user handle.
 * @param options - [in] {@link XUserPrivilegeOptions}.
 * @param privilege - [in] the privilege id.
 * @param async - [in, out] the async block.
 * @returns `S_OK` (started); `E_INVALIDARG` for bad options, privilege or block;
 *   `E_GAMERUNTIME_INVALID_HANDLE`; `E_GAMERUNTIME_NOT_INITIALIZED`.
 */
export function XUserResolvePrivilegeWithUiAsync(
  user: XUserHandle | null,
  options: XUserPrivilegeOptions,
  privilege: number,
  async: XAsyncBlock,
): HRESULT {
  const r = resolveUser(user);
  if (typeof r === 'number') return r;
  if (!isUint32(options) || (options & ~XUserPrivilegeOptions.AllUsers) !== 0 || !isPrivilege(privilege))
    return E_INVALIDARG;
  const [rt, record] = r;
  return beginResolve(rt, async, XUserResolvePrivilegeWithUiAsync, 'XUserResolvePrivilegeWithUiAsync', () =>
    rt.session.resolvePrivilege(record, privilege),
  );
}

/**
 * Mirrors `XUserResolvePrivilegeWithUiResult`.
 *
 * @param async - [in] the block of an {@link XUserResolvePrivilegeWithUiAsync} call.
 * @returns `S_OK`; `E_ABORT`; `E_GAMEUSER_FAILED_TO_RESOLVE`; `E_PENDING`; `E_ILLEGAL_METHOD_CALL`; `E_INVALIDARG`.
 */
export function XUserResolvePrivilegeWithUiResult(async: XAsyncBlock): HRESULT {
  return statusResult(async, XUserResolvePrivilegeWithUiAsync);
}

/**
 * Mirrors `XUserGetMsaTokenSilentlyAsync` (deprecated): an MSA access token for a scope. The
 * emulated runtime has no Microsoft account service, so the call starts nothing.
 *
 * @param user - [in] a user handle.
 * @param options - [in] {@link XUserGetMsaTokenSilentlyOptions} (`None`).
 * @param scope - [in] the MSA scope.
 * @param async - [in, out] the async block.
 * @returns `E_NOTIMPL` (inferred: the API is deprecated and the notes name no code) once the
 *   arguments pass; before that `E_INVALIDARG` for unknown options or a scope that is not a
 *   non-empty string, the handle errors, `E_GAMERUNTIME_NOT_INITIALIZED`.
 */
export function XUserGetMsaTokenSilentlyAsync(
  user: XUserHandle | null,
  options: XUserGetMsaTokenSilentlyOptions,
  scope: string,
  async: XAsyncBlock,
): HRESULT {
  void async;
  const r = resolveUser(user);
  if (typeof r === 'number') return r;
  if (options !== XUserGetMsaTokenSilentlyOptions.None || !isString(scope) || scope === '' || scope.includes('\u0000'))
    return E_INVALIDARG;
  return E_NOTIMPL;
}

const msaTokenResult = new TwoStepResult(XUserGetMsaTokenSilentlyAsync);

/**
 * Mirrors `XUserGetMsaTokenSilentlyResultSize` (deprecated).
 *
 * @param async - [in] the block of an {@link XUserGetMsaTokenSilentlyAsync} call (none ever starts).
 * @param tokenSize - [out] receives the token's size.
 * @returns what `XAsyncGetResultSize` answers for the block; `E_POINTER`.
 */
export function XUserGetMsaTokenSilentlyResultSize(async: XAsyncBlock, tokenSize: Out<number>): HRESULT {
  return msaTokenResult.size(async, tokenSize);
}

/**
 * Mirrors `XUserGetMsaTokenSilentlyResult` (deprecated).
 *
 * @param async - [in] the block of an {@link XUserGetMsaTokenSilentlyAsync} call (none ever starts).
 * @param tokenSize - [in] the buffer's size.
 * @param token - [out] receives the token and its NUL.
 * @param tokenUsed - [out, optional] receives the bytes written.
 * @returns `E_INVALIDARG` for a block of another API (every block: the call never starts); `E_POINTER`.
 */
export function XUserGetMsaTokenSilentlyResult(
  async: XAsyncBlock,
  tokenSize: number,
  token: Uint8Array,
  tokenUsed: Out<number> | null,
): HRESULT {
  return msaTokenResult.result(async, tokenSize, token, null, tokenUsed);
}

function statusResult(async: XAsyncBlock, identity: unknown): HRESULT {
  return new TwoStepResult(identity).result(async, 0, null, null, null);
}

// --- gamer picture ------------------------------------------------------------------------------

/**
 * Mirrors `XUserGetGamerPictureAsync`: the user's picture as PNG bytes of the requested size.
 *
 * @param user - [in] a user handle.
 * @param pictureSize - [in] the {@link XUserGamerPictureSize}.
 * @param async - [in, out] the async block.
 * @returns `S_OK` (started); `E_INVALIDARG` for a bad size or block; `E_GAMERUNTIME_INVALID_HANDLE`;
 *   `E_GAMERUNTIME_NOT_INITIALIZED`.
 */
export function XUserGetGamerPictureAsync(
  user: XUserHandle | null,
  pictureSize: XUserGamerPictureSize,
  async: XAsyncBlock,
): HRESULT {
  const r = resolveUser(user);
  if (typeof r === 'number') return r;
  const edge = typeof pictureSize === 'number' ? GAMER_PICTURE_SIZES[pictureSize] : undefined;
  if (edge === undefined || !Number.isInteger(pictureSize)) return E_INVALIDARG;
  const [rt, record] = r;
  return beginPromiseCall(async, XUserGetGamerPictureAsync, 'XUserGetGamerPictureAsync', () => ({
    payload: rt.session.gamerPicture(record, edge),
  }));
}

const pictureResult = new TwoStepResult(XUserGetGamerPictureAsync);

/**
 * Mirrors `XUserGetGamerPictureResultSize`.
 *
 * @param async - [in] the block of an {@link XUserGetGamerPictureAsync} call.
 * @param bufferSize - [out] receives the PNG's size in bytes.
 * @returns the call's status (`E_PENDING` while running; `E_ABORT` when cancelled); `E_POINTER`.
 */
export function XUserGetGamerPictureResultSize(async: XAsyncBlock, bufferSize: Out<number>): HRESULT {
  return pictureResult.size(async, bufferSize);
}

/**
 * Mirrors `XUserGetGamerPictureResult`: copies the PNG (once; any non-pending outcome consumes it).
 *
 * @param async - [in] the block of an {@link XUserGetGamerPictureAsync} call.
 * @param bufferSize - [in] the buffer's size.
 * @param buffer - [out] receives the PNG bytes.
 * @param bufferUsed - [out, optional] receives the bytes written (the ResultSize value).
 * @returns `S_OK`; `E_NOT_SUFFICIENT_BUFFER`; `E_INVALIDARG` (null buffer, another API's block);
 *   `E_ILLEGAL_METHOD_CALL` (taken already); `E_PENDING`; the call's failure.
 */
export function XUserGetGamerPictureResult(
  async: XAsyncBlock,
  bufferSize: number,
  buffer: Uint8Array,
  bufferUsed: Out<number> | null,
): HRESULT {
  return pictureResult.result(async, bufferSize, buffer, null, bufferUsed);
}
