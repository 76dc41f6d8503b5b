/**
 * The `XUser.h` enumerations, constants and structures (xuser-xal.md §1.2, §1.3), with the native
 * names and values. Flag enums combine with `|`.
 *
 * @module
 */
import { Privilege } from '@gdkts/xboxlive';

/** Mirrors `XUserAddOptions` (flags). */
export const XUserAddOptions = {
  /** Show the account picker. */
  None: 0x00,
  /** Add the default user without UI. */
  AddDefaultUserSilently: 0x01,
  /** Guests may be picked (not with `AddDefaultUserSilently`). */
  AllowGuests: 0x02,
  /** Add the default user, with UI only to fix the account or choose a new default. */
  AddDefaultUserAllowingUI: 0x04,
} as const;
/** A combination of {@link XUserAddOptions} flags. */
export type XUserAddOptions = number;

/** Mirrors `XUserGetTokenAndSignatureOptions` (flags). */
export const XUserGetTokenAndSignatureOptions = {
  /** Use the cached token when fresh. */
  None: 0x00,
  /** Bypass the cache (after a 401). */
  ForceRefresh: 0x01,
  /** A token for every added user (`x=*`). */
  AllUsers: 0x02,
} as const;
/** A combination of {@link XUserGetTokenAndSignatureOptions} flags. */
export type XUserGetTokenAndSignatureOptions = number;

/** Mirrors `XUserPrivilegeOptions` (flags). */
export const XUserPrivilegeOptions = {
  /** The user alone. */
  None: 0x00,
  /** Every added user must hold it. */
  AllUsers: 0x01,
} as const;
/** A combination of {@link XUserPrivilegeOptions} flags. */
export type XUserPrivilegeOptions = number;

/** Mirrors `XUserState`. */
export const XUserState = {
  /** Signed in. */
  SignedIn: 0,
  /** Signing out. */
  SigningOut: 1,
  /** Signed out. */
  SignedOut: 2,
} as const;
/** One of the {@link XUserState} values. */
export type XUserState = (typeof XUserState)[keyof typeof XUserState];

/** Mirrors `XUserChangeEvent`. */
export const XUserChangeEvent = {
  /** A signed-out user signed in again. */
  SignedInAgain: 0,
  /** The user is signing out (deferrals may be taken in the callback). */
  SigningOut: 1,
  /** The user signed out. */
  SignedOut: 2,
  /** The gamertag changed. */
  Gamertag: 3,
  /** The gamer picture changed. */
  GamerPicture: 4,
  /** Privileges changed. */
  Privileges: 5,
} as const;
/** One of the {@link XUserChangeEvent} values. */
export type XUserChangeEvent = (typeof XUserChangeEvent)[keyof typeof XUserChangeEvent];

/** Mirrors `XUserAgeGroup`. */
export const XUserAgeGroup = {
  /** Unknown. */
  Unknown: 0,
  /** Child. */
  Child: 1,
  /** Teen. */
  Teen: 2,
  /** Adult. */
  Adult: 3,
} as const;
/** One of the {@link XUserAgeGroup} values. */
export type XUserAgeGroup = (typeof XUserAgeGroup)[keyof typeof XUserAgeGroup];

/** Mirrors `XUserGamerPictureSize`. */
export const XUserGamerPictureSize = {
  /** 64×64. */
  Small: 0,
  /** 208×208. */
  Medium: 1,
  /** 424×424. */
  Large: 2,
  /** 1080×1080. */
  ExtraLarge: 3,
} as const;
/** One of the {@link XUserGamerPictureSize} values. */
export type XUserGamerPictureSize = (typeof XUserGamerPictureSize)[keyof typeof XUserGamerPictureSize];

/** Mirrors `XUserGamertagComponent`. */
export const XUserGamertagComponent = {
  /** The classic gamertag (up to 15 ASCII characters). */
  Classic: 0,
  /** The modern gamertag without suffix (the classic tag when there is none). */
  Modern: 1,
  /** The modern gamertag's suffix digits (empty for classic users). */
  ModernSuffix: 2,
  /** `modern#suffix`, or the classic tag without `#`. */
  UniqueModern: 3,
} as const;
/** One of the {@link XUserGamertagComponent} values. */
export type XUserGamertagComponent = (typeof XUserGamertagComponent)[keyof typeof XUserGamertagComponent];

/** `XUserGamertagComponentClassicMaxBytes`: 16 (including the NUL). */
export const XUserGamertagComponentClassicMaxBytes = 16;
/** `XUserGamertagComponentModernMaxBytes`: 97 (including the NUL). */
export const XUserGamertagComponentModernMaxBytes = 97;
/** `XUserGamertagComponentModernSuffixMaxBytes`: 15 (including the NUL). */
export const XUserGamertagComponentModernSuffixMaxBytes = 15;
/** `XUserGamertagComponentUniqueModernMaxBytes`: 101 (including the NUL). */
export const XUserGamertagComponentUniqueModernMaxBytes = 101;

/** Mirrors `XUserPrivilegeDenyReason`. */
export const XUserPrivilegeDenyReason = {
  /** Not denied. */
  None: 0,
  /** A purchase would grant it. */
  PurchaseRequired: 1,
  /** Restricted by settings. */
  Restricted: 2,
  /** The account is banned. */
  Banned: 3,
  /** Unknown. */
  Unknown: 0xffffffff,
} as const;
/** One of the {@link XUserPrivilegeDenyReason} values. */
export type XUserPrivilegeDenyReason = (typeof XUserPrivilegeDenyReason)[keyof typeof XUserPrivilegeDenyReason];

// XAL's two extra ids are not XUser privileges; the rest are one table, xboxlive's (xuser-xal.md §1.2).
const { CommsInGameVoice: _inGameVoice, CommsFriendsOnly: _friendsOnly, ...xuserPrivileges } = Privilege;

/** Mirrors `XUserPrivilege`: the privilege ids of `@gdkts/xboxlive`'s `Privilege` that XUser names. */
export const XUserPrivilege: Readonly<Omit<typeof Privilege, 'CommsInGameVoice' | 'CommsFriendsOnly'>> =
  Object.freeze(xuserPrivileges);
/** One of the {@link XUserPrivilege} values (other ids in 0–65535 are accepted too). */
export type XUserPrivilege = number;

/** Mirrors `XUserLocalId`: a session-scoped user id. */
export interface XUserLocalId {
  /** The id (`uint64_t`). */
  readonly value: bigint;
}

/** Mirrors `XUserHandle`: an opaque, reference-counted handle to a local user. */
export interface XUserHandle {
  /** Brand: handles come only from XUser calls. */
  readonly kind: string;
}

/** Mirrors `XUserSignOutDeferralHandle`. */
export interface XUserSignOutDeferralHandle {
  /** Brand: handles come only from `XUserGetSignOutDeferral`. */
  readonly kind: string;
}

/** Mirrors `XUserGetTokenAndSignatureHttpHeader`. */
export interface XUserGetTokenAndSignatureHttpHeader {
  /** Header name. */
  readonly name: string;
  /** Header value. */
  readonly value: string;
}

/** Mirrors `XUserGetTokenAndSignatureUtf16HttpHeader` (JS strings are UTF-16 already). */
export interface XUserGetTokenAndSignatureUtf16HttpHeader {
  /** Header name. */
  readonly name: string;
  /** Header value. */
  readonly value: string;
}

/**
 * Mirrors `XUserGetTokenAndSignatureData`: the struct at the start of the caller's result buffer.
 * `token` and `signature` are read from that buffer on access, as native code reads through the
 * struct's pointers (xuser-xal.md §0).
 */
export interface XUserGetTokenAndSignatureData {
  /** Bytes of the token including the NUL. */
  readonly tokenSize: number;
  /** Bytes of the signature including the NUL; `0` when there is none. */
  readonly signatureSize: number;
  /** The whole `Authorization` header value. */
  readonly token: string;
  /** The `Signature` header value, or `null` (a null pointer) when there is none. */
  readonly signature: string | null;
}

/** Mirrors `XUserGetTokenAndSignatureUtf16Data` (counts are UTF-16 code units including the NUL). */
export interface XUserGetTokenAndSignatureUtf16Data {
  /** UTF-16 code units of the token including the NUL. */
  readonly tokenCount: number;
  /** UTF-16 code units of the signature including the NUL; `0` when there is none. */
  readonly signatureCount: number;
  /** The token. */
  readonly token: string;
  /** The signature, or `null`. */
  readonly signature: string | null;
}

/** Mirrors `XUserChangeEventCallback(context, userLocalId, event)`. */
export type XUserChangeEventCallback = (context: unknown, userLocalId: XUserLocalId, event: XUserChangeEvent) => void;

/** `APP_LOCAL_DEVICE_ID_SIZE`: the bytes of an input device id. */
export const APP_LOCAL_DEVICE_ID_SIZE = 32;

/** Mirrors `APP_LOCAL_DEVICE_ID`: an input device (controller) id. */
export interface APP_LOCAL_DEVICE_ID {
  /** `uint8_t value[32]`. */
  readonly value: Uint8Array;
}

/** Mirrors `XUserDeviceAssociationChange`: an input device changed hands. */
export interface XUserDeviceAssociationChange {
  /** The device. */
  readonly deviceId: APP_LOCAL_DEVICE_ID;
  /** The user it was paired with; `{ value: 0n }` for none. */
  readonly oldUser: XUserLocalId;
  /** The user it is paired with now; `{ value: 0n }` for none. */
  readonly newUser: XUserLocalId;
}

/** Mirrors `XUserDeviceAssociationChangedCallback(context, change)`. */
export type XUserDeviceAssociationChangedCallback = (context: unknown, change: XUserDeviceAssociationChange) => void;

/** Mirrors `XUserDefaultAudioEndpointKind`. */
export const XUserDefaultAudioEndpointKind = {
  /** The user's chat output (headset speaker). */
  CommunicationRender: 0,
  /** The user's voice input (headset microphone). */
  CommunicationCapture: 1,
} as const;
/** One of the {@link XUserDefaultAudioEndpointKind} values. */
export type XUserDefaultAudioEndpointKind =
  (typeof XUserDefaultAudioEndpointKind)[keyof typeof XUserDefaultAudioEndpointKind];

/** `XUserAudioEndpointMaxUtf16Count`: 56 `wchar_t`, including the NUL, always suffice for an endpoint id. */
export const XUserAudioEndpointMaxUtf16Count = 56;

/**
 * Mirrors `XUserDefaultAudioEndpointUtf16ChangedCallback(context, user, defaultAudioEndpointKind, endpointIdUtf16)`:
 * `endpointIdUtf16` is `null` when the user has no such endpoint any more.
 */
export type XUserDefaultAudioEndpointUtf16ChangedCallback = (
  context: unknown,
  user: XUserLocalId,
  defaultAudioEndpointKind: XUserDefaultAudioEndpointKind,
  endpointIdUtf16: string | null,
) => void;

/** Mirrors `XUserGetMsaTokenSilentlyOptions` (the API is deprecated). */
export const XUserGetMsaTokenSilentlyOptions = {
  /** No options. */
  None: 0,
} as const;
/** A combination of {@link XUserGetMsaTokenSilentlyOptions} flags. */
export type XUserGetMsaTokenSilentlyOptions = number;

/** Mirrors `XUserPlatformOperationResult` (Steam Deck hooks). */
export const XUserPlatformOperationResult = {
  /** The operation succeeded. */
  Success: 0,
  /** It failed. */
  Failure: 1,
  /** The user canceled it. */
  Canceled: 2,
} as const;
/** One of the {@link XUserPlatformOperationResult} values. */
export type XUserPlatformOperationResult =
  (typeof XUserPlatformOperationResult)[keyof typeof XUserPlatformOperationResult];

/** Mirrors `XUserPlatformSpopOperationResult` (Steam Deck hooks; XAL orders Canceled and Failure the other way). */
export const XUserPlatformSpopOperationResult = {
  /** Sign in here, signing the other session out. */
  SignInHere: 0,
  /** Use another account. */
  SwitchAccount: 1,
  /** The prompt failed. */
  Failure: 2,
  /** The user canceled. */
  Canceled: 3,
} as const;
/** One of the {@link XUserPlatformSpopOperationResult} values. */
export type XUserPlatformSpopOperationResult =
  (typeof XUserPlatformSpopOperationResult)[keyof typeof XUserPlatformSpopOperationResult];

/** Mirrors `XUserPlatformOperation`: an opaque handle to one prompt of the Steam Deck hooks. */
export interface XUserPlatformOperation {
  /** Brand: operations come only from the hooks. */
  readonly kind: string;
}

/** Mirrors `XUserPlatformRemoteConnectShowPromptEventHandler(context, userIdentifier, operation, url, code, qrCodeSize, qrCode)`. */
export type XUserPlatformRemoteConnectShowPromptEventHandler = (
  context: unknown,
  userIdentifier: number,
  operation: XUserPlatformOperation,
  url: string,
  code: string,
  qrCodeSize: number,
  qrCode: Uint8Array | null,
) => void;

/** Mirrors `XUserPlatformRemoteConnectClosePromptEventHandler(context, userIdentifier, operation)`. */
export type XUserPlatformRemoteConnectClosePromptEventHandler = (
  context: unknown,
  userIdentifier: number,
  operation: XUserPlatformOperation,
) => void;

/** Mirrors `XUserPlatformRemoteConnectEventHandlers`: both handlers are set together. */
export interface XUserPlatformRemoteConnectEventHandlers {
  /** Shows the device-code prompt. */
  readonly show: XUserPlatformRemoteConnectShowPromptEventHandler;
  /** Closes it. */
  readonly close: XUserPlatformRemoteConnectClosePromptEventHandler;
  /** Passed to both handlers. */
  readonly context?: unknown;
}

/** Mirrors `XUserPlatformSpopPromptEventHandler(context, userIdentifier, operation, modernGamertag, modernGamertagSuffix)`. */
export type XUserPlatformSpopPromptEventHandler = (
  context: unknown,
  userIdentifier: number,
  operation: XUserPlatformOperation,
  modernGamertag: string,
  modernGamertagSuffix: string | null,
) => void;
