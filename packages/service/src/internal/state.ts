// The service's state and its file under the data directory: the world (titles, accounts, relying
// parties with their keys), the issuer's signing key, the devices that registered over HTTP, the
// NSAL documents, sign-outs, and the secret of the sealed tokens. Written atomically: a temporary
// file in the same directory, fsync, rename (a kill mid-write leaves the previous file whole).
import { createPrivateKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Account,
  AccountIssue,
  RelyingParty,
  Title,
  TokenIssuer,
  World,
  type AgeGroup,
  type EndpointConfiguration,
  type ProofKeyJwk,
} from '@gdkts/xboxlive';

/** A device that registered its proof key with `POST /device/authenticate`. */
export interface RemoteDevice {
  readonly id: string;
  readonly type: string;
  readonly version: string;
  readonly jwk: ProofKeyJwk;
}

/** The mutable part of the service besides the world. */
export interface ServiceState {
  readonly world: World;
  /** Secret of the sealed device/user/title tokens and tickets. */
  readonly secret: Buffer;
  /** The issuer's signing key and ptx secret, when the service created the issuer (to persist them). */
  readonly issuerKeys: { readonly signingKey: KeyObject; readonly partnerIdSecret: Buffer } | undefined;
  readonly devices: Map<string, RemoteDevice>;
  /** Title NSAL documents by title id (admin-editable; default: the title's own). */
  readonly endpoints: Map<number, EndpointConfiguration>;
  /** Unix ms of each account's last sign-out: user tokens issued before it are refused. */
  readonly signedOut: Map<string, number>;
}

/** The state file's name in the data directory (its temporary files are `.state.json.*.tmp`). */
export const STATE_FILE = 'state.json';
const STATE_VERSION = 1;

interface StateFile {
  readonly version: number;
  readonly secret: string;
  readonly issuer: { readonly signingKey: string; readonly partnerIdSecret: string };
  readonly titles: readonly { readonly titleId: number; readonly sandbox: string; readonly version: string }[];
  readonly endpoints: readonly { readonly titleId: number; readonly document: EndpointConfiguration }[];
  readonly accounts: readonly AccountRecord[];
  readonly relyingParties: readonly RelyingPartyRecord[];
  readonly devices: readonly RemoteDevice[];
  readonly signedOut: Readonly<Record<string, number>>;
}

interface AccountRecord {
  readonly xuid: string;
  readonly gamertag: string;
  readonly modernGamertag: string;
  readonly modernGamertagSuffix: string;
  readonly ageGroup: AgeGroup;
  readonly privileges: readonly number[];
  readonly sandboxes: readonly string[];
  readonly country?: string;
  readonly language?: string;
  readonly guest: boolean;
  readonly issues: readonly AccountIssue[];
}

/** A relying party's configuration (what `RelyingPartyOptions` takes back), without its keys. */
export type RelyingPartySettings = Pick<
  RelyingParty,
  'audience' | 'publisherId' | 'tokenLifetimeHours' | 'jkuSupport' | 'userClaims' | 'deviceClaims' | 'titleClaims'
>;

interface RelyingPartyRecord extends RelyingPartySettings {
  readonly privateKey: string;
  readonly certificate: string;
}

/** The configuration of a relying party, as the state file and the admin API show it. */
export function relyingPartySettings(rp: RelyingParty): RelyingPartySettings {
  const { audience, publisherId, tokenLifetimeHours, jkuSupport, userClaims, deviceClaims, titleClaims } = rp;
  return { audience, publisherId, tokenLifetimeHours, jkuSupport, userClaims, deviceClaims, titleClaims };
}

/** The plain record of an account (what the state file and the admin API show). */
export function accountRecord(account: Account): AccountRecord {
  return {
    xuid: account.xuid,
    gamertag: account.gamertag,
    modernGamertag: account.modernGamertag,
    modernGamertagSuffix: account.modernGamertagSuffix,
    ageGroup: account.ageGroup,
    privileges: [...account.privileges],
    sandboxes: [...account.sandboxes],
    ...(account.country === undefined ? {} : { country: account.country }),
    ...(account.language === undefined ? {} : { language: account.language }),
    guest: account.guest,
    issues: [...account.issues],
  };
}

function relyingPartyRecord(rp: RelyingParty): RelyingPartyRecord {
  return {
    ...relyingPartySettings(rp),
    privateKey: rp.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    certificate: rp.certificateDer.toString('base64'),
  };
}

/** The relying party every world has: Xbox Live's own, what SISU's AuthorizationToken and the title NSAL fetch use. */
export const XBOX_LIVE_RELYING_PARTY = 'http://xboxlive.com';

/**
 * A world to start from when none is given and the data directory holds no state: one title
 * (0x12345678, RETAIL), two accounts, Xbox Live's relying party and `rp://gdkts.local/`.
 */
export async function createDefaultState(jku: string, now: () => number): Promise<ServiceState> {
  const issuerKeys = { signingKey: await generateRsa(), partnerIdSecret: randomBytes(32) };
  const issuer = await TokenIssuer.create({ jku, now, ...issuerKeys });
  const world = new World({
    issuer,
    titles: [new Title({ titleId: 0x1234_5678 })],
    accounts: [
      new Account({ gamertag: 'Player One', xuid: '2535428717109723' }),
      new Account({ gamertag: 'Player Two', xuid: '2535428717109724' }),
    ],
    relyingParties: await Promise.all([
      RelyingParty.create({ audience: XBOX_LIVE_RELYING_PARTY, publisherId: 'microsoft', now }),
      RelyingParty.create({
        audience: 'rp://gdkts.local/',
        publisherId: 'gdkts',
        userClaims: ['xid', 'ptx', 'gtg', 'agg', 'prv'],
        now,
      }),
    ]),
  });
  return { world, secret: randomBytes(32), issuerKeys, devices: new Map(), endpoints: new Map(), signedOut: new Map() };
}

/** State around a world the caller built (nothing of it is persisted). */
export async function stateForWorld(world: World): Promise<ServiceState> {
  if (world.relyingParty(XBOX_LIVE_RELYING_PARTY) === undefined) {
    world.addRelyingParty(await RelyingParty.create({ audience: XBOX_LIVE_RELYING_PARTY, publisherId: 'microsoft' }));
  }
  return {
    world,
    secret: randomBytes(32),
    issuerKeys: undefined,
    devices: new Map(),
    endpoints: new Map(),
    signedOut: new Map(),
  };
}

function generateRsa(): Promise<KeyObject> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048 }, (error, _publicKey, privateKey) =>
      error === null ? resolve(privateKey) : reject(error),
    );
  });
}

/** Reads `dataDir/state.json`, or `undefined` when there is none. Throws when it is unreadable or of another version. */
export async function loadState(dataDir: string, jku: string, now: () => number): Promise<ServiceState | undefined> {
  const path = join(dataDir, STATE_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new RangeError(`Expected ${path} to be a readable state file, got ${code ?? String(error)}`, {
      cause: error,
    });
  }
  // Temporary files are what a write killed before its rename leaves; the state file is whole.
  const leftovers = (await readdir(dataDir)).filter(
    (name) => name.startsWith(`.${STATE_FILE}.`) && name.endsWith('.tmp'),
  );
  await Promise.all(leftovers.map((name) => rm(join(dataDir, name), { force: true })));
  let file: StateFile | null;
  try {
    file = JSON.parse(text) as StateFile | null;
  } catch (error) {
    throw new RangeError(`Expected ${path} to be JSON, got ${(error as Error).message}`, { cause: error });
  }
  if (file?.version !== STATE_VERSION)
    throw new RangeError(`Expected ${path} to be state version ${STATE_VERSION}, got \`${String(file?.version)}\``);
  const issuerKeys = {
    signingKey: createPrivateKey(file.issuer.signingKey),
    partnerIdSecret: Buffer.from(file.issuer.partnerIdSecret, 'base64'),
  };
  const issuer = await TokenIssuer.create({ jku, now, ...issuerKeys });
  const world = new World({
    issuer,
    titles: file.titles.map((title) => new Title(title)),
    accounts: file.accounts.map((record) => new Account(record)),
    relyingParties: file.relyingParties.map(
      (record) =>
        new RelyingParty({
          ...record,
          privateKey: createPrivateKey(record.privateKey),
          certificate: Buffer.from(record.certificate, 'base64'),
        }),
    ),
  });
  return {
    world,
    secret: Buffer.from(file.secret, 'base64'),
    issuerKeys,
    devices: new Map(file.devices.map((device) => [device.id, device])),
    endpoints: new Map(file.endpoints.map(({ titleId, document }) => [titleId, document])),
    signedOut: new Map(Object.entries(file.signedOut)),
  };
}

function serialize(state: ServiceState): string {
  if (state.issuerKeys === undefined) throw new TypeError('Expected a state whose issuer the service created');
  const { world } = state;
  const file: StateFile = {
    version: STATE_VERSION,
    secret: state.secret.toString('base64'),
    issuer: {
      signingKey: state.issuerKeys.signingKey.export({ format: 'pem', type: 'pkcs8' }) as string,
      partnerIdSecret: state.issuerKeys.partnerIdSecret.toString('base64'),
    },
    titles: [...world.titles()].map((title) => ({
      titleId: title.titleId,
      sandbox: title.sandbox,
      version: title.version,
    })),
    endpoints: [...state.endpoints].map(([titleId, document]) => ({ titleId, document })),
    accounts: [...world.accounts()].map(accountRecord),
    relyingParties: [...world.relyingParties()].map(relyingPartyRecord),
    devices: [...state.devices.values()],
    signedOut: Object.fromEntries(state.signedOut),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * Writes the state file atomically; calls are serialised, and each writes the state as it is then.
 * The directory is the caller's to create (see `prepareDataDirectory`).
 */
export function createStateWriter(
  dataDir: string,
  state: ServiceState,
): { save(): Promise<void>; flush(): Promise<void> } {
  let chain: Promise<void> = Promise.resolve();
  let serial = 0;
  const write = async (): Promise<void> => {
    const target = join(dataDir, STATE_FILE);
    const temp = join(dataDir, `.${STATE_FILE}.${process.pid}.${serial++}.tmp`);
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(serialize(state));
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  };
  return {
    save() {
      chain = chain.then(write, write);
      return chain;
    },
    flush: () => chain.catch(() => undefined),
  };
}

/** Checks an AccountIssue name (the admin API and faults take names). */
export function isAccountIssue(value: unknown): value is AccountIssue {
  return typeof value === 'string' && Object.hasOwn(AccountIssue, value);
}
