/**
 * The client-side request signer behind `XUserGetTokenAndSignatureAsync` /
 * `XalUserGetTokenAndSignatureSilentlyAsync`: produces the `Signature` header value for one HTTP
 * request with the device's P-256 proof key. Mirrors XSAPI `request_signer::sign_request`.
 */
import { sign, type KeyObject } from 'node:crypto';
import { DEFAULT_SIGNATURE_POLICY, type SignaturePolicy } from '../wire/SignaturePolicy.js';
import { assertP256PrivateKey } from '../internal/keys.js';
import { filetimeFromUnixMs } from '../wire/filetime.js';
import type { HeaderSource } from '../wire/headers.js';
import { encodeSignatureHeader } from '../wire/signatureHeader.js';
import { buildSignaturePayload } from '../wire/signaturePayload.js';
import { wirePathAndQuery } from '../wire/requestTarget.js';

const EMPTY_HEADERS: HeaderSource = Object.freeze({});

/** The parts of an outgoing HTTP request that a signature covers. */
export interface SignableRequest {
  /** HTTP method (`GET`, `POST`, …); signed upper-cased. */
  readonly method: string;
  /**
   * The full, fully escaped URL (as the GDK requires), or an origin-form target such as
   * `/path?query`. A string is signed exactly as written (path and query only, no host, no
   * fragment); a `URL` object is signed in its serialised `pathname + search` form, which is what
   * `fetch` puts on the wire.
   */
  readonly url: string | URL;
  /**
   * The request headers. `Authorization` (the `XBL3.0 x=…;…` token) and every header named in the
   * policy's `ExtraHeaders` are looked up case-insensitively; an absent header signs as empty.
   */
  readonly headers?: HeaderSource;
  /** The body as sent; a string is encoded as UTF-8. Only the first `MaxBodyBytes` bytes are signed. */
  readonly body?: Uint8Array | string;
}

/** Options of {@link createRequestSigner}. */
export interface RequestSignerOptions {
  /**
   * The clock, in Unix milliseconds (fractions become FILETIME ticks). Defaults to `Date.now`.
   * Add a server-derived offset here to correct client clock skew.
   */
  readonly now?: () => number;
}

/** Signs requests with one proof key. Created by {@link createRequestSigner}. */
export interface RequestSigner {
  /**
   * Signs `request` at the current time of the signer's clock.
   *
   * @param request - the request to sign.
   * @param policy - the endpoint's signature policy; defaults to {@link DEFAULT_SIGNATURE_POLICY}.
   * @returns the `Signature` header value: 104 base64 characters.
   */
  sign(request: SignableRequest, policy?: SignaturePolicy): string;
}

/**
 * Creates a signer bound to a device (or service) proof key.
 *
 * @param privateKey - the P-256 private key whose public half is the token's `cnf.jwk`.
 * @param options - the clock.
 * @returns the signer.
 * @throws TypeError when `privateKey` is not an EC P-256 private key.
 * @example
 * ```ts no-check
 * import { generateKeyPairSync } from 'node:crypto';
 * const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
 * const signer = createRequestSigner(privateKey);
 * const signature = signer.sign({ method: 'GET', url: 'https://api.contoso.com/v1/items?page=2', headers: { Authorization: token } });
 * ```
 */
export function createRequestSigner(privateKey: KeyObject, options: RequestSignerOptions = {}): RequestSigner {
  assertP256PrivateKey('privateKey', privateKey);
  const now = options.now ?? Date.now;
  return {
    sign: (request, policy = DEFAULT_SIGNATURE_POLICY) =>
      signRequest(privateKey, request, policy, filetimeFromUnixMs(now())),
  };
}

/**
 * Signs one request at an explicit timestamp (the deterministic core of {@link RequestSigner.sign}).
 *
 * @param privateKey - the P-256 proof key.
 * @param request - the request to sign.
 * @param policy - the endpoint's signature policy.
 * @param filetime - the timestamp, Windows FILETIME ticks (100 ns since 1601-01-01 UTC).
 * @returns the `Signature` header value: standard base64 of version ‖ FILETIME ‖ r ‖ s (76 bytes).
 * @throws TypeError when `privateKey` is not an EC P-256 private key.
 */
export function signRequest(
  privateKey: KeyObject,
  request: SignableRequest,
  policy: SignaturePolicy,
  filetime: bigint,
): string {
  assertP256PrivateKey('privateKey', privateKey);
  const { url, body } = request;
  const payload = buildSignaturePayload(
    policy,
    filetime,
    {
      method: request.method,
      pathAndQuery: wirePathAndQuery(typeof url === 'string' ? url : url.pathname + url.search),
      headers: request.headers ?? EMPTY_HEADERS,
      body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
    },
    'utf8',
  );
  const signature = sign('sha256', payload, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return encodeSignatureHeader(policy.Version, filetime, signature);
}
