/**
 * The relying-party verifier: what a custom web service imports to accept Xbox Live tokens and
 * request signatures. It loads no emulator and no title-side code. Express and Fastify integrations
 * live in `@gdkts/xboxlive/verify/express` and `@gdkts/xboxlive/verify/fastify`.
 *
 * @packageDocumentation
 */
export { SignatureMode, XBOX_LIVE_JWKS_HOSTS, XSTS_ISSUER, createRequestVerifier } from './verify/RequestVerifier.js';
export type {
  ReceivedRequest,
  RequestVerifier,
  RequestVerifierOptions,
  VerificationResult,
} from './verify/RequestVerifier.js';
export { VerificationErrorCode, WWW_AUTHENTICATE_XBL, verificationErrorResponse } from './verify/VerificationError.js';
export type { RefusalResponse, VerificationError } from './verify/VerificationError.js';
export { privilegesOf } from './verify/XboxLiveClaims.js';
export type { XboxLiveClaims } from './verify/XboxLiveClaims.js';
export { verifyRequestSignature } from './verify/RequestSignature.js';
export type { RequestSignatureOptions, RequestSignatureResult, SignedRequestParts } from './verify/RequestSignature.js';
export { createMemoryReplayStore } from './verify/ReplayStore.js';
export type { MemoryReplayStoreOptions, ReplayStore } from './verify/ReplayStore.js';
export { DEFAULT_BODY_LIMIT, sendRefusal, withXboxLiveAuth } from './verify/nodeHttp.js';
export { startClaimsServer } from './verify/claimsServer.js';
export type { ClaimsServer, ClaimsServerOptions } from './verify/claimsServer.js';
export type {
  NodeHttpAuthOptions,
  XboxLiveAuth,
  XboxLiveAuthOptions,
  XboxLiveRequestHandler,
} from './verify/nodeHttp.js';
export type { TokenDecryptionKey, TokenErrorCode } from './verify/tokenReader.js';
export { DEFAULT_SIGNATURE_POLICY, WHOLE_BODY_SIGNATURE_POLICY } from './wire/SignaturePolicy.js';
export type { SignaturePolicy } from './wire/SignaturePolicy.js';
export type { HeaderSource } from './wire/headers.js';
export type { DeviceClaims, ProofKeyJwk, RawTokenClaims, TitleClaims, UserClaims } from './wire/tokenClaims.js';
