// The emulated world of the XAL tests: a real issuer (its JWKS served on loopback), one custom
// relying party, a title whose endpoint configuration maps the seed's service (signed) and a
// no-signature host, a device, accounts, and an XalEmulator over them. Keys are made once per file.
import { Account, DEFAULT_SIGNATURE_POLICY, Device, RelyingParty, Title, TokenIssuer, type JwksServer, type TokenIssueResult } from '@gdkts/xboxlive';
import type { XstsClient, XstsTokenRequest } from '@gdkts/xboxlive/client';
import { XalEmulator, type XalEmulatorOptions } from '@gdkts/xal';

export const RP = 'rp://service.yourcompany.com/';
/** The seed's URL. */
export const SEED_URL = 'https://service.yourcompany.com/yourpath';
export const NOSIG_URL = 'https://nosig.yourcompany.com/items';
export const UNMAPPED_URL = 'https://www.example.org/';
export const CLIENT_ID = '000000004C26A1F0';
export const TITLE_ID = 0x1234abcd;

export interface World {
  readonly issuer: TokenIssuer;
  readonly jwks: JwksServer;
  readonly relyingParty: RelyingParty;
  readonly title: Title;
  readonly device: Device;
  /** XSTS requests made. */
  readonly xstsCalls: XstsTokenRequest[];
  readonly xsts: XstsClient;
}

let shared: Promise<World> | undefined;

/** The issuer, its JWKS server, the relying party, the title and the device: once per test file. */
export function world(): Promise<World> {
  shared ??= (async () => {
    const issuer = await TokenIssuer.create();
    const jwks = await issuer.serveJwks();
    const relyingParty = await RelyingParty.create({ audience: RP, publisherId: 'yourcompany', userClaims: ['xid', 'gtg', 'agg', 'prv'] });
    const title = new Title({
      titleId: TITLE_ID,
      endpoints: {
        SignaturePolicies: [DEFAULT_SIGNATURE_POLICY],
        EndPoints: [
          { Protocol: 'https', Host: 'nosig.yourcompany.com', HostType: 'fqdn', RelyingParty: RP, TokenType: 'JWT' },
          { Protocol: 'https', Host: '*.yourcompany.com', HostType: 'wildcard', RelyingParty: RP, TokenType: 'JWT', SignaturePolicyIndex: 0 },
        ],
      },
    });
    const device = new Device();
    const accounts = new Map<string, Account>();
    const xstsCalls: XstsTokenRequest[] = [];
    const xsts: XstsClient & { accounts: Map<string, Account> } = {
      accounts,
      async getToken(request: XstsTokenRequest): Promise<TokenIssueResult> {
        xstsCalls.push(request);
        await Promise.resolve();
        const users = request.xuids.map((xuid) => {
          const account = accounts.get(xuid);
          if (account === undefined) throw new RangeError(`unknown ${xuid}`);
          return account;
        });
        return issuer.issue({ users, device, title, relyingParty, allUsers: request.allUsers ?? false });
      },
    };
    return { issuer, jwks, relyingParty, title, device, xstsCalls, xsts };
  })();
  return shared;
}

/** Accounts known to XSTS as well as to the emulator. */
export async function makeEmulator(accounts: readonly Account[], options: Partial<XalEmulatorOptions> = {}): Promise<XalEmulator> {
  const w = await world();
  const known = (w.xsts as unknown as { accounts: Map<string, Account> }).accounts;
  for (const account of accounts) known.set(account.xuid, account);
  return new XalEmulator({ xsts: w.xsts, title: w.title, clientId: CLIENT_ID, device: w.device, accounts, ...options });
}

export function account(gamertag: string, options: Partial<ConstructorParameters<typeof Account>[0]> = {}): Account {
  return new Account({ gamertag, ...options });
}

/** Closes the JWKS server (afterAll). */
export async function closeWorld(): Promise<void> {
  if (shared !== undefined) await (await shared).jwks.close();
  shared = undefined;
}
