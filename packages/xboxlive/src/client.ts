/**
 * The title side of Xbox Live: what a title process (or a tool acting as one) needs to call a web
 * service: the request signer, and the XSTS client that gets relying-party tokens, answered in
 * process by {@link inProcessXsts} or over HTTP by {@link httpXsts} (the emulated service's auth
 * endpoints, with XAL's SISU sign-in). It loads no emulator code: `inProcessXsts` works on the
 * world it is handed.
 *
 * @packageDocumentation
 */
export { createRequestSigner, signRequest } from './client/RequestSigner.js';
export type { RequestSigner, RequestSignerOptions, SignableRequest } from './client/RequestSigner.js';
export { inProcessXsts } from './client/XstsClient.js';
export type {
  InProcessXstsClient,
  XstsClient,
  XstsIssuedToken,
  XstsTokenRequest,
  XstsTokenResult,
} from './client/XstsClient.js';
export { LIVE_URL_ENV, XstsFailureReason, XstsHttpError, httpXsts, selectXstsClient } from './client/HttpXstsClient.js';
export type {
  HttpXstsClient,
  HttpXstsOptions,
  SignInHandler,
  SisuRequest,
  SisuResult,
  StoredUserToken,
  TokenResponse,
} from './client/HttpXstsClient.js';
export {
  AUTH_SERVICE_SIGNATURE_POLICY,
  DEFAULT_SIGNATURE_POLICY,
  WHOLE_BODY_SIGNATURE_POLICY,
} from './wire/SignaturePolicy.js';
export type { SignaturePolicy } from './wire/SignaturePolicy.js';
export type { HeaderSource } from './wire/headers.js';
export type {
  DisplayClaims,
  DisplayUserClaims,
  IssuedToken,
  TokenIssueResult,
  TokenRefusal,
} from './emulator/TokenIssuer.js';
export type { AccountIssue } from './wire/xerr.js';
export type { World } from './emulator/World.js';
