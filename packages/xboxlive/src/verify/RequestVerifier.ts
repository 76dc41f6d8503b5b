/**
 * The relying-party verifier: what a custom web service runs on each request that carries an Xbox
 * Live `Authorization: XBL3.0 x=<uhs>;<token>` header (and usually a `Signature` header). Follows
 * token-signature.md §3 in this order: header; JWE and inner JWS (through the token reader,
 * cached); issuer and validity times; user selection; request signature (all 401); then audience,
 * sandbox and privileges (403, only once the caller proved possession of the token); then replay.
 */
import { DEFAULT_SIGNATURE_POLICY, type SignaturePolicy } from '../wire/SignaturePolicy.js';
import { parseAuthorizationHeader } from './authorizationHeader.js';
import { getHeader, type HeaderSource } from '../wire/headers.js';
import { createTokenReader, type TokenDecryptionKey } from './tokenReader.js';
import type { UserClaims } from '../wire/tokenClaims.js';
import { createVerifiedTokenCache, type VerifiedToken } from './verifiedTokenCache.js';
import { createMemoryReplayStore, type ReplayStore } from './ReplayStore.js';
import { verifyRequestSignature } from './RequestSignature.js';
import { VerificationErrorCode, verificationError, type VerificationError } from './VerificationError.js';
import { privilegesOf, type XboxLiveClaims } from './XboxLiveClaims.js';
import { XSTS_ISSUER } from '../wire/xsts.js';

/** How the `Signature` header is treated. */
export const SignatureMode = {
  /** Never look at it (the token alone authenticates: a bearer token for its whole lifetime). */
  Off: 'off',
  /** Verify it when present; accept requests without one. */
  VerifyIfPresent: 'verify-if-present',
  /** Refuse requests without a valid signature. Match this to an NSAL entry that has a `SignaturePolicyIndex`. */
  Required: 'required',
} as const;
/** One of the {@link SignatureMode} values. */
export type SignatureMode = (typeof SignatureMode)[keyof typeof SignatureMode];

export { XSTS_ISSUER } from '../wire/xsts.js';

/** The hosts Xbox Live publishes its token-signing keys on (the ATG sample's allowlist). */
export const XBOX_LIVE_JWKS_HOSTS: readonly string[] = Object.freeze([
  'xsts-keys.auth.xboxlive.com',
  'xsts.auth.xboxlive.com',
]);

/** Options of {@link createRequestVerifier}. */
export interface RequestVerifierOptions {
  /** The relying party URI(s) accepted as `aud`, compared exactly (e.g. `rp://contoso.com/`). */
  readonly audience: string | readonly string[];
  /**
   * The relying party's private keys, each with the `x5t` (base64url SHA-1 thumbprint of its
   * certificate) that selects it. List two while rotating certificates.
   */
  readonly decryptionKeys: readonly TokenDecryptionKey[];
  /**
   * Hosts (`host`, or `host:port`) a token's `jku` (or, in the older style, `x5u`) may point at;
   * https only, except loopback hosts. Default {@link XBOX_LIVE_JWKS_HOSTS}.
   */
  readonly jwksAllowedHosts?: readonly string[];
  /** The fetch used for key documents (JWKS and x5u certificates). Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** Minimum time between two refetches of one key document URL for unknown `kid`s or `x5t`s, in ms. Default 30 000. */
  readonly jwksRefetchCooldownMs?: number;
  /** Timeout of one JWKS request, in ms. Default 5 000. */
  readonly jwksTimeoutMs?: number;
  /** Cap on the inflated inner token, in bytes (decompression bombs). Default 256 KiB. */
  readonly maxInflatedBytes?: number;
  /** The expected `iss`, compared case-insensitively. Default {@link XSTS_ISSUER}. */
  readonly issuer?: string;
  /** Sandboxes accepted as `sbx`, or `'any'`. Default `['RETAIL']`. */
  readonly allowedSandboxes?: readonly string[] | 'any';
  /** Leeway applied to `nbf` and `exp`, in seconds. Default 60. */
  readonly clockToleranceSeconds?: number;
  /**
   * Privilege ids every selected user must hold (in its `prv` claim); a request that selects no
   * user (`x=-`) cannot satisfy a non-empty list. Default none.
   */
  readonly requiredPrivileges?: readonly number[];
  /** How the `Signature` header is treated. Default {@link SignatureMode.Required}. */
  readonly signatureMode?: SignatureMode;
  /** The relying party's signature policy (version, MaxBodyBytes, ExtraHeaders). Default {@link DEFAULT_SIGNATURE_POLICY}. */
  readonly signaturePolicy?: SignaturePolicy;
  /** Largest accepted difference between the signature timestamp and the clock, in seconds. Default 300. */
  readonly clockSkewSeconds?: number;
  /**
   * Refuse a signature already accepted within twice the skew window: `true` for an in-memory
   * store, or a shared {@link ReplayStore}. Default off.
   */
  readonly replayProtection?: boolean | ReplayStore;
  /** Most decrypted tokens kept in the cache. Default 10 000. */
  readonly tokenCacheSize?: number;
  /** The clock, Unix milliseconds. Default `Date.now`. */
  readonly now?: () => number;
}

/** A request as the server received it. */
export interface ReceivedRequest {
  /** The HTTP method. */
  readonly method: string;
  /**
   * The raw request target as received (Node `req.url`, Express `req.originalUrl`), not a decoded
   * or router-rewritten path. An absolute-form target is reduced to its path and query.
   */
  readonly target: string;
  /** The request headers (Node's `req.headers` works as is). */
  readonly headers: HeaderSource;
  /** The raw body bytes as received (only the first `MaxBodyBytes` matter). */
  readonly body?: Uint8Array;
}

/** The outcome of {@link RequestVerifier.verify}. */
export type VerificationResult =
  | {
      /** The request is authenticated. */
      readonly ok: true;
      /** What the token says about the caller. */
      readonly claims: XboxLiveClaims;
    }
  | {
      /** The request is refused. */
      readonly ok: false;
      /** Why (never to be sent to the client; map it with `verificationErrorResponse`). */
      readonly error: VerificationError;
    };

/** Verifies requests for one relying party. Created by {@link createRequestVerifier}. */
export interface RequestVerifier {
  /**
   * Verifies one request.
   *
   * @param request - the received method, raw target, headers and raw body.
   * @returns the claims, or a typed error. It never rejects: a failing {@link ReplayStore} gives
   * `replay-store-unavailable` (503).
   */
  verify(request: ReceivedRequest): Promise<VerificationResult>;
}

/**
 * Creates a verifier for one relying party.
 *
 * @param options - the relying party's keys, audience and policies.
 * @returns the verifier.
 * @throws TypeError when the options are invalid (a configuration error, not bad input).
 * @example
 * ```ts no-check
 * const verifier = createRequestVerifier({
 *   audience: 'rp://contoso.com/',
 *   decryptionKeys: [{ x5t: certificateThumbprint, privateKey: rpPrivateKey }],
 *   replayProtection: true,
 * });
 * const result = await verifier.verify({ method: req.method!, target: req.url!, headers: req.headers, body });
 * if (!result.ok) return sendRefusal(res, result.error); // empty 401 (WWW-Authenticate: XBL3.0) or 403
 * const partnerId = result.claims.users[0]?.ptx;
 * ```
 */
export function createRequestVerifier(options: RequestVerifierOptions): RequestVerifier {
  const now = options.now ?? Date.now;
  const audiences = new Set(typeof options.audience === 'string' ? [options.audience] : options.audience);
  const issuer = (options.issuer ?? XSTS_ISSUER).toLowerCase();
  const sandboxes = options.allowedSandboxes === 'any' ? undefined : new Set(options.allowedSandboxes ?? ['RETAIL']);
  const toleranceMs = seconds('clockToleranceSeconds', options.clockToleranceSeconds ?? 60) * 1000;
  const skewMs = seconds('clockSkewSeconds', options.clockSkewSeconds ?? 300) * 1000;
  const requiredPrivileges = options.requiredPrivileges ?? [];
  const mode = options.signatureMode ?? SignatureMode.Required;
  const policy = options.signaturePolicy ?? DEFAULT_SIGNATURE_POLICY;
  const replayStore =
    options.replayProtection === true ? createMemoryReplayStore() : options.replayProtection || undefined;
  const cacheSize = options.tokenCacheSize ?? 10_000;
  if (audiences.size === 0) throw new TypeError('Expected `audience` to name at least one relying party');
  if (!Object.values(SignatureMode).includes(mode))
    throw new TypeError(`Expected \`signatureMode\` to be off, verify-if-present or required, got \`${String(mode)}\``);
  if (!Number.isSafeInteger(cacheSize) || cacheSize < 1)
    throw new TypeError(`Expected \`tokenCacheSize\` to be a positive integer, got \`${String(cacheSize)}\``);

  const reader = createTokenReader({
    ...options,
    jwksAllowedHosts: options.jwksAllowedHosts ?? XBOX_LIVE_JWKS_HOSTS,
    now,
  });
  const tokens = createVerifiedTokenCache(reader, cacheSize, toleranceMs);

  const verify = async (request: ReceivedRequest): Promise<VerificationResult> => {
    const nowMs = now();
    const authorization = getHeader(request.headers, 'Authorization');
    if (authorization === undefined) return refuse(VerificationErrorCode.MissingAuthorization);
    const parsed = parseAuthorizationHeader(authorization);
    if (parsed === undefined) return refuse(VerificationErrorCode.MalformedAuthorization);

    const read = await tokens.read(parsed.token, nowMs);
    if (!read.ok) return refuse(VerificationErrorCode.InvalidToken, { tokenError: read.code, cause: read.cause });
    const { claims } = read.token;
    if (claims.iss.toLowerCase() !== issuer) return refuse(VerificationErrorCode.InvalidIssuer);
    if (nowMs < claims.nbf * 1000 - toleranceMs) return refuse(VerificationErrorCode.TokenNotYetValid);
    if (nowMs > claims.exp * 1000 + toleranceMs) return refuse(VerificationErrorCode.TokenExpired);
    const users = selectUsers(claims.xui ?? [], parsed.userHash);
    if (users === undefined) return refuse(VerificationErrorCode.UnknownUserHash);
    const signature = mode === SignatureMode.Off ? undefined : checkSignature(request, read.token, nowMs);
    if (signature?.ok === false) return signature;

    // Authorization (403) only once the caller has proved possession of the token.
    if (!audiences.has(claims.aud)) return refuse(VerificationErrorCode.WrongAudience);
    if (sandboxes !== undefined && !sandboxes.has(claims.sbx)) return refuse(VerificationErrorCode.SandboxNotAllowed);
    if (
      requiredPrivileges.length > 0 &&
      (users.length === 0 || !users.every((u) => hasAll(privilegesOf(u), requiredPrivileges)))
    ) {
      return refuse(VerificationErrorCode.MissingPrivilege);
    }

    // Last, so that only requests about to be accepted are remembered.
    const signed = signature?.signature;
    if (signed !== undefined && replayStore !== undefined) {
      let fresh: boolean;
      try {
        fresh = await replayStore.remember(signed.replayKey, 2 * skewMs, nowMs);
      } catch (cause) {
        // Fail closed (token-signature.md §3.3): a store that cannot answer must not let a replay through.
        return refuse(VerificationErrorCode.ReplayStoreUnavailable, { cause });
      }
      if (!fresh) return refuse(VerificationErrorCode.ReplayedRequest);
    }

    return {
      ok: true,
      claims: {
        userHash: parsed.userHash,
        users,
        audience: claims.aud,
        issuer: claims.iss,
        sandbox: claims.sbx,
        notBefore: claims.nbf,
        expiresAt: claims.exp,
        device: claims.xdi,
        title: claims.xti,
        service: claims.xsi,
        aggregate: claims.xai,
        proofKey: claims.cnf?.jwk,
        signedAt: signed?.signedAt,
        token: claims,
      },
    };
  };

  type SignatureCheck =
    | { readonly ok: true; readonly signature: { readonly signedAt: number; readonly replayKey: string } | undefined }
    | { readonly ok: false; readonly error: VerificationError };

  const checkSignature = (request: ReceivedRequest, token: VerifiedToken, nowMs: number): SignatureCheck => {
    if (getHeader(request.headers, 'Signature') === undefined) {
      if (mode === SignatureMode.VerifyIfPresent) return { ok: true, signature: undefined };
      return refuse(
        token.proofKey === undefined ? VerificationErrorCode.MissingProofKey : VerificationErrorCode.MissingSignature,
      );
    }
    const result = verifyRequestSignature(request, token.proofKey, { policy, nowMs, clockSkewSeconds: skewMs / 1000 });
    return result.ok ? { ok: true, signature: { signedAt: result.signedAt, replayKey: result.replayKey } } : result;
  };

  return { verify };
}

function refuse(
  code: VerificationErrorCode,
  details?: Parameters<typeof verificationError>[1],
): { readonly ok: false; readonly error: VerificationError } {
  return { ok: false, error: verificationError(code, details) };
}

/** The `xui` entries a user selection names, or `undefined` when a user hash names none. */
function selectUsers(users: readonly UserClaims[], userHash: string): readonly UserClaims[] | undefined {
  if (userHash === '*') return users;
  if (userHash === '-') return [];
  const user = users.find((u) => u.uhs === userHash);
  return user === undefined ? undefined : [user];
}

function hasAll(held: readonly number[], required: readonly number[]): boolean {
  return required.every((id) => held.includes(id));
}

function seconds(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0)
    throw new TypeError(`Expected \`${name}\` to be a non-negative number of seconds, got \`${String(value)}\``);
  return value;
}
