/**
 * XAL's codes (`MAKE_E_HC(code)`, facility 0x923; `xuser-xal.md` §2.8), including the internal ones,
 * and the XSAPI codes of the same facility the notes name (`E_XBL_*`). Data only: constants, one
 * frozen table, and {@link XAL_GDK_ALIASES}.
 * @module
 */
import type { HRESULT } from '../HRESULT.js';
import type { HResultEntry } from '../HResultEntry.js';

/** `E_XAL_NOTINITIALIZED` (0x89235100): XAL is not initialized. */
export const E_XAL_NOTINITIALIZED: HRESULT = 0x89235100 | 0;
/** `E_XAL_ALREADYINITIALIZED` (0x89235101): XAL is already initialized. */
export const E_XAL_ALREADYINITIALIZED: HRESULT = 0x89235101 | 0;
/** `E_XAL_USERSETNOTEMPTY` (0x89235102): the user set is not empty (cleanup with users still added). */
export const E_XAL_USERSETNOTEMPTY: HRESULT = 0x89235102 | 0;
/** `E_XAL_USERSETFULL` (0x89235103): the user set is full. */
export const E_XAL_USERSETFULL: HRESULT = 0x89235103 | 0;
/** `E_XAL_USERSIGNEDOUT` (0x89235104): the user is signed out. */
export const E_XAL_USERSIGNEDOUT: HRESULT = 0x89235104 | 0;
/** `E_XAL_DUPLICATEDUSER` (0x89235105): the user is already added. */
export const E_XAL_DUPLICATEDUSER: HRESULT = 0x89235105 | 0;
/** `E_XAL_NETWORK` (0x89235106): a network error. */
export const E_XAL_NETWORK: HRESULT = 0x89235106 | 0;
/** `E_XAL_CLIENTERROR` (0x89235107): the service answered with a client error. */
export const E_XAL_CLIENTERROR: HRESULT = 0x89235107 | 0;
/** `E_XAL_UIREQUIRED` (0x89235108): UI is needed: call `XalUserResolveIssueWithUiAsync`. */
export const E_XAL_UIREQUIRED: HRESULT = 0x89235108 | 0;
/** `E_XAL_HANDLERALREADYREGISTERED` (0x89235109): a handler is already registered. */
export const E_XAL_HANDLERALREADYREGISTERED: HRESULT = 0x89235109 | 0;
/** `E_XAL_UNEXPECTEDUSERSIGNEDIN` (0x8923510A): an unexpected user signed in. */
export const E_XAL_UNEXPECTEDUSERSIGNEDIN: HRESULT = 0x8923510a | 0;
/** `E_XAL_NOTATTACHEDTOJVM` (0x8923510B): the thread is not attached to the JVM (Android). */
export const E_XAL_NOTATTACHEDTOJVM: HRESULT = 0x8923510b | 0;
/** `E_XAL_DEVICEUSER` (0x8923510C): the call is not valid for the device user. */
export const E_XAL_DEVICEUSER: HRESULT = 0x8923510c | 0;
/** `E_XAL_DEFERRALNOTAVAILABLE` (0x8923510D): this is not a valid moment to take a sign-out deferral. */
export const E_XAL_DEFERRALNOTAVAILABLE: HRESULT = 0x8923510d | 0;
/** `E_XAL_MISSINGPLATFORMEVENTHANDLER` (0x8923510E): a required platform event handler is not set. */
export const E_XAL_MISSINGPLATFORMEVENTHANDLER: HRESULT = 0x8923510e | 0;
/** `E_XAL_USERNOTFOUND` (0x8923510F): no user matches the id. */
export const E_XAL_USERNOTFOUND: HRESULT = 0x8923510f | 0;
/** `E_XAL_NOTOKENREQUIRED` (0x89235110): no token is needed for this call. */
export const E_XAL_NOTOKENREQUIRED: HRESULT = 0x89235110 | 0;
/** `E_XAL_NODEFAULTUSER` (0x89235111): there is no default user to add silently. */
export const E_XAL_NODEFAULTUSER: HRESULT = 0x89235111 | 0;
/** `E_XAL_FAILEDTORESOLVE` (0x89235112): the issue or privilege could not be resolved. */
export const E_XAL_FAILEDTORESOLVE: HRESULT = 0x89235112 | 0;
/** `E_XAL_NOACCOUNTPROVIDER` (0x89235113): no account provider is available. */
export const E_XAL_NOACCOUNTPROVIDER: HRESULT = 0x89235113 | 0;
/** `E_XAL_MISMATCHEDTITLEANDCLIENTIDS` (0x89235114): the title id and the client id do not belong together. */
export const E_XAL_MISMATCHEDTITLEANDCLIENTIDS: HRESULT = 0x89235114 | 0;
/** `E_XAL_INVALIDAPPCONFIGURATION` (0x89235115): the app configuration is invalid. */
export const E_XAL_INVALIDAPPCONFIGURATION: HRESULT = 0x89235115 | 0;
/** `E_XAL_MALFORMEDCLIENTID` (0x89235116): the client id is malformed. */
export const E_XAL_MALFORMEDCLIENTID: HRESULT = 0x89235116 | 0;
/** `E_XAL_MISSINGCLIENTID` (0x89235117): the client id is missing. */
export const E_XAL_MISSINGCLIENTID: HRESULT = 0x89235117 | 0;
/** `E_XAL_MISSINGTITLEID` (0x89235118): the title id is missing. */
export const E_XAL_MISSINGTITLEID: HRESULT = 0x89235118 | 0;
/** `E_XAL_CONTENT_ISOLATION` (0x89235119): the user may not use the title's sandbox (content isolation). */
export const E_XAL_CONTENT_ISOLATION: HRESULT = 0x89235119 | 0;
/** `E_XAL_SANDBOX_NOT_ALLOWED` (0x8923511A): the title may not run in this sandbox. */
export const E_XAL_SANDBOX_NOT_ALLOWED: HRESULT = 0x8923511a | 0;
/** `E_XAL_GAMEWINDOWNOTFOREGROUND` (0x8923511B): the game window is not in the foreground. */
export const E_XAL_GAMEWINDOWNOTFOREGROUND: HRESULT = 0x8923511b | 0;
/** `E_XAL_UNLISTEDCONSENT` (0x8923511C): the consent is not listed in the title's configuration. */
export const E_XAL_UNLISTEDCONSENT: HRESULT = 0x8923511c | 0;
/** `E_XAL_CONSENTNOTAPPLICABLE` (0x8923511D): the consent does not apply to this user. */
export const E_XAL_CONSENTNOTAPPLICABLE: HRESULT = 0x8923511d | 0;
/** `E_XAL_NO_SIGNED_IN_USER_FOUND` (0x8923511E): no signed-in user was found. */
export const E_XAL_NO_SIGNED_IN_USER_FOUND: HRESULT = 0x8923511e | 0;
/** `E_XAL_INTERNAL_SWITCHUSER` (0x89235171): internal, never returned: switch user. */
export const E_XAL_INTERNAL_SWITCHUSER: HRESULT = 0x89235171 | 0;
/** `E_XAL_INTERNAL_NOUSERFOUND` (0x89235172): internal, never returned: no user found. */
export const E_XAL_INTERNAL_NOUSERFOUND: HRESULT = 0x89235172 | 0;
/** `E_XAL_INTERNAL_TOOMANYCACHEDUSERS` (0x89235173): internal, never returned: too many cached users. */
export const E_XAL_INTERNAL_TOOMANYCACHEDUSERS: HRESULT = 0x89235173 | 0;
/** `E_XAL_INTERNAL_BADUSERTOKEN` (0x89235174): internal, never returned: bad user token. */
export const E_XAL_INTERNAL_BADUSERTOKEN: HRESULT = 0x89235174 | 0;
/** `E_XAL_INTERNAL_BADDEVICEIDENTITY` (0x89235175): internal, never returned: bad device identity. */
export const E_XAL_INTERNAL_BADDEVICEIDENTITY: HRESULT = 0x89235175 | 0;
/** `E_XAL_INTERNAL_UNAUTHORIZED` (0x89235176): internal, never returned: unauthorized. */
export const E_XAL_INTERNAL_UNAUTHORIZED: HRESULT = 0x89235176 | 0;
/** `E_XAL_INTERNAL_NODISPLAYCLAIMSFOUND` (0x89235177): internal, never returned: no display claims found. */
export const E_XAL_INTERNAL_NODISPLAYCLAIMSFOUND: HRESULT = 0x89235177 | 0;
/** `E_XBL_RUNTIME_ERROR` (0x89235200): XSAPI: a runtime error. */
export const E_XBL_RUNTIME_ERROR: HRESULT = 0x89235200 | 0;
/** `E_XBL_AUTH_NO_TOKEN` (0x89235206): XSAPI: no token is available for the call. */
export const E_XBL_AUTH_NO_TOKEN: HRESULT = 0x89235206 | 0;
/** `E_XBL_NOT_INITIALIZED` (0x89235208): XSAPI is not initialized. */
export const E_XBL_NOT_INITIALIZED: HRESULT = 0x89235208 | 0;

/** The XAL and XSAPI rows of the table (facility `HTTP_CLIENT`). */
export const XAL_CODES: readonly HResultEntry[] = Object.freeze([
  Object.freeze({
    name: 'E_XAL_NOTINITIALIZED',
    value: E_XAL_NOTINITIALIZED,
    facility: 0x923,
    meaning: 'XAL is not initialized.',
  }),
  Object.freeze({
    name: 'E_XAL_ALREADYINITIALIZED',
    value: E_XAL_ALREADYINITIALIZED,
    facility: 0x923,
    meaning: 'XAL is already initialized.',
  }),
  Object.freeze({
    name: 'E_XAL_USERSETNOTEMPTY',
    value: E_XAL_USERSETNOTEMPTY,
    facility: 0x923,
    meaning: 'the user set is not empty (cleanup with users still added).',
  }),
  Object.freeze({
    name: 'E_XAL_USERSETFULL',
    value: E_XAL_USERSETFULL,
    facility: 0x923,
    meaning: 'the user set is full.',
  }),
  Object.freeze({
    name: 'E_XAL_USERSIGNEDOUT',
    value: E_XAL_USERSIGNEDOUT,
    facility: 0x923,
    meaning: 'the user is signed out.',
  }),
  Object.freeze({
    name: 'E_XAL_DUPLICATEDUSER',
    value: E_XAL_DUPLICATEDUSER,
    facility: 0x923,
    meaning: 'the user is already added.',
  }),
  Object.freeze({ name: 'E_XAL_NETWORK', value: E_XAL_NETWORK, facility: 0x923, meaning: 'a network error.' }),
  Object.freeze({
    name: 'E_XAL_CLIENTERROR',
    value: E_XAL_CLIENTERROR,
    facility: 0x923,
    meaning: 'the service answered with a client error.',
  }),
  Object.freeze({
    name: 'E_XAL_UIREQUIRED',
    value: E_XAL_UIREQUIRED,
    facility: 0x923,
    meaning: 'UI is needed: call `XalUserResolveIssueWithUiAsync`.',
  }),
  Object.freeze({
    name: 'E_XAL_HANDLERALREADYREGISTERED',
    value: E_XAL_HANDLERALREADYREGISTERED,
    facility: 0x923,
    meaning: 'a handler is already registered.',
  }),
  Object.freeze({
    name: 'E_XAL_UNEXPECTEDUSERSIGNEDIN',
    value: E_XAL_UNEXPECTEDUSERSIGNEDIN,
    facility: 0x923,
    meaning: 'an unexpected user signed in.',
  }),
  Object.freeze({
    name: 'E_XAL_NOTATTACHEDTOJVM',
    value: E_XAL_NOTATTACHEDTOJVM,
    facility: 0x923,
    meaning: 'the thread is not attached to the JVM (Android).',
  }),
  Object.freeze({
    name: 'E_XAL_DEVICEUSER',
    value: E_XAL_DEVICEUSER,
    facility: 0x923,
    meaning: 'the call is not valid for the device user.',
  }),
  Object.freeze({
    name: 'E_XAL_DEFERRALNOTAVAILABLE',
    value: E_XAL_DEFERRALNOTAVAILABLE,
    facility: 0x923,
    meaning: 'this is not a valid moment to take a sign-out deferral.',
  }),
  Object.freeze({
    name: 'E_XAL_MISSINGPLATFORMEVENTHANDLER',
    value: E_XAL_MISSINGPLATFORMEVENTHANDLER,
    facility: 0x923,
    meaning: 'a required platform event handler is not set.',
  }),
  Object.freeze({
    name: 'E_XAL_USERNOTFOUND',
    value: E_XAL_USERNOTFOUND,
    facility: 0x923,
    meaning: 'no user matches the id.',
  }),
  Object.freeze({
    name: 'E_XAL_NOTOKENREQUIRED',
    value: E_XAL_NOTOKENREQUIRED,
    facility: 0x923,
    meaning: 'no token is needed for this call.',
  }),
  Object.freeze({
    name: 'E_XAL_NODEFAULTUSER',
    value: E_XAL_NODEFAULTUSER,
    facility: 0x923,
    meaning: 'there is no default user to add silently.',
  }),
  Object.freeze({
    name: 'E_XAL_FAILEDTORESOLVE',
    value: E_XAL_FAILEDTORESOLVE,
    facility: 0x923,
    meaning: 'the issue or privilege could not be resolved.',
  }),
  Object.freeze({
    name: 'E_XAL_NOACCOUNTPROVIDER',
    value: E_XAL_NOACCOUNTPROVIDER,
    facility: 0x923,
    meaning: 'no account provider is available.',
  }),
  Object.freeze({
    name: 'E_XAL_MISMATCHEDTITLEANDCLIENTIDS',
    value: E_XAL_MISMATCHEDTITLEANDCLIENTIDS,
    facility: 0x923,
    meaning: 'the title id and the client id do not belong together.',
  }),
  Object.freeze({
    name: 'E_XAL_INVALIDAPPCONFIGURATION',
    value: E_XAL_INVALIDAPPCONFIGURATION,
    facility: 0x923,
    meaning: 'the app configuration is invalid.',
  }),
  Object.freeze({
    name: 'E_XAL_MALFORMEDCLIENTID',
    value: E_XAL_MALFORMEDCLIENTID,
    facility: 0x923,
    meaning: 'the client id is malformed.',
  }),
  Object.freeze({
    name: 'E_XAL_MISSINGCLIENTID',
    value: E_XAL_MISSINGCLIENTID,
    facility: 0x923,
    meaning: 'the client id is missing.',
  }),
  Object.freeze({
    name: 'E_XAL_MISSINGTITLEID',
    value: E_XAL_MISSINGTITLEID,
    facility: 0x923,
    meaning: 'the title id is missing.',
  }),
  Object.freeze({
    name: 'E_XAL_CONTENT_ISOLATION',
    value: E_XAL_CONTENT_ISOLATION,
    facility: 0x923,
    meaning: "the user may not use the title's sandbox (content isolation).",
  }),
  Object.freeze({
    name: 'E_XAL_SANDBOX_NOT_ALLOWED',
    value: E_XAL_SANDBOX_NOT_ALLOWED,
    facility: 0x923,
    meaning: 'the title may not run in this sandbox.',
  }),
  Object.freeze({
    name: 'E_XAL_GAMEWINDOWNOTFOREGROUND',
    value: E_XAL_GAMEWINDOWNOTFOREGROUND,
    facility: 0x923,
    meaning: 'the game window is not in the foreground.',
  }),
  Object.freeze({
    name: 'E_XAL_UNLISTEDCONSENT',
    value: E_XAL_UNLISTEDCONSENT,
    facility: 0x923,
    meaning: "the consent is not listed in the title's configuration.",
  }),
  Object.freeze({
    name: 'E_XAL_CONSENTNOTAPPLICABLE',
    value: E_XAL_CONSENTNOTAPPLICABLE,
    facility: 0x923,
    meaning: 'the consent does not apply to this user.',
  }),
  Object.freeze({
    name: 'E_XAL_NO_SIGNED_IN_USER_FOUND',
    value: E_XAL_NO_SIGNED_IN_USER_FOUND,
    facility: 0x923,
    meaning: 'no signed-in user was found.',
  }),
  Object.freeze({
    name: 'E_XAL_INTERNAL_SWITCHUSER',
    value: E_XAL_INTERNAL_SWITCHUSER,
    facility: 0x923,
    meaning: 'internal, never returned: switch user.',
  }),
  Object.freeze({
    name: 'E_XAL_INTERNAL_NOUSERFOUND',
    value: E_XAL_INTERNAL_NOUSERFOUND,
    facility: 0x923,
    meaning: 'internal, never returned: no user found.',
  }),
  Object.freeze({
    name: 'E_XAL_INTERNAL_TOOMANYCACHEDUSERS',
    value: E_XAL_INTERNAL_TOOMANYCACHEDUSERS,
    facility: 0x923,
    meaning: 'internal, never returned: too many cached users.',
  }),
  Object.freeze({
    name: 'E_XAL_INTERNAL_BADUSERTOKEN',
    value: E_XAL_INTERNAL_BADUSERTOKEN,
    facility: 0x923,
    meaning: 'internal, never returned: bad user token.',
  }),
  Object.freeze({
    name: 'E_XAL_INTERNAL_BADDEVICEIDENTITY',
    value: E_XAL_INTERNAL_BADDEVICEIDENTITY,
    facility: 0x923,
    meaning: 'internal, never returned: bad device identity.',
  }),
  Object.freeze({
    name: 'E_XAL_INTERNAL_UNAUTHORIZED',
    value: E_XAL_INTERNAL_UNAUTHORIZED,
    facility: 0x923,
    meaning: 'internal, never returned: unauthorized.',
  }),
  Object.freeze({
    name: 'E_XAL_INTERNAL_NODISPLAYCLAIMSFOUND',
    value: E_XAL_INTERNAL_NODISPLAYCLAIMSFOUND,
    facility: 0x923,
    meaning: 'internal, never returned: no display claims found.',
  }),
  Object.freeze({
    name: 'E_XBL_RUNTIME_ERROR',
    value: E_XBL_RUNTIME_ERROR,
    facility: 0x923,
    meaning: 'XSAPI: a runtime error.',
  }),
  Object.freeze({
    name: 'E_XBL_AUTH_NO_TOKEN',
    value: E_XBL_AUTH_NO_TOKEN,
    facility: 0x923,
    meaning: 'XSAPI: no token is available for the call.',
  }),
  Object.freeze({
    name: 'E_XBL_NOT_INITIALIZED',
    value: E_XBL_NOT_INITIALIZED,
    facility: 0x923,
    meaning: 'XSAPI is not initialized.',
  }),
]);

/**
 * The GDK aliases of XAL's codes: when `XAL_OS_ERRORS` is the GDK's, `xal_types.h` re-points these
 * `E_XAL_*` names at the XUser / XSTS codes (`xuser-xal.md` §2.8, third column). Keys are XAL names,
 * values the names of the codes they take on GDK; `@gdkts/xal` translates with it.
 */
export const XAL_GDK_ALIASES = Object.freeze({
  /** `E_XAL_USERSETFULL` takes `E_GAMEUSER_MAX_USERS_ADDED`'s value on GDK. */
  E_XAL_USERSETFULL: 'E_GAMEUSER_MAX_USERS_ADDED',
  /** `E_XAL_USERSIGNEDOUT` takes `E_GAMEUSER_SIGNED_OUT`'s value on GDK. */
  E_XAL_USERSIGNEDOUT: 'E_GAMEUSER_SIGNED_OUT',
  /** `E_XAL_UIREQUIRED` takes `E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED`'s value on GDK. */
  E_XAL_UIREQUIRED: 'E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED',
  /** `E_XAL_DEFERRALNOTAVAILABLE` takes `E_GAMEUSER_DEFERRAL_NOT_AVAILABLE`'s value on GDK. */
  E_XAL_DEFERRALNOTAVAILABLE: 'E_GAMEUSER_DEFERRAL_NOT_AVAILABLE',
  /** `E_XAL_USERNOTFOUND` takes `E_GAMEUSER_USER_NOT_FOUND`'s value on GDK. */
  E_XAL_USERNOTFOUND: 'E_GAMEUSER_USER_NOT_FOUND',
  /** `E_XAL_NOTOKENREQUIRED` takes `E_GAMEUSER_NO_TOKEN_REQUIRED`'s value on GDK. */
  E_XAL_NOTOKENREQUIRED: 'E_GAMEUSER_NO_TOKEN_REQUIRED',
  /** `E_XAL_NODEFAULTUSER` takes `E_GAMEUSER_NO_DEFAULT_USER`'s value on GDK. */
  E_XAL_NODEFAULTUSER: 'E_GAMEUSER_NO_DEFAULT_USER',
  /** `E_XAL_FAILEDTORESOLVE` takes `E_GAMEUSER_FAILED_TO_RESOLVE`'s value on GDK. */
  E_XAL_FAILEDTORESOLVE: 'E_GAMEUSER_FAILED_TO_RESOLVE',
  /** `E_XAL_MISMATCHEDTITLEANDCLIENTIDS` takes `E_GAMEUSER_INCONSISTENT_MSAAPPID_AND_TITLEID`'s value on GDK. */
  E_XAL_MISMATCHEDTITLEANDCLIENTIDS: 'E_GAMEUSER_INCONSISTENT_MSAAPPID_AND_TITLEID',
  /** `E_XAL_INVALIDAPPCONFIGURATION` takes `E_GAMEUSER_INVALID_APP_CONFIGURATION`'s value on GDK. */
  E_XAL_INVALIDAPPCONFIGURATION: 'E_GAMEUSER_INVALID_APP_CONFIGURATION',
  /** `E_XAL_MALFORMEDCLIENTID` takes `E_GAMEUSER_MALFORMED_MSAAPPID`'s value on GDK. */
  E_XAL_MALFORMEDCLIENTID: 'E_GAMEUSER_MALFORMED_MSAAPPID',
  /** `E_XAL_MISSINGCLIENTID` takes `E_GAMEUSER_NO_MSAAPPID`'s value on GDK. */
  E_XAL_MISSINGCLIENTID: 'E_GAMEUSER_NO_MSAAPPID',
  /** `E_XAL_MISSINGTITLEID` takes `E_GAMEUSER_NO_TITLE_ID`'s value on GDK. */
  E_XAL_MISSINGTITLEID: 'E_GAMEUSER_NO_TITLE_ID',
  /** `E_XAL_CONTENT_ISOLATION` takes `XO_E_CONTENT_ISOLATION`'s value on GDK. */
  E_XAL_CONTENT_ISOLATION: 'XO_E_CONTENT_ISOLATION',
  /** `E_XAL_SANDBOX_NOT_ALLOWED` takes `XO_E_SANDBOX_NOT_ALLOWED`'s value on GDK. */
  E_XAL_SANDBOX_NOT_ALLOWED: 'XO_E_SANDBOX_NOT_ALLOWED',
  /** `E_XAL_GAMEWINDOWNOTFOREGROUND` takes `E_GAMERUNTIME_WINDOW_NOT_FOREGROUND`'s value on GDK. */
  E_XAL_GAMEWINDOWNOTFOREGROUND: 'E_GAMERUNTIME_WINDOW_NOT_FOREGROUND',
} as const);
