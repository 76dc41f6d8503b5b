/**
 * The bytes an Xbox Live request signature covers (token-signature.md §2.2), shared by the
 * signer and the relying-party verifier so both build exactly the same payload:
 *
 * `version(4 BE) 00 filetime(8 BE) 00 METHOD 00 path?query 00 Authorization 00 {ExtraHeader 00}… body[0..MaxBodyBytes) 00`
 *
 * Mirrors XSAPI `request_signer::hash_request` (Source/System/auth/Unix/request_signer.cpp).
 */
import { createHash } from 'node:crypto';
import type { SignaturePolicy } from './SignaturePolicy.js';
import { getHeader, type HeaderSource } from './headers.js';

const EMPTY = new Uint8Array(0);

/**
 * How strings become bytes. The client side signs UTF-8 (XSAPI `to_utf8string`). Node's HTTP parser
 * decodes the request line and header values as Latin-1, so `latin1` recovers the received bytes
 * exactly on the server side. Both agree on the ASCII a wire request target and token consist of.
 */
export type PayloadTextEncoding = 'utf8' | 'latin1';

/** The request parts a signature covers. */
export interface SignedRequestParts {
  /** HTTP method; signed upper-cased. */
  readonly method: string;
  /** Wire form of the path and query (see `wirePathAndQuery`). */
  readonly pathAndQuery: string;
  /** Where `Authorization` and the policy's `ExtraHeaders` are looked up, case-insensitively. */
  readonly headers: HeaderSource;
  /** Raw body bytes; only the first `MaxBodyBytes` are signed. */
  readonly body: Uint8Array | undefined;
}

/**
 * Builds the signed payload (before hashing).
 *
 * @param policy - the signature policy (version, MaxBodyBytes, ExtraHeaders).
 * @param filetime - the timestamp, FILETIME ticks; written as 8 big-endian bytes.
 * @param request - the request parts.
 * @param encoding - how strings become bytes (see {@link PayloadTextEncoding}).
 * @returns the payload bytes.
 */
export function buildSignaturePayload(
  policy: SignaturePolicy,
  filetime: bigint,
  request: SignedRequestParts,
  encoding: PayloadTextEncoding,
): Buffer {
  const strings: string[] = [
    request.method.toUpperCase(),
    request.pathAndQuery,
    getHeader(request.headers, 'Authorization') ?? '',
  ];
  for (const name of policy.ExtraHeaders ?? []) strings.push(getHeader(request.headers, name) ?? '');
  const body = request.body ?? EMPTY;
  const bodyLength = Math.max(0, Math.min(body.length, policy.MaxBodyBytes));

  let size = 14 + bodyLength + 1;
  for (const s of strings) size += Buffer.byteLength(s, encoding) + 1;
  const payload = Buffer.allocUnsafe(size);
  payload.writeUInt32BE(policy.Version >>> 0, 0);
  payload[4] = 0;
  payload.writeBigUInt64BE(BigInt.asUintN(64, filetime), 5);
  payload[13] = 0;
  let offset = 14;
  for (const s of strings) {
    offset += payload.write(s, offset, encoding);
    payload[offset++] = 0;
  }
  payload.set(body.subarray(0, bodyLength), offset);
  payload[offset + bodyLength] = 0;
  return payload;
}

/**
 * SHA-256 of {@link buildSignaturePayload}: the digest XSAPI signs and its unit tests check.
 *
 * @param policy - the signature policy.
 * @param filetime - the timestamp, FILETIME ticks.
 * @param request - the request parts.
 * @param encoding - how strings become bytes; defaults to `utf8`.
 * @returns the 32-byte digest.
 */
export function signaturePayloadDigest(
  policy: SignaturePolicy,
  filetime: bigint,
  request: SignedRequestParts,
  encoding: PayloadTextEncoding = 'utf8',
): Buffer {
  return createHash('sha256')
    .update(buildSignaturePayload(policy, filetime, request, encoding))
    .digest();
}
