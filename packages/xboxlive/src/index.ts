/**
 * The emulated Xbox Live service side: title endpoint configuration, accounts and devices,
 * XSTS-style relying-party token issuance and the world that holds them by id; and, as in
 * `@gdkts/xboxlive/client`, the title side's request signer and XSTS client.
 *
 * @packageDocumentation
 */

// The emulator.
export { World } from './emulator/World.js';
export type { WorldOptions } from './emulator/World.js';
export {
  DEFAULT_ENDPOINT_CONFIGURATION,
  EndpointHostType,
  EndpointLookupStatus,
  EndpointProtocol,
  createEndpointResolver,
} from './emulator/EndpointConfiguration.js';
export type {
  EndpointConfiguration,
  EndpointLookupResult,
  EndpointMatch,
  EndpointResolver,
  NsalCert,
  NsalEndpoint,
} from './emulator/EndpointConfiguration.js';
export { RETAIL_SANDBOX, Title } from './emulator/Title.js';
export type { TitleOptions } from './emulator/Title.js';
export { Account, AgeGroup, Privilege, USER_RESOLVABLE_ISSUES, randomXuid } from './emulator/Account.js';
export { AccountIssue, XERR_CONTENT_ISOLATION } from './wire/xerr.js';
export type { AccountChange, AccountOptions, AccountProfile } from './emulator/Account.js';
export { Device, DeviceType, proofKeyJwk } from './emulator/Device.js';
export type { DeviceOptions, ProofKey } from './emulator/Device.js';
export {
  DEFAULT_DEVICE_CLAIMS,
  DEFAULT_TITLE_CLAIMS,
  DEFAULT_TOKEN_LIFETIME_HOURS,
  DEFAULT_USER_CLAIMS,
  DEVICE_CLAIM_NAMES,
  MAX_TOKEN_LIFETIME_HOURS,
  RelyingParty,
  TITLE_CLAIM_NAMES,
  USER_CLAIM_NAMES,
} from './emulator/RelyingParty.js';
export type { DeviceClaimName, RelyingPartyOptions, TitleClaimName, UserClaimName } from './emulator/RelyingParty.js';
export {
  CREATE_ACCOUNT_REDIRECT,
  TokenIssuer,
  XSTS_ISSUER,
  XSTS_JWKS_URL,
  XSTS_SIGNING_CERTIFICATES_URL,
  xstsTimestamp,
} from './emulator/TokenIssuer.js';
export type {
  DisplayClaims,
  DisplayUserClaims,
  IssuedToken,
  SigningCertificates,
  TokenDevice,
  TokenIssueResult,
  TokenIssuerOptions,
  TokenRefusal,
  TokenRequest,
} from './emulator/TokenIssuer.js';
export { JWKS_PATH, createJwksRequestHandler, startJwksServer } from './emulator/jwks.js';
export type { JwksDocument, JwksKey, JwksServer, JwksSource } from './emulator/jwks.js';

// The title side (also `@gdkts/xboxlive/client`).
export { createRequestSigner, signRequest } from './client/RequestSigner.js';
export type { RequestSigner, RequestSignerOptions, SignableRequest } from './client/RequestSigner.js';
export { inProcessXsts } from './client/XstsClient.js';
export type { XstsClient, XstsTokenRequest, XstsTokenResult } from './client/XstsClient.js';

// Formats both sides read.
export {
  AUTH_SERVICE_SIGNATURE_POLICY,
  DEFAULT_SIGNATURE_POLICY,
  WHOLE_BODY_SIGNATURE_POLICY,
} from './wire/SignaturePolicy.js';
export type { SignaturePolicy } from './wire/SignaturePolicy.js';
export type { HeaderSource } from './wire/headers.js';
export type { DeviceClaims, ProofKeyJwk, RawTokenClaims, TitleClaims, UserClaims } from './wire/tokenClaims.js';
export type { TokenDecryptionKey } from './verify/tokenReader.js';
