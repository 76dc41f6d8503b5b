/**
 * Printing and parsing HRESULTs by the table: native name, hex form, and back.
 * @module
 */
import { hresultHex, int32, type HRESULT } from './HRESULT.js';
import { lookupHResult, lookupHResultName } from './table.js';

/**
 * The primary native name of a code, if the table knows it.
 * @param hr - [in] the code.
 * @returns the name (`"E_ABORT"`), or `undefined` for an unknown code.
 */
export function hresultName(hr: HRESULT): string | undefined {
  return lookupHResult(hr)?.name;
}

/**
 * Prints an HRESULT as `"E_ABORT (0x80004004)"`; unknown codes print as hex alone (`"0x8009ABCD"`).
 * @param hr - [in] the code; any number (it is read as a signed 32-bit value).
 * @returns the printable form.
 */
export function hresultToString(hr: HRESULT): string {
  const hex = hresultHex(hr);
  const name = hresultName(hr);
  return name === undefined ? hex : `${name} (${hex})`;
}

const HEX = /^0x[0-9a-f]{1,8}$/i;
const DECIMAL = /^[-+]?\d{1,10}$/;

/**
 * Reads an HRESULT typed by a person (the CLI's `gdkts hr`): signed decimal (`-2147467260`),
 * unsigned decimal (`2147500036`), hex (`0x80004004`) or a native name, primary or alias (`E_ABORT`).
 * @param text - [in] the text; surrounding blanks are ignored.
 * @returns the signed 32-bit HRESULT, or `undefined` when the text is none of those (or out of the 32-bit range).
 */
export function parseHResult(text: string): HRESULT | undefined {
  if (typeof text !== 'string') return undefined;
  const t = text.trim();
  if (HEX.test(t)) return Number.parseInt(t.slice(2), 16) | 0;
  if (DECIMAL.test(t)) {
    const n = Number(t);
    return n >= -0x80000000 && n <= 0xffffffff ? int32(n) : undefined;
  }
  return lookupHResultName(t)?.value;
}
