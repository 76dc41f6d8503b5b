/**
 * Case-insensitive header lookup over the header shapes a caller is likely to hold: a fetch
 * `Headers`, Node's `IncomingHttpHeaders` (or any plain record), or a list of name/value pairs
 * (the shape of the GDK `XUserGetTokenAndSignatureHttpHeader` array).
 */

/**
 * HTTP headers in any of the shapes the signer and the verifier accept.
 *
 * - a fetch `Headers` object;
 * - a plain record such as Node's `IncomingHttpHeaders` (array values are joined with `", "`);
 * - an iterable of `[name, value]` pairs (repeated names are joined with `", "`).
 *
 * Names are matched case-insensitively in every shape.
 */
export type HeaderSource =
  | Headers
  | Iterable<readonly [name: string, value: string]>
  | Readonly<Record<string, string | readonly string[] | number | undefined>>;

function recordValue(value: string | readonly string[] | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return value.join(', ');
}

/**
 * Returns the value of header `name` (matched case-insensitively), or `undefined` when absent.
 *
 * @param headers - the headers to search.
 * @param name - the header name, in any case.
 */
export function getHeader(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const lower = name.toLowerCase();
  if (Symbol.iterator in headers) {
    let found: string | undefined;
    for (const [key, value] of headers as Iterable<readonly [string, string]>) {
      if (key.toLowerCase() === lower) found = found === undefined ? value : `${found}, ${value}`;
    }
    return found;
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | number | undefined>>;
  // Node lower-cases incoming names, so the direct probe is the common case.
  if (Object.hasOwn(record, lower)) return recordValue(record[lower]);
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() === lower) return recordValue(record[key]);
  }
  return undefined;
}
