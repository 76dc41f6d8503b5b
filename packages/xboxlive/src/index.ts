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
} from './EndpointConfiguration.js';
export type { EndpointConfiguration, EndpointLookupResult, EndpointMatch, EndpointResolver, NsalCert, NsalEndpoint } from './EndpointConfiguration.js';
export { AUTH_SERVICE_SIGNATURE_POLICY, DEFAULT_SIGNATURE_POLICY, WHOLE_BODY_SIGNATURE_POLICY } from './SignaturePolicy.js';
export type { SignaturePolicy } from './SignaturePolicy.js';
export { createRequestSigner, signRequest } from './RequestSigner.js';
export type { RequestSigner, RequestSignerOptions, SignableRequest } from './RequestSigner.js';
export type { HeaderSource } from './internal/headers.js';

// --- accounts, devices, relying parties, token issuance (owner: token work) ---
export { RETAIL_SANDBOX, Title } from './Title.js';
export type { TitleOptions } from './Title.js';
export { Account, AccountIssue, AgeGroup, Privilege, USER_RESOLVABLE_ISSUES, randomXuid } from './Account.js';
export type { AccountChange, AccountOptions, AccountProfile } from './Account.js';
export { Device, DeviceType, proofKeyJwk } from './Device.js';
export type { DeviceOptions, ProofKey } from './Device.js';
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
} from './RelyingParty.js';
export type { DeviceClaimName, RelyingPartyOptions, TitleClaimName, UserClaimName } from './RelyingParty.js';
export { CREATE_ACCOUNT_REDIRECT, TokenIssuer, XERR_CONTENT_ISOLATION, XSTS_ISSUER, XSTS_JWKS_URL, xstsTimestamp } from './TokenIssuer.js';
export type { DisplayClaims, DisplayUserClaims, IssuedToken, TokenIssueResult, TokenIssuerOptions, TokenRefusal, TokenRequest } from './TokenIssuer.js';
export { JWKS_PATH, createJwksRequestHandler, startJwksServer } from './internal/jwks.js';
export type { JwksDocument, JwksKey, JwksServer, JwksSource } from './internal/jwks.js';
export type { DeviceClaims, ProofKeyJwk, RawTokenClaims, TitleClaims, UserClaims } from './internal/tokenClaims.js';
export type { TokenDecryptionKey } from './internal/tokenReader.js';
