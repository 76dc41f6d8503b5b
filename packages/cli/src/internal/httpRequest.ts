/**
 * The HTTP request `gdkts token` signs and `gdkts verify` checks, from the command line:
 * `--method`, `--url`, `--header 'Name: value'` (repeatable), `--body STR` or `--body-file F`.
 * @module
 */
import { UsageError, type CommandArgs } from '../command.js';
import { readInput } from './files.js';

/** The parseArgs options both commands share. */
export const REQUEST_OPTIONS = {
  method: { type: 'string', short: 'X', default: 'GET' },
  url: { type: 'string' },
  header: { type: 'string', short: 'H', multiple: true },
  body: { type: 'string' },
  'body-file': { type: 'string' },
} as const;

/** The help lines of {@link REQUEST_OPTIONS}. */
export const REQUEST_HELP = [
  '  --method, -X METHOD   the HTTP method (default GET)',
  '  --url URL             the request URL (absolute, or /path?query); only its path and query are signed',
  "  --header, -H 'K: V'   a request header (repeatable)",
  '  --body STR            the request body',
  '  --body-file FILE      the request body from FILE (`-` reads standard input)',
];

/** A request as given on the command line. */
export interface CommandLineRequest {
  /** The method, upper-cased. */
  readonly method: string;
  /** The URL as given. */
  readonly url: string;
  /** The headers in the order given (name as written, value trimmed). */
  readonly headers: readonly (readonly [name: string, value: string])[];
  /** The body bytes, when one was given. */
  readonly body: Uint8Array | undefined;
}

/** A string option's value (the last one when repeated). */
export function stringOption(values: CommandArgs['values'], name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A repeatable string option's values. */
export function listOption(values: CommandArgs['values'], name: string): readonly string[] {
  const value = values[name];
  return Array.isArray(value) ? (value as readonly string[]) : typeof value === 'string' ? [value] : [];
}

/** Reads the request options (`--url` required). */
export async function readRequest({ values, io }: CommandArgs): Promise<CommandLineRequest> {
  const url = stringOption(values, 'url');
  if (url === undefined) throw new UsageError('missing --url');
  if (!/^https?:\/\/[^/]/i.test(url) && !url.startsWith('/'))
    throw new UsageError(`--url '${url}' is neither an absolute http(s) URL nor a /path`);
  const method = (stringOption(values, 'method') ?? 'GET').toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw new UsageError(`--method '${method}' is not an HTTP method`);
  const headers = listOption(values, 'header').map((header) => {
    const colon = header.indexOf(':');
    const name = colon < 0 ? '' : header.slice(0, colon).trim();
    if (!/^[!#$%&'*+.^`|~\w-]+$/.test(name)) throw new UsageError(`--header '${header}' is not 'Name: value'`);
    return [name, header.slice(colon + 1).trim()] as const;
  });
  const text = stringOption(values, 'body');
  const file = stringOption(values, 'body-file');
  if (text !== undefined && file !== undefined) throw new UsageError('give --body or --body-file, not both');
  const body =
    text !== undefined ? new TextEncoder().encode(text) : file !== undefined ? await readInput(io, file) : undefined;
  return { method, url, headers, body };
}
