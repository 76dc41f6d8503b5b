/**
 * The emulated Xbox Live service side: title endpoint configuration, accounts and devices,
 * XSTS-style relying-party token issuance and request signing.
 *
 * @packageDocumentation
 */

// --- endpoint configuration and request signing (owner: signing work) ---
export {
  DEFAULT_ENDPOINT_CONFIGURATION,
  EndpointHostType,
  EndpointLookupStatus,
  EndpointProtocol,
  createEndpointResolver,
} from './emulator/EndpointConfiguration.js';
export type { EndpointConfiguration, EndpointLookupResult, EndpointMatch, EndpointResolver, NsalCert, NsalEndpoint } from './emulator/EndpointConfiguration.js';
export { AUTH_SERVICE_SIGNATURE_POLICY, DEFAULT_SIGNATURE_POLICY, WHOLE_BODY_SIGNATURE_POLICY } from './wire/SignaturePolicy.js';
export type { SignaturePolicy } from './wire/SignaturePolicy.js';
export { createRequestSigner, signRequest } from './client/RequestSigner.js';
export type { RequestSigner, RequestSignerOptions, SignableRequest } from './client/RequestSigner.js';
export type { HeaderSource } from './wire/headers.js';

// --- accounts, devices, relying parties, token issuance (owner: token work) ---
export { RETAIL_SANDBOX, Title } from './emulator/Title.js';
export type { TitleOptions } from './emulator/Title.js';
export { Account, AccountIssue, AgeGroup, Privilege, USER_RESOLVABLE_ISSUES, randomXuid } from './emulator/Account.js';
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
export { CREATE_ACCOUNT_REDIRECT, TokenIssuer, XERR_CONTENT_ISOLATION, XSTS_ISSUER, XSTS_JWKS_URL, xstsTimestamp } from './emulator/TokenIssuer.js';
export type { DisplayClaims, DisplayUserClaims, IssuedToken, TokenIssueResult, TokenIssuerOptions, TokenRefusal, TokenRequest } from './emulator/TokenIssuer.js';
export { JWKS_PATH, createJwksRequestHandler, startJwksServer } from './emulator/jwks.js';
export type { JwksDocument, JwksKey, JwksServer, JwksSource } from './emulator/jwks.js';
export type { DeviceClaims, ProofKeyJwk, RawTokenClaims, TitleClaims, UserClaims } from './wire/tokenClaims.js';
export type { TokenDecryptionKey } from './verify/tokenReader.js';
