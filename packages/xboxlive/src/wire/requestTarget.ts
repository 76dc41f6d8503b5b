/**
 * Splitting URLs and request targets without normalising them. The signature covers the
 * percent-encoded path and query exactly as they travel on the wire, and NSAL matching needs the
 * port exactly as written, so WHATWG `URL` (which resolves dot segments, re-encodes characters
 * and elides "default" ports) is not used on strings.
 */

/** The parts of an absolute URL that endpoint lookup and signing need. */
export interface UrlParts {
  /** Scheme, lower-cased, without `:`. */
  readonly scheme: string;
  /** Host, lower-cased; IPv6 literals without their brackets. */
  readonly host: string;
  /** Port as written, or `undefined` when the URL has none. */
  readonly port: number | undefined;
  /** Raw path (never empty: `/` when the URL has none). */
  readonly path: string;
  /** Raw path plus `?query` when the query is non-empty; no fragment. */
  readonly pathAndQuery: string;
}

const ABSOLUTE_URL = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s;

/**
 * Returns the wire form of a request target for the signature: the origin-form path plus `?query`
 * only when the query is non-empty, without scheme, host or fragment. Accepts an origin-form
 * target (`/a/b?c`) or an absolute URL (`https://host/a/b?c`); nothing is decoded or re-encoded.
 *
 * @param target - the request target or URL as sent.
 */
export function wirePathAndQuery(target: string): string {
  const hash = target.indexOf('#');
  let rest = hash === -1 ? target : target.slice(0, hash);
  const absolute = ABSOLUTE_URL.exec(rest);
  if (absolute !== null) rest = absolute[3] ?? '';
  const question = rest.indexOf('?');
  const path = question === -1 ? rest : rest.slice(0, question);
  const query = question === -1 ? '' : rest.slice(question + 1);
  const origin = path === '' ? '/' : path;
  return query === '' ? origin : `${origin}?${query}`;
}

/**
 * Splits an absolute URL into scheme, host, port and raw path, or returns `undefined` when it is not
 * an absolute `scheme://authority…` URL with a host and a valid decimal port.
 *
 * @param url - the URL as the caller wrote it.
 */
export function splitUrl(url: string): UrlParts | undefined {
  const match = ABSOLUTE_URL.exec(url);
  if (match === null) return undefined;
  const [, scheme = '', authorityWithUser = ''] = match;
  const authority = authorityWithUser.slice(authorityWithUser.lastIndexOf('@') + 1);
  let host: string;
  let portText: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close === -1) return undefined;
    host = authority.slice(1, close);
    const after = authority.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return undefined;
    portText = after === '' ? undefined : after.slice(1);
  } else {
    const colon = authority.indexOf(':');
    host = colon === -1 ? authority : authority.slice(0, colon);
    portText = colon === -1 ? undefined : authority.slice(colon + 1);
  }
  if (host === '') return undefined;
  let port: number | undefined;
  if (portText !== undefined && portText !== '') {
    if (!/^\d{1,5}$/.test(portText)) return undefined;
    port = Number(portText);
    if (port > 65535) return undefined;
  }
  const pathAndQuery = wirePathAndQuery(url);
  const question = pathAndQuery.indexOf('?');
  return {
    scheme: scheme.toLowerCase(),
    host: host.toLowerCase(),
    port,
    path: question === -1 ? pathAndQuery : pathAndQuery.slice(0, question),
    pathAndQuery,
  };
}
