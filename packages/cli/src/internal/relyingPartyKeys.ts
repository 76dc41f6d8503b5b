/**
 * The relying-party key file: what `gdkts token --key-out` and `gdkts live serve --key-out` write
 * and `gdkts verify --key` reads. It holds what a web service keeps (token-signature.md §3.1): each
 * relying party's audience, certificate and private key (the JWE is encrypted to it), and the
 * issuer's published keys (its JWKS at `jku`, its certificates at `x5u`) so that a token can be
 * verified offline after the emulated world that issued it is gone. The admin API's answer to
 * `POST /admin/relying-parties` (one relying party with `privateKeyPem`) is read as a key file too.
 * @module
 */
import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import type { RelyingParty, TokenIssuer } from '@gdkts/xboxlive';
import type { TokenDecryptionKey } from '@gdkts/xboxlive/verify';
import { CommandFailure } from '../command.js';

/** The `format` member of a key file. */
export const KEY_FILE_FORMAT = 'gdkts-relying-party-keys';

/** One relying party in a key file. */
interface KeyFileRelyingParty {
  readonly audience: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/** The issuer's published key documents, as they were when the file was written. */
export interface KeyFileIssuer {
  /** The `jku` of its tokens. */
  readonly jku: string;
  /** The JWKS served at `jku`. */
  readonly jwks: unknown;
  /** The `x5u` of its tokens for relying parties without JKU support. */
  readonly x5u: string;
  /** The certificate document served at `x5u`. */
  readonly certificates: unknown;
}

/** A key file, read. */
export interface RelyingPartyKeys {
  /** The audiences of its relying parties. */
  readonly audiences: readonly string[];
  /** Their decryption keys. */
  readonly decryptionKeys: readonly TokenDecryptionKey[];
  /** The issuer's key documents, when the file has them. */
  readonly issuer: KeyFileIssuer | undefined;
}

/** The key file of `relyingParties` and `issuer`, as JSON text. */
export function keyFileText(relyingParties: Iterable<RelyingParty>, issuer: TokenIssuer): string {
  const file = {
    format: KEY_FILE_FORMAT,
    version: 1,
    relyingParties: [...relyingParties].map((rp) => ({
      audience: rp.audience,
      x5t: rp.x5t,
      certificatePem: rp.certificate.toString(),
      privateKeyPem: rp.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    })),
    issuer: { jku: issuer.jku, jwks: issuer.jwks(), x5u: issuer.x5u, certificates: issuer.signingCertificates() },
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function relyingPartyOf(value: unknown, where: string): KeyFileRelyingParty {
  if (
    !isRecord(value) ||
    typeof value['audience'] !== 'string' ||
    typeof value['certificatePem'] !== 'string' ||
    typeof value['privateKeyPem'] !== 'string'
  )
    throw new CommandFailure(`${where} is not a relying party (audience, certificatePem, privateKeyPem)`);
  return value as unknown as KeyFileRelyingParty;
}

function decryptionKeyOf(rp: KeyFileRelyingParty, where: string): TokenDecryptionKey {
  try {
    const certificate = new X509Certificate(rp.certificatePem);
    const x5t = createHash('sha1').update(certificate.raw).digest('base64url');
    return { x5t, privateKey: createPrivateKey(rp.privateKeyPem) };
  } catch (error) {
    throw new CommandFailure(
      `${where}: unreadable key or certificate (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/**
 * Reads a key file's JSON (a file of {@link keyFileText}, or one relying party as the admin API answers it).
 * @param json - [in] the parsed file.
 * @param name - [in] the file name, for messages.
 * @returns its audiences, decryption keys and issuer documents.
 * @throws CommandFailure when it is not a key file.
 */
export function readKeyFile(json: unknown, name: string): RelyingPartyKeys {
  const listed = isRecord(json) && Array.isArray(json['relyingParties']);
  const list: unknown[] = listed ? (json['relyingParties'] as unknown[]) : [json];
  if (list.length === 0) throw new CommandFailure(`${name} lists no relying party`);
  const where = (i: number): string => (listed ? `${name}: relying party ${i + 1}` : name);
  const parties = list.map((rp, i) => relyingPartyOf(rp, where(i)));
  const issuer = isRecord(json) ? json['issuer'] : undefined;
  const issuerOk =
    isRecord(issuer) &&
    typeof issuer['jku'] === 'string' &&
    typeof issuer['x5u'] === 'string' &&
    isRecord(issuer['jwks']);
  return {
    audiences: parties.map((rp) => rp.audience),
    decryptionKeys: parties.map((rp, i) => decryptionKeyOf(rp, where(i))),
    issuer: issuerOk ? (issuer as unknown as KeyFileIssuer) : undefined,
  };
}

/**
 * A fetch that answers the issuer's two key-document URLs from the file and nothing else: what
 * the verifier fetches when checking a token offline.
 * @param issuer - [in] the issuer documents of a key file.
 * @returns the fetch.
 */
export function keyFileFetch(issuer: KeyFileIssuer): typeof fetch {
  return async (input) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url === issuer.jku) return Response.json(issuer.jwks);
    if (url === issuer.x5u) return Response.json(issuer.certificates);
    return new Response('', { status: 404 });
  };
}
