/**
 * The test world: the emulated Xbox Live the xal tests, benches and the XAL sample sign in to. It has
 * a token issuer; the relying party of the seed's service ({@link TEST_RELYING_PARTY}); the title
 * ({@link TEST_TITLE_ID}), whose endpoint configuration maps `*.yourcompany.com` (signed, the
 * default policy) and `nosig.yourcompany.com` (no signature) to it; a device; and an XSTS client
 * that issues tokens in this process for the accounts of the emulators it made and records every
 * request. Make one with {@link createXalTestWorld}, then an {@link XalEmulator} over it with
 * {@link XalTestWorld.createEmulator}. {@link memoryStorageHandlers} is the title's storage hook, in
 * memory.
 *
 * @module
 */
import { DEFAULT_SIGNATURE_POLICY, Device, RelyingParty, Title, TokenIssuer } from '@gdkts/xboxlive';
import type { Account, TokenIssueResult } from '@gdkts/xboxlive';
import type { XstsClient, XstsTokenRequest } from '@gdkts/xboxlive/client';
import { XalEmulator, type XalEmulatorOptions } from '../XalEmulator.js';
import {
  XalPlatformStorageClearComplete,
  XalPlatformStorageReadComplete,
  XalPlatformStorageWriteComplete,
} from '../XalPlatform.js';
import { XalPlatformOperationResult, type XalPlatformStorageEventHandlers } from '../types.js';

/** The audience URI of the seed's service, the title's relying party. */
export const TEST_RELYING_PARTY = 'rp://service.yourcompany.com/';

/** The seed's URL (`https://service.yourcompany.com/yourpath`): signed with the default policy. */
export const TEST_SEED_URL = 'https://service.yourcompany.com/yourpath';

/** A URL the title maps to {@link TEST_RELYING_PARTY} without a signature. */
export const TEST_UNSIGNED_URL = 'https://nosig.yourcompany.com/items';

/** A URL no endpoint configuration maps. */
export const TEST_UNMAPPED_URL = 'https://www.example.org/';

/** The title's MSA client id. */
export const TEST_CLIENT_ID = '000000004C26A1F0';

/** The title id. */
export const TEST_TITLE_ID = 0x1234abcd;

/** The emulated Xbox Live of {@link createXalTestWorld}. */
export interface XalTestWorld {
  /** The token issuer. */
  readonly issuer: TokenIssuer;
  /** The seed service's relying party ({@link TEST_RELYING_PARTY}, publisher `yourcompany`, claims `xid`, `gtg`, `agg`, `prv`). */
  readonly relyingParty: RelyingParty;
  /** The title: {@link TEST_TITLE_ID} and its endpoint configuration. */
  readonly title: Title;
  /** The device the title runs on. */
  readonly device: Device;
  /**
   * The XSTS client: issues a token for {@link XalTestWorld.relyingParty}, the title and the device
   * to the accounts of the emulators made with {@link XalTestWorld.createEmulator}, after one
   * microtask; rejects with RangeError for an account it does not know.
   */
  readonly xsts: XstsClient;
  /** Every request {@link XalTestWorld.xsts} received, in order. */
  readonly xstsRequests: readonly XstsTokenRequest[];
  /**
   * An emulator over this world: the title, {@link TEST_CLIENT_ID}, the device and `accounts`,
   * which the XSTS client then knows as well (install it with `useXalEmulator`).
   *
   * @param accounts - [in] the Microsoft accounts that can sign in.
   * @param options - [in, optional] more emulator options; each field given replaces the world's.
   * @returns the emulator.
   * @throws TypeError for what the {@link XalEmulator} constructor refuses.
   */
  createEmulator(accounts: readonly Account[], options?: Partial<XalEmulatorOptions>): XalEmulator;
}

/**
 * Makes a test world: a fresh issuer, relying party, title and device (RSA keys: make one per test
 * file or process, not per test).
 *
 * @returns a Promise of the world.
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import { XAsyncGetStatusAsync, out, type XAsyncBlock } from '@gdkts/xasync';
 * import { Account } from '@gdkts/xboxlive';
 * import {
 *   XalAddUserWithUiAsync, XalAddUserWithUiResult, XalCleanupAsync, XalInitialize, XalPlatformStorageSetEventHandlers,
 *   XalPlatformWebSetEventHandler, XalUserCloseHandle, XalUserGetId, createEmulatorWebViewHandler, useXalEmulator,
 *   type XalUserHandle,
 * } from '@gdkts/xal';
 * import { TEST_CLIENT_ID, TEST_TITLE_ID, createXalTestWorld, memoryStorageHandlers, xalLeakCounts } from '@gdkts/xal/testing';
 * const world = await createXalTestWorld();
 * const alice = new Account({ gamertag: 'Alice' });
 * useXalEmulator(world.createEmulator([alice]));
 * XalPlatformWebSetEventHandler(null, null, createEmulatorWebViewHandler()); // signs Alice in
 * XalPlatformStorageSetEventHandlers(null, memoryStorageHandlers());
 * XalInitialize({ platform: 'Win32', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID }, null);
 * const add: XAsyncBlock = {};
 * XalAddUserWithUiAsync(0, add);
 * assert.strictEqual(await XAsyncGetStatusAsync(add), 0);
 * const user = out<XalUserHandle | null>(null);
 * XalAddUserWithUiResult(add, user);
 * const xuid = out(0n);
 * XalUserGetId(user.value!, xuid);
 * assert.strictEqual(xuid.value, BigInt(alice.xuid));
 * XalUserCloseHandle(user.value!);
 * const cleanup: XAsyncBlock = {};
 * XalCleanupAsync(cleanup);
 * await XAsyncGetStatusAsync(cleanup);
 * useXalEmulator(null);
 * assert.strictEqual(xalLeakCounts().initialized, false);
 * ```
 */
export async function createXalTestWorld(): Promise<XalTestWorld> {
  const [issuer, relyingParty] = await Promise.all([
    TokenIssuer.create(),
    RelyingParty.create({
      audience: TEST_RELYING_PARTY,
      publisherId: 'yourcompany',
      userClaims: ['xid', 'gtg', 'agg', 'prv'],
    }),
  ]);
  const title = new Title({
    titleId: TEST_TITLE_ID,
    endpoints: {
      SignaturePolicies: [DEFAULT_SIGNATURE_POLICY],
      EndPoints: [
        {
          Protocol: 'https',
          Host: 'nosig.yourcompany.com',
          HostType: 'fqdn',
          RelyingParty: TEST_RELYING_PARTY,
          TokenType: 'JWT',
        },
        {
          Protocol: 'https',
          Host: '*.yourcompany.com',
          HostType: 'wildcard',
          RelyingParty: TEST_RELYING_PARTY,
          TokenType: 'JWT',
          SignaturePolicyIndex: 0,
        },
      ],
    },
  });
  const device = new Device();
  const accounts = new Map<string, Account>();
  const xstsRequests: XstsTokenRequest[] = [];
  const xsts: XstsClient = {
    async getToken(request: XstsTokenRequest): Promise<TokenIssueResult> {
      xstsRequests.push(request);
      await Promise.resolve();
      const users = request.xuids.map((xuid) => {
        const account = accounts.get(xuid);
        if (account === undefined) throw new RangeError(`Expected an account of the test world, got \`${xuid}\``);
        return account;
      });
      return issuer.issue({ users, device, title, relyingParty, allUsers: request.allUsers ?? false });
    },
  };
  return Object.freeze({
    issuer,
    relyingParty,
    title,
    device,
    xsts,
    xstsRequests,
    createEmulator(known: readonly Account[], options: Partial<XalEmulatorOptions> = {}): XalEmulator {
      for (const account of known) accounts.set(account.xuid, account);
      return new XalEmulator({ xsts, title, clientId: TEST_CLIENT_ID, device, accounts: known, ...options });
    },
  });
}

/**
 * The title's storage hooks (`XalPlatformStorageSetEventHandlers`) over a Map, in memory: each
 * operation completes Success at once (a key never written reads as no data).
 *
 * @param entries - [in, out, optional] the stored bytes by key; written and cleared by XAL. Default: a new Map.
 * @param operations - [out, optional] gets `read <key>`, `write <key>` or `clear <key>` for each operation, in order.
 * @returns the handlers (`context` null).
 * @example
 * ```ts no-run
 * import { XalPlatformStorageSetEventHandlers } from '@gdkts/xal';
 * import { memoryStorageHandlers } from '@gdkts/xal/testing';
 * const stored = new Map<string, Uint8Array>();
 * XalPlatformStorageSetEventHandlers(null, memoryStorageHandlers(stored));
 * ```
 */
export function memoryStorageHandlers(
  entries: Map<string, Uint8Array> = new Map(),
  operations?: string[],
): XalPlatformStorageEventHandlers {
  return {
    context: null,
    write: (_context, _user, operation, key, size, data) => {
      operations?.push(`write ${key}`);
      entries.set(key, data.slice(0, size));
      XalPlatformStorageWriteComplete(operation, XalPlatformOperationResult.Success);
    },
    read: (_context, _user, operation, key) => {
      operations?.push(`read ${key}`);
      const data = entries.get(key) ?? null;
      XalPlatformStorageReadComplete(operation, XalPlatformOperationResult.Success, data?.length ?? 0, data);
    },
    clear: (_context, _user, operation, key) => {
      operations?.push(`clear ${key}`);
      entries.delete(key);
      XalPlatformStorageClearComplete(operation, XalPlatformOperationResult.Success);
    },
  };
}
