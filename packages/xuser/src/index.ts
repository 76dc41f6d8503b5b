/**
 * `@gdkts/xuser`: the Xbox GDK XUser API (`XUser.h`) on `@gdkts/xasync`, with the native names,
 * argument order and HRESULTs: sign-in (`XUserAddAsync`), reference-counted user handles, getters,
 * privileges, change events with sign-out deferrals, the resolve-with-UI flows, gamer pictures, and
 * `XUserGetTokenAndSignatureAsync` with the native result buffer. What the runtime sees (title,
 * accounts, UI answers, endpoint configuration) is set up with `@gdkts/xuser/testing`.
 *
 * @example
 * ```ts
 * import { XGameRuntimeInitialize, XUserAddAsync, XUserAddResult, XUserAddOptions } from '@gdkts/xuser';
 * import { createEmulatedConsole } from '@gdkts/xuser/testing';
 * import { out } from '@gdkts/xasync';
 * await createEmulatedConsole({ titleId: 0x1234abcd, accounts: [{ gamertag: 'Alice' }] });
 * XGameRuntimeInitialize();
 * const block = { callback: (b) => { const user = out(null); XUserAddResult(b, user); } };
 * XUserAddAsync(XUserAddOptions.AddDefaultUserSilently, block);
 * ```
 * @packageDocumentation
 */
export { XGameRuntimeInitialize, XGameRuntimeUninitialize } from './XGameRuntime.js';
export {
  XUserAddAsync,
  XUserAddByIdWithUiAsync,
  XUserAddByIdWithUiResult,
  XUserAddResult,
  XUserCheckPrivilege,
  XUserCloseHandle,
  XUserCompare,
  XUserDuplicateHandle,
  XUserFindUserById,
  XUserFindUserByLocalId,
  XUserGetAgeGroup,
  XUserGetGamerPictureAsync,
  XUserGetGamerPictureResult,
  XUserGetGamerPictureResultSize,
  XUserGetGamertag,
  XUserGetId,
  XUserGetIsGuest,
  XUserGetLocalId,
  XUserGetMaxUsers,
  XUserGetState,
  XUserResolveIssueWithUiAsync,
  XUserResolveIssueWithUiResult,
  XUserResolveIssueWithUiUtf16Async,
  XUserResolveIssueWithUiUtf16Result,
  XUserResolvePrivilegeWithUiAsync,
  XUserResolvePrivilegeWithUiResult,
} from './XUser.js';
export {
  XUserGetTokenAndSignatureAsync,
  XUserGetTokenAndSignatureResult,
  XUserGetTokenAndSignatureResultSize,
  XUserGetTokenAndSignatureUtf16Async,
  XUserGetTokenAndSignatureUtf16Result,
  XUserGetTokenAndSignatureUtf16ResultSize,
} from './XUserTokenAndSignature.js';
export { XUserCloseSignOutDeferralHandle, XUserGetSignOutDeferral, XUserRegisterForChangeEvent, XUserUnregisterForChangeEvent } from './XUserEvents.js';
export {
  XUserAddOptions,
  XUserAgeGroup,
  XUserChangeEvent,
  XUserGamerPictureSize,
  XUserGamertagComponent,
  XUserGamertagComponentClassicMaxBytes,
  XUserGamertagComponentModernMaxBytes,
  XUserGamertagComponentModernSuffixMaxBytes,
  XUserGamertagComponentUniqueModernMaxBytes,
  XUserGetTokenAndSignatureOptions,
  XUserPrivilege,
  XUserPrivilegeDenyReason,
  XUserPrivilegeOptions,
  XUserState,
  type XUserChangeEventCallback,
  type XUserGetTokenAndSignatureData,
  type XUserGetTokenAndSignatureHttpHeader,
  type XUserGetTokenAndSignatureUtf16Data,
  type XUserGetTokenAndSignatureUtf16HttpHeader,
  type XUserHandle,
  type XUserLocalId,
  type XUserSignOutDeferralHandle,
} from './types.js';
