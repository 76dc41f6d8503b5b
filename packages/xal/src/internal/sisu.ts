// XAL's side of the emulated Xbox Live service over HTTP (issue 9 "Clients"; token-signature.md
// §1.2, §1.5): the title-side client of `@gdkts/xboxlive/client` (`httpXsts`), whose SISU sign-in
// (`POST /authenticate`, the sign-in page in the title's web view, `POST /authorize`) keeps the
// user token for the XSTS calls that follow. Users sign in only through SISU (`signIn: null`).
import type { HttpXstsClient } from '@gdkts/xboxlive/client';

/** The HTTP client of each emulator pointed at a live service. */
export const liveClients = new WeakMap<object, HttpXstsClient>();

/**
 * Whether a redirect URL is the redirect URI (scheme and host compared case-insensitively: the
 * service writes the URL back through a URL parser, which lower-cases a custom scheme).
 */
export function isRedirectTo(url: URL, redirectUri: string): boolean {
  let expected: URL;
  try {
    expected = new URL(redirectUri);
  } catch {
    return false;
  }
  return (
    url.protocol.toLowerCase() === expected.protocol.toLowerCase() &&
    url.host.toLowerCase() === expected.host.toLowerCase() &&
    url.pathname === expected.pathname
  );
}
