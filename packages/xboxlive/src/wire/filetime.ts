/**
 * Windows FILETIME arithmetic for the request signature: 100-nanosecond ticks since
 * 1601-01-01T00:00:00Z, carried as a `bigint` because the values exceed 2^53.
 */

/** Ticks between the FILETIME epoch (1601) and the Unix epoch (1970): 11644473600 s × 10^7. */
export const FILETIME_UNIX_EPOCH_TICKS = 116_444_736_000_000_000n;

/** FILETIME ticks per millisecond. */
const TICKS_PER_MS = 10_000;

/**
 * Converts Unix milliseconds (possibly fractional, as from `performance.timeOrigin + performance.now()`)
 * to FILETIME ticks. Sub-millisecond digits are rounded to the nearest 100 ns tick.
 */
export function filetimeFromUnixMs(unixMs: number): bigint {
  const wholeMs = Math.floor(unixMs);
  const subMsTicks = Math.round((unixMs - wholeMs) * TICKS_PER_MS);
  return BigInt(wholeMs) * BigInt(TICKS_PER_MS) + BigInt(subMsTicks) + FILETIME_UNIX_EPOCH_TICKS;
}

/** Converts FILETIME ticks to Unix milliseconds (fractional; exact to well under a microsecond). */
export function unixMsFromFiletime(filetime: bigint): number {
  return Number(filetime - FILETIME_UNIX_EPOCH_TICKS) / TICKS_PER_MS;
}
