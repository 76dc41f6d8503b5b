/**
 * XErr: the unsigned codes XSTS and the auth services answer a refused request with (the JSON
 * body's `XErr`, token-signature.md §3.4): the account issues that need the user's action, and
 * content isolation. Wire facts shared by the issuer (emulator) and the clients that read refusals.
 *
 * @module
 */
import {
  toUint32,
  XO_E_ACCOUNT_AGE_VERIFICATION_REQUIRED,
  XO_E_ACCOUNT_CHILD_NOT_IN_FAMILY,
  XO_E_ACCOUNT_COUNTRY_NOT_AUTHORIZED,
  XO_E_ACCOUNT_CREATION_REQUIRED,
  XO_E_ACCOUNT_CURFEW,
  XO_E_ACCOUNT_PARENTALLY_RESTRICTED,
  XO_E_ACCOUNT_TERMS_OF_USE_NOT_ACCEPTED,
  XO_E_AGE_VERIFICATION_REQUIRED,
  XO_E_CONTENT_ISOLATION,
  XO_E_ENFORCEMENT_BAN,
} from '@gdkts/hresult';

/**
 * Account issues that make the issuer refuse a token until the user acts (token-signature.md §3.4).
 * Each maps to the XErr value XSTS returns: the unsigned form (`toUint32`, the JSON wire's) of the
 * `XO_E_*` code of `@gdkts/hresult`. The token API never shows UI: the client turns a refusal into
 * `E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED` and the title calls the resolve-with-UI API.
 */
export const AccountIssue = {
  /** Age verification is required in the account's region. `XO_E_AGE_VERIFICATION_REQUIRED` 0x8015DBFE */
  AgeVerificationRequired: toUint32(XO_E_AGE_VERIFICATION_REQUIRED),
  /** The account is banned. `XO_E_ENFORCEMENT_BAN` 0x8015DC03 */
  Banned: toUint32(XO_E_ENFORCEMENT_BAN),
  /** A guardian has blocked online play. `XO_E_ACCOUNT_PARENTALLY_RESTRICTED` 0x8015DC05 */
  GuardianBlocked: toUint32(XO_E_ACCOUNT_PARENTALLY_RESTRICTED),
  /** The Microsoft account has no Xbox profile yet. `XO_E_ACCOUNT_CREATION_REQUIRED` 0x8015DC09 */
  NoXboxProfile: toUint32(XO_E_ACCOUNT_CREATION_REQUIRED),
  /** The terms of use have not been accepted. `XO_E_ACCOUNT_TERMS_OF_USE_NOT_ACCEPTED` 0x8015DC0A */
  TermsNotAccepted: toUint32(XO_E_ACCOUNT_TERMS_OF_USE_NOT_ACCEPTED),
  /** Xbox Live is not available in the account's region. `XO_E_ACCOUNT_COUNTRY_NOT_AUTHORIZED` 0x8015DC0B */
  RegionNotAuthorized: toUint32(XO_E_ACCOUNT_COUNTRY_NOT_AUTHORIZED),
  /** Proof of age is required. `XO_E_ACCOUNT_AGE_VERIFICATION_REQUIRED` 0x8015DC0C */
  ProofOfAgeRequired: toUint32(XO_E_ACCOUNT_AGE_VERIFICATION_REQUIRED),
  /** The parental playtime limit has been reached. `XO_E_ACCOUNT_CURFEW` 0x8015DC0D */
  PlaytimeLimitReached: toUint32(XO_E_ACCOUNT_CURFEW),
  /** A child account is not in a family. `XO_E_ACCOUNT_CHILD_NOT_IN_FAMILY` 0x8015DC0E */
  ChildNotInFamily: toUint32(XO_E_ACCOUNT_CHILD_NOT_IN_FAMILY),
} as const;

/** The name of one {@link AccountIssue}. */
export type AccountIssue = keyof typeof AccountIssue;

/** The XErr of a refusal for a title (or user) outside the sandbox: `XO_E_CONTENT_ISOLATION` unsigned. */
export const XERR_CONTENT_ISOLATION: number = toUint32(XO_E_CONTENT_ISOLATION);
