/**
 * The Xbox services codes: XSTS's `XO_E_*` (what a refused token request carries as `XErr`,
 * `token-signature.md` §XErr, `xuser-xal.md` §1.5), the AuthManager's `AM_E_*` and the Microsoft
 * account's `ONL_E_*` (`xuser-xal.md` §1.5, §1.8). Data only: constants and one frozen table.
 *
 * Where a GDK name shares a value with one of these, the service's own name is the primary and the
 * GDK name its alias: `XO_E_CONTENT_ISOLATION` (alias `E_GAMEUSER_USER_NOT_IN_SANDBOX`) and
 * `AM_E_USER_NOT_FOUND` (alias `E_GAMEUSER_NO_AUTH_USER`). The value is the service's; the game
 * runtime forwards it (`XGameErr.h` defines the GDK names as these values).
 * @module
 */
import type { HRESULT } from '../HRESULT.js';
import type { HResultEntry } from '../HResultEntry.js';

/** `XO_E_AGE_VERIFICATION_REQUIRED` (0x8015DBFE): age verification is required in the account's region. gdkts's name: the notes give the value only. */
export const XO_E_AGE_VERIFICATION_REQUIRED: HRESULT = 0x8015dbfe | 0;
/** `XO_E_GAME_USAGE_BY_USER_EXCEEDED` (0x8015DBFF): the parental time limit for this game is used up. */
export const XO_E_GAME_USAGE_BY_USER_EXCEEDED: HRESULT = 0x8015dbff | 0;
/** `XO_E_SYSTEM_UPDATE_REQUIRED` (0x8015DC01): a system update is required. */
export const XO_E_SYSTEM_UPDATE_REQUIRED: HRESULT = 0x8015dc01 | 0;
/** `XO_E_ENFORCEMENT_BAN` (0x8015DC03): the account is banned. The notes give the value only; the name is the XSAPI one for it. */
export const XO_E_ENFORCEMENT_BAN: HRESULT = 0x8015dc03 | 0;
/** `XO_E_ACCOUNT_PARENTALLY_RESTRICTED` (0x8015DC05): a guardian has blocked online play. The notes give the value only; the name is the XSAPI one for it. */
export const XO_E_ACCOUNT_PARENTALLY_RESTRICTED: HRESULT = 0x8015dc05 | 0;
/** `XO_E_ACCOUNT_CREATION_REQUIRED` (0x8015DC09): the Microsoft account has no Xbox profile yet (Redirect: `https://start.ui.xboxlive.com/CreateAccount`). The notes give the value only; the name is the XSAPI one for it. */
export const XO_E_ACCOUNT_CREATION_REQUIRED: HRESULT = 0x8015dc09 | 0;
/** `XO_E_ACCOUNT_TERMS_OF_USE_NOT_ACCEPTED` (0x8015DC0A): the terms of use have not been accepted. The notes give the value only; the name is the XSAPI one for it. */
export const XO_E_ACCOUNT_TERMS_OF_USE_NOT_ACCEPTED: HRESULT = 0x8015dc0a | 0;
/** `XO_E_ACCOUNT_COUNTRY_NOT_AUTHORIZED` (0x8015DC0B): Xbox Live is not available in the account's region. */
export const XO_E_ACCOUNT_COUNTRY_NOT_AUTHORIZED: HRESULT = 0x8015dc0b | 0;
/** `XO_E_ACCOUNT_AGE_VERIFICATION_REQUIRED` (0x8015DC0C): proof of age is required. The notes give the value only; the name is the XSAPI one for it. */
export const XO_E_ACCOUNT_AGE_VERIFICATION_REQUIRED: HRESULT = 0x8015dc0c | 0;
/** `XO_E_ACCOUNT_CURFEW` (0x8015DC0D): the parental playtime limit has been reached. The notes give the value only; the name is the XSAPI one for it. */
export const XO_E_ACCOUNT_CURFEW: HRESULT = 0x8015dc0d | 0;
/** `XO_E_ACCOUNT_CHILD_NOT_IN_FAMILY` (0x8015DC0E): a child account is not in a family. The notes give the value only; the name is the XSAPI one for it. */
export const XO_E_ACCOUNT_CHILD_NOT_IN_FAMILY: HRESULT = 0x8015dc0e | 0;
/** `XO_E_CONTENT_ISOLATION` (0x8015DC12): the title may not run in this sandbox, or no user allowed in it is signed in. */
export const XO_E_CONTENT_ISOLATION: HRESULT = 0x8015dc12 | 0;
/** `E_GAMEUSER_USER_NOT_IN_SANDBOX` (0x8015DC12): an alias of {@link XO_E_CONTENT_ISOLATION}: the title may not run in this sandbox, or no user allowed in it is signed in. */
export const E_GAMEUSER_USER_NOT_IN_SANDBOX: HRESULT = XO_E_CONTENT_ISOLATION;
/** `XO_E_SANDBOX_NOT_ALLOWED` (0x8015DC19): the sandbox is not allowed. */
export const XO_E_SANDBOX_NOT_ALLOWED: HRESULT = 0x8015dc19 | 0;
/** `ONL_E_FORCESIGNIN` (0x80860006): the Microsoft account must sign in again. */
export const ONL_E_FORCESIGNIN: HRESULT = 0x80860006 | 0;
/** `AM_E_XSTS_UNEXPECTED` (0x87DD0006): XSTS answered unexpectedly. */
export const AM_E_XSTS_UNEXPECTED: HRESULT = 0x87dd0006 | 0;
/** `AM_E_USER_NOT_FOUND` (0x87DD0013): the auth service cannot identify the user (no longer signed in, or unknown). */
export const AM_E_USER_NOT_FOUND: HRESULT = 0x87dd0013 | 0;
/** `E_GAMEUSER_NO_AUTH_USER` (0x87DD0013): an alias of {@link AM_E_USER_NOT_FOUND}: the auth service cannot identify the user (no longer signed in, or unknown). */
export const E_GAMEUSER_NO_AUTH_USER: HRESULT = AM_E_USER_NOT_FOUND;
/** `AM_E_XSTS_TIMEOUT` (0x87DD0019): XSTS timed out. */
export const AM_E_XSTS_TIMEOUT: HRESULT = 0x87dd0019 | 0;
/** `AM_E_NO_TOKEN_REQUIRED` (0x87DD0021): legacy (old XSAPI error list): no token is needed for this call. */
export const AM_E_NO_TOKEN_REQUIRED: HRESULT = 0x87dd0021 | 0;
/** `AM_E_XTITLE_TIMEOUT` (0x87DD0022): the title service timed out. */
export const AM_E_XTITLE_TIMEOUT: HRESULT = 0x87dd0022 | 0;
/** `AM_E_XSTS_SERVICE_UNAVAILABLE` (0x87DD0033): XSTS is unavailable. */
export const AM_E_XSTS_SERVICE_UNAVAILABLE: HRESULT = 0x87dd0033 | 0;

/** The Xbox services rows of the table (facilities `XBOX_ONLINE`, `AUTH_MANAGER`, `ONLINE_ID`). */
export const XBOX_SERVICES_CODES: readonly HResultEntry[] = Object.freeze([
  Object.freeze({
    name: 'XO_E_AGE_VERIFICATION_REQUIRED',
    value: XO_E_AGE_VERIFICATION_REQUIRED,
    facility: 0x15,
    meaning: "age verification is required in the account's region.",
  }),
  Object.freeze({
    name: 'XO_E_GAME_USAGE_BY_USER_EXCEEDED',
    value: XO_E_GAME_USAGE_BY_USER_EXCEEDED,
    facility: 0x15,
    meaning: 'the parental time limit for this game is used up.',
  }),
  Object.freeze({
    name: 'XO_E_SYSTEM_UPDATE_REQUIRED',
    value: XO_E_SYSTEM_UPDATE_REQUIRED,
    facility: 0x15,
    meaning: 'a system update is required.',
  }),
  Object.freeze({
    name: 'XO_E_ENFORCEMENT_BAN',
    value: XO_E_ENFORCEMENT_BAN,
    facility: 0x15,
    meaning: 'the account is banned.',
  }),
  Object.freeze({
    name: 'XO_E_ACCOUNT_PARENTALLY_RESTRICTED',
    value: XO_E_ACCOUNT_PARENTALLY_RESTRICTED,
    facility: 0x15,
    meaning: 'a guardian has blocked online play.',
  }),
  Object.freeze({
    name: 'XO_E_ACCOUNT_CREATION_REQUIRED',
    value: XO_E_ACCOUNT_CREATION_REQUIRED,
    facility: 0x15,
    meaning: 'the Microsoft account has no Xbox profile yet (Redirect: `https://start.ui.xboxlive.com/CreateAccount`).',
  }),
  Object.freeze({
    name: 'XO_E_ACCOUNT_TERMS_OF_USE_NOT_ACCEPTED',
    value: XO_E_ACCOUNT_TERMS_OF_USE_NOT_ACCEPTED,
    facility: 0x15,
    meaning: 'the terms of use have not been accepted.',
  }),
  Object.freeze({
    name: 'XO_E_ACCOUNT_COUNTRY_NOT_AUTHORIZED',
    value: XO_E_ACCOUNT_COUNTRY_NOT_AUTHORIZED,
    facility: 0x15,
    meaning: "Xbox Live is not available in the account's region.",
  }),
  Object.freeze({
    name: 'XO_E_ACCOUNT_AGE_VERIFICATION_REQUIRED',
    value: XO_E_ACCOUNT_AGE_VERIFICATION_REQUIRED,
    facility: 0x15,
    meaning: 'proof of age is required.',
  }),
  Object.freeze({
    name: 'XO_E_ACCOUNT_CURFEW',
    value: XO_E_ACCOUNT_CURFEW,
    facility: 0x15,
    meaning: 'the parental playtime limit has been reached.',
  }),
  Object.freeze({
    name: 'XO_E_ACCOUNT_CHILD_NOT_IN_FAMILY',
    value: XO_E_ACCOUNT_CHILD_NOT_IN_FAMILY,
    facility: 0x15,
    meaning: 'a child account is not in a family.',
  }),
  Object.freeze({
    name: 'XO_E_CONTENT_ISOLATION',
    value: XO_E_CONTENT_ISOLATION,
    facility: 0x15,
    meaning: 'the title may not run in this sandbox, or no user allowed in it is signed in.',
    aliases: Object.freeze(['E_GAMEUSER_USER_NOT_IN_SANDBOX']),
  }),
  Object.freeze({
    name: 'XO_E_SANDBOX_NOT_ALLOWED',
    value: XO_E_SANDBOX_NOT_ALLOWED,
    facility: 0x15,
    meaning: 'the sandbox is not allowed.',
  }),
  Object.freeze({
    name: 'ONL_E_FORCESIGNIN',
    value: ONL_E_FORCESIGNIN,
    facility: 0x86,
    meaning: 'the Microsoft account must sign in again.',
  }),
  Object.freeze({
    name: 'AM_E_XSTS_UNEXPECTED',
    value: AM_E_XSTS_UNEXPECTED,
    facility: 0x7dd,
    meaning: 'XSTS answered unexpectedly.',
  }),
  Object.freeze({
    name: 'AM_E_USER_NOT_FOUND',
    value: AM_E_USER_NOT_FOUND,
    facility: 0x7dd,
    meaning: 'the auth service cannot identify the user (no longer signed in, or unknown).',
    aliases: Object.freeze(['E_GAMEUSER_NO_AUTH_USER']),
  }),
  Object.freeze({ name: 'AM_E_XSTS_TIMEOUT', value: AM_E_XSTS_TIMEOUT, facility: 0x7dd, meaning: 'XSTS timed out.' }),
  Object.freeze({
    name: 'AM_E_NO_TOKEN_REQUIRED',
    value: AM_E_NO_TOKEN_REQUIRED,
    facility: 0x7dd,
    meaning: 'legacy (old XSAPI error list): no token is needed for this call.',
  }),
  Object.freeze({
    name: 'AM_E_XTITLE_TIMEOUT',
    value: AM_E_XTITLE_TIMEOUT,
    facility: 0x7dd,
    meaning: 'the title service timed out.',
  }),
  Object.freeze({
    name: 'AM_E_XSTS_SERVICE_UNAVAILABLE',
    value: AM_E_XSTS_SERVICE_UNAVAILABLE,
    facility: 0x7dd,
    meaning: 'XSTS is unavailable.',
  }),
]);
