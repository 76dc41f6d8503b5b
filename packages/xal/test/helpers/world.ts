// The test world of `@gdkts/xal/testing` for one test file, with the test-only wiring the verifying
// tests need: the issuer's JWKS served on loopback (and closed after the file). Keys are made once
// per file.
import { Account, type JwksServer } from '@gdkts/xboxlive';
import type { XalEmulator, XalEmulatorOptions } from '@gdkts/xal';
import { createXalTestWorld, type XalTestWorld } from '@gdkts/xal/testing';

/** The file's test world and its JWKS server. */
export interface World extends XalTestWorld {
  readonly jwks: JwksServer;
}

let shared: Promise<World> | undefined;

/** The file's test world, its issuer's JWKS served on loopback: made on the first call. */
export function world(): Promise<World> {
  shared ??= (async () => {
    const w = await createXalTestWorld();
    const jwks = await w.issuer.serveJwks();
    return Object.freeze({ ...w, jwks });
  })();
  return shared;
}

/** An emulator over the file's world ({@link XalTestWorld.createEmulator}). */
export async function makeEmulator(
  accounts: readonly Account[],
  options: Partial<XalEmulatorOptions> = {},
): Promise<XalEmulator> {
  return (await world()).createEmulator(accounts, options);
}

export function account(gamertag: string, options: Partial<ConstructorParameters<typeof Account>[0]> = {}): Account {
  return new Account({ gamertag, ...options });
}

/** Closes the JWKS server (afterAll). */
export async function closeWorld(): Promise<void> {
  if (shared !== undefined) await (await shared).jwks.close();
  shared = undefined;
}
