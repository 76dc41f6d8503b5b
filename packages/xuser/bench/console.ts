// The emulated console both xuser benches run on: one title whose endpoint configuration maps
// api.contoso.com to a custom relying party, signed with a policy over the first 8192 body bytes.
import { createEmulatedConsole, type EmulatedConsole, type EmulatedConsoleOptions } from '@gdkts/xuser/testing';

/** The URL the benches request tokens for. */
export const BENCH_URL = 'https://api.contoso.com/v1/matches/42/scores?season=3';

/** Sets up the benches' console (accounts and limits from `options`). */
export function benchConsole(options: EmulatedConsoleOptions): Promise<EmulatedConsole> {
  return createEmulatedConsole({
    titleId: 0x1234abcd,
    configDirectory: null,
    endpoints: {
      SignaturePolicies: [{ Version: 1, MaxBodyBytes: 8192 }],
      EndPoints: [
        {
          Protocol: 'https',
          Host: 'api.contoso.com',
          HostType: 'fqdn',
          RelyingParty: 'rp://contoso.com/',
          TokenType: 'JWT',
          SignaturePolicyIndex: 0,
        },
      ],
    },
    ...options,
  });
}
