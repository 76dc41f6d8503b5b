/**
 * `xal.h` / `xal_user.h`: adding users, the user object, change events, sign-out deferrals and
 * sign-out (xuser-xal.md §2.4, §2.5, §2.7). On a platform XAL the sign-in UI is the web-view hook
 * (or remote connect) and the signed-in user is cached through the storage hook, so a later
 * `XalTryAddDefaultUserSilentlyAsync` restores it; the GDK flavour follows XUser (`XUserAddAsync`).
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
  E_XAL_CONTENT_ISOLATION,
  E_XAL_DEFERRALNOTAVAILABLE,
  E_XAL_DEVICEUSER,
  E_XAL_FAILEDTORESOLVE,
  E_XAL_NODEFAULTUSER,
  E_XAL_NOTINITIALIZED,
  E_XAL_UIREQUIRED,
  E_XAL_UNLISTEDCONSENT,
  E_XAL_USERNOTFOUND,
  E_XAL_USERSETFULL,
  S_OK,
  SUCCEEDED,
  type HRESULT,
} from '@gdkts/hresult';
import {
  PrivilegeDenyReason,
  UserState,
  type AddUserFailure,
  type AddUserResult,
  type ResolveResult,
  type SessionUser,
} from '@gdkts/identity';
import {
  XAsyncGetResult,
  XAsyncGetStatus,
  type Out,
  type XAsyncBlock,
  type XTaskQueueHandle,
  type XTaskQueueRegistrationToken,
} from '@gdkts/xasync';
import { TwoStepResult, utf8Size, writeUtf8 } from '@gdkts/xasync/provider';
import {
  isBuffer,
  isEnumValue,
  isFunction,
  isOut,
  isQueueArgument,
  isString,
  isUint32,
  isUint64,
  writeOut,
} from './internal/args.js';
import { storageClear, storageRead, storageWrite } from './internal/hooks.js';
import { learnAccount, liveClients, profileOf } from './internal/sisu.js';
import { live, xal, xalCode, type XalRuntime } from './internal/runtime.js';
import { uiFlow, type UiFlow } from './internal/signIn.js';
import {
  beginUserCall,
  beginXalCall,
  changeHandlers,
  deferrals,
  resolveUser,
  signingOut,
  takeUserResult,
  users,
  type UserEntry,
} from './internal/users.js';
import { XAL_EMULATOR_ACCOUNT_URL, XAL_EMULATOR_LOGOUT_URL } from './XalEmulator.js';
import { showUrl } from './internal/hooks.js';
import {
  XalAgeGroup,
  XalConsentState,
  XalGamerPictureSize,
  XalGamertagComponent,
  XalPlatformOperationResult,
  XalPrivilegeCheckDenyReasons,
  XalShowUrlType,
  XalUserState,
  type XalRegistrationToken,
  type XalSignoutDeferralHandle,
  type XalUserChangeEventHandler,
  type XalUserHandle,
  type XalUserLocalId,
} from './types.js';

// ---- the cached user (storage hook) ----------------------------------------------------------------

/** The storage key of the cached default user of a client. */
function cacheKey(runtime: XalRuntime): string {
  return `xal/${runtime.clientId.toLowerCase()}/default-user`;
}

/** The XUID the storage hook holds for the client; `undefined` when none; an HRESULT when the read failed. */
async function readCachedXuid(runtime: XalRuntime, userIdentifier: number): Promise<string | undefined | HRESULT> {
  const read = await storageRead(userIdentifier, cacheKey(runtime));
  if (read.result !== XalPlatformOperationResult.Success) return E_FAIL;
  if (read.data === null || read.data === undefined || read.data.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(read.data));
    const xuid = (value as { xuid?: unknown } | null)?.xuid;
    if (typeof xuid !== 'string') return undefined;
    const live = liveClients.get(runtime.emulator);
    if (live !== undefined) {
      // over HTTP the cached user carries its SISU user token and the profile of its account
      live.importUserToken(xuid, (value as { live?: unknown }).live);
      learnAccount(runtime.emulator, runtime.session, (value as { profile?: unknown }).profile);
    }
    return xuid;
  } catch {
    return undefined; // unreadable cache: as if none
  }
}

// ---- adding users ------------------------------------------------------------------------------------

function addFailure(reason: AddUserFailure, flow: UiFlow | null): HRESULT {
  switch (reason) {
    case 'noDefaultUser':
      return xalCode(E_XAL_NODEFAULTUSER);
    case 'aborted':
      return flow?.failed === true ? E_FAIL : E_ABORT;
    case 'maxUsersAdded':
      return xalCode(E_XAL_USERSETFULL);
    case 'resolveRequired':
      return xalCode(E_XAL_UIREQUIRED);
    case 'notInSandbox':
      return xalCode(E_XAL_CONTENT_ISOLATION);
    case 'userNotFound':
      return xalCode(E_XAL_USERNOTFOUND);
  }
}

function admitted(result: AddUserResult, userIdentifier: number, flow: UiFlow | null): UserEntry | HRESULT {
  return result.ok ? { user: result.user, userIdentifier } : addFailure(result.reason, flow);
}

/** A silent restore of a cached XUID: never UI. */
async function restore(runtime: XalRuntime, xuid: string, userIdentifier: number): Promise<UserEntry | HRESULT> {
  const account = runtime.emulator.account(xuid);
  if (account === undefined || account.issues.has('Banned')) return xalCode(E_XAL_NODEFAULTUSER);
  if (account.requiresUserAction) return xalCode(E_XAL_UIREQUIRED);
  runtime.session.signIn(xuid);
  return admitted(await runtime.session.addUserById(xuid), userIdentifier, null);
}

function checkAdd(userIdentifier: unknown): HRESULT | XalRuntime {
  const runtime = live();
  if (runtime === undefined) return E_XAL_NOTINITIALIZED;
  if (!isUint32(userIdentifier)) return E_INVALIDARG;
  return runtime;
}

/**
 * Mirrors `XalTryAddDefaultUserSilentlyAsync`: restores the previously signed-in user without UI.
 * Platform XAL: the user cached through the storage hook; GDK: `XUserAddAsync(AddDefaultUserSilently)`.
 * @param userIdentifier - [in] the title's tag for the user, echoed to every hook (uint32).
 * @param asyncBlock - [in,out] the caller's block.
 * @returns `S_OK`; `E_XAL_NOTINITIALIZED`; `E_INVALIDARG`; what `XAsyncBegin` returns. The call
 * completes with `S_OK`, `E_XAL_UIREQUIRED` (nothing cached, or the account needs UI), `E_XAL_NODEFAULTUSER`
 * (the cached account is gone or banned; GDK: no default user), `E_XAL_USERSETFULL`,
 * `E_XAL_CONTENT_ISOLATION`, `E_FAIL` (the storage hook failed), `E_ABORT`.
 */
export function XalTryAddDefaultUserSilentlyAsync(userIdentifier: number, asyncBlock: XAsyncBlock): HRESULT {
  const runtime = checkAdd(userIdentifier);
  if (typeof runtime === 'number') return runtime;
  return beginUserCall(asyncBlock, XalTryAddDefaultUserSilentlyAsync, 'XalTryAddDefaultUserSilentlyAsync', async () => {
    if (runtime.flavour === 'gdk')
      return admitted(await runtime.session.addUser({ mode: 'silent' }), userIdentifier, null);
    const xuid = await readCachedXuid(runtime, userIdentifier);
    if (typeof xuid === 'number') return xuid;
    if (xuid === undefined) return xalCode(E_XAL_UIREQUIRED);
    return restore(runtime, xuid, userIdentifier);
  });
}

/**
 * Mirrors `XalTryAddDefaultUserSilentlyResult`.
 * @param asyncBlock - [in] the block of the call.
 * @param newUser - [out] receives the new handle (`null` on failure); close it with {@link XalUserCloseHandle}.
 * @returns the call's status; `E_PENDING`; `E_POINTER`; `E_ILLEGAL_METHOD_CALL` (already fetched); `E_INVALIDARG` (another call's block).
 */
export function XalTryAddDefaultUserSilentlyResult(
  asyncBlock: XAsyncBlock,
  newUser: Out<XalUserHandle | null>,
): HRESULT {
  return takeUserResult(asyncBlock, XalTryAddDefaultUserSilentlyAsync, newUser);
}

/** Writes the signed-in user to the storage hook (a failed write leaves the user signed in, uncached). */
async function cacheUser(runtime: XalRuntime, entry: UserEntry): Promise<void> {
  if (entry.user === null) return;
  // over HTTP the SISU user token and the account's profile are kept with the user, as XAL keeps
  // its tokens and display claims in storage
  const live = liveClients.get(runtime.emulator);
  const { account } = entry.user;
  const xuid = account.xuid;
  const cached =
    live === undefined ? { xuid } : { xuid, live: live.exportUserToken(xuid), profile: profileOf(account) };
  await storageWrite(entry.userIdentifier, cacheKey(runtime), new TextEncoder().encode(JSON.stringify(cached)));
}

/**
 * Mirrors `XalAddUserWithUiAsync`: always shows UI. Platform XAL: the web-view hook opens the MSA
 * sign-in page (Generic + `useRemoteAuth`: the remote-connect prompt; then the SPOP prompt when the
 * account is signed in elsewhere), and the user is cached through the storage hook. GDK:
 * `XUserAddAsync(None)` (the account picker).
 * @param userIdentifier - [in] the title's tag for the user (uint32).
 * @param asyncBlock - [in,out] the caller's block.
 * @returns `S_OK`; `E_XAL_NOTINITIALIZED`; `E_INVALIDARG`; what `XAsyncBegin` returns. The call
 * completes with `S_OK`, `E_ABORT` (the UI was canceled), `E_FAIL` (a hook failed, or the redirect
 * carried no valid code), `E_XAL_USERSETFULL`, `E_XAL_UIREQUIRED` (an account fix failed),
 * `E_XAL_CONTENT_ISOLATION`.
 */
export function XalAddUserWithUiAsync(userIdentifier: number, asyncBlock: XAsyncBlock): HRESULT {
  const runtime = checkAdd(userIdentifier);
  if (typeof runtime === 'number') return runtime;
  return beginUserCall(asyncBlock, XalAddUserWithUiAsync, 'XalAddUserWithUiAsync', async () => {
    const flow: UiFlow = { userIdentifier, failed: false };
    const entry = admitted(
      await uiFlow.run(flow, () => runtime.session.addUser({ mode: 'picker' })),
      userIdentifier,
      flow,
    );
    if (typeof entry !== 'number' && runtime.flavour !== 'gdk') await cacheUser(runtime, entry);
    return entry;
  });
}

/**
 * Mirrors `XalAddUserWithUiResult`.
 * @param asyncBlock - [in] the block of the call.
 * @param newUser - [out] receives the new handle (`null` on failure).
 * @returns as {@link XalTryAddDefaultUserSilentlyResult}.
 */
export function XalAddUserWithUiResult(asyncBlock: XAsyncBlock, newUser: Out<XalUserHandle | null>): HRESULT {
  return takeUserResult(asyncBlock, XalAddUserWithUiAsync, newUser);
}

/**
 * Mirrors `XalTryAddUserByIdAsync`: adds the user with a XUID who is already added or cached (UI
 * only to fix the account). GDK: `XUserAddByIdWithUiAsync`.
 * @param userIdentifier - [in] the title's tag for the user (uint32).
 * @param xuid - [in] the XUID (uint64, a bigint).
 * @param asyncBlock - [in,out] the caller's block.
 * @returns `S_OK`; `E_XAL_NOTINITIALIZED`; `E_INVALIDARG`; what `XAsyncBegin` returns. The call
 * completes with `S_OK`, `E_XAL_USERNOTFOUND`, `E_XAL_USERSETFULL`, `E_XAL_UIREQUIRED`, `E_ABORT`, `E_FAIL`.
 */
export function XalTryAddUserByIdAsync(userIdentifier: number, xuid: bigint, asyncBlock: XAsyncBlock): HRESULT {
  const runtime = checkAdd(userIdentifier);
  if (typeof runtime === 'number') return runtime;
  if (!isUint64(xuid)) return E_INVALIDARG;
  const id = xuid.toString();
  return beginUserCall(asyncBlock, XalTryAddUserByIdAsync, 'XalTryAddUserByIdAsync', async () => {
    const flow: UiFlow = { userIdentifier, failed: false };
    if (runtime.flavour === 'gdk' || runtime.session.findById(id) !== undefined) {
      return admitted(await uiFlow.run(flow, () => runtime.session.addUserById(id)), userIdentifier, flow);
    }
    const cached = await readCachedXuid(runtime, userIdentifier);
    if (typeof cached === 'number') return cached;
    if (cached !== id || runtime.emulator.account(id) === undefined) return xalCode(E_XAL_USERNOTFOUND);
    runtime.session.signIn(id);
    return admitted(await uiFlow.run(flow, () => runtime.session.addUserById(id)), userIdentifier, flow);
  });
}

/**
 * Mirrors `XalTryAddUserByIdResult`.
 * @param asyncBlock - [in] the block of the call.
 * @param newUser - [out] receives the new handle (`null` on failure).
 * @returns as {@link XalTryAddDefaultUserSilentlyResult}.
 */
export function XalTryAddUserByIdResult(asyncBlock: XAsyncBlock, newUser: Out<XalUserHandle | null>): HRESULT {
  return takeUserResult(asyncBlock, XalTryAddUserByIdAsync, newUser);
}

// ---- the device user ------------------------------------------------------------------------------

/**
 * Mirrors `XalGetDeviceUserIsPresent`.
 * @returns true on a platform XAL once initialized; false on the GDK flavour or before init.
 */
export function XalGetDeviceUserIsPresent(): boolean {
  const runtime = live();
  return runtime !== undefined && runtime.flavour !== 'gdk';
}

/**
 * Mirrors `XalGetDeviceUser`: a handle to the device user (already referenced: close it).
 * @param deviceUser - [out] receives the handle.
 * @returns `S_OK`; `E_POINTER`; `E_XAL_NOTINITIALIZED`; `E_NOT_SUPPORTED` (GDK flavour).
 */
export function XalGetDeviceUser(deviceUser: Out<XalUserHandle | null>): HRESULT {
  if (!isOut(deviceUser)) return E_POINTER;
  writeOut(deviceUser, null);
  const runtime = live();
  if (runtime === undefined) return E_XAL_NOTINITIALIZED;
  if (runtime.flavour === 'gdk') return E_NOT_SUPPORTED;
  const handle = users.create({ user: null, userIdentifier: 0xffffffff });
  if (writeOut(deviceUser, handle)) return S_OK;
  users.close(handle);
  return E_POINTER;
}

// ---- the user object --------------------------------------------------------------------------------

/**
 * Mirrors `XalUserDuplicateHandle`: a new reference to the same user.
 * @param user - [in] a user handle.
 * @param duplicatedUser - [out] receives the new handle.
 * @returns `S_OK`; `E_INVALIDARG` (null or not a live handle); `E_POINTER`.
 */
export function XalUserDuplicateHandle(user: XalUserHandle, duplicatedUser: Out<XalUserHandle | null>): HRESULT {
  if (!isOut(duplicatedUser)) return E_POINTER;
  const entry = resolveUser(user);
  if (typeof entry !== 'number') return users.duplicate(user, duplicatedUser);
  writeOut(duplicatedUser, null);
  return entry;
}

/**
 * Mirrors `XalUserCloseHandle`: releases one reference; the user leaves the user set when the last
 * handle closes. Anything else is ignored.
 * @param user - [in] a user handle.
 */
export function XalUserCloseHandle(user: XalUserHandle): void {
  users.close(user);
}

function localIdOf(entry: UserEntry): bigint {
  return entry.user?.localId ?? 0n;
}

/**
 * Mirrors `XalCompareUsers`: a stable three-way order by user (0: the same user).
 * @param user1 - [in, optional] a user handle.
 * @param user2 - [in, optional] a user handle.
 * @returns 0, -1 or 1; a null or dead handle sorts first.
 */
export function XalCompareUsers(user1: XalUserHandle | null, user2: XalUserHandle | null): number {
  const a = users.resolve(user1);
  const b = users.resolve(user2);
  const ka = typeof a === 'number' ? -1n : localIdOf(a);
  const kb = typeof b === 'number' ? -1n : localIdOf(b);
  return ka === kb ? 0 : ka < kb ? -1 : 1;
}

/** Resolves a user handle of an account (not the device user). */
function accountUser(user: unknown): SessionUser | HRESULT {
  const entry = resolveUser(user);
  if (typeof entry === 'number') return entry;
  return entry.user ?? E_XAL_DEVICEUSER;
}

/**
 * Mirrors `XalUserGetId`.
 * @param user - [in] a user handle.
 * @param id - [out] receives the XUID (a bigint).
 * @returns `S_OK`; `E_INVALIDARG`; `E_POINTER`; `E_XAL_DEVICEUSER` (the device user has no XUID).
 */
export function XalUserGetId(user: XalUserHandle, id: Out<bigint>): HRESULT {
  if (!isOut(id)) return E_POINTER;
  const u = accountUser(user);
  if (typeof u === 'number') return u;
  return writeOut(id, BigInt(u.account.xuid)) ? S_OK : E_POINTER;
}

/**
 * Mirrors `XalUserGetLocalId`.
 * @param user - [in] a user handle.
 * @param localId - [out] receives `{ value }` (session-scoped).
 * @returns `S_OK`; `E_INVALIDARG`; `E_POINTER`.
 */
export function XalUserGetLocalId(user: XalUserHandle, localId: Out<XalUserLocalId>): HRESULT {
  if (!isOut(localId)) return E_POINTER;
  const entry = resolveUser(user);
  if (typeof entry === 'number') return entry;
  return writeOut(localId, { value: localIdOf(entry) }) ? S_OK : E_POINTER;
}

/**
 * Mirrors `XalUserIsDevice`.
 * @param user - [in] a user handle.
 * @returns true for the device user; false otherwise (and for a bad handle).
 */
export function XalUserIsDevice(user: XalUserHandle): boolean {
  const entry = resolveUser(user);
  return typeof entry !== 'number' && entry.user === null;
}

/**
 * Mirrors `XalUserIsGuest`.
 * @param user - [in] a user handle.
 * @returns true for a guest account; false otherwise (and for a bad handle).
 */
export function XalUserIsGuest(user: XalUserHandle): boolean {
  const entry = resolveUser(user);
  return typeof entry !== 'number' && entry.user !== null && entry.user.account.guest;
}

const STATES = Object.freeze({
  [UserState.SignedIn]: XalUserState.SignedIn,
  [UserState.SigningOut]: XalUserState.SigningOut,
  [UserState.SignedOut]: XalUserState.SignedOut,
});

/**
 * Mirrors `XalUserGetState`.
 * @param user - [in] a user handle.
 * @param state - [out] receives the {@link XalUserState} (the device user: always SignedIn).
 * @returns `S_OK`; `E_INVALIDARG`; `E_POINTER`.
 */
export function XalUserGetState(user: XalUserHandle, state: Out<XalUserState>): HRESULT {
  if (!isOut(state)) return E_POINTER;
  const entry = resolveUser(user);
  if (typeof entry === 'number') return entry;
  return writeOut(state, entry.user === null ? XalUserState.SignedIn : STATES[entry.user.state]) ? S_OK : E_POINTER;
}

/** The GDK shim's fixed sizes: `XUserGamertagComponent…MaxBytes` (xuser-xal.md §1.2). */
const GDK_GAMERTAG_MAX_BYTES: readonly number[] = [16, 97, 15, 101];

function gamertagOf(u: SessionUser, component: number): string {
  const a = u.account;
  return component === XalGamertagComponent.Classic
    ? a.gamertag
    : component === XalGamertagComponent.Modern
      ? a.modernGamertag
      : component === XalGamertagComponent.ModernSuffix
        ? a.modernGamertagSuffix
        : a.uniqueModernGamertag;
}

/**
 * Mirrors `XalUserGetGamertagSize`.
 * @param user - [in] a user handle.
 * @param component - [in] the {@link XalGamertagComponent}.
 * @returns the component's UTF-8 size including the NUL (GDK flavour: the component's maximum);
 * 0 for a bad handle, a bad component or the device user.
 */
export function XalUserGetGamertagSize(user: XalUserHandle, component: XalGamertagComponent): number {
  const u = accountUser(user);
  if (typeof u === 'number' || !isEnumValue(XalGamertagComponent, component)) return 0;
  return xal.runtime?.flavour === 'gdk' ? (GDK_GAMERTAG_MAX_BYTES[component] ?? 0) : utf8Size(gamertagOf(u, component));
}

/**
 * Mirrors `XalUserGetGamertag`: the component as NUL-terminated UTF-8.
 * @param user - [in] a user handle.
 * @param component - [in] the {@link XalGamertagComponent}.
 * @param gamertagSize - [in] the buffer's size.
 * @param gamertag - [out] receives the string.
 * @param gamertagUsed - [out, optional] receives the bytes written, NUL included.
 * @returns `S_OK`; `E_INVALIDARG` (bad handle, component or buffer); `E_NOT_SUFFICIENT_BUFFER`;
 * `E_POINTER`; `E_XAL_DEVICEUSER`.
 */
export function XalUserGetGamertag(
  user: XalUserHandle,
  component: XalGamertagComponent,
  gamertagSize: number,
  gamertag: Uint8Array,
  gamertagUsed: Out<number> | null,
): HRESULT {
  if (gamertagUsed !== null && gamertagUsed !== undefined && !isOut(gamertagUsed)) return E_POINTER;
  const u = accountUser(user);
  if (typeof u === 'number') return u;
  if (!isEnumValue(XalGamertagComponent, component) || !isBuffer(gamertagSize, gamertag)) return E_INVALIDARG;
  const text = gamertagOf(u, component);
  const size = utf8Size(text);
  if (gamertagSize < size) return E_NOT_SUFFICIENT_BUFFER;
  writeUtf8(gamertag, 0, text);
  if (gamertagUsed !== null && gamertagUsed !== undefined) writeOut(gamertagUsed, size);
  return S_OK;
}

const PICTURE_PIXELS: readonly number[] = [64, 208, 424, 1080];

/**
 * Mirrors `XalUserGetGamerPictureAsync`: the PNG of the user's gamer picture.
 * @param user - [in] a user handle.
 * @param pictureSize - [in] the {@link XalGamerPictureSize}.
 * @param asyncBlock - [in,out] the caller's block.
 * @returns `S_OK`; `E_INVALIDARG`; `E_XAL_DEVICEUSER`; `E_XAL_NOTINITIALIZED`; what `XAsyncBegin` returns.
 */
export function XalUserGetGamerPictureAsync(
  user: XalUserHandle,
  pictureSize: XalGamerPictureSize,
  asyncBlock: XAsyncBlock,
): HRESULT {
  const runtime = live();
  if (runtime === undefined) return E_XAL_NOTINITIALIZED;
  const u = accountUser(user);
  if (typeof u === 'number') return u;
  if (!isEnumValue(XalGamerPictureSize, pictureSize)) return E_INVALIDARG;
  const pixels = PICTURE_PIXELS[pictureSize] as number;
  return beginXalCall(asyncBlock, XalUserGetGamerPictureAsync, 'XalUserGetGamerPictureAsync', () => ({
    payload: runtime.session.gamerPicture(u, pixels),
  }));
}

const picture = new TwoStepResult(XalUserGetGamerPictureAsync);

/**
 * Mirrors `XalUserGetGamerPictureResultSize`.
 * @param asyncBlock - [in] the block of the call.
 * @param bufferSize - [out] receives the PNG's size.
 * @returns the call's status (`E_PENDING` while running); `E_POINTER`.
 */
export function XalUserGetGamerPictureResultSize(asyncBlock: XAsyncBlock, bufferSize: Out<number>): HRESULT {
  return picture.size(asyncBlock, bufferSize);
}

/**
 * Mirrors `XalUserGetGamerPictureResult` (no `bufferUsed`, unlike XUser): copies the PNG once.
 * @param asyncBlock - [in] the block of the call.
 * @param bufferSize - [in] the buffer's size.
 * @param buffer - [out] receives the PNG.
 * @returns the call's status; `E_NOT_SUFFICIENT_BUFFER`; `E_INVALIDARG`; `E_ILLEGAL_METHOD_CALL`.
 */
export function XalUserGetGamerPictureResult(asyncBlock: XAsyncBlock, bufferSize: number, buffer: Uint8Array): HRESULT {
  return XAsyncGetResult(asyncBlock, XalUserGetGamerPictureAsync, bufferSize, buffer, null);
}

const AGE_GROUPS: Readonly<Record<string, XalAgeGroup>> = Object.freeze({
  Child: XalAgeGroup.Child,
  Teen: XalAgeGroup.Teen,
  Adult: XalAgeGroup.Adult,
});

/**
 * Mirrors `XalUserGetAgeGroup`.
 * @param user - [in] a user handle.
 * @param ageGroup - [out] receives the {@link XalAgeGroup}.
 * @returns `S_OK`; `E_INVALIDARG`; `E_POINTER`; `E_XAL_DEVICEUSER`.
 */
export function XalUserGetAgeGroup(user: XalUserHandle, ageGroup: Out<XalAgeGroup>): HRESULT {
  if (!isOut(ageGroup)) return E_POINTER;
  const u = accountUser(user);
  if (typeof u === 'number') return u;
  return writeOut(ageGroup, AGE_GROUPS[u.account.ageGroup] ?? XalAgeGroup.Unknown) ? S_OK : E_POINTER;
}

const DENY_REASONS = Object.freeze({
  [PrivilegeDenyReason.None]: XalPrivilegeCheckDenyReasons.None,
  [PrivilegeDenyReason.PurchaseRequired]: XalPrivilegeCheckDenyReasons.PurchaseRequired,
  [PrivilegeDenyReason.Restricted]: XalPrivilegeCheckDenyReasons.Restricted,
  [PrivilegeDenyReason.Banned]: XalPrivilegeCheckDenyReasons.Banned,
  [PrivilegeDenyReason.Unknown]: XalPrivilegeCheckDenyReasons.Unknown,
});

/**
 * Mirrors `XalUserCheckPrivilege`.
 * @param user - [in] a user handle.
 * @param privilege - [in] an {@link XalPrivilege} id (uint32).
 * @param hasPrivilege - [out] receives whether the user holds it.
 * @param reasons - [out, optional] receives the {@link XalPrivilegeCheckDenyReasons} (`None` when held; informational only).
 * @returns `S_OK`; `E_XAL_NOTINITIALIZED`; `E_INVALIDARG`; `E_POINTER`; `E_XAL_DEVICEUSER`.
 */
export function XalUserCheckPrivilege(
  user: XalUserHandle,
  privilege: number,
  hasPrivilege: Out<boolean>,
  reasons: Out<XalPrivilegeCheckDenyReasons> | null,
): HRESULT {
  if (!isOut(hasPrivilege) || (reasons !== null && reasons !== undefined && !isOut(reasons))) return E_POINTER;
  const runtime = live();
  if (runtime === undefined) return E_XAL_NOTINITIALIZED;
  const u = accountUser(user);
  if (typeof u === 'number') return u;
  if (!isUint32(privilege)) return E_INVALIDARG;
  const check = runtime.session.checkPrivilege(u, privilege);
  writeOut(hasPrivilege, check.has);
  if (reasons !== null && reasons !== undefined) writeOut(reasons, DENY_REASONS[check.reason]);
  return S_OK;
}

/**
 * Mirrors `XalUserResolvePrivilegeWithUiIsPresent`.
 * @returns true (the privilege flow is a NonAuthFlow page; GDK: XUser's).
 */
export function XalUserResolvePrivilegeWithUiIsPresent(): boolean {
  return true;
}

function resolveStatus(result: ResolveResult, flow: UiFlow): HRESULT {
  if (result === 'ok') return S_OK;
  if (result === 'aborted') return flow.failed ? E_FAIL : E_ABORT;
  return xalCode(E_XAL_FAILEDTORESOLVE);
}

/**
 * Mirrors `XalUserResolveUserPrivilegeWithUiAsync`: the page that grants a missing privilege.
 * @param user - [in] a user handle.
 * @param privilege - [in] the privilege id (uint32).
 * @param asyncBlock - [in,out] the caller's block.
 * @returns `S_OK`; `E_XAL_NOTINITIALIZED`; `E_INVALIDARG`; `E_XAL_DEVICEUSER`; what `XAsyncBegin`
 * returns. The call completes with `S_OK`, `E_ABORT` (canceled) or `E_XAL_FAILEDTORESOLVE`.
 */
export function XalUserResolveUserPrivilegeWithUiAsync(
  user: XalUserHandle,
  privilege: number,
  asyncBlock: XAsyncBlock,
): HRESULT {
  if (!isUint32(privilege) && live() !== undefined && typeof accountUser(user) !== 'number') return E_INVALIDARG;
  return beginResolve(
    user,
    asyncBlock,
    XalUserResolveUserPrivilegeWithUiAsync,
    'XalUserResolveUserPrivilegeWithUiAsync',
    (session, u) => session.resolvePrivilege(u, privilege),
  );
}

/** A resolve-with-UI call: the flow runs under the user's identifier; its outcome is the call's status. */
function beginResolve(
  user: XalUserHandle,
  asyncBlock: XAsyncBlock,
  identity: unknown,
  name: string,
  run: (session: XalRuntime['session'], u: SessionUser) => Promise<ResolveResult>,
): HRESULT {
  const runtime = live();
  if (runtime === undefined) return E_XAL_NOTINITIALIZED;
  const u = accountUser(user);
  if (typeof u === 'number') return u;
  const entry = users.resolve(user) as UserEntry;
  return beginXalCall(asyncBlock, identity, name, async () => {
    const flow: UiFlow = { userIdentifier: entry.userIdentifier, failed: false };
    return { hr: resolveStatus(await uiFlow.run(flow, () => run(runtime.session, u)), flow) };
  });
}

/**
 * Mirrors `XalUserResolveUserPrivilegeWithUiResult`.
 * @param asyncBlock - [in] the block of the call.
 * @returns the call's status.
 */
export function XalUserResolveUserPrivilegeWithUiResult(asyncBlock: XAsyncBlock): HRESULT {
  return XAsyncGetStatus(asyncBlock, false);
}

/**
 * Mirrors `XalUserResolveIssueWithUiAsync`: the page that fixes the account issue a token request
 * reported with `E_XAL_UIREQUIRED`. Pass the same URL that failed (or `null` for an Xbox-wide issue).
 * @param user - [in] a user handle.
 * @param url - [in, optional] the URL whose token request failed.
 * @param asyncBlock - [in,out] the caller's block.
 * @returns `S_OK`; `E_XAL_NOTINITIALIZED`; `E_INVALIDARG`; `E_XAL_DEVICEUSER`; what `XAsyncBegin`
 * returns. The call completes with `S_OK` (retry the token request), `E_ABORT` (canceled),
 * `E_XAL_FAILEDTORESOLVE`, `E_FAIL` (the web view failed).
 */
export function XalUserResolveIssueWithUiAsync(
  user: XalUserHandle,
  url: string | null,
  asyncBlock: XAsyncBlock,
): HRESULT {
  if (
    url !== null &&
    url !== undefined &&
    !isString(url) &&
    live() !== undefined &&
    typeof accountUser(user) !== 'number'
  )
    return E_INVALIDARG;
  const target = url ?? null;
  return beginResolve(
    user,
    asyncBlock,
    XalUserResolveIssueWithUiAsync,
    'XalUserResolveIssueWithUiAsync',
    (session, u) => session.resolveIssue(u, target),
  );
}

/**
 * Mirrors `XalUserResolveIssueWithUiResult`.
 * @param asyncBlock - [in] the block of the call.
 * @returns the call's status.
 */
export function XalUserResolveIssueWithUiResult(asyncBlock: XAsyncBlock): HRESULT {
  return XAsyncGetStatus(asyncBlock, false);
}

/**
 * Mirrors `XalUserCheckUcsConsent`.
 * @param user - [in] a user handle.
 * @param modelName - [in] a consent model listed in the init args' `ucsConsents`.
 * @param consentState - [out] receives the {@link XalConsentState} (only `OptedIn` is consent).
 * @returns `S_OK`; `E_XAL_NOTINITIALIZED`; `E_INVALIDARG`; `E_POINTER`; `E_XAL_UNLISTEDCONSENT`; `E_XAL_DEVICEUSER`.
 */
export function XalUserCheckUcsConsent(
  user: XalUserHandle,
  modelName: string,
  consentState: Out<XalConsentState>,
): HRESULT {
  if (!isOut(consentState)) return E_POINTER;
  const runtime = live();
  if (runtime === undefined) return E_XAL_NOTINITIALIZED;
  const u = accountUser(user);
  if (typeof u === 'number') return u;
  if (!isString(modelName)) return E_INVALIDARG;
  if (!runtime.ucsConsents.includes(modelName)) return E_XAL_UNLISTEDCONSENT;
  return writeOut(consentState, runtime.emulator.ucsConsent(u.account.xuid, modelName)) ? S_OK : E_POINTER;
}

/**
 * Mirrors `XalCheckUcsConsentForAllUsers`.
 * @param modelName - [in] a listed consent model.
 * @param consented - [out] receives whether every added user opted in.
 * @returns `S_OK`; `E_XAL_NOTINITIALIZED`; `E_INVALIDARG`; `E_POINTER`; `E_XAL_UNLISTEDCONSENT`.
 */
export function XalCheckUcsConsentForAllUsers(modelName: string, consented: Out<boolean>): HRESULT {
  if (!isOut(consented)) return E_POINTER;
  const runtime = live();
  if (runtime === undefined) return E_XAL_NOTINITIALIZED;
  if (!isString(modelName)) return E_INVALIDARG;
  if (!runtime.ucsConsents.includes(modelName)) return E_XAL_UNLISTEDCONSENT;
  const all = runtime.session.users.every(
    (u) => runtime.emulator.ucsConsent(u.account.xuid, modelName) === XalConsentState.OptedIn,
  );
  return writeOut(consented, all) ? S_OK : E_POINTER;
}

/**
 * Mirrors `XalUserManageUcsConsentWithUiAsync`: the consent page for a listed model as a NonAuthFlow
 * in the web view; completing it Success records the user's opt-in.
 * @param user - [in] a user handle.
 * @param modelName - [in] a consent model listed in the init args' `ucsConsents`.
 * @param asyncBlock - [in,out] the caller's block.
 * @returns `S_OK`; `E_XAL_NOTINITIALIZED`; `E_INVALIDARG`; `E_XAL_UNLISTEDCONSENT`; `E_XAL_DEVICEUSER`;
 * `E_NOT_SUPPORTED` (GDK flavour); what `XAsyncBegin` returns. The call completes with `S_OK`,
 * `E_ABORT` (canceled) or `E_FAIL`.
 */
export function XalUserManageUcsConsentWithUiAsync(
  user: XalUserHandle,
  modelName: string,
  asyncBlock: XAsyncBlock,
): HRESULT {
  const runtime = live();
  if (runtime === undefined) return E_XAL_NOTINITIALIZED;
  if (runtime.flavour === 'gdk') return E_NOT_SUPPORTED;
  const u = accountUser(user);
  if (typeof u === 'number') return u;
  if (!isString(modelName)) return E_INVALIDARG;
  if (!runtime.ucsConsents.includes(modelName)) return E_XAL_UNLISTEDCONSENT;
  const entry = users.resolve(user) as UserEntry;
  const xuid = u.account.xuid;
  return beginXalCall(
    asyncBlock,
    XalUserManageUcsConsentWithUiAsync,
    'XalUserManageUcsConsentWithUiAsync',
    async () => {
      const page = await showUrl(
        entry.userIdentifier,
        `${XAL_EMULATOR_ACCOUNT_URL}?xuid=${xuid}&consent=${encodeURIComponent(modelName)}`,
        runtime.redirectUri,
        XalShowUrlType.NonAuthFlow,
      );
      if (page.result === XalPlatformOperationResult.Canceled) return { hr: E_ABORT };
      if (page.result !== XalPlatformOperationResult.Success) return { hr: E_FAIL };
      runtime.emulator.setUcsConsent(xuid, modelName, XalConsentState.OptedIn);
      return { payload: Uint8Array.of(XalConsentState.OptedIn, 0, 0, 0) };
    },
  );
}

/**
 * Mirrors `XalUserManageUcsConsentWithUiResult`.
 * @param asyncBlock - [in] the block of the call.
 * @param consentState - [out] receives the {@link XalConsentState} after the page.
 * @returns the call's status; `E_POINTER`; `E_ILLEGAL_METHOD_CALL` (already fetched).
 */
export function XalUserManageUcsConsentWithUiResult(
  asyncBlock: XAsyncBlock,
  consentState: Out<XalConsentState>,
): HRESULT {
  if (!isOut(consentState)) return E_POINTER;
  const buffer = new Uint8Array(4);
  const hr = XAsyncGetResult(asyncBlock, XalUserManageUcsConsentWithUiAsync, 4, buffer, null);
  if (SUCCEEDED(hr)) writeOut(consentState, buffer[0] as XalConsentState);
  return hr;
}

/**
 * Mirrors `XalFindUserByLocalId`: a new handle to an added user.
 * @param localId - [in] `{ value }` from {@link XalUserGetLocalId} or a change event.
 * @param user - [out] receives the handle (close it).
 * @returns `S_OK`; `E_XAL_NOTINITIALIZED`; `E_INVALIDARG`; `E_POINTER`; `E_XAL_USERNOTFOUND`.
 */
export function XalFindUserByLocalId(localId: XalUserLocalId, user: Out<XalUserHandle | null>): HRESULT {
  if (!isOut(user)) return E_POINTER;
  writeOut(user, null);
  const runtime = live();
  if (runtime === undefined) return E_XAL_NOTINITIALIZED;
  let value: unknown;
  try {
    value = localId?.value;
  } catch {
    return E_INVALIDARG;
  }
  if (!isUint64(value)) return E_INVALIDARG;
  const found = runtime.session.findByLocalId(value);
  if (found === undefined) return xalCode(E_XAL_USERNOTFOUND);
  const handle = users.create({ user: found, userIdentifier: 0 });
  if (writeOut(user, handle)) return S_OK;
  users.close(handle);
  return E_POINTER;
}

// ---- events, deferrals, sign-out -------------------------------------------------------------------

/**
 * Mirrors `XalUserRegisterChangeEventHandler`: the handler runs on `queue` (its Completion port)
 * for every change of an added user.
 * @param queue - [in, optional] the queue; `null` for the process task queue.
 * @param context - [in, optional] passed back to the handler.
 * @param handler - [in] `(context, localId, change)`.
 * @param token - [out] receives the {@link XalRegistrationToken}.
 * @returns `S_OK`; `E_XAL_NOTINITIALIZED`; `E_INVALIDARG`; `E_POINTER`.
 */
export function XalUserRegisterChangeEventHandler(
  queue: XTaskQueueHandle | null,
  context: unknown,
  handler: XalUserChangeEventHandler,
  token: Out<XalRegistrationToken>,
): HRESULT {
  if (!isOut(token)) return E_POINTER;
  if (live() === undefined) return E_XAL_NOTINITIALIZED;
  if (!isFunction(handler) || !isQueueArgument(queue)) return E_INVALIDARG;
  return changeHandlers.register({ queue: queue ?? null, context, handler }, token as Out<XTaskQueueRegistrationToken>);
}

/**
 * Mirrors `XalUserUnregisterChangeEventHandler`: no further calls of the handler (one running now finishes).
 * @param token - [in] the registration's token.
 */
export function XalUserUnregisterChangeEventHandler(token: XalRegistrationToken): void {
  try {
    changeHandlers.unregister(token, false);
  } catch {
    // a bad token is ignored, as the native void function does
  }
}

/**
 * Mirrors `XalUserGetSignoutDeferral`: holds the sign-out until the deferral is closed (or the
 * sign-out timeout). Only inside a change handler running for `XalUserChange_SigningOut`.
 * @param deferral - [out] receives the deferral handle.
 * @returns `S_OK`; `E_POINTER`; `E_XAL_DEFERRALNOTAVAILABLE` (outside that handler, or too late).
 */
export function XalUserGetSignoutDeferral(deferral: Out<XalSignoutDeferralHandle | null>): HRESULT {
  if (!isOut(deferral)) return E_POINTER;
  writeOut(deferral, null);
  const taken = signingOut.event?.takeDeferral();
  if (taken === undefined) return xalCode(E_XAL_DEFERRALNOTAVAILABLE);
  const handle = deferrals.create(taken);
  if (writeOut(deferral, handle)) return S_OK;
  deferrals.close(handle);
  return E_POINTER;
}

/**
 * Mirrors `XalUserCloseSignoutDeferral`: releases the deferral (the sign-out goes on once none is held).
 * @param deferral - [in] the deferral handle; anything else is ignored.
 */
export function XalUserCloseSignoutDeferral(deferral: XalSignoutDeferralHandle): void {
  deferrals.close(deferral);
}

/**
 * Mirrors `XalSignOutUserAsyncIsPresent`.
 * @returns true on a platform XAL; false on the GDK flavour (the system signs users out).
 */
export function XalSignOutUserAsyncIsPresent(): boolean {
  return live()?.flavour === 'native';
}

/**
 * Mirrors `XalSignOutUserAsync`: the web-view hook removes the sign-in cookies
 * (`CookieRemovalSkipIfSharedCredentials`), the cached user is cleared through the storage hook,
 * and the user goes SigningOut (handlers may take deferrals), then SignedOut. The handle stays
 * valid; the slot frees when every handle is closed. A signed-out user is no longer restored silently.
 * @param user - [in] a user handle.
 * @param asyncBlock - [in,out] the caller's block.
 * @returns `S_OK`; `E_XAL_NOTINITIALIZED`; `E_INVALIDARG`; `E_XAL_DEVICEUSER`; `E_NOT_SUPPORTED`
 * (GDK flavour); what `XAsyncBegin` returns. The call completes with `S_OK`, or `E_FAIL` when the web
 * view failed (the user stays signed in).
 */
export function XalSignOutUserAsync(user: XalUserHandle, asyncBlock: XAsyncBlock): HRESULT {
  const runtime = live();
  if (runtime === undefined) return E_XAL_NOTINITIALIZED;
  if (runtime.flavour === 'gdk') return E_NOT_SUPPORTED;
  const u = accountUser(user);
  if (typeof u === 'number') return u;
  const entry = users.resolve(user) as UserEntry;
  return beginXalCall(asyncBlock, XalSignOutUserAsync, 'XalSignOutUserAsync', async () => {
    const page = await showUrl(
      entry.userIdentifier,
      `${XAL_EMULATOR_LOGOUT_URL}?client_id=${encodeURIComponent(runtime.clientId)}`,
      runtime.redirectUri,
      XalShowUrlType.CookieRemovalSkipIfSharedCredentials,
    );
    if (page.result !== XalPlatformOperationResult.Success) return { hr: E_FAIL };
    if ((await readCachedXuid(runtime, entry.userIdentifier)) === u.account.xuid)
      await storageClear(entry.userIdentifier, cacheKey(runtime));
    await runtime.session.signOut(u.account.xuid);
    liveClients.get(runtime.emulator)?.forgetUser(u.account.xuid);
    return {};
  });
}

/**
 * Mirrors `XalSignOutUserResult`.
 * @param asyncBlock - [in] the block of the call.
 * @returns the call's status.
 */
export function XalSignOutUserResult(asyncBlock: XAsyncBlock): HRESULT {
  return XAsyncGetStatus(asyncBlock, false);
}
