/**
 * The claim shapes of a decrypted relying-party (XSTS) token, shared by the emulated issuer and the
 * token reader. Types only: importing this file loads no emulator code.
 *
 * @module
 */

/**
 * The public half of a device proof key, as a JWK (token-signature.md §2.4). XSTS copies it into the
 * token's `cnf.jwk`; the relying party verifies the request `Signature` header with it.
 */
export interface ProofKeyJwk {
  /** Key type, always `EC`. */
  readonly kty: 'EC';
  /** Curve, always `P-256`. */
  readonly crv: 'P-256';
  /** Intended algorithm, `ES256`. Optional when read from a token. */
  readonly alg?: 'ES256';
  /** Intended use, `sig`. Optional when read from a token. */
  readonly use?: 'sig';
  /** Affine x coordinate: 32 bytes big-endian, base64url without padding (43 characters). */
  readonly x: string;
  /** Affine y coordinate: 32 bytes big-endian, base64url without padding (43 characters). */
  readonly y: string;
}

/**
 * One entry of the `xui` array: the claims of one user. Every value is a string (XUIDs, user hashes
 * and partner ids exceed 2^53). Only the claims the relying party configured are present; `uhs` always is.
 * No index signature: a misspelt claim (`.xuid` for `.xid`) fails to type-check.
 */
export interface UserClaims {
  /** User hash: selects this entry from the `XBL3.0 x=<uhs>` header. Differs per token; never store it. */
  readonly uhs: string;
  /** XUID, decimal. */
  readonly xid?: string;
  /** Partner XUID: stable per user per publisher. The recommended database key. */
  readonly ptx?: string;
  /** Classic gamertag. */
  readonly gtg?: string;
  /** Modern gamertag (without suffix). */
  readonly mgt?: string;
  /** Modern gamertag suffix (digits; empty for users without one). */
  readonly mgs?: string;
  /** Unique modern gamertag: `mgt#mgs`, or `mgt` when there is no suffix. */
  readonly umg?: string;
  /** Age group: `Adult`, `Teen` or `Child`. */
  readonly agg?: string;
  /** Privileges: space-separated decimal ids, e.g. `"185 254"`. */
  readonly prv?: string;
  /** User settings restrictions. */
  readonly usr?: string;
  /** User title restrictions. */
  readonly utr?: string;
  /** Country (by IP). */
  readonly ctr?: string;
  /** Language. */
  readonly lng?: string;
}

/** The `xdi` (device identity) claim object. Values are strings. */
export interface DeviceClaims {
  /** Device type, e.g. `Scarlett`, `XboxOne`, `Win32`. */
  readonly dty?: string;
  /** Device (OS) version. */
  readonly dvr?: string;
}

/** The `xti` (title identity) claim object. Values are strings. */
export interface TitleClaims {
  /** Title id as a decimal string. */
  readonly tid?: string;
  /** Title version. */
  readonly tvr?: string;
}

/**
 * The decoded payload of the inner JWS of a relying-party token (token-signature.md §1.4). The reader
 * checks only the shape; `iss`, `aud`, `nbf`/`exp`, `sbx` and user selection are the verifier's job.
 */
export interface RawTokenClaims {
  /** Audience: the relying party URI, e.g. `rp://contoso.com/`. */
  readonly aud: string;
  /** Issuer, `xsts.auth.xboxlive.com` (compare case-insensitively). */
  readonly iss: string;
  /** Not before, seconds since the Unix epoch. */
  readonly nbf: number;
  /** Expiry, seconds since the Unix epoch. */
  readonly exp: number;
  /** Sandbox id, e.g. `RETAIL` or `XDKS.1`. */
  readonly sbx: string;
  /** Proof-of-possession confirmation; absent on tokens without a device proof key. */
  readonly cnf?: {
    /** The device proof key's public JWK. */
    readonly jwk: ProofKeyJwk;
  };
  /** Device identity, when the relying party asks for device claims. */
  readonly xdi?: DeviceClaims;
  /** Title identity, when the relying party asks for title claims. */
  readonly xti?: TitleClaims;
  /** Service identity (service-to-service tokens). */
  readonly xsi?: Readonly<Record<string, string>>;
  /** User identities, always an array; absent on device/title-only tokens. */
  readonly xui?: readonly UserClaims[];
  /** Aggregate identity across users. */
  readonly xai?: Readonly<Record<string, string>>;
}
