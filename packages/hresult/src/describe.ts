/**
 * `describe(hr)`: everything the table says about a code, for people (the CLI's `gdkts hr`).
 * @module
 */
import { FACILITY } from './HResultEntry.js';
import { HRESULT_FACILITY, hresultHex, int32, type HRESULT } from './HRESULT.js';
import { parseHResult } from './hresultToString.js';
import { lookupHResult } from './table.js';

/** The facility of an {@link HResultDescription}. */
export interface HResultFacility {
  /** The facility field, bits 16–26 of the code. */
  readonly code: number;
  /** Its {@link FACILITY} name, or `undefined` for a facility gdkts does not name. */
  readonly name: FACILITY | undefined;
}

/** What {@link describe} says about one code. */
export interface HResultDescription {
  /** The signed 32-bit value. */
  readonly hr: HRESULT;
  /** The unsigned hex form, `"0x80004004"`. */
  readonly hex: string;
  /** The primary native name, or `undefined` when the table does not know the code. */
  readonly name: string | undefined;
  /** The other names of the same value (empty when none, or unknown). */
  readonly aliases: readonly string[];
  /** The facility: its number and name. */
  readonly facility: HResultFacility;
  /** `'failure'` when the severity bit is set (`FAILED(hr)`), `'success'` otherwise. */
  readonly severity: 'success' | 'failure';
  /** One line: what the code means, or that the table does not know it. */
  readonly meaning: string;
}

const facilityNames: ReadonlyMap<number, FACILITY> = new Map(
  (Object.entries(FACILITY) as [FACILITY, number][]).map(([name, code]) => [code, name]),
);

/** The meaning given for a code the table does not hold. */
export const UNKNOWN_HRESULT_MEANING = 'not in the gdkts HRESULT table';

/**
 * Describes a code: name, aliases, facility, severity and a one-line meaning. Codes the table does not
 * hold are still described (hex, facility, severity) with `name` `undefined`.
 *
 * @example
 * ```ts
 * import { describe } from '@gdkts/hresult';
 * describe('0x8015DC12')?.aliases; // ['E_GAMEUSER_USER_NOT_IN_SANDBOX']
 * ```
 * @param hr - [in] the code as a number (signed or unsigned), or as text {@link parseHResult} reads
 * (signed or unsigned decimal, `0x` hex, a name).
 * @returns the description; for text that is not an HRESULT, `undefined`.
 */
export function describe(hr: HRESULT): HResultDescription;
export function describe(hr: HRESULT | string): HResultDescription | undefined;
export function describe(hr: HRESULT | string): HResultDescription | undefined {
  const value = typeof hr === 'string' ? parseHResult(hr) : int32(hr);
  if (value === undefined) return undefined;
  const entry = lookupHResult(value);
  const code = HRESULT_FACILITY(value);
  return Object.freeze({
    hr: value,
    hex: hresultHex(value),
    name: entry?.name,
    aliases: entry?.aliases ?? Object.freeze([]),
    facility: Object.freeze({ code, name: facilityNames.get(code) }),
    severity: value < 0 ? 'failure' : 'success',
    meaning: entry?.meaning ?? UNKNOWN_HRESULT_MEANING,
  });
}
