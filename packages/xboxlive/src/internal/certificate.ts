/**
 * A minimal DER encoder and a self-signed X.509 v3 certificate builder (RSA, sha256WithRSAEncryption),
 * enough for the relying-party certificate whose SHA-1 thumbprint becomes the token's `x5t`.
 *
 * @module
 */
import { createHash, createPublicKey, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

// --- DER primitives (X.690) ---

function tlv(tag: number, content: Uint8Array): Buffer {
  const length = content.byteLength;
  let header: number[];
  if (length < 0x80) {
    header = [tag, length];
  } else {
    const bytes: number[] = [];
    for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from(header), content]);
}

const sequence = (...items: Uint8Array[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Uint8Array[]): Buffer => tlv(0x31, Buffer.concat(items));
const explicit = (tagNumber: number, content: Uint8Array): Buffer => tlv(0xa0 | tagNumber, content);
const octetString = (content: Uint8Array): Buffer => tlv(0x04, content);
const bitString = (content: Uint8Array, unusedBits = 0): Buffer =>
  tlv(0x03, Buffer.concat([Buffer.of(unusedBits), content]));
const derNull = (): Buffer => Buffer.of(0x05, 0x00);
const derTrue = (): Buffer => Buffer.of(0x01, 0x01, 0xff);
const utf8String = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'));

/** An unsigned big-endian integer as a DER INTEGER (minimal, with a 0x00 guard before a set high bit). */
function unsignedInteger(bytes: Uint8Array): Buffer {
  let start = 0;
  while (start < bytes.byteLength - 1 && bytes[start] === 0) start++;
  const trimmed = Buffer.from(bytes.subarray(start));
  return tlv(0x02, (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.of(0), trimmed]) : trimmed);
}

function objectIdentifier(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const [first = 0, second = 0, ...rest] = arcs;
  const out: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const groups: number[] = [arc & 0x7f];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) groups.unshift((n & 0x7f) | 0x80);
    out.push(...groups);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5), to the second. */
function time(date: Date): Buffer {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const year = date.getUTCFullYear();
  return year >= 1950 && year < 2050
    ? tlv(0x17, Buffer.from(digits.slice(2), 'ascii'))
    : tlv(0x18, Buffer.from(digits, 'ascii'));
}

const OID = {
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
} as const;

// --- certificate ---

/** Inputs of {@link createSelfSignedCertificate}. */
export interface SelfSignedCertificateOptions {
  /** Subject and issuer common name. */
  readonly commonName: string;
  /** The RSA private key that signs the certificate; its public half is the subject key. */
  readonly privateKey: KeyObject;
  /** Start of validity. */
  readonly notBefore: Date;
  /** End of validity. */
  readonly notAfter: Date;
  /** Serial number, unsigned big-endian bytes; 16 random bytes by default. */
  readonly serialNumber?: Uint8Array;
}

/**
 * Builds a DER-encoded, self-signed X.509 v3 certificate for an RSA key-exchange key: basic
 * constraints (not a CA), key usage keyEncipherment + dataEncipherment, and a subject key identifier.
 */
export function createSelfSignedCertificate(options: SelfSignedCertificateOptions): Buffer {
  const publicKey = createPublicKey(options.privateKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // Read as an unsigned number (DER adds a 0x00 guard when needed); RFC 5280 allows up to 20 octets.
  const serial = options.serialNumber ?? randomBytes(16);
  const name = sequence(set(sequence(objectIdentifier(OID.commonName), utf8String(options.commonName))));
  const algorithm = sequence(objectIdentifier(OID.sha256WithRSAEncryption), derNull());
  // subjectPublicKey BIT STRING contents: the last element of the SPKI SEQUENCE.
  const keyId = createHash('sha1').update(subjectPublicKeyBits(spki)).digest();
  const extensions = sequence(
    sequence(objectIdentifier(OID.basicConstraints), derTrue(), octetString(sequence())),
    sequence(objectIdentifier(OID.keyUsage), derTrue(), octetString(bitString(Buffer.of(0x30), 4))),
    sequence(objectIdentifier(OID.subjectKeyIdentifier), octetString(octetString(keyId))),
  );
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.of(2))),
    unsignedInteger(serial),
    algorithm,
    name,
    sequence(time(options.notBefore), time(options.notAfter)),
    name,
    spki,
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, options.privateKey);
  return sequence(tbs, algorithm, bitString(signature));
}

/** The bytes of the subjectPublicKey BIT STRING (after the unused-bits octet) of a DER SPKI. */
function subjectPublicKeyBits(spki: Buffer): Buffer {
  let offset = 0;
  const readHeader = (): [tag: number, length: number] => {
    const tag = spki[offset++] ?? 0;
    let length = spki[offset++] ?? 0;
    if (length & 0x80) {
      const count = length & 0x7f;
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + (spki[offset++] ?? 0);
    }
    return [tag, length];
  };
  readHeader(); // SPKI SEQUENCE
  const [, algorithmLength] = readHeader(); // AlgorithmIdentifier
  offset += algorithmLength;
  const [, bitsLength] = readHeader(); // BIT STRING
  return spki.subarray(offset + 1, offset + bitsLength);
}

/** The certificate thumbprint as JOSE `x5t`: base64url of the SHA-1 of the DER bytes. */
export function certificateThumbprint(der: Uint8Array): string {
  return createHash('sha1').update(der).digest('base64url');
}
