/**
 * Key generation and the key checks every room applies: one RSA generator (relying-party keys and
 * issuer signing keys) and one check per key kind, so the issuer, the relying party and the
 * verifier agree on what a usable key is.
 *
 * @module
 */
import { generateKeyPair, KeyObject } from 'node:crypto';

/** The smallest RSA modulus any side accepts, in bits (token-signature §1.7: the RP key is RSA-2048). */
export const MIN_RSA_BITS = 2048;

/** Generates an RSA private key (asynchronously: RSA generation takes tens of milliseconds). */
export function generateRsaKey(modulusLength: number = MIN_RSA_BITS): Promise<KeyObject> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength }, (error, _publicKey, privateKey) =>
      error === null ? resolve(privateKey) : reject(error),
    );
  });
}

/** A short description of a value that is not the key asked for, for the error message. */
function describeKey(key: unknown): string {
  if (!(key instanceof KeyObject)) return key === null ? 'null' : typeof key;
  if (key.type === 'secret') return 'a secret key';
  const kind = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails;
  const size =
    details?.modulusLength !== undefined
      ? `${details.modulusLength}-bit `
      : details?.namedCurve !== undefined
        ? `${details.namedCurve} `
        : '';
  const text = `${size}${kind} ${key.type} key`;
  return `${/^[aeiou]/.test(text) ? 'an' : 'a'} ${text}`;
}

/**
 * Checks that `key` is an RSA private key of at least `minBits` bits.
 *
 * @param name - [in] the option's name, for the message.
 * @param key - [in] the value to check.
 * @param minBits - [in] the smallest modulus accepted.
 * @throws TypeError `` Expected `name` to be an RSA private key of at least N bits, got … ``
 */
export function assertRsaPrivateKey(name: string, key: unknown, minBits: number): asserts key is KeyObject {
  if (
    key instanceof KeyObject &&
    key.type === 'private' &&
    key.asymmetricKeyType === 'rsa' &&
    (key.asymmetricKeyDetails?.modulusLength ?? 0) >= minBits
  )
    return;
  throw new TypeError(
    `Expected \`${name}\` to be an RSA private key of at least ${minBits} bits, got ${describeKey(key)}`,
  );
}

/**
 * Checks that `key` is an EC P-256 private key (a device proof key, token-signature §2.4).
 *
 * @param name - [in] the option's name, for the message.
 * @param key - [in] the value to check.
 * @throws TypeError `` Expected `name` to be an EC P-256 private key, got … ``
 */
export function assertP256PrivateKey(name: string, key: unknown): asserts key is KeyObject {
  if (
    key instanceof KeyObject &&
    key.type === 'private' &&
    key.asymmetricKeyType === 'ec' &&
    key.asymmetricKeyDetails?.namedCurve === 'prime256v1'
  )
    return;
  throw new TypeError(`Expected \`${name}\` to be an EC P-256 private key, got ${describeKey(key)}`);
}
