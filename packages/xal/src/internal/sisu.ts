// XAL's side of the emulated Xbox Live service over HTTP (issue 9 "Clients"; token-signature.md
// §1.2, §1.5): the title-side client of `@gdkts/xboxlive/client` (`httpXsts`), whose SISU sign-in
// (`POST /authenticate`, the sign-in page in the title's web view, `POST /authorize`) keeps the
// user token for the XSTS calls that follow. Users sign in only through SISU (`signIn: null`).
import { Account, AgeGroup } from '@gdkts/xboxlive';
import type { HttpXstsClient } from '@gdkts/xboxlive/client';
import type { UserSession } from '@gdkts/identity';
import type { XalEmulator } from '../XalEmulator.js';

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

/** The profile of a signed-in user that the cached user keeps: the SISU display claims XAL reads. */
export interface LiveProfile {
  /** XUID. */
  readonly xid: string;
  /** Classic gamertag. */
  readonly gtg: string;
  /** Age group. */
  readonly agg?: string;
  /** Privilege ids, space-separated. */
  readonly prv?: string;
}

const AGE_GROUPS: ReadonlySet<string> = new Set(Object.values(AgeGroup));

/**
 * The account a live service's display claims describe (XUID, gamertag, age group, privileges), so
 * an account signs in over HTTP without being listed on the emulator; `undefined` for claims that
 * do not describe one.
 * @param claims - [in] one user's entry of the AuthorizationToken's DisplayClaims, or a stored {@link LiveProfile}.
 */
export function accountOfProfile(claims: unknown): Account | undefined {
  const c = claims as Partial<Record<keyof LiveProfile, unknown>> | null | undefined;
  if (typeof c?.xid !== 'string' || typeof c.gtg !== 'string') return undefined;
  try {
    return new Account({
      xuid: c.xid,
      gamertag: c.gtg,
      ...(typeof c.agg === 'string' && AGE_GROUPS.has(c.agg) ? { ageGroup: c.agg as AgeGroup } : {}),
      ...(typeof c.prv === 'string'
        ? {
            privileges: c.prv
              .split(' ')
              .filter((id) => id !== '')
              .map(Number),
          }
        : {}),
    });
  } catch {
    return undefined; // claims no account could have
  }
}

/**
 * The profile of an account, as {@link accountOfProfile} reads it back.
 * @param account - [in] the account.
 */
export function profileOf(account: Account): LiveProfile {
  return { xid: account.xuid, gtg: account.gamertag, agg: account.ageGroup, prv: account.privileges.join(' ') };
}

/**
 * The account of a profile the live service answered (or the cached user kept), made known to the
 * emulator and to the session's device if it is not yet: the account a user signed in with over HTTP.
 * @returns the account (the one already known, or the new one), or `undefined` for a profile that is none.
 */
export function learnAccount(emulator: XalEmulator, session: UserSession, profile: unknown): Account | undefined {
  const xid = (profile as { xid?: unknown } | null | undefined)?.xid;
  const known = typeof xid === 'string' ? emulator.account(xid) : undefined;
  if (known !== undefined) return known;
  const account = accountOfProfile(profile);
  if (account === undefined) return undefined;
  emulator.addAccount(account);
  session.addDeviceAccount(account, false);
  return account;
}
