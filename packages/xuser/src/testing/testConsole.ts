/**
 * The test console: the emulated console the xuser tests, benches and the XUser samples start from.
 * Its title ({@link TEST_TITLE_ID}) has an endpoint configuration ({@link TEST_ENDPOINTS}) that maps
 * `*.contoso.test` to the contoso relying party, signed with a policy covering the `Why` header;
 * `nosig.contoso.test` to the same relying party without a signature; and, through the platform
 * default, `*.xboxlive.com`. One token issuer and the two relying parties are made once per process
 * ({@link testWorld}: RSA keys are slow). Each {@link createTestConsole} makes a fresh console over
 * them, and {@link bootTestConsole} also starts a fresh game runtime, which is what a title sees when
 * it starts.
 *
 * @module
 */
import { HResultError, SUCCEEDED } from '@gdkts/hresult';
import { DEFAULT_SIGNATURE_POLICY, RelyingParty, TokenIssuer } from '@gdkts/xboxlive';
import type { EndpointConfiguration, SignaturePolicy } from '@gdkts/xboxlive';
import { createEmulatedConsole, type EmulatedConsole, type EmulatedConsoleOptions } from '../EmulatedConsole.js';
import { peek } from '../internal/runtime.js';
import { XGameRuntimeInitialize, XGameRuntimeUninitialize } from '../XGameRuntime.js';

/** The test title's id. */
export const TEST_TITLE_ID = 0x1234abcd;

/** The audience URI of the title's own service, the contoso relying party. */
export const TEST_RELYING_PARTY = 'rp://contoso.test/';

/**
 * The signature policy of `*.contoso.test` (index 1 of {@link TEST_ENDPOINTS}): version 1, the
 * first 8192 body bytes, and the `Why` header.
 */
export const TEST_SIGNATURE_POLICY: SignaturePolicy = Object.freeze({
  Version: 1,
  MaxBodyBytes: 8192,
  ExtraHeaders: Object.freeze(['Why']),
});

/**
 * The test title's endpoint configuration (NSAL shape): `nosig.contoso.test` (fqdn, no signature)
 * and `*.contoso.test` (wildcard, signed with {@link TEST_SIGNATURE_POLICY}), both for
 * {@link TEST_RELYING_PARTY}. The platform default (`*.xboxlive.com`) is looked up before it.
 */
export const TEST_ENDPOINTS: EndpointConfiguration = Object.freeze({
  SignaturePolicies: Object.freeze([DEFAULT_SIGNATURE_POLICY, TEST_SIGNATURE_POLICY]),
  EndPoints: Object.freeze([
    Object.freeze({
      Protocol: 'https',
      Host: 'nosig.contoso.test',
      HostType: 'fqdn',
      RelyingParty: TEST_RELYING_PARTY,
      TokenType: 'JWT',
    }),
    Object.freeze({
      Protocol: 'https',
      Host: '*.contoso.test',
      HostType: 'wildcard',
      RelyingParty: TEST_RELYING_PARTY,
      TokenType: 'JWT',
      SignaturePolicyIndex: 1,
    }),
  ]),
});

/** A URL {@link TEST_ENDPOINTS} maps to the contoso relying party and signs with {@link TEST_SIGNATURE_POLICY}. */
export const TEST_SIGNED_URL = 'https://api.contoso.test/v1/items?page=2';

/** A URL {@link TEST_ENDPOINTS} maps to the contoso relying party without a signature. */
export const TEST_UNSIGNED_URL = 'https://nosig.contoso.test/v1/items';

/** A URL no endpoint configuration maps (a token request for it fails). */
export const TEST_UNMAPPED_URL = 'https://example.org/anything';

/** The token issuer and the relying parties every test console shares. */
export interface TestWorld {
  /** The emulated XSTS token issuer. */
  readonly issuer: TokenIssuer;
  /**
   * The relying parties: contoso ({@link TEST_RELYING_PARTY}, publisher `contoso`, claims `xid`,
   * `gtg`, `agg`, `prv`, `ptx`) and Xbox Live (`http://xboxlive.com`, publisher `microsoft`).
   */
  readonly relyingParties: readonly RelyingParty[];
}

let shared: Promise<TestWorld> | undefined;

/**
 * The process's token issuer and relying parties, made on the first call (RSA keys are slow) and
 * the same on every later one.
 *
 * @returns a Promise of the world.
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import { TEST_RELYING_PARTY, testWorld } from '@gdkts/xuser/testing';
 * const { relyingParties } = await testWorld();
 * assert.ok(relyingParties.some((rp) => rp.audience === TEST_RELYING_PARTY));
 * assert.strictEqual(await testWorld(), await testWorld());
 * ```
 */
export function testWorld(): Promise<TestWorld> {
  shared ??= (async (): Promise<TestWorld> => {
    const [issuer, contoso, xboxlive] = await Promise.all([
      TokenIssuer.create(),
      RelyingParty.create({
        audience: TEST_RELYING_PARTY,
        publisherId: 'contoso',
        userClaims: ['xid', 'gtg', 'agg', 'prv', 'ptx'],
      }),
      RelyingParty.create({ audience: 'http://xboxlive.com', publisherId: 'microsoft' }),
    ]);
    return Object.freeze({ issuer, relyingParties: Object.freeze([contoso, xboxlive]) });
  })();
  return shared;
}

/**
 * Sets up a test console (as {@link createEmulatedConsole} does) for the next
 * `XGameRuntimeInitialize`: title {@link TEST_TITLE_ID}, no `MicrosoftGame.config`, endpoints
 * {@link TEST_ENDPOINTS}, and the issuer and relying parties of {@link testWorld}.
 *
 * @param options - [in, optional] accounts, default user, scripted UI, input devices, …; each field
 *   given replaces the test console's (for example other `endpoints`).
 * @returns a Promise of the console.
 * @throws (rejects) what {@link createEmulatedConsole} throws for malformed options.
 */
export async function createTestConsole(options: EmulatedConsoleOptions = {}): Promise<EmulatedConsole> {
  const { issuer, relyingParties } = await testWorld();
  return createEmulatedConsole({
    titleId: TEST_TITLE_ID,
    configDirectory: null,
    endpoints: TEST_ENDPOINTS,
    issuer,
    relyingParties,
    ...options,
  });
}

/**
 * A test console ({@link createTestConsole}) and a freshly initialized game runtime: a runtime
 * still initialized is uninitialized first ({@link uninitializeGameRuntime}), then
 * `XGameRuntimeInitialize` runs once. Pair it with {@link uninitializeGameRuntime}.
 *
 * @param options - [in, optional] as for {@link createTestConsole}.
 * @returns a Promise of the console, its session started.
 * @throws (rejects) HResultError when `XGameRuntimeInitialize` fails; what {@link createTestConsole} throws.
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import { bootTestConsole, uninitializeGameRuntime, xuserLiveCounts } from '@gdkts/xuser/testing';
 * const emulated = await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
 * assert.strictEqual(emulated.session?.deviceAccounts[0]?.gamertag, 'Alice');
 * uninitializeGameRuntime();
 * assert.strictEqual(xuserLiveCounts().initialized, false);
 * ```
 */
export async function bootTestConsole(options: EmulatedConsoleOptions = {}): Promise<EmulatedConsole> {
  const console = await createTestConsole(options);
  uninitializeGameRuntime();
  const hr = XGameRuntimeInitialize();
  if (!SUCCEEDED(hr)) throw new HResultError(hr, { operation: 'XGameRuntimeInitialize' });
  return console;
}

/**
 * Uninitializes the game runtime however often it was initialized (`XGameRuntimeUninitialize`
 * until it is down): every handle and registration of the run stops resolving. Does nothing when
 * it is not initialized.
 */
export function uninitializeGameRuntime(): void {
  while (peek() !== undefined) XGameRuntimeUninitialize();
}
