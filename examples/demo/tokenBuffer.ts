// The token-and-signature result buffer as the caller got it (xuser-xal.md §0): the 32-byte header
// of `XUserGetTokenAndSignatureData` / `XalUserGetTokenAndSignatureData` on a 64-bit build
// (tokenSize, signatureSize, then the token and signature pointers, here byte offsets into the
// buffer), then the token and the signature, each NUL-terminated. Every number printed is read
// from the buffer itself, and checked against the data object and the ResultSize.
import { dim, say } from './output.js';
import { shorten } from './http.js';

/** The header fields and where the strings are, as read from the buffer. */
export interface TokenBufferLayout {
  readonly tokenSize: number;
  readonly signatureSize: number;
  readonly tokenOffset: number;
  readonly signatureOffset: number;
}

/** Reads the header of a result buffer. */
export function readTokenBuffer(buffer: Uint8Array): TokenBufferLayout {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const tokenSize = Number(view.getBigUint64(0, true));
  const signatureSize = Number(view.getBigUint64(8, true));
  const tokenOffset = Number(view.getBigUint64(16, true));
  const signatureOffset = Number(view.getBigUint64(24, true));
  return { tokenSize, signatureSize, tokenOffset, signatureOffset };
}

const range = (from: number, to: number): string => `[${String(from).padStart(4)}, ${String(to).padStart(4)})`;
const text = (buffer: Uint8Array, offset: number, size: number): string =>
  new TextDecoder().decode(buffer.subarray(offset, offset + size - 1));
const nulAt = (buffer: Uint8Array, offset: number, size: number): boolean =>
  size > 0 && buffer[offset + size - 1] === 0;

/**
 * Prints the buffer's layout and checks it against the data object the Result call gave.
 *
 * @param buffer - [in] the caller's buffer, as the Result call left it.
 * @param resultSize - [in] what ResultSize answered.
 * @param data - [in] the data object (`tokenSize`, `signatureSize`, `token`, `signature`).
 * @param dataName - [in] what the sample calls the data pointer (`data`, `result`).
 */
export function printTokenBuffer(
  buffer: Uint8Array,
  resultSize: number,
  data: {
    readonly tokenSize: number;
    readonly signatureSize: number;
    readonly token: string;
    readonly signature: string | null;
  },
  dataName: string,
): void {
  const l = readTokenBuffer(buffer);
  const same = (a: unknown, b: unknown): string => (a === b ? dim(`= ${dataName}->`) : `!= ${dataName}->`);
  say(`  the result buffer, ${buffer.length} bytes, read back field by field:`);
  say(`    ${range(0, 8)}  tokenSize       ${l.tokenSize}  ${same(l.tokenSize, data.tokenSize)}${dim('tokenSize')}`);
  say(
    `    ${range(8, 16)}  signatureSize   ${l.signatureSize}  ${same(l.signatureSize, data.signatureSize)}${dim('signatureSize')}`,
  );
  say(`    ${range(16, 24)}  token     ->    offset ${l.tokenOffset}`);
  say(
    `    ${range(24, 32)}  signature ->    offset ${l.signatureOffset}${l.signatureOffset === 0 ? ' (nullptr)' : ''}`,
  );
  const token = text(buffer, l.tokenOffset, l.tokenSize);
  say(
    `    ${range(l.tokenOffset, l.tokenOffset + l.tokenSize)}  token + NUL     ${shorten(token, 20)}  ${same(token, data.token)}${dim('token')}`,
  );
  if (l.signatureOffset !== 0) {
    const signature = text(buffer, l.signatureOffset, l.signatureSize);
    say(
      `    ${range(l.signatureOffset, l.signatureOffset + l.signatureSize)}  signature + NUL ${shorten(signature, 20)}  ${same(signature, data.signature)}${dim('signature')}`,
    );
  }
  const nuls =
    nulAt(buffer, l.tokenOffset, l.tokenSize) &&
    (l.signatureOffset === 0 || nulAt(buffer, l.signatureOffset, l.signatureSize));
  say(
    `  header ${l.tokenOffset} + tokenSize ${l.tokenSize} + signatureSize ${l.signatureSize} = ${l.tokenOffset + l.tokenSize + l.signatureSize}; ResultSize was ${resultSize}; strings NUL-terminated: ${nuls}`,
  );
}
