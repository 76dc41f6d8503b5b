/**
 * The value types of XAL (`xal_types.h`, `xal_platform_types.h`, `xal_user.h`, the per-platform
 * headers): handles, frozen enums, init args structs, hook callbacks (xuser-xal.md §2).
 * @module
 */
import type { Out } from '@gdkts/xasync';

declare const userBrand: unique symbol;
declare const deferralBrand: unique symbol;
declare const operationBrand: unique symbol;

/**
 * Mirrors `XalUserHandle`: an opaque, reference-counted handle to a user. Every handle an XAL call
 * returns is a distinct object holding its own reference; close each once with `XalUserCloseHandle`.
 */
export interface XalUserHandle {
  /** Brand: handles are only made by this library. */
  readonly [userBrand]: 'XalUserHandle';
}

/** Mirrors `XalSignoutDeferralHandle`: held sign-out, released by `XalUserCloseSignoutDeferral`. */
export interface XalSignoutDeferralHandle {
  /** Brand: handles are only made by this library. */
  readonly [deferralBrand]: 'XalSignoutDeferralHandle';
}

/**
 * Mirrors `XalPlatformOperation`: the token a platform hook receives and passes back to its
 * `…Complete` function exactly once.
 */
export interface XalPlatformOperation {
  /** Brand: operations are only made by this library. */
  readonly [operationBrand]: 'XalPlatformOperation';
}

/** Mirrors `XalUserLocalId`: a session-scoped user id (never persist it). */
export interface XalUserLocalId {
  /** The id. */
  value: bigint;
}

/** Mirrors `XalRegistrationToken`: identifies one change-event registration. */
export interface XalRegistrationToken {
  /** The token value. */
  token: bigint;
}

/** Mirrors `XAL_NO_USER_IDENTIFIER` (0xFFFFFFFF): the user identifier of hook data tied to no user. */
export const XAL_NO_USER_IDENTIFIER = 0xffffffff;

/** Mirrors `XalPlatformOperationResult` (`xal_platform_types.h`). */
export const XalPlatformOperationResult = Object.freeze({
  /** `XalPlatformOperationResult_Success`. */
  Success: 0,
  /** `XalPlatformOperationResult_Failure`. */
  Failure: 1,
  /** `XalPlatformOperationResult_Canceled`. */
  Canceled: 2,
} as const);
/** A value of {@link XalPlatformOperationResult}. */
export type XalPlatformOperationResult = (typeof XalPlatformOperationResult)[keyof typeof XalPlatformOperationResult];

/** Mirrors `XalShowUrlType` (xuser-xal.md §2.3). */
export const XalShowUrlType = Object.freeze({
  /** Sign-in: prefer the shared system browser, else an embedded one. */
  Normal: 0,
  /** No longer sent. */
  CookieRemoval_DEPRECATED: 1,
  /** Cookie cleanup (sign-out): with a shared system browser complete Success at once echoing the final URL. */
  CookieRemovalSkipIfSharedCredentials: 2,
  /** A non-cookie flow (account fixes); request headers may need an embedded browser. */
  NonAuthFlow: 3,
} as const);
/** A value of {@link XalShowUrlType}. */
export type XalShowUrlType = (typeof XalShowUrlType)[keyof typeof XalShowUrlType];

/** Mirrors `XalSpopOperationResult` (note: Canceled=2, Failure=3, unlike XUser's). */
export const XalSpopOperationResult = Object.freeze({
  /** Sign in here (the other session is signed out). */
  SignInHere: 0,
  /** Use another account. */
  SwitchAccount: 1,
  /** The user canceled. */
  Canceled: 2,
  /** The prompt failed. */
  Failure: 3,
} as const);
/** A value of {@link XalSpopOperationResult}. */
export type XalSpopOperationResult = (typeof XalSpopOperationResult)[keyof typeof XalSpopOperationResult];

/** Mirrors `XalUserState`. */
export const XalUserState = Object.freeze({
  /** Signed in. */
  SignedIn: 0,
  /** Signing out (deferrals may hold it). */
  SigningOut: 1,
  /** Signed out; the handle stays valid. */
  SignedOut: 2,
} as const);
/** A value of {@link XalUserState}. */
export type XalUserState = (typeof XalUserState)[keyof typeof XalUserState];

/** Mirrors `XalUserChangeType` (`XalUserChange_*`). */
export const XalUserChangeType = Object.freeze({
  /** `XalUserChange_SignedInAgain`. */
  SignedInAgain: 0,
  /** `XalUserChange_SigningOut`: deferrals may be taken inside the handler. */
  SigningOut: 1,
  /** `XalUserChange_SignedOut`. */
  SignedOut: 2,
  /** `XalUserChange_Gamertag`. */
  Gamertag: 3,
  /** `XalUserChange_GamerPicture`. */
  GamerPicture: 4,
  /** `XalUserChange_Privileges`. */
  Privileges: 5,
} as const);
/** A value of {@link XalUserChangeType}. */
export type XalUserChangeType = (typeof XalUserChangeType)[keyof typeof XalUserChangeType];

/** Mirrors `XalGamertagComponent`. */
export const XalGamertagComponent = Object.freeze({
  /** The classic gamertag. */
  Classic: 0,
  /** The modern gamertag (the classic one when there is none). */
  Modern: 1,
  /** The modern suffix (empty for classic users). */
  ModernSuffix: 2,
  /** Modern + `#` + suffix, or the classic tag. */
  UniqueModern: 3,
} as const);
/** A value of {@link XalGamertagComponent}. */
export type XalGamertagComponent = (typeof XalGamertagComponent)[keyof typeof XalGamertagComponent];

/** Mirrors `XalGamerPictureSize`. */
export const XalGamerPictureSize = Object.freeze({
  /** 64×64. */
  Small: 0,
  /** 208×208. */
  Medium: 1,
  /** 424×424. */
  Large: 2,
  /** 1080×1080. */
  ExtraLarge: 3,
} as const);
/** A value of {@link XalGamerPictureSize}. */
export type XalGamerPictureSize = (typeof XalGamerPictureSize)[keyof typeof XalGamerPictureSize];

/** Mirrors `XalAgeGroup`. */
export const XalAgeGroup = Object.freeze({
  /** Unknown. */
  Unknown: 0,
  /** Child. */
  Child: 1,
  /** Teen. */
  Teen: 2,
  /** Adult. */
  Adult: 3,
} as const);
/** A value of {@link XalAgeGroup}. */
export type XalAgeGroup = (typeof XalAgeGroup)[keyof typeof XalAgeGroup];

/** Mirrors `XalPrivilege`, with XAL's names (xuser-xal.md §2.5, §2.9). */
export const XalPrivilege = Object.freeze({
  /** Cross-network play. */
  CrossPlay: 185,
  /** Clubs. */
  Clubs: 188,
  /** Sessions. */
  Sessions: 189,
  /** Broadcasting (XUser: `Broadcast`). */
  BroadCast: 190,
  /** Managing profile privacy. */
  ManageProfilePrivacy: 196,
  /** Game DVR. */
  GameDvr: 198,
  /** Multiplayer parties. */
  MultiplayerParties: 203,
  /** In-game voice communication. */
  CommsInGameVoice: 205,
  /** Managing cloud sessions. */
  CloudManageSession: 207,
  /** Joining cloud sessions. */
  CloudJoinSession: 208,
  /** Cloud saved games. */
  CloudSavedGames: 209,
  /** Sharing to social networks. */
  SocialNetworkSharing: 220,
  /** User-generated content (XUser: `UserGeneratedContent`). */
  Ugc: 247,
  /** Communication with friends only. */
  CommsFriendsOnly: 251,
  /** Communications (XUser: `Communications`). */
  Comms: 252,
  /** Multiplayer. */
  Multiplayer: 254,
  /** Adding friends. */
  AddFriends: 255,
} as const);
/** A value of {@link XalPrivilege}. */
export type XalPrivilege = (typeof XalPrivilege)[keyof typeof XalPrivilege];

/** Mirrors `XalPrivilegeCheckDenyReasons`. */
export const XalPrivilegeCheckDenyReasons = Object.freeze({
  /** Not denied (always when allowed). */
  None: 0,
  /** A purchase would grant it. */
  PurchaseRequired: 1,
  /** Restricted (parental or account settings). */
  Restricted: 2,
  /** Banned. */
  Banned: 3,
  /** Unknown. */
  Unknown: 0xffffffff,
} as const);
/** A value of {@link XalPrivilegeCheckDenyReasons}. */
export type XalPrivilegeCheckDenyReasons =
  (typeof XalPrivilegeCheckDenyReasons)[keyof typeof XalPrivilegeCheckDenyReasons];

/** Mirrors `XalConsentState` (only `OptedIn` counts as consent). */
export const XalConsentState = Object.freeze({
  /** The query failed. */
  QueryFailure: 0,
  /** The consent does not apply to this user. */
  NotApplicable: 1,
  /** Opted out. */
  OptedOut: 2,
  /** Opted in. */
  OptedIn: 3,
} as const);
/** A value of {@link XalConsentState}. */
export type XalConsentState = (typeof XalConsentState)[keyof typeof XalConsentState];

/** `XAL_INIT_OPTION_MIGRATE_XSAPI_USER_TOKENS` (internal header; Android/iOS). */
export const XAL_INIT_OPTION_MIGRATE_XSAPI_USER_TOKENS = 0x00000001;
/** `XAL_INIT_OPTION_USE_MPOP_BEHAVIOR`: rely on cached tokens when adding users (skips the SPOP veto). */
export const XAL_INIT_OPTION_USE_MPOP_BEHAVIOR = 0x00000004;
/** `XAL_INIT_OPTION_REQUEST_MODERN_GAMERTAG_FLOW`: modern gamertag during sign-up. */
export const XAL_INIT_OPTION_REQUEST_MODERN_GAMERTAG_FLOW = 0x04000000;

/** Mirrors `XAL_PLATFORM`: the platform whose args struct the title passes. */
export type XalPlatform = 'Win32' | 'Android' | 'iOS' | 'macOS' | 'Generic';

/** The fields every non-GDK args struct shares (`XalWin32Args` order). */
export interface XalCommonArgs {
  /** MSA client id: 16 hex digits or a GUID. Required. */
  clientId?: string | null;
  /** The Xbox Live title id (uint32, non-zero). Required. */
  titleId?: number;
  /** The sandbox, e.g. `RETAIL`. Default: the title's. */
  sandbox?: string | null;
  /** True: no consent to send diagnostic data. */
  disableDiagnosticTelemetry?: boolean;
  /** Optional base correlation vector. */
  correlationVector?: string | null;
  /** `XAL_INIT_OPTION_*` flags. */
  flags?: number;
  /** Count of {@link XalCommonArgs.thirdPartyConsents}. */
  thirdPartyConsentCount?: number;
  /** Third-party consent model names. */
  thirdPartyConsents?: readonly string[] | null;
  /** Custom redirect URI (mobile: `ms-xal-<clientId>://auth`). */
  redirectUri?: string | null;
  /** Count of {@link XalCommonArgs.ucsConsents}. */
  ucsConsentCount?: number;
  /** UCS consent model names the title may check. */
  ucsConsents?: readonly string[] | null;
}

/** Mirrors `XalWin32Args`. `platform` is the JS discriminant (the header's `XAL_PLATFORM`). */
export interface XalWin32Args extends XalCommonArgs {
  /** Discriminant. */
  platform: 'Win32';
}

/** Mirrors `XalAndroidArgs`. */
export interface XalAndroidArgs extends XalCommonArgs {
  /** Discriminant. */
  platform: 'Android';
  /** `JavaVM*` (opaque here). */
  javaVM?: unknown;
  /** The app's `jobject` context (opaque here). */
  appContext?: unknown;
}

/** Mirrors `XalAppleArgs` (iOS and macOS). */
export interface XalAppleArgs extends XalCommonArgs {
  /** Discriminant. */
  platform: 'iOS' | 'macOS';
}

/** Mirrors `XalGenericDeviceInfo`. */
export interface XalGenericDeviceInfo {
  /** Device type name. */
  deviceType?: string | null;
  /** OS version. */
  osVersion?: string | null;
  /** Device id. */
  deviceId?: string | null;
}

/** Mirrors `XalGenericTelemetryInfo`. */
export interface XalGenericTelemetryInfo {
  /** App id. */
  appId?: string | null;
  /** App version. */
  appVer?: string | null;
  /** OS name. */
  osName?: string | null;
  /** OS version. */
  osVersion?: string | null;
  /** OS locale. */
  osLocale?: string | null;
  /** Device class. */
  deviceClass?: string | null;
  /** Device id. */
  deviceId?: string | null;
}

/** Mirrors `XalGenericArgs`: the generic platform (crypto and date/time callbacks required). */
export interface XalGenericArgs extends XalCommonArgs {
  /** Discriminant. */
  platform: 'Generic';
  /** How many users may be signed in at once (0: the default, 4). */
  maxSignedInUsers?: number;
  /** Device-code (remote connect) sign-in instead of the web view. */
  useRemoteAuth?: boolean;
  /** Device information. */
  deviceInfo?: XalGenericDeviceInfo | null;
  /** Telemetry information. */
  telemetryInfo?: XalGenericTelemetryInfo | null;
}

/** Mirrors `XalGsdkArgs`: the empty struct of the GDK flavour (`xal_gsdk_impl.h`). */
export interface XalGsdkArgs {
  /** Optional discriminant; an object without `platform` is the GDK flavour too. */
  platform?: 'GDK';
}

/** Mirrors `XalInitArgs`: one of the platform structs; the struct chosen selects the flavour (xuser-xal.md §0). */
export type XalInitArgs = XalWin32Args | XalAndroidArgs | XalAppleArgs | XalGenericArgs | XalGsdkArgs;

/** Mirrors `XalHttpHeader` / `XalUserGetTokenAndSignatureHttpHeader`. */
export interface XalHttpHeader {
  /** Header name. */
  name: string;
  /** Header value. */
  value: string;
}

/**
 * Mirrors `XalUserGetTokenAndSignatureArgs`, read field by field with C zero-initialisation (an
 * absent field is 0 / false / null) and copied before the call returns (xuser-xal.md §0, §2.6).
 */
export interface XalUserGetTokenAndSignatureArgs {
  /** HTTP method. Required. */
  method?: string | null;
  /** Fully escaped request URL. Required. */
  url?: string | null;
  /** Count of {@link XalUserGetTokenAndSignatureArgs.headers} read (uint32). */
  headerCount?: number;
  /** The headers the request will send. */
  headers?: readonly XalHttpHeader[] | null;
  /** Body bytes to read (size_t); a body with `bodySize` 0 is ignored. */
  bodySize?: number;
  /** The body. */
  body?: Uint8Array | null;
  /** Ignore cached tokens (only after a 401 with the previous token). */
  forceRefresh?: boolean;
  /** A token for all users. */
  allUsers?: boolean;
  /** Token without the title identity (dropped by the GDK shim). */
  ignoreTitleIdentity?: boolean;
}

/** Mirrors `XalUserGetTokenAndSignatureData`: read from the caller's buffer on access (xuser-xal.md §0). */
export interface XalUserGetTokenAndSignatureData {
  /** Bytes of the token including its NUL. */
  readonly tokenSize: number;
  /** Bytes of the signature including its NUL; 0 when there is none. */
  readonly signatureSize: number;
  /** The token (the `Authorization` header value). */
  readonly token: string;
  /** The signature (the `Signature` header value), or `null`. */
  readonly signature: string | null;
}

/** Mirrors `XalWebAccountParameter`: one request parameter of a web-account token request. */
export interface XalWebAccountParameter {
  /** Parameter name. */
  name: string;
  /** Parameter value. */
  value: string;
}

/**
 * Mirrors `XalUserGetWebAccountTokenArgs` (`xal_internal_web_account.h`), read field by field with
 * C zero-initialisation and copied before the call returns.
 */
export interface XalUserGetWebAccountTokenArgs {
  /** The token scope requested. Required. */
  Scope?: string | null;
  /** Ignore cached tokens (only after a 401 with the previous token). */
  ForceRefresh?: boolean;
  /** Count of {@link XalUserGetWebAccountTokenArgs.requestParameters} read (uint32). */
  parameterCount?: number;
  /** Parameters added to the token request. */
  requestParameters?: readonly XalWebAccountParameter[] | null;
}

/** Mirrors `XalUuid` (RFC 4122 fields). */
export interface XalUuid {
  /** First 32 bits. */
  data1: number;
  /** Next 16 bits. */
  data2: number;
  /** Next 16 bits. */
  data3: number;
  /** Last 8 bytes. */
  data4: Uint8Array;
}

/** Mirrors `XalTimestampComponents` (UTC, Gregorian). */
export interface XalTimestampComponents {
  /** Year. */
  year: number;
  /** Month 1–12. */
  month: number;
  /** Day 1–31. */
  day: number;
  /** Hour 0–23. */
  hour: number;
  /** Minute 0–59. */
  minute: number;
  /** Second 0–59. */
  second: number;
}

/** Mirrors `XalUserChangeEventHandler`. */
export type XalUserChangeEventHandler = (context: unknown, userId: XalUserLocalId, change: XalUserChangeType) => void;

/**
 * Mirrors `XalPlatformWebShowUrlEventHandler`: open `startUrl`, watch for `finalUrl`, then call
 * `XalPlatformWebShowUrlComplete(operation, result, fullRedirectUrl)`.
 */
export type XalPlatformWebShowUrlEventHandler = (
  context: unknown,
  userIdentifier: number,
  operation: XalPlatformOperation,
  startUrl: string,
  finalUrl: string,
  showUrlType: XalShowUrlType,
  requestHeaderCount: number,
  requestHeaders: readonly XalHttpHeader[],
) => void;

/** Mirrors `XalPlatformStorageWriteEventHandler`: persist `data` under `key`, then `…WriteComplete`. */
export type XalPlatformStorageWriteEventHandler = (
  context: unknown,
  userIdentifier: number,
  operation: XalPlatformOperation,
  key: string,
  dataSize: number,
  data: Uint8Array,
) => void;

/** Mirrors `XalPlatformStorageReadEventHandler`: read `key`, then `…ReadComplete` (a missing key: Success, no data). */
export type XalPlatformStorageReadEventHandler = (
  context: unknown,
  userIdentifier: number,
  operation: XalPlatformOperation,
  key: string,
) => void;

/** Mirrors `XalPlatformStorageClearEventHandler`: delete `key`, then `…ClearComplete`. */
export type XalPlatformStorageClearEventHandler = (
  context: unknown,
  userIdentifier: number,
  operation: XalPlatformOperation,
  key: string,
) => void;

/** Mirrors `XalPlatformStorageEventHandlers`: all three handlers together. */
export interface XalPlatformStorageEventHandlers {
  /** Write handler. */
  write: XalPlatformStorageWriteEventHandler;
  /** Read handler. */
  read: XalPlatformStorageReadEventHandler;
  /** Clear handler. */
  clear: XalPlatformStorageClearEventHandler;
  /** Passed back to every handler. */
  context?: unknown;
}

/** Mirrors `XalPlatformRemoteConnectShowPromptEventHandler`: show `url` and `code` (the QR encodes the url). */
export type XalPlatformRemoteConnectShowPromptEventHandler = (
  context: unknown,
  userIdentifier: number,
  operation: XalPlatformOperation,
  url: string,
  code: string,
  qrCodeSize: number,
  qrCode: Uint8Array,
) => void;

/** Mirrors `XalPlatformRemoteConnectClosePromptEventHandler`: the prompt may close. */
export type XalPlatformRemoteConnectClosePromptEventHandler = (
  context: unknown,
  userIdentifier: number,
  operation: XalPlatformOperation,
) => void;

/** Mirrors `XalPlatformRemoteConnectEventHandlers`: both handlers together. */
export interface XalPlatformRemoteConnectEventHandlers {
  /** Show handler. */
  show: XalPlatformRemoteConnectShowPromptEventHandler;
  /** Close handler. */
  close: XalPlatformRemoteConnectClosePromptEventHandler;
  /** Passed back to both handlers. */
  context?: unknown;
}

/** Mirrors `XalPlatformSpopPromptEventHandler`: the account is signed in elsewhere; answer with `XalPlatformSpopPromptComplete`. */
export type XalPlatformSpopPromptEventHandler = (
  context: unknown,
  userIdentifier: number,
  operation: XalPlatformOperation,
  modernGamertag: string,
  modernGamertagSuffix: string | null,
) => void;

/** Mirrors `XalPlatformCryptoCallbacks` (Generic): synchronous UUID and random-bytes sources. */
export interface XalPlatformCryptoCallbacks {
  /** Writes a new RFC 4122 UUID. */
  uuid: (context: unknown, result: Out<XalUuid | null>) => XalPlatformOperationResult;
  /** Fills `buffer` (of `size` bytes) with random bytes. */
  random: (context: unknown, size: number, buffer: Uint8Array) => XalPlatformOperationResult;
  /** Passed back to both callbacks. */
  context?: unknown;
}

/** Mirrors `XalPlatformDateTimeCallbacks` (Generic): the clock and UTC calendar conversions. */
export interface XalPlatformDateTimeCallbacks {
  /** Writes the current time: whole seconds since the Unix epoch and the millisecond part. */
  timestamp: (context: unknown, secondsSinceEpoch: Out<bigint>, subsecondMs: Out<number>) => XalPlatformOperationResult;
  /** Converts seconds since the epoch to UTC components. */
  timestampToComponents: (
    context: unknown,
    secondsSinceEpoch: bigint,
    components: Out<XalTimestampComponents | null>,
  ) => XalPlatformOperationResult;
  /** Converts UTC components to seconds since the epoch. */
  componentsToTimestamp: (
    context: unknown,
    components: XalTimestampComponents,
    secondsSinceEpoch: Out<bigint>,
  ) => XalPlatformOperationResult;
  /** Passed back to every callback. */
  context?: unknown;
}
