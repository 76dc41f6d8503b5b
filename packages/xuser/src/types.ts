/**
 * The `XUser.h` enumerations, constants and structures (xuser-xal.md §1.2, §1.3), with the native
 * names and values. Flag enums combine with `|`.
 *
 * @module
 */

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

/** Mirrors `XUserPrivilege`. */
export const XUserPrivilege = {
  /** Play across networks. */
  CrossPlay: 185,
  /** Clubs. */
  Clubs: 188,
  /** Multiplayer sessions. */
  Sessions: 189,
  /** Broadcast. */
  Broadcast: 190,
  /** Manage profile privacy. */
  ManageProfilePrivacy: 196,
  /** Game DVR. */
  GameDvr: 198,
  /** Parties. */
  MultiplayerParties: 203,
  /** Cloud-managed sessions. */
  CloudManageSession: 207,
  /** Join cloud sessions. */
  CloudJoinSession: 208,
  /** Cloud saved games. */
  CloudSavedGames: 209,
  /** Social network sharing. */
  SocialNetworkSharing: 220,
  /** User-generated content. */
  UserGeneratedContent: 247,
  /** Communications. */
  Communications: 252,
  /** Online multiplayer. */
  Multiplayer: 254,
  /** Add friends. */
  AddFriends: 255,
} as const;
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
