// A small emulated world for identity tests: one issuer, one custom relying party, a title whose
// endpoint configuration maps *.contoso.test (signed) and nosig.contoso.test (unsigned), a device and accounts.
import { Account, DEFAULT_SIGNATURE_POLICY, Device, RelyingParty, Title, TokenIssuer } from '@gdkts/xboxlive';
import type { TokenIssueResult } from '@gdkts/xboxlive';
import { UserSession } from '@gdkts/identity';
import type { DeviceAccountOptions, UserSessionOptions } from '@gdkts/identity';
import type { XstsClient, XstsTokenRequest } from '@gdkts/xboxlive/client';

export const RP = 'rp://contoso.test/';
export const SIGNED_URL = 'https://api.contoso.test/v1/items?page=2';
export const UNSIGNED_URL = 'https://nosig.contoso.test/v1/items';

export interface Fixture {
  readonly issuer: TokenIssuer;
  readonly relyingParty: RelyingParty;
  readonly title: Title;
  readonly device: Device;
  readonly clock: { now: number };
}

let shared: Promise<{ issuer: TokenIssuer; relyingParty: RelyingParty }> | undefined;

/** The issuer and relying party (RSA keys) are made once per test file; the rest per call. */
export async function makeFixture(): Promise<Fixture> {
  const clock = { now: Date.UTC(2026, 0, 1) };
  shared ??= (async () => {
    const issuer = await TokenIssuer.create({ now: () => clock.now });
    const relyingParty = await RelyingParty.create({ audience: RP, publisherId: 'contoso', tokenLifetimeHours: 4 });
    return { issuer, relyingParty };
  })();
  const { issuer, relyingParty } = await shared;
  const title = new Title({
    titleId: 0x1234abcd,
    endpoints: {
      SignaturePolicies: [DEFAULT_SIGNATURE_POLICY, { Version: 1, MaxBodyBytes: 8192, ExtraHeaders: ['Why'] }],
      EndPoints: [
        { Protocol: 'https', Host: 'nosig.contoso.test', HostType: 'fqdn', RelyingParty: RP, TokenType: 'JWT' },
        { Protocol: 'https', Host: '*.contoso.test', HostType: 'wildcard', RelyingParty: RP, TokenType: 'JWT', SignaturePolicyIndex: 1 },
      ],
    },
  });
  return { issuer, relyingParty, title, device: new Device(), clock };
}

/** An XstsClient over the fixture's objects that counts its calls and can be held or failed. */
export function countingXsts(fixture: Fixture, accounts: readonly Account[]): XstsClient & { calls: XstsTokenRequest[]; fail: unknown } {
  const client = {
    calls: [] as XstsTokenRequest[],
    fail: undefined as unknown,
    async getToken(request: XstsTokenRequest): Promise<TokenIssueResult> {
      client.calls.push(request);
      await Promise.resolve();
      if (client.fail !== undefined) throw client.fail;
      const users = request.xuids.map((xuid) => {
        const account = accounts.find((a) => a.xuid === xuid);
        if (account === undefined) throw new RangeError(`unknown ${xuid}`);
        return account;
      });
      return fixture.issuer.issue({ users, device: fixture.device, title: fixture.title, relyingParty: fixture.relyingParty, allUsers: request.allUsers ?? false });
    },
  };
  return client;
}

/** A session over the fixture. */
export function makeSession(fixture: Fixture, accounts: readonly (Account | DeviceAccountOptions)[], options: Partial<UserSessionOptions> = {}): { session: UserSession; xsts: ReturnType<typeof countingXsts> } {
  const xsts = countingXsts(fixture, accounts.map((entry) => ('account' in entry ? entry.account : entry)));
  const session = new UserSession({ xsts, title: fixture.title, device: fixture.device, accounts, now: () => fixture.clock.now, ...options });
  return { session, xsts };
}

export function account(gamertag: string, options: Partial<ConstructorParameters<typeof Account>[0]> = {}): Account {
  return new Account({ gamertag, ...options });
}
