/**
 * `@gdkts/xuser`: the Xbox GDK XUser API (`XUser.h`) on `@gdkts/xasync`, with the native names,
 * argument order and HRESULTs: sign-in (`XUserAddAsync`), reference-counted user handles, getters,
 * privileges, change events with sign-out deferrals, the resolve-with-UI flows, gamer pictures, and
 * `XUserGetTokenAndSignatureAsync` with the native result buffer. What the runtime sees (title,
 * accounts, UI answers, endpoint configuration) is set up with `@gdkts/xuser/testing`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import { out, type XAsyncBlock } from '@gdkts/xasync';
 * import { XGameRuntimeInitialize, XGameRuntimeUninitialize, XUserAddAsync, XUserAddOptions, XUserAddResult, XUserCloseHandle, type XUserHandle } from '@gdkts/xuser';
 * import { createEmulatedConsole } from '@gdkts/xuser/testing';
 * await createEmulatedConsole({ titleId: 0x1234abcd, configDirectory: null, accounts: [{ gamertag: 'Alice' }] });
 * XGameRuntimeInitialize();
 * const added = new Promise<XUserHandle | null>((resolve) => {
 *   const block: XAsyncBlock = { callback: (b) => { const user = out<XUserHandle | null>(null); XUserAddResult(b, user); resolve(user.value); } };
 *   XUserAddAsync(XUserAddOptions.AddDefaultUserSilently, block);
 * });
 * const user = await added;
 * assert.notStrictEqual(user, null);
 * XUserCloseHandle(user);
 * XGameRuntimeUninitialize();
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
  XUserGetMsaTokenSilentlyAsync,
  XUserGetMsaTokenSilentlyResult,
  XUserGetMsaTokenSilentlyResultSize,
  XUserGetState,
  XUserIsStoreUser,
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
export {
  XUserFindControllerForUserWithUiAsync,
  XUserFindControllerForUserWithUiResult,
  XUserFindForDevice,
  XUserRegisterForDeviceAssociationChanged,
  XUserUnregisterForDeviceAssociationChanged,
} from './XUserDevices.js';
export {
  XUserGetDefaultAudioEndpointUtf16,
  XUserRegisterForDefaultAudioEndpointUtf16Changed,
  XUserUnregisterForDefaultAudioEndpointUtf16Changed,
} from './XUserAudioEndpoints.js';
export {
  XUserPlatformRemoteConnectCancelPrompt,
  XUserPlatformRemoteConnectSetEventHandlers,
  XUserPlatformSpopPromptClearEventHandler,
  XUserPlatformSpopPromptComplete,
  XUserPlatformSpopPromptSetEventHandlers,
} from './XUserPlatform.js';
export {
  XUserCloseSignOutDeferralHandle,
  XUserGetSignOutDeferral,
  XUserRegisterForChangeEvent,
  XUserUnregisterForChangeEvent,
} from './XUserEvents.js';
export {
  APP_LOCAL_DEVICE_ID_SIZE,
  XUserAudioEndpointMaxUtf16Count,
  XUserDefaultAudioEndpointKind,
  XUserGetMsaTokenSilentlyOptions,
  XUserPlatformOperationResult,
  XUserPlatformSpopOperationResult,
  type APP_LOCAL_DEVICE_ID,
  type XUserDefaultAudioEndpointUtf16ChangedCallback,
  type XUserDeviceAssociationChange,
  type XUserDeviceAssociationChangedCallback,
  type XUserPlatformOperation,
  type XUserPlatformRemoteConnectClosePromptEventHandler,
  type XUserPlatformRemoteConnectEventHandlers,
  type XUserPlatformRemoteConnectShowPromptEventHandler,
  type XUserPlatformSpopPromptEventHandler,
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
