/**
 * The emulated world the XAL sample (S12) signs in to: a token issuer, the title's relying party
 * (`rp://service.yourcompany.com/`, the seed's service, signed with the default policy), the title,
 * a device and one account with a fixed XUID (so every run prints the same lines), answered in this
 * process by `inProcessXsts`; an {@link XalEmulator} over them; and the title's platform hooks: a
 * web view that plays the browser on the emulator's pages and logs each page, and storage in memory.
 * @module
 */
import {
  XalEmulator,
  XalPlatformOperationResult,
  XalPlatformStorageClearComplete,
  XalPlatformStorageReadComplete,
  XalPlatformStorageWriteComplete,
  XalShowUrlType,
  createEmulatorWebViewHandler,
  type XalPlatformStorageEventHandlers,
  type XalPlatformWebShowUrlEventHandler,
} from '@gdkts/xal';
import { Account, DEFAULT_SIGNATURE_POLICY, Device, RelyingParty, Title, TokenIssuer, World } from '@gdkts/xboxlive';
import { inProcessXsts } from '@gdkts/xboxlive/client';
import { xalLeakCounts } from '@gdkts/xal/testing';
import type { RuntimeSandboxOptions } from '@gdkts/xasync/testing';

/** The seed's relying party. */
export const RP = 'rp://service.yourcompany.com/';
/** The seed's URL (`https://service.yourcompany.com/yourpath`): signed, policy 0. */
export const SEED_URL = 'https://service.yourcompany.com/yourpath';
/** The title's MSA client id. */
export const CLIENT_ID = '000000004C26A1F0';
/** The title id. */
export const TITLE_ID = 0x1234abcd;
/** The account's XUID. */
export const ALICE_XUID = '2814660012345678';

/** @returns an emulator whose one account is `Alice`, signed in through the web view. */
export async function makeXalEmulator(): Promise<XalEmulator> {
  const [issuer, relyingParty] = await Promise.all([
    TokenIssuer.create(),
    RelyingParty.create({ audience: RP, publisherId: 'yourcompany', userClaims: ['xid', 'gtg', 'agg', 'prv'] }),
  ]);
  const title = new Title({
    titleId: TITLE_ID,
    endpoints: {
      SignaturePolicies: [DEFAULT_SIGNATURE_POLICY],
      EndPoints: [
        {
          Protocol: 'https',
          Host: '*.yourcompany.com',
          HostType: 'wildcard',
          RelyingParty: RP,
          TokenType: 'JWT',
          SignaturePolicyIndex: 0,
        },
      ],
    },
  });
  const device = new Device();
  const alice = new Account({ gamertag: 'Alice', xuid: ALICE_XUID });
  const world = new World({
    issuer,
    titles: [title],
    accounts: [alice],
    devices: [device],
    relyingParties: [relyingParty],
  });
  return new XalEmulator({ xsts: inProcessXsts(world), title, clientId: CLIENT_ID, device, accounts: [alice] });
}

const urlTypeName = (type: XalShowUrlType): string =>
  Object.entries(XalShowUrlType).find(([, value]) => value === type)?.[0] ?? String(type);

/**
 * The title's web view: logs `XalPlatformWebShowUrl: type=…` and answers as a shared system browser
 * (the sign-in page signs the account in; cookie removal completes at once).
 * @param Log - [in] where the line goes.
 * @returns the handler for `XalPlatformWebSetEventHandler`.
 */
export function loggingWebView(Log: (line: string) => void): XalPlatformWebShowUrlEventHandler {
  const browser = createEmulatorWebViewHandler();
  return (context, userIdentifier, operation, startUrl, finalUrl, showUrlType, headerCount, headers) => {
    Log(`XalPlatformWebShowUrl: type=${urlTypeName(showUrlType)}`);
    browser(context, userIdentifier, operation, startUrl, finalUrl, showUrlType, headerCount, headers);
  };
}

/** @returns storage hooks over a Map (the title's secure storage, in memory). */
export function memoryStorage(): XalPlatformStorageEventHandlers {
  const storage = new Map<string, Uint8Array>();
  return {
    context: null,
    write: (_c, _u, operation, key, size, data) => {
      storage.set(key, data.slice(0, size));
      XalPlatformStorageWriteComplete(operation, XalPlatformOperationResult.Success);
    },
    read: (_c, _u, operation, key) => {
      const data = storage.get(key) ?? null;
      XalPlatformStorageReadComplete(operation, XalPlatformOperationResult.Success, data?.length ?? 0, data);
    },
    clear: (_c, _u, operation, key) => {
      storage.delete(key);
      XalPlatformStorageClearComplete(operation, XalPlatformOperationResult.Success);
    },
  };
}

/**
 * The sandbox the XAL sample runs in: the real host (real keys and promises) and XAL's own live
 * counters, each of which must be back at 0 when the sample ends.
 */
export const XAL_SANDBOX: RuntimeSandboxOptions = {
  virtualHost: false,
  counters: Object.fromEntries(
    (['userHandles', 'deferrals', 'operations', 'callsInFlight', 'changeHandlers', 'initialized'] as const).map(
      (key) => [`XAL ${key}`, (): number => Number(xalLeakCounts()[key])],
    ),
  ),
};
