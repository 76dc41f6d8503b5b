/**
 * `@gdkts/xal`: the Xbox Authentication Library on `@gdkts/xasync`, with XAL's names, argument
 * order, structs, enums and `E_XAL_*` HRESULTs (xuser-xal.md §2). Functions return HRESULTs, never
 * throw for expected failures. A platform args struct (Win32, Android, iOS, macOS, Generic) selects
 * XAL's own behaviour, with its platform hooks; an empty struct selects the GDK flavour, which
 * follows XUser and answers the GDK aliases of the `E_XAL_*` codes. Users and tokens come from the
 * installed {@link XalEmulator}.
 *
 * @example
 * ```ts no-check
 * import { XalInitialize, XalPlatformWebSetEventHandler, XalPlatformStorageSetEventHandlers, createFileStorageHandlers, createEmulatorWebViewHandler, useXalEmulator } from '@gdkts/xal';
 * useXalEmulator(emulator);
 * XalPlatformWebSetEventHandler(null, null, createEmulatorWebViewHandler());
 * XalPlatformStorageSetEventHandlers(null, createFileStorageHandlers('./.xal'));
 * XalInitialize({ platform: 'Win32', clientId: '000000004C26A1F0', titleId: 0x1234abcd }, null);
 * ```
 * @packageDocumentation
 */
export * from './types.js';
export { XalMemGetFunctions, XalMemSetFunctions, type XalMemAllocFunction, type XalMemFreeFunction } from './XalMem.js';
export {
  XalCleanupAsync,
  XalCleanupResult,
  XalGetMaxUsers,
  XalGetSandbox,
  XalGetSandboxSize,
  XalGetTitleId,
  XalInitialize,
} from './Xal.js';
export {
  XalPlatformCryptoSetCallbacks,
  XalPlatformDateTimeSetCallbacks,
  XalPlatformRemoteConnectCancelPrompt,
  XalPlatformRemoteConnectClearEventHandlers,
  XalPlatformRemoteConnectSetEventHandlers,
  XalPlatformSpopPromptClearEventHandler,
  XalPlatformSpopPromptComplete,
  XalPlatformSpopPromptSetEventHandlers,
  XalPlatformStorageClearComplete,
  XalPlatformStorageClearEventHandlers,
  XalPlatformStorageReadComplete,
  XalPlatformStorageSetEventHandlers,
  XalPlatformStorageWriteComplete,
  XalPlatformWebClearEventHandler,
  XalPlatformWebSetEventHandler,
  XalPlatformWebShowUrlComplete,
} from './XalPlatform.js';
export {
  XalAddUserWithUiAsync,
  XalAddUserWithUiResult,
  XalCheckUcsConsentForAllUsers,
  XalCompareUsers,
  XalFindUserByLocalId,
  XalGetDeviceUser,
  XalGetDeviceUserIsPresent,
  XalSignOutUserAsync,
  XalSignOutUserAsyncIsPresent,
  XalSignOutUserResult,
  XalTryAddDefaultUserSilentlyAsync,
  XalTryAddDefaultUserSilentlyResult,
  XalTryAddUserByIdAsync,
  XalTryAddUserByIdResult,
  XalUserCheckPrivilege,
  XalUserCheckUcsConsent,
  XalUserCloseHandle,
  XalUserCloseSignoutDeferral,
  XalUserDuplicateHandle,
  XalUserGetAgeGroup,
  XalUserGetGamerPictureAsync,
  XalUserGetGamerPictureResult,
  XalUserGetGamerPictureResultSize,
  XalUserGetGamertag,
  XalUserGetGamertagSize,
  XalUserGetId,
  XalUserGetLocalId,
  XalUserGetSignoutDeferral,
  XalUserGetState,
  XalUserIsDevice,
  XalUserIsGuest,
  XalUserManageUcsConsentWithUiAsync,
  XalUserManageUcsConsentWithUiResult,
  XalUserRegisterChangeEventHandler,
  XalUserResolveIssueWithUiAsync,
  XalUserResolveIssueWithUiResult,
  XalUserResolvePrivilegeWithUiIsPresent,
  XalUserResolveUserPrivilegeWithUiAsync,
  XalUserResolveUserPrivilegeWithUiResult,
  XalUserUnregisterChangeEventHandler,
} from './XalUser.js';
export {
  XalUserGetTokenAndSignatureSilentlyAsync,
  XalUserGetTokenAndSignatureSilentlyResult,
  XalUserGetTokenAndSignatureSilentlyResultSize,
} from './XalUserTokenAndSignature.js';
export {
  XalUserGetWebAccountId,
  XalUserGetWebAccountIdSize,
  XalUserGetWebAccountTokenSilentlyAsync,
  XalUserGetWebAccountTokenSilentlyResult,
  XalUserGetWebAccountTokenSilentlyResultSize,
  XalUserGetWebAccountTokenWithUiAsync,
  XalUserGetWebAccountTokenWithUiResult,
  XalUserGetWebAccountTokenWithUiResultSize,
} from './XalUserWebAccount.js';
export {
  XAL_EMULATOR_ACCOUNT_URL,
  XAL_EMULATOR_AUTHORIZE_URL,
  XAL_EMULATOR_DEVICE_CODE_URL,
  XAL_EMULATOR_LOGOUT_URL,
  WEB_ACCOUNT_SIGN_IN_SCOPE,
  XalEmulator,
  currentXalEmulator,
  isWellFormedClientId,
  useXalEmulator,
  type XalDeviceCodeFlow,
  type XalEmulatorAuthorizeChoice,
  type XalEmulatorOptions,
  type XalWebAccountTokenClaims,
} from './XalEmulator.js';
export { createEmulatorWebViewHandler, createFileStorageHandlers, type EmulatorWebViewOptions } from './defaults.js';
