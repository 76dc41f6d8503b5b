/**
 * The HRESULT type and the `winerror.h` macros, plus the conversions gdkts needs between code
 * (signed 32-bit numbers, so `===` works across packages) and JSON wires (unsigned numbers).
 * @module
 */

/** A Windows `HRESULT`: the signed 32-bit status code native calls return. Non-negative is success. */
export type HRESULT = number;

/** A number as a signed 32-bit value; anything that is not a number (which `| 0` could throw on) as 0. */
export function int32(value: unknown): number {
  return typeof value === 'number' ? value | 0 : 0;
}

/**
 * Mirrors the `SUCCEEDED(hr)` macro.
 * @param hr - [in] the status.
 * @returns `true` when `hr` is a number `>= 0` (`false` for anything else).
 */
export function SUCCEEDED(hr: HRESULT): boolean {
  return typeof hr === 'number' && hr >= 0;
}

/**
 * Mirrors the `FAILED(hr)` macro.
 * @param hr - [in] the status.
 * @returns `true` when `hr` is a number `< 0` (`false` for anything else).
 */
export function FAILED(hr: HRESULT): boolean {
  return typeof hr === 'number' && hr < 0;
}

/**
 * Mirrors the `MAKE_HRESULT(sev, fac, code)` macro: `sev << 31 | fac << 16 | code`.
 * @param sev - [in] the severity bit: 1 for a failure, 0 for a success.
 * @param facility - [in] the facility (`7` = `FACILITY_WIN32`, `0x924` = the game runtime); its low 15 bits are used.
 * @param code - [in] the facility's code; its low 16 bits are used.
 * @returns the HRESULT as a signed 32-bit number: `MAKE_HRESULT(1, 7, 1131) === (0x8007046B | 0)`.
 */
export function MAKE_HRESULT(sev: number, facility: number, code: number): HRESULT {
  return ((int32(sev) & 1) << 31) | ((int32(facility) & 0x7fff) << 16) | (int32(code) & 0xffff);
}

/**
 * Mirrors the `HRESULT_FROM_WIN32(x)` macro: `0x80070000 | (x & 0xFFFF)` for positive codes, `x` itself otherwise.
 * @param code - [in] a Win32 error code (`ERROR_*`).
 * @returns the HRESULT as a signed 32-bit number.
 */
export function HRESULT_FROM_WIN32(code: number): HRESULT {
  const c = int32(code);
  return c <= 0 ? c : (c & 0xffff) | 0x80070000 | 0;
}

/**
 * The facility field of an HRESULT (`HRESULT_FACILITY(hr)`): bits 16–26.
 * @param hr - [in] the code.
 * @returns the facility number (`7` for `E_INVALIDARG`).
 */
export function HRESULT_FACILITY(hr: HRESULT): number {
  return (int32(hr) >>> 16) & 0x1fff;
}

/**
 * An HRESULT as the unsigned number JSON wires carry (XSTS's `XErr`): `toUint32(E_ABORT) === 0x80004004`.
 * @param hr - [in] the code; any number (read as a signed 32-bit value).
 * @returns the same 32 bits as an unsigned number, 0 … 0xFFFFFFFF.
 */
export function toUint32(hr: HRESULT): number {
  return int32(hr) >>> 0;
}

/**
 * An unsigned number read off a JSON wire as an HRESULT: `fromUint32(0x80004004) === E_ABORT`.
 * @param value - [in] the unsigned (or already signed) 32-bit value.
 * @returns the signed 32-bit HRESULT.
 */
export function fromUint32(value: number): HRESULT {
  return int32(value);
}

/**
 * An HRESULT as 8 upper-case hex digits: `"0x80004004"`.
 * @param hr - [in] the code.
 * @returns the hex form, zero padded.
 */
export function hresultHex(hr: HRESULT): string {
  return `0x${toUint32(hr).toString(16).toUpperCase().padStart(8, '0')}`;
}
