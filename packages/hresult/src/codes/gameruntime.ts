/**
 * The game runtime's codes (`XGameErr.h`, facility 0x924): `E_GAMERUNTIME_*` and `E_GAMEUSER_*`
 * (`xuser-xal.md` §1.8). Data only: constants and one frozen table.
 *
 * Two XUser names share a value with a code of another facility; the table keeps the owner's name
 * as primary and lists the XUser name as its alias: `E_GAMEUSER_NO_AUTH_USER` is an alias of
 * `AM_E_USER_NOT_FOUND` (0x87DD0013) and `E_GAMEUSER_USER_NOT_IN_SANDBOX` of `XO_E_CONTENT_ISOLATION`
 * (0x8015DC12), both in `xbox-services.ts`.
 * @module
 */
import type { HRESULT } from '../HRESULT.js';
import type { HResultEntry } from '../HResultEntry.js';

/** `E_GAMERUNTIME_NOT_INITIALIZED` (0x89240100): the game runtime is not initialized. */
export const E_GAMERUNTIME_NOT_INITIALIZED: HRESULT = 0x89240100 | 0;
/** `E_GAMERUNTIME_WINDOW_NOT_FOREGROUND` (0x89240103): the game window is not in the foreground. */
export const E_GAMERUNTIME_WINDOW_NOT_FOREGROUND: HRESULT = 0x89240103 | 0;
/** `E_GAMERUNTIME_SUSPENDED` (0x89240104): the game is suspended. */
export const E_GAMERUNTIME_SUSPENDED: HRESULT = 0x89240104 | 0;
/** `E_GAMERUNTIME_INVALID_HANDLE` (0x8924010C): the game runtime's invalid-handle code; gdkts returns `E_HANDLE`, as libHttpClient does. */
export const E_GAMERUNTIME_INVALID_HANDLE: HRESULT = 0x8924010c | 0;
/** `E_GAMEUSER_MAX_USERS_ADDED` (0x89245100): the maximum number of users is already added. */
export const E_GAMEUSER_MAX_USERS_ADDED: HRESULT = 0x89245100 | 0;
/** `E_GAMEUSER_SIGNED_OUT` (0x89245101): the user is signed out. */
export const E_GAMEUSER_SIGNED_OUT: HRESULT = 0x89245101 | 0;
/** `E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED` (0x89245102): UI is needed: call `XUserResolveIssueWithUiAsync`. */
export const E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED: HRESULT = 0x89245102 | 0;
/** `E_GAMEUSER_DEFERRAL_NOT_AVAILABLE` (0x89245103): this is not a valid moment to take a sign-out deferral. */
export const E_GAMEUSER_DEFERRAL_NOT_AVAILABLE: HRESULT = 0x89245103 | 0;
/** `E_GAMEUSER_USER_NOT_FOUND` (0x89245104): no user matches the id. */
export const E_GAMEUSER_USER_NOT_FOUND: HRESULT = 0x89245104 | 0;
/** `E_GAMEUSER_NO_TOKEN_REQUIRED` (0x89245105): no token is needed for this call. */
export const E_GAMEUSER_NO_TOKEN_REQUIRED: HRESULT = 0x89245105 | 0;
/** `E_GAMEUSER_NO_DEFAULT_USER` (0x89245106): there is no current default user (silent add). */
export const E_GAMEUSER_NO_DEFAULT_USER: HRESULT = 0x89245106 | 0;
/** `E_GAMEUSER_FAILED_TO_RESOLVE` (0x89245107): the privilege could not be resolved. */
export const E_GAMEUSER_FAILED_TO_RESOLVE: HRESULT = 0x89245107 | 0;
/** `E_GAMEUSER_NO_TITLE_ID` (0x89245108): no Xbox Live title id is configured. */
export const E_GAMEUSER_NO_TITLE_ID: HRESULT = 0x89245108 | 0;
/** `E_GAMEUSER_UNKNOWN_GAME_IDENTITY` (0x89245109): the game identity is not recognized (MSAAppId / TitleId mismatch). */
export const E_GAMEUSER_UNKNOWN_GAME_IDENTITY: HRESULT = 0x89245109 | 0;
/** `E_GAMEUSER_NO_PACKAGE_IDENTITY` (0x89245110): a package identity is required. */
export const E_GAMEUSER_NO_PACKAGE_IDENTITY: HRESULT = 0x89245110 | 0;
/** `E_GAMEUSER_FAILED_TO_GET_TOKEN` (0x89245111): the token request failed. */
export const E_GAMEUSER_FAILED_TO_GET_TOKEN: HRESULT = 0x89245111 | 0;
/** `E_GAMEUSER_INVALID_APP_CONFIGURATION` (0x89245112): the MSAAppId is invalid or not set up for auth. */
export const E_GAMEUSER_INVALID_APP_CONFIGURATION: HRESULT = 0x89245112 | 0;
/** `E_GAMEUSER_MALFORMED_MSAAPPID` (0x89245113): the MSAAppId is not a 16-character id or a GUID. */
export const E_GAMEUSER_MALFORMED_MSAAPPID: HRESULT = 0x89245113 | 0;
/** `E_GAMEUSER_INCONSISTENT_MSAAPPID_AND_TITLEID` (0x89245114): the MSAAppId and TitleId do not belong to the same game. */
export const E_GAMEUSER_INCONSISTENT_MSAAPPID_AND_TITLEID: HRESULT = 0x89245114 | 0;
/** `E_GAMEUSER_NO_MSAAPPID` (0x89245115): the MSAAppId is missing from MicrosoftGame.config. */
export const E_GAMEUSER_NO_MSAAPPID: HRESULT = 0x89245115 | 0;

/** The game runtime rows of the table (facility `GAME_RUNTIME`). */
export const GAMERUNTIME_CODES: readonly HResultEntry[] = Object.freeze([
  Object.freeze({
    name: 'E_GAMERUNTIME_NOT_INITIALIZED',
    value: E_GAMERUNTIME_NOT_INITIALIZED,
    facility: 0x924,
    meaning: 'the game runtime is not initialized.',
  }),
  Object.freeze({
    name: 'E_GAMERUNTIME_WINDOW_NOT_FOREGROUND',
    value: E_GAMERUNTIME_WINDOW_NOT_FOREGROUND,
    facility: 0x924,
    meaning: 'the game window is not in the foreground.',
  }),
  Object.freeze({
    name: 'E_GAMERUNTIME_SUSPENDED',
    value: E_GAMERUNTIME_SUSPENDED,
    facility: 0x924,
    meaning: 'the game is suspended.',
  }),
  Object.freeze({
    name: 'E_GAMERUNTIME_INVALID_HANDLE',
    value: E_GAMERUNTIME_INVALID_HANDLE,
    facility: 0x924,
    meaning: "the game runtime's invalid-handle code; gdkts returns `E_HANDLE`, as libHttpClient does.",
  }),
  Object.freeze({
    name: 'E_GAMEUSER_MAX_USERS_ADDED',
    value: E_GAMEUSER_MAX_USERS_ADDED,
    facility: 0x924,
    meaning: 'the maximum number of users is already added.',
  }),
  Object.freeze({
    name: 'E_GAMEUSER_SIGNED_OUT',
    value: E_GAMEUSER_SIGNED_OUT,
    facility: 0x924,
    meaning: 'the user is signed out.',
  }),
  Object.freeze({
    name: 'E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED',
    value: E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED,
    facility: 0x924,
    meaning: 'UI is needed: call `XUserResolveIssueWithUiAsync`.',
  }),
  Object.freeze({
    name: 'E_GAMEUSER_DEFERRAL_NOT_AVAILABLE',
    value: E_GAMEUSER_DEFERRAL_NOT_AVAILABLE,
    facility: 0x924,
    meaning: 'this is not a valid moment to take a sign-out deferral.',
  }),
  Object.freeze({
    name: 'E_GAMEUSER_USER_NOT_FOUND',
    value: E_GAMEUSER_USER_NOT_FOUND,
    facility: 0x924,
    meaning: 'no user matches the id.',
  }),
  Object.freeze({
    name: 'E_GAMEUSER_NO_TOKEN_REQUIRED',
    value: E_GAMEUSER_NO_TOKEN_REQUIRED,
    facility: 0x924,
    meaning: 'no token is needed for this call.',
  }),
  Object.freeze({
    name: 'E_GAMEUSER_NO_DEFAULT_USER',
    value: E_GAMEUSER_NO_DEFAULT_USER,
    facility: 0x924,
    meaning: 'there is no current default user (silent add).',
  }),
  Object.freeze({
    name: 'E_GAMEUSER_FAILED_TO_RESOLVE',
    value: E_GAMEUSER_FAILED_TO_RESOLVE,
    facility: 0x924,
    meaning: 'the privilege could not be resolved.',
  }),
  Object.freeze({
    name: 'E_GAMEUSER_NO_TITLE_ID',
    value: E_GAMEUSER_NO_TITLE_ID,
    facility: 0x924,
    meaning: 'no Xbox Live title id is configured.',
  }),
  Object.freeze({
    name: 'E_GAMEUSER_UNKNOWN_GAME_IDENTITY',
    value: E_GAMEUSER_UNKNOWN_GAME_IDENTITY,
    facility: 0x924,
    meaning: 'the game identity is not recognized (MSAAppId / TitleId mismatch).',
  }),
  Object.freeze({
    name: 'E_GAMEUSER_NO_PACKAGE_IDENTITY',
    value: E_GAMEUSER_NO_PACKAGE_IDENTITY,
    facility: 0x924,
    meaning: 'a package identity is required.',
  }),
  Object.freeze({
    name: 'E_GAMEUSER_FAILED_TO_GET_TOKEN',
    value: E_GAMEUSER_FAILED_TO_GET_TOKEN,
    facility: 0x924,
    meaning: 'the token request failed.',
  }),
  Object.freeze({
    name: 'E_GAMEUSER_INVALID_APP_CONFIGURATION',
    value: E_GAMEUSER_INVALID_APP_CONFIGURATION,
    facility: 0x924,
    meaning: 'the MSAAppId is invalid or not set up for auth.',
  }),
  Object.freeze({
    name: 'E_GAMEUSER_MALFORMED_MSAAPPID',
    value: E_GAMEUSER_MALFORMED_MSAAPPID,
    facility: 0x924,
    meaning: 'the MSAAppId is not a 16-character id or a GUID.',
  }),
  Object.freeze({
    name: 'E_GAMEUSER_INCONSISTENT_MSAAPPID_AND_TITLEID',
    value: E_GAMEUSER_INCONSISTENT_MSAAPPID_AND_TITLEID,
    facility: 0x924,
    meaning: 'the MSAAppId and TitleId do not belong to the same game.',
  }),
  Object.freeze({
    name: 'E_GAMEUSER_NO_MSAAPPID',
    value: E_GAMEUSER_NO_MSAAPPID,
    facility: 0x924,
    meaning: 'the MSAAppId is missing from MicrosoftGame.config.',
  }),
]);
