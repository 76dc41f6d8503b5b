/**
 * The whole table: every row of `codes/`, and the two lookups built from it (by value, by name).
 * Nothing registers into it: it is the frozen concatenation of the data files.
 * @module
 */
import { GAMERUNTIME_CODES } from './codes/gameruntime.js';
import { WINERROR_CODES } from './codes/winerror.js';
import { XAL_CODES } from './codes/xal.js';
import { XBOX_SERVICES_CODES } from './codes/xbox-services.js';
import { int32, type HRESULT } from './HRESULT.js';
import type { HResultEntry } from './HResultEntry.js';

/** Every named code gdkts knows, one row per value (other names of a value are that row's `aliases`). */
export const HRESULT_TABLE: readonly HResultEntry[] = Object.freeze([
  ...WINERROR_CODES,
  ...GAMERUNTIME_CODES,
  ...XAL_CODES,
  ...XBOX_SERVICES_CODES,
]);

const byValue: ReadonlyMap<HRESULT, HResultEntry> = new Map(HRESULT_TABLE.map((e) => [e.value, e]));
const byName: ReadonlyMap<string, HResultEntry> = new Map(
  HRESULT_TABLE.flatMap((e) => [e.name, ...(e.aliases ?? [])].map((n) => [n, e] as const)),
);

/**
 * The table row of a value.
 * @param hr - [in] the code; any number (read as a signed 32-bit value).
 * @returns the row, or `undefined` when the value is not in the table.
 */
export function lookupHResult(hr: HRESULT): HResultEntry | undefined {
  return byValue.get(int32(hr));
}

/**
 * The table row of a name, primary or alias.
 * @param name - [in] the native name (`"E_ABORT"`, `"E_GAMEUSER_USER_NOT_IN_SANDBOX"`).
 * @returns the row, or `undefined` for an unknown name.
 */
export function lookupHResultName(name: string): HResultEntry | undefined {
  return byName.get(name);
}
