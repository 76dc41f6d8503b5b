/**
 * The identity engine of one emulated title process: the accounts on the device, the users the title
 * added (with session-scoped local ids and the default user), scripted sign-in and sign-out with
 * sign-out deferrals, change events, privileges, the resolve-with-UI flows, and token-and-signature
 * against the title's endpoint configuration through a per-user token cache. Instance-based, with no
 * native names: it answers with reasons, which `@gdkts/xuser` and `@gdkts/xal` map to their HRESULTs
 * (xuser-xal.md §1.1, §1.5, §1.7, §3).
 *
 * @module
 */
import { EndpointLookupStatus, Privilege } from '@gdkts/xboxlive';
import { createRequestSigner } from '@gdkts/xboxlive/client';
import type { RequestSigner, SignableRequest, XstsClient, XstsTokenResult } from '@gdkts/xboxlive/client';
import type { Account, AccountChange, Device, EndpointLookupResult, Title } from '@gdkts/xboxlive';
import { encodeGamerPicture } from './GamerPicture.js';
import { TokenCache } from './TokenCache.js';
import type { CachedToken, TokenCacheKey, TokenFetchResult } from './TokenCache.js';
import { acceptAllUi } from './UiScript.js';
import type { ControllerUiHandler, UiHandler, UiPrompt, UiResponse } from './UiScript.js';

/** A user's sign-in state, in the order of the native `XUserState` values. */
export const UserState = {
  /** Signed in. */
  SignedIn: 'signedIn',
  /** Signing out: the sign-out waits for deferrals. */
  SigningOut: 'signingOut',
  /** Signed out; handles still name the user, who may sign in again. */
  SignedOut: 'signedOut',
} as const;
/** One of the {@link UserState} values. */
export type UserState = (typeof UserState)[keyof typeof UserState];

/** The kinds of change event, in the order of the native `XUserChangeEvent` values. */
export const UserChange = {
  /** A signed-out user signed in again. */
  SignedInAgain: 'signedInAgain',
  /** A user started signing out; deferrals may be taken now. */
  SigningOut: 'signingOut',
  /** A user finished signing out. */
  SignedOut: 'signedOut',
  /** A gamertag changed. */
  Gamertag: 'gamertag',
  /** The gamer picture changed. */
  GamerPicture: 'gamerPicture',
  /** Privileges changed. */
  Privileges: 'privileges',
} as const;
/** One of the {@link UserChange} values. */
export type UserChange = (typeof UserChange)[keyof typeof UserChange];

/** Why a privilege is denied, in the order of the native `XUserPrivilegeDenyReason` values. */
export const PrivilegeDenyReason = {
  /** Not denied. */
  None: 'none',
  /** A purchase (a subscription) would grant it. */
  PurchaseRequired: 'purchaseRequired',
  /** Restricted by parental or account settings. */
  Restricted: 'restricted',
  /** The account is banned. */
  Banned: 'banned',
  /** No reason known. */
  Unknown: 'unknown',
} as const;
/** One of the {@link PrivilegeDenyReason} values. */
export type PrivilegeDenyReason = (typeof PrivilegeDenyReason)[keyof typeof PrivilegeDenyReason];

/** A user the title added. Its state changes; its local id and account never do. */
export interface SessionUser {
  /** Session-scoped id, stable for an account for the session's life (never persisted). */
  readonly localId: bigint;
  /** The account. */
  readonly account: Account;
  /** The current sign-in state. */
  readonly state: UserState;
  /** Bumped by {@link UserSession.changeGamerPicture}; part of the picture's pixels. */
  readonly pictureVersion: number;
}

/** A sign-out deferral: the sign-out waits until every deferral is completed or the timeout hits. */
export interface SignOutDeferral {
  /** Completes the deferral; later calls do nothing. */
  complete(): void;
}

/** A change event as listeners receive it. */
export interface UserChangeEvent {
  /** What changed. */
  readonly kind: UserChange;
  /** Whom it is about. */
  readonly user: SessionUser;
  /**
   * On `signingOut` only: takes a deferral, or `undefined` once the sign-out has finished (or timed
   * out). On other kinds, always `undefined`.
   */
  takeDeferral(): SignOutDeferral | undefined;
}

/** How an add chooses its user (xuser-xal.md §1.5 "XUserAddAsync semantics"). */
export type AddUserRequest =
  | {
      /** The default user, never UI (`AddDefaultUserSilently`, `XalTryAddDefaultUserSilentlyAsync`). */
      readonly mode: 'silent';
    }
  | {
      /** The default user, with UI only to fix the account or to choose a new default (`AddDefaultUserAllowingUI`). */
      readonly mode: 'silentAllowingUi';
    }
  | {
      /** The account picker (`None`, `AllowGuests`, `XalAddUserWithUiAsync`). */
      readonly mode: 'picker';
      /** Whether guests may be picked. Default false. */
      readonly allowGuests?: boolean;
    };

/** Why an add failed. */
export type AddUserFailure =
  /** A silent add found no default user (none signed in, or several and none default, or banned). */
  | 'noDefaultUser'
  /** The user dismissed the UI. */
  | 'aborted'
  /** The user set is full. */
  | 'maxUsersAdded'
  /** The account needs the user's action and the add may not show UI (or the fix failed). */
  | 'resolveRequired'
  /** The account may not use the title's sandbox. */
  | 'notInSandbox'
  /** No account with that XUID is signed in on the device. */
  | 'userNotFound';

/** The outcome of an add. */
export type AddUserResult =
  | {
      /** Discriminant. */
      readonly ok: true;
      /** The added user (not yet held). */
      readonly user: SessionUser;
    }
  | {
      /** Discriminant. */
      readonly ok: false;
      /** Why not. */
      readonly reason: AddUserFailure;
    };

/** What {@link UserSession.checkPrivilege} answers. */
export interface PrivilegeCheck {
  /** Whether the privilege is held. */
  readonly has: boolean;
  /** Why not (`none` when held); informational, as natively. */
  readonly reason: PrivilegeDenyReason;
}

/** The outcome of a resolve-with-UI flow. */
export type ResolveResult = 'ok' | 'aborted' | 'failedToResolve';

/** A user's default communication audio endpoint kind, in the order of the native `XUserDefaultAudioEndpointKind` values. */
export const AudioEndpointKind = {
  /** Where the user's chat is played (headset speaker). */
  CommunicationRender: 'communicationRender',
  /** Where the user's voice is captured (headset microphone). */
  CommunicationCapture: 'communicationCapture',
} as const;
/** One of the {@link AudioEndpointKind} values. */
export type AudioEndpointKind = (typeof AudioEndpointKind)[keyof typeof AudioEndpointKind];

/** An input device (a controller) on the device, and whom it is paired with. */
export interface InputDeviceOptions {
  /** The device's id: 32 bytes (`APP_LOCAL_DEVICE_ID`). */
  readonly id: Uint8Array;
  /** XUID of the account it is paired with. Default none. */
  readonly xuid?: string;
}

/** A user's default communication audio endpoints. */
export interface AudioEndpointOptions {
  /** XUID of the account. */
  readonly xuid: string;
  /** The render endpoint id. Default none. */
  readonly communicationRender?: string;
  /** The capture endpoint id. Default none. */
  readonly communicationCapture?: string;
}

/** An input device changed hands: `oldUser` lost it, `newUser` got it (either may be none). */
export interface DeviceAssociationEvent {
  /** The device's id (a copy). */
  readonly deviceId: Uint8Array;
  /** Whom it was paired with, or `undefined`. */
  readonly oldUser: SessionUser | undefined;
  /** Whom it is paired with now, or `undefined`. */
  readonly newUser: SessionUser | undefined;
}

/** A user's default audio endpoint changed. */
export interface AudioEndpointEvent {
  /** Whose. */
  readonly user: SessionUser;
  /** Which one. */
  readonly kind: AudioEndpointKind;
  /** The new endpoint id, or `undefined` when the user has none now. */
  readonly endpointId: string | undefined;
}

/** What {@link UserSession.findController} answers: the paired device's id, or why there is none. */
export type FindControllerResult = Uint8Array | 'aborted' | 'noDevice';

/** One request to get a token and a signature for. */
export interface TokenAndSignatureRequest {
  /** HTTP method. */
  readonly method: string;
  /** The full request URL. */
  readonly url: string;
  /** Request headers (a signature policy's `ExtraHeaders` are read from them), as name/value pairs. */
  readonly headers?: readonly (readonly [name: string, value: string])[];
  /** The body as sent. */
  readonly body?: Uint8Array;
  /** Never reuse a cached token. */
  readonly forceRefresh?: boolean;
  /** A token for every added user (`x=*`). */
  readonly allUsers?: boolean;
}

/** Why a token request failed. */
export type TokenFailure =
  | {
      /** `invalidUrl`: not an absolute URL; `noTokenRequired`: no endpoint matches; `signedOut`: the user is signed out (or signing out). */
      readonly reason: 'invalidUrl' | 'noTokenRequired' | 'signedOut';
    }
  | {
      /** XSTS refused: `userActionRequired` (the account needs the user's action) or `notInSandbox`. */
      readonly reason: 'userActionRequired' | 'notInSandbox';
      /** XSTS's XErr (unsigned). */
      readonly xerr: number;
    }
  | {
      /** The XSTS call itself failed (network, service). */
      readonly reason: 'xstsFailed';
      /** What it threw. */
      readonly error: unknown;
    };

/** The outcome of a token request. */
export type TokenAndSignatureResult =
  | {
      /** Discriminant. */
      readonly ok: true;
      /** The whole `Authorization` value, `XBL3.0 x=<uhs>;<token>`. */
      readonly token: string;
      /** The `Signature` value, or `null` when the endpoint has no signature policy. */
      readonly signature: string | null;
    }
  | ({
      /** Discriminant. */
      readonly ok: false;
    } & TokenFailure);

/** An account on the device and whether it is signed in there. */
export interface DeviceAccountOptions {
  /** The account. */
  readonly account: Account;
  /** Whether it is signed in on the device. Default true. */
  readonly signedIn?: boolean;
}

/** Options of the {@link UserSession} constructor. */
export interface UserSessionOptions {
  /** Where tokens come from. */
  readonly xsts: XstsClient;
  /** The title: its id, sandbox and endpoint configuration. */
  readonly title: Title;
  /** The device: its id and proof key. */
  readonly device: Device;
  /** The accounts on the device. */
  readonly accounts?: Iterable<Account | DeviceAccountOptions>;
  /** XUID of the launching (default) user. Default: the only signed-in non-guest account, if exactly one. */
  readonly defaultUser?: string;
  /** How many users the title may add at once. Default 4. */
  readonly maxUsers?: number;
  /** Answers UI prompts. Default {@link acceptAllUi}. */
  readonly ui?: UiHandler;
  /** The clock, in milliseconds, for token expiry and signatures. Default `Date.now`. */
  readonly now?: () => number;
  /** How long a sign-out waits for deferrals, in milliseconds. Default 10 000. */
  readonly signOutTimeoutMs?: number;
  /** The input devices (controllers) and their pairings. Default none. */
  readonly inputDevices?: Iterable<InputDeviceOptions>;
  /** The accounts' default communication audio endpoints. Default none. */
  readonly audioEndpoints?: Iterable<AudioEndpointOptions>;
  /** Answers the find-controller prompt. Default: completes (the user's controller, else the first free one). */
  readonly controllerUi?: ControllerUiHandler;
}

class UserRecord implements SessionUser {
  readonly localId: bigint;
  readonly account: Account;
  state: UserState = UserState.SignedIn;
  pictureVersion = 0;
  holders = 0;
  inSet = false;
  unsubscribe: (() => void) | undefined;
  /** The sign-out in progress, if any. */
  signingOut: Promise<void> | undefined;
  /** The endpoint match of this user's last token request, and its token-cache key (a one-entry memo). */
  lastMatch: EndpointLookupResult | undefined = undefined;
  lastKey: TokenCacheKey | undefined = undefined;
  constructor(localId: bigint, account: Account) {
    this.localId = localId;
    this.account = account;
  }
}

interface DeviceAccount {
  readonly account: Account;
  signedIn: boolean;
}

interface InputDevice {
  readonly id: Uint8Array;
  /** XUID of the paired account. */
  xuid: string | undefined;
}

/** `APP_LOCAL_DEVICE_ID_SIZE`. */
const DEVICE_ID_BYTES = 32;

function deviceKey(id: Uint8Array): string {
  return Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString('hex');
}

const NO_DEFERRAL = (): undefined => undefined;
/** Privileges that need a subscription for an adult who lacks them. [inferred] */
const SUBSCRIPTION_PRIVILEGES: ReadonlySet<number> = new Set([
  Privilege.Multiplayer,
  Privilege.Sessions,
  Privilege.MultiplayerParties,
  Privilege.CloudManageSession,
  Privilege.CloudJoinSession,
]);
/** The token cache's user part for an AllUsers token. */
const ALL_USERS_KEY = '*';
/** How many URL lookups a session remembers. */
const LOOKUP_CACHE_SIZE = 256;
/** The first local id; real ones look random, these are merely distinct. */
const FIRST_LOCAL_ID = 0x1000n;

function expect(condition: boolean, message: string): asserts condition {
  if (!condition) throw new TypeError(message);
}

/**
 * One emulated title process's identity state. Construct it with the title, the device and its
 * accounts; drive it from the native layer (add, find, token requests) and from tests (sign-out,
 * profile changes). {@link UserSession.close} stops everything.
 */
export class UserSession {
  /** The title. */
  readonly title: Title;
  /** The device. */
  readonly device: Device;
  /** How many users the title may add at once. */
  readonly maxUsers: number;
  readonly #xsts: XstsClient;
  readonly #ui: UiHandler;
  readonly #controllerUi: ControllerUiHandler;
  readonly #now: () => number;
  readonly #signer: RequestSigner;
  readonly #signOutTimeoutMs: number;
  readonly #deviceAccounts = new Map<string, DeviceAccount>();
  /** Every record ever made, by XUID: the local id of an account is stable for the session. */
  readonly #records = new Map<string, UserRecord>();
  readonly #listeners = new Set<(event: UserChangeEvent) => void>();
  readonly #deviceListeners = new Set<(event: DeviceAssociationEvent) => void>();
  readonly #audioListeners = new Set<(event: AudioEndpointEvent) => void>();
  /** Input devices by the hex of their id, in the order they were added. */
  readonly #inputDevices = new Map<string, InputDevice>();
  /** Audio endpoint ids by XUID, then kind. */
  readonly #audio = new Map<string, Map<AudioEndpointKind, string>>();
  /** Ends of the sign-out waits in progress: each stops its timer and lets its sign-out finish. */
  readonly #waits = new Set<() => void>();
  readonly #cache: TokenCache<TokenFailure>;
  readonly #lookups = new Map<string, EndpointLookupResult>();
  /** The AllUsers token-cache key memo. */
  readonly #allUsers: { lastMatch: EndpointLookupResult | undefined; lastKey: TokenCacheKey | undefined } = {
    lastMatch: undefined,
    lastKey: undefined,
  };
  #defaultXuid: string | undefined;
  #nextLocalId = FIRST_LOCAL_ID;
  #closed = false;

  /**
   * @param options - [in] XSTS client, title, device, accounts, default user, limits, UI and clock.
   * @throws TypeError for a missing client, title or device, or a default user not on the device.
   * @throws RangeError for `maxUsers` outside 1–65535 or a negative `signOutTimeoutMs`.
   */
  constructor(options: UserSessionOptions) {
    expect(
      typeof options?.xsts?.getToken === 'function',
      `Expected \`xsts\` to be an XstsClient, got \`${String(options?.xsts)}\``,
    );
    expect(
      typeof options.title?.lookupEndpoint === 'function',
      `Expected \`title\` to be a Title, got \`${String(options.title)}\``,
    );
    expect(
      typeof options.device?.proofKey === 'object',
      `Expected \`device\` to be a Device, got \`${String(options.device)}\``,
    );
    const maxUsers = options.maxUsers ?? 4;
    if (!Number.isInteger(maxUsers) || maxUsers < 1 || maxUsers > 0xffff)
      throw new RangeError(`Expected \`maxUsers\` to be an integer in 1..65535, got \`${String(maxUsers)}\``);
    const timeout = options.signOutTimeoutMs ?? 10_000;
    if (typeof timeout !== 'number' || !(timeout >= 0))
      throw new RangeError(`Expected \`signOutTimeoutMs\` to be a non-negative number, got \`${String(timeout)}\``);
    this.#xsts = options.xsts;
    this.title = options.title;
    this.device = options.device;
    this.maxUsers = maxUsers;
    this.#ui = options.ui ?? acceptAllUi;
    this.#controllerUi = options.controllerUi ?? ((): UiResponse => ({ outcome: 'completed' }));
    this.#now = options.now ?? Date.now;
    this.#signer = createRequestSigner(options.device.proofKey.privateKey, { now: this.#now });
    this.#signOutTimeoutMs = timeout;
    this.#cache = new TokenCache<TokenFailure>(this.#now);
    for (const entry of options.accounts ?? []) {
      const { account, signedIn = true } = 'account' in entry ? entry : { account: entry };
      this.addDeviceAccount(account, signedIn);
    }
    for (const device of options.inputDevices ?? []) this.addInputDevice(device.id, device.xuid);
    for (const entry of options.audioEndpoints ?? []) {
      for (const kind of Object.values(AudioEndpointKind)) {
        const id = entry[kind];
        if (id !== undefined) this.setAudioEndpoint(entry.xuid, kind, id);
      }
    }
    if (options.defaultUser !== undefined) {
      expect(
        this.#deviceAccounts.has(options.defaultUser),
        `Expected \`defaultUser\` to be the XUID of an account on the device, got \`${String(options.defaultUser)}\``,
      );
      this.#defaultXuid = options.defaultUser;
    }
  }

  // --- the device -------------------------------------------------------------------------------

  /**
   * Puts an account on the device.
   *
   * @param account - [in] the account.
   * @param signedIn - [in] whether it is signed in on the device. Default true.
   * @throws TypeError when an account with the same XUID is already on the device.
   */
  addDeviceAccount(account: Account, signedIn = true): void {
    expect(typeof account?.xuid === 'string', `Expected an Account, got \`${String(account)}\``);
    expect(!this.#deviceAccounts.has(account.xuid), `Expected XUID ${account.xuid} to be on the device once`);
    this.#deviceAccounts.set(account.xuid, { account, signedIn });
  }

  /** The accounts on the device, in the order they were added. */
  get deviceAccounts(): readonly Account[] {
    return [...this.#deviceAccounts.values()].map((entry) => entry.account);
  }

  /** The default (launching) user's XUID, when there is one. */
  get defaultUser(): string | undefined {
    return this.#defaultXuid;
  }

  /**
   * Whether an account is signed in on the device.
   *
   * @param xuid - [in] the account's XUID.
   * @returns false for an account that is not on the device.
   */
  isSignedInOnDevice(xuid: string): boolean {
    return this.#deviceAccounts.get(xuid)?.signedIn === true;
  }

  /**
   * Signs an account in on the device. A user the title still holds who was signed out gets
   * `signedInAgain`.
   *
   * @param xuid - [in] the account's XUID.
   * @throws TypeError when the account is not on the device.
   */
  signIn(xuid: string): void {
    const entry = this.#deviceAccounts.get(xuid);
    expect(entry !== undefined, `Expected XUID ${String(xuid)} to be on the device`);
    entry.signedIn = true;
    const record = this.#records.get(xuid);
    if (record?.inSet === true && record.state === UserState.SignedOut) {
      record.state = UserState.SignedIn;
      this.#emit(UserChange.SignedInAgain, record, NO_DEFERRAL);
    }
  }

  /**
   * Signs an account out on the device. A user the title added goes `signingOut` (listeners may take
   * deferrals), then, once every deferral is completed or the timeout hits, `signedOut`; their cached
   * tokens are dropped.
   *
   * @param xuid - [in] the account's XUID.
   * @returns a Promise that settles once the user is signed out.
   * @throws TypeError when the account is not on the device.
   */
  signOut(xuid: string): Promise<void> {
    const entry = this.#deviceAccounts.get(xuid);
    expect(entry !== undefined, `Expected XUID ${String(xuid)} to be on the device`);
    entry.signedIn = false;
    const record = this.#records.get(xuid);
    if (record === undefined || !record.inSet) return Promise.resolve();
    if (record.signingOut !== undefined) return record.signingOut;
    if (record.state !== UserState.SignedIn) return Promise.resolve();
    record.state = UserState.SigningOut;
    record.signingOut = this.#runSignOut(record).finally(() => {
      record.signingOut = undefined;
    });
    return record.signingOut;
  }

  async #runSignOut(record: UserRecord): Promise<void> {
    let open = 0;
    let finished = false;
    let release: () => void = () => undefined;
    const allCompleted = new Promise<void>((resolve) => {
      release = resolve;
    });
    const take = (): SignOutDeferral | undefined => {
      if (finished) return undefined;
      open++;
      let done = false;
      return {
        complete: () => {
          if (done) return;
          done = true;
          if (--open === 0) release();
        },
      };
    };
    this.#emit(UserChange.SigningOut, record, take);
    if (open > 0 && !this.#closed) {
      await new Promise<void>((resolve) => {
        const end = (): void => {
          clearTimeout(timer);
          this.#waits.delete(end);
          resolve();
        };
        const timer = setTimeout(end, this.#signOutTimeoutMs);
        this.#waits.add(end);
        allCompleted.then(end, end); // it never rejects
      });
    }
    finished = true;
    record.state = UserState.SignedOut;
    this.#dropTokens(record);
    this.#emit(UserChange.SignedOut, record, NO_DEFERRAL);
    const entry = this.#deviceAccounts.get(record.account.xuid);
    if (entry?.signedIn === true && record.inSet) this.signIn(record.account.xuid);
  }

  /**
   * Announces a new gamer picture for an account (the `gamerPicture` event for a user the title holds).
   *
   * @param xuid - [in] the account's XUID.
   * @throws TypeError when the account is not on the device.
   */
  changeGamerPicture(xuid: string): void {
    expect(this.#deviceAccounts.has(xuid), `Expected XUID ${String(xuid)} to be on the device`);
    const record = this.#records.get(xuid);
    if (record === undefined) return;
    record.pictureVersion++;
    if (record.inSet) this.#emit(UserChange.GamerPicture, record, NO_DEFERRAL);
  }

  // --- input devices and audio endpoints --------------------------------------------------------

  /**
   * Puts an input device (a controller) on the device.
   *
   * @param id - [in] its 32-byte id (copied).
   * @param xuid - [in, optional] the account it is paired with.
   * @throws TypeError for an id that is not 32 bytes, one already on the device, or an account not on the device.
   */
  addInputDevice(id: Uint8Array, xuid?: string): void {
    expect(
      id instanceof Uint8Array && id.length === DEVICE_ID_BYTES,
      `Expected \`id\` to be ${DEVICE_ID_BYTES} bytes, got \`${String(id)}\``,
    );
    const key = deviceKey(id);
    expect(!this.#inputDevices.has(key), `Expected input device ${key} to be on the device once`);
    if (xuid !== undefined) expect(this.#deviceAccounts.has(xuid), `Expected XUID ${String(xuid)} to be on the device`);
    this.#inputDevices.set(key, { id: id.slice(), xuid });
  }

  /** The input devices' ids (copies), in the order they were added. */
  get inputDevices(): readonly Uint8Array[] {
    return [...this.#inputDevices.values()].map((device) => device.id.slice());
  }

  /**
   * The user the title holds who is paired with an input device.
   *
   * @param deviceId - [in] the device's id.
   * @returns the user, or `undefined` (unknown device, no pairing, or an account the title does not hold).
   */
  findByDevice(deviceId: Uint8Array): SessionUser | undefined {
    const xuid = this.#inputDevices.get(deviceKey(deviceId))?.xuid;
    return xuid === undefined ? undefined : this.findById(xuid);
  }

  /**
   * Pairs an input device with an account, or unpairs it; listeners hear of a change.
   *
   * @param deviceId - [in] the device's id.
   * @param xuid - [in] the account's XUID, or `null` to unpair.
   * @throws TypeError for a device or an account that is not on the device.
   */
  pairInputDevice(deviceId: Uint8Array, xuid: string | null): void {
    const device = deviceId instanceof Uint8Array ? this.#inputDevices.get(deviceKey(deviceId)) : undefined;
    expect(device !== undefined, `Expected an input device on the device, got \`${String(deviceId)}\``);
    if (xuid !== null) expect(this.#deviceAccounts.has(xuid), `Expected XUID ${String(xuid)} to be on the device`);
    const before = device.xuid;
    const after = xuid ?? undefined;
    if (before === after) return;
    device.xuid = after;
    const userOf = (x: string | undefined): SessionUser | undefined => {
      if (x === undefined) return undefined;
      const entry = this.#deviceAccounts.get(x);
      return entry === undefined ? undefined : this.#recordOf(entry.account);
    };
    const event: DeviceAssociationEvent = Object.freeze({
      deviceId: device.id.slice(),
      oldUser: userOf(before),
      newUser: userOf(after),
    });
    for (const listener of [...this.#deviceListeners]) listener(event);
  }

  /**
   * The flow that asks a user to pick up a controller (find-controller UI): the device the user
   * picks (the prompt's answer, else the first one not paired with someone else) is paired with them.
   *
   * @param user - [in] a user of this session.
   * @returns the paired device's id, `aborted` when dismissed, `noDevice` when none could be paired.
   */
  async findController(user: SessionUser): Promise<FindControllerResult> {
    const { account } = this.#record(user);
    const response = await this.#controllerUi(Object.freeze({ kind: 'findController', account }));
    if (response.outcome === 'dismissed') return 'aborted';
    if (response.outcome === 'failed') return 'noDevice';
    const devices = [...this.#inputDevices.values()];
    const chosen =
      response.deviceId !== undefined
        ? this.#inputDevices.get(deviceKey(response.deviceId))
        : (devices.find((d) => d.xuid === account.xuid) ?? devices.find((d) => d.xuid === undefined));
    if (chosen === undefined) return 'noDevice';
    this.pairInputDevice(chosen.id, account.xuid);
    return chosen.id.slice();
  }

  #deviceOf(xuid: string): InputDevice | undefined {
    for (const device of this.#inputDevices.values()) if (device.xuid === xuid) return device;
    return undefined;
  }

  /**
   * Registers an input-device pairing listener (synchronous, in registration order).
   *
   * @param listener - [in] the listener.
   * @returns a function that unregisters it.
   */
  onDeviceAssociation(listener: (event: DeviceAssociationEvent) => void): () => void {
    this.#deviceListeners.add(listener);
    return () => {
      this.#deviceListeners.delete(listener);
    };
  }

  /**
   * A user's default communication audio endpoint.
   *
   * @param user - [in] a user of this session.
   * @param kind - [in] render or capture.
   * @returns the endpoint id, or `undefined` when the user has none.
   */
  audioEndpoint(user: SessionUser, kind: AudioEndpointKind): string | undefined {
    return this.#audio.get(this.#record(user).account.xuid)?.get(kind);
  }

  /**
   * Sets or removes an account's default communication audio endpoint; when the title holds that
   * user, audio listeners hear of a change.
   *
   * @param xuid - [in] the account's XUID.
   * @param kind - [in] render or capture.
   * @param endpointId - [in] the endpoint id, or `null` to remove it.
   * @throws TypeError for an account not on the device, an unknown kind or an empty id.
   */
  setAudioEndpoint(xuid: string, kind: AudioEndpointKind, endpointId: string | null): void {
    expect(this.#deviceAccounts.has(xuid), `Expected XUID ${String(xuid)} to be on the device`);
    expect(
      (Object.values(AudioEndpointKind) as string[]).includes(kind),
      `Expected \`kind\` to be an AudioEndpointKind, got \`${String(kind)}\``,
    );
    expect(
      endpointId === null || (typeof endpointId === 'string' && endpointId !== ''),
      `Expected \`endpointId\` to be a non-empty string or null, got \`${String(endpointId)}\``,
    );
    let endpoints = this.#audio.get(xuid);
    if (endpoints === undefined) {
      endpoints = new Map();
      this.#audio.set(xuid, endpoints);
    }
    const before = endpoints.get(kind);
    if (endpointId === null) endpoints.delete(kind);
    else endpoints.set(kind, endpointId);
    const after = endpointId ?? undefined;
    const record = this.#records.get(xuid);
    if (before === after || record?.inSet !== true) return;
    const event: AudioEndpointEvent = Object.freeze({ user: record, kind, endpointId: after });
    for (const listener of [...this.#audioListeners]) listener(event);
  }

  /**
   * Registers an audio endpoint listener (synchronous, in registration order).
   *
   * @param listener - [in] the listener.
   * @returns a function that unregisters it.
   */
  onAudioEndpoint(listener: (event: AudioEndpointEvent) => void): () => void {
    this.#audioListeners.add(listener);
    return () => {
      this.#audioListeners.delete(listener);
    };
  }

  // --- the user set -----------------------------------------------------------------------------

  /** The users the title holds, in local-id order. */
  get users(): readonly SessionUser[] {
    return [...this.#records.values()].filter((record) => record.inSet);
  }

  /**
   * Takes a hold on a user (the native layer's handle references). While held, a user stays in the
   * set, even signed out.
   *
   * @param user - [in] a user of this session.
   */
  retain(user: SessionUser): void {
    const record = this.#record(user);
    record.holders++;
    if (!record.inSet) this.#enter(record);
  }

  /**
   * Releases a hold; the last release removes the user from the set (the slot is free again; the
   * local id stays the account's).
   *
   * @param user - [in] a user of this session.
   */
  release(user: SessionUser): void {
    const record = this.#record(user);
    if (record.holders === 0) return;
    if (--record.holders === 0) this.#leave(record);
  }

  /**
   * The user with a XUID, when the title holds them.
   *
   * @param xuid - [in] a XUID.
   * @returns the user, or `undefined`.
   */
  findById(xuid: string): SessionUser | undefined {
    const record = this.#records.get(xuid);
    return record?.inSet === true ? record : undefined;
  }

  /**
   * The user with a local id, when the title holds them.
   *
   * @param localId - [in] a local id.
   * @returns the user, or `undefined`.
   */
  findByLocalId(localId: bigint): SessionUser | undefined {
    for (const record of this.#records.values()) if (record.localId === localId && record.inSet) return record;
    return undefined;
  }

  /**
   * Adds a user: the default user (silently, or allowing UI) or one picked in the account picker,
   * following xuser-xal.md §1.5. Adding a user the title already holds answers that user.
   *
   * @param request - [in] how to choose.
   * @returns the user (not yet held: take a hold with {@link UserSession.retain}) or why not.
   */
  async addUser(request: AddUserRequest): Promise<AddUserResult> {
    let account: Account | undefined;
    if (request.mode === 'picker') {
      const picked = await this.#pick(request.allowGuests === true);
      if (typeof picked === 'string') return { ok: false, reason: picked };
      account = picked;
    } else {
      account = this.#currentDefault();
      if (account === undefined) {
        if (request.mode === 'silent') return { ok: false, reason: 'noDefaultUser' };
        const picked = await this.#pick(false);
        if (typeof picked === 'string') return { ok: false, reason: picked };
        account = picked;
        this.#defaultXuid = account.xuid;
      } else if (request.mode === 'silent' && account.issues.has('Banned')) {
        return { ok: false, reason: 'noDefaultUser' };
      }
    }
    return this.#admit(account, request.mode !== 'silent');
  }

  /**
   * Adds the user with a XUID who is signed in on the device (an invite's target), with UI only to
   * fix the account.
   *
   * @param xuid - [in] the XUID.
   * @returns the user (not yet held) or why not (`userNotFound` when not signed in on the device).
   */
  async addUserById(xuid: string): Promise<AddUserResult> {
    const entry = this.#deviceAccounts.get(xuid);
    if (entry === undefined || !entry.signedIn) return { ok: false, reason: 'userNotFound' };
    return this.#admit(entry.account, true);
  }

  #currentDefault(): Account | undefined {
    if (this.#defaultXuid !== undefined) {
      const entry = this.#deviceAccounts.get(this.#defaultXuid);
      if (entry?.signedIn === true) return entry.account;
    }
    const signedIn = [...this.#deviceAccounts.values()].filter((entry) => entry.signedIn && !entry.account.guest);
    if (signedIn.length !== 1) return undefined;
    const only = (signedIn[0] as DeviceAccount).account;
    this.#defaultXuid = only.xuid;
    return only;
  }

  async #pick(allowGuests: boolean): Promise<Account | 'aborted'> {
    const candidates = [...this.#deviceAccounts.values()]
      .map((entry) => entry.account)
      .filter((account) => allowGuests || !account.guest);
    const response = await this.#ask({ kind: 'accountPicker', allowGuests, candidates });
    if (response.outcome !== 'completed') return 'aborted';
    const xuid =
      response.xuid ??
      (this.#defaultXuid !== undefined && candidates.some((a) => a.xuid === this.#defaultXuid)
        ? this.#defaultXuid
        : candidates[0]?.xuid);
    // an account that joined the device during the prompt (a platform that learns accounts as they
    // sign in, as XAL over HTTP does) is picked as well
    const joined = xuid === undefined ? undefined : this.#deviceAccounts.get(xuid)?.account;
    const account =
      candidates.find((candidate) => candidate.xuid === xuid) ??
      (joined !== undefined && (allowGuests || !joined.guest) ? joined : undefined);
    if (account === undefined) return 'aborted';
    this.signIn(account.xuid);
    return account;
  }

  async #admit(account: Account, allowUi: boolean): Promise<AddUserResult> {
    if (account.requiresUserAction) {
      if (!allowUi) return { ok: false, reason: 'resolveRequired' };
      const resolved = await this.#resolveIssues(account, null);
      if (resolved === 'aborted') return { ok: false, reason: 'aborted' };
      if (resolved === 'failedToResolve') return { ok: false, reason: 'resolveRequired' };
    }
    if (!account.canAccessSandbox(this.title.sandbox)) return { ok: false, reason: 'notInSandbox' };
    const known = this.#records.get(account.xuid);
    let record: UserRecord;
    if (known?.inSet === true) record = known;
    else {
      if (this.users.length >= this.maxUsers) return { ok: false, reason: 'maxUsersAdded' };
      record = this.#recordOf(account);
      record.state = this.isSignedInOnDevice(account.xuid) ? UserState.SignedIn : UserState.SignedOut;
      this.#enter(record);
    }
    // A user who signs in gets a controller: the system pairs a free one (xuser-xal.md §1.5).
    if (this.#deviceOf(account.xuid) === undefined) {
      const free = [...this.#inputDevices.values()].find((device) => device.xuid === undefined);
      if (free !== undefined) this.pairInputDevice(free.id, account.xuid);
    }
    return { ok: true, user: record };
  }

  #enter(record: UserRecord): void {
    record.inSet = true;
    record.unsubscribe = record.account.onChange((change) => this.#accountChanged(record, change));
  }

  #leave(record: UserRecord): void {
    record.inSet = false;
    record.unsubscribe?.();
    record.unsubscribe = undefined;
    this.#dropTokens(record);
  }

  #accountChanged(record: UserRecord, change: AccountChange): void {
    // Tokens carry the profile and privileges as claims; an account issue must surface at once.
    if (
      change === 'gamertag' ||
      change === 'privileges' ||
      change === 'issues' ||
      change === 'sandboxes' ||
      change === 'ageGroup'
    ) {
      this.#dropTokens(record);
    }
    if (change === 'gamertag') this.#emit(UserChange.Gamertag, record, NO_DEFERRAL);
    if (change === 'privileges') this.#emit(UserChange.Privileges, record, NO_DEFERRAL);
  }

  /** Drops a user's cached tokens, and the AllUsers tokens (which carry every user's claims). */
  #dropTokens(record: UserRecord): void {
    this.#cache.deleteUser(String(record.localId));
    this.#cache.deleteUser(ALL_USERS_KEY);
  }

  /** The account's record (made on first need: a local id is the account's for the session). */
  #recordOf(account: Account): UserRecord {
    let record = this.#records.get(account.xuid);
    if (record === undefined) {
      record = new UserRecord(this.#nextLocalId++, account);
      this.#records.set(account.xuid, record);
    }
    return record;
  }

  #record(user: SessionUser): UserRecord {
    const record = user instanceof UserRecord ? this.#records.get(user.account.xuid) : undefined;
    expect(record === user, 'Expected a user of this session');
    return record;
  }

  // --- events -------------------------------------------------------------------------------------

  /**
   * Registers a change listener. Listeners run synchronously, in registration order, when the change
   * happens; on `signingOut` they may take deferrals.
   *
   * @param listener - [in] the listener.
   * @returns a function that unregisters it.
   */
  onChange(listener: (event: UserChangeEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #emit(kind: UserChange, user: UserRecord, takeDeferral: () => SignOutDeferral | undefined): void {
    const event: UserChangeEvent = Object.freeze({ kind, user, takeDeferral });
    for (const listener of [...this.#listeners]) listener(event);
  }

  // --- privileges and UI flows ------------------------------------------------------------------

  /**
   * Whether a user holds a privilege, and if not, why (an informational reason, as natively).
   *
   * @param user - [in] a user of this session.
   * @param privilege - [in] the privilege id.
   * @returns `has` and the deny reason (`none` when granted).
   */
  checkPrivilege(user: SessionUser, privilege: number): PrivilegeCheck {
    const { account } = this.#record(user);
    if (account.hasPrivilege(privilege)) return { has: true, reason: PrivilegeDenyReason.None };
    if (account.issues.has('Banned')) return { has: false, reason: PrivilegeDenyReason.Banned };
    if (account.ageGroup !== 'Adult') return { has: false, reason: PrivilegeDenyReason.Restricted };
    return {
      has: false,
      reason: SUBSCRIPTION_PRIVILEGES.has(privilege)
        ? PrivilegeDenyReason.PurchaseRequired
        : PrivilegeDenyReason.Restricted,
    };
  }

  /**
   * The flow that fixes a user's account issues (the resolve-with-UI API).
   *
   * @param user - [in] a user of this session.
   * @param url - [in] the URL whose token request failed, or `null`.
   * @returns `ok` when no issue remains, `aborted` when dismissed, `failedToResolve` otherwise.
   */
  resolveIssue(user: SessionUser, url: string | null): Promise<ResolveResult> {
    return this.#resolveIssues(this.#record(user).account, url);
  }

  async #resolveIssues(account: Account, url: string | null): Promise<ResolveResult> {
    if (!account.requiresUserAction) return 'ok';
    const response = await this.#ask({ kind: 'resolveIssue', account, url });
    if (response.outcome === 'dismissed') return 'aborted';
    if (response.outcome === 'failed') return 'failedToResolve';
    return account.resolveUserIssues().length === 0 ? 'ok' : 'failedToResolve';
  }

  /**
   * The flow that grants a missing privilege (purchase, parental approval). A banned account cannot
   * be helped; a privilege already held needs no UI.
   *
   * @param user - [in] a user of this session.
   * @param privilege - [in] the privilege id.
   * @returns `ok` when the user now holds it, `aborted` when dismissed, `failedToResolve` otherwise.
   */
  async resolvePrivilege(user: SessionUser, privilege: number): Promise<ResolveResult> {
    const { account } = this.#record(user);
    if (account.hasPrivilege(privilege)) return 'ok';
    if (account.issues.has('Banned')) return 'failedToResolve';
    const response = await this.#ask({ kind: 'resolvePrivilege', account, privilege });
    if (response.outcome === 'dismissed') return 'aborted';
    if (response.outcome === 'failed') return 'failedToResolve';
    account.update({ privileges: [...account.privileges, privilege] });
    return 'ok';
  }

  async #ask(prompt: UiPrompt): Promise<UiResponse> {
    return this.#ui(Object.freeze(prompt));
  }

  // --- gamer picture ------------------------------------------------------------------------------

  /**
   * The user's gamer picture as PNG bytes.
   *
   * @param user - [in] a user of this session.
   * @param sizePixels - [in] the square picture's edge: 64, 208, 424 or 1080.
   * @returns a PNG of `sizePixels`×`sizePixels`, derived from the XUID and the picture version.
   */
  gamerPicture(user: SessionUser, sizePixels: number): Uint8Array {
    const record = this.#record(user);
    return encodeGamerPicture(record.account.xuid, record.pictureVersion, sizePixels);
  }

  // --- tokens -------------------------------------------------------------------------------------

  /**
   * Which endpoint a URL matches (the title's configuration after the platform default).
   *
   * @param url - [in] the full request URL.
   * @returns the match, `noTokenRequired` or `invalidUrl`.
   */
  lookupEndpoint(url: string): EndpointLookupResult {
    let result = this.#lookups.get(url);
    if (result === undefined) {
      result = this.title.lookupEndpoint(url);
      // Titles call a handful of URLs over and over; the configuration never changes.
      if (this.#lookups.size >= LOOKUP_CACHE_SIZE) this.#lookups.clear();
      this.#lookups.set(url, result);
    }
    return result;
  }

  /** How many XSTS requests the token cache has made (concurrent requests share one). */
  get tokenFetchCount(): number {
    return this.#cache.fetchCount;
  }

  /** Entries in the token cache. */
  get cachedTokenCount(): number {
    return this.#cache.size;
  }

  /**
   * The token and signature for one request (xuser-xal.md §1.6, §1.7, §3): the URL's endpoint gives
   * the relying party and the signature policy; the token comes from the cache or one shared
   * refresh; the signature is computed fresh with the device's proof key over the request and the
   * token, only when the endpoint has a policy.
   *
   * @param user - [in] a user of this session.
   * @param request - [in] method, URL, headers, body and options.
   * @returns the result: synchronously when the token is cached, else a Promise.
   */
  getTokenAndSignature(
    user: SessionUser,
    request: TokenAndSignatureRequest,
  ): TokenAndSignatureResult | Promise<TokenAndSignatureResult> {
    const record = this.#record(user);
    const match = this.lookupEndpoint(request.url);
    if (match.status === EndpointLookupStatus.InvalidUrl) return { ok: false, reason: 'invalidUrl' };
    if (match.status === EndpointLookupStatus.NoTokenRequired) return { ok: false, reason: 'noTokenRequired' };
    if (record.state !== UserState.SignedIn) return { ok: false, reason: 'signedOut' };
    const allUsers = request.allUsers === true;
    const key = this.#cacheKey(
      allUsers ? this.#allUsers : record,
      allUsers ? ALL_USERS_KEY : String(record.localId),
      match,
    );
    const forceRefresh = request.forceRefresh === true;
    // The hot path: a fresh cached token, signed now (no refresh, no Promise).
    const fresh = forceRefresh ? undefined : this.#cache.fresh(key);
    if (fresh !== undefined) return this.#result(request, fresh, match.signaturePolicy);
    const cached = this.#cache.get(key, forceRefresh, () => this.#fetchToken(record, match.relyingParty, allUsers));
    if (!(cached instanceof Promise)) return this.#result(request, cached, match.signaturePolicy);
    return cached.then((result) =>
      result.ok ? this.#result(request, result.token, match.signaturePolicy) : { ok: false, ...result.failure },
    );
  }

  /** The token-cache key of one user (or of AllUsers) for one endpoint match; the same match as last time reuses it. */
  #cacheKey(
    memo: { lastMatch: EndpointLookupResult | undefined; lastKey: TokenCacheKey | undefined },
    user: string,
    match: Extract<EndpointLookupResult, { relyingParty: string }>,
  ): TokenCacheKey {
    if (memo.lastMatch === match && memo.lastKey !== undefined) return memo.lastKey;
    const key = Object.freeze({
      user,
      relyingParty: match.relyingParty,
      subRelyingParty: match.subRelyingParty,
      tokenType: match.tokenType,
    });
    memo.lastMatch = match;
    memo.lastKey = key;
    return key;
  }

  #result(
    request: TokenAndSignatureRequest,
    token: CachedToken,
    policy: Parameters<RequestSigner['sign']>[1],
  ): TokenAndSignatureResult {
    return { ok: true, token: token.authorization, signature: this.#sign(request, token.authorization, policy) };
  }

  async #fetchToken(
    record: UserRecord,
    relyingParty: string,
    allUsers: boolean,
  ): Promise<TokenFetchResult<TokenFailure>> {
    const xuids = allUsers
      ? this.users.filter((u) => u.state === UserState.SignedIn).map((u) => u.account.xuid)
      : [record.account.xuid];
    let result: XstsTokenResult;
    try {
      result = await this.#xsts.getToken({
        xuids,
        deviceId: this.device.id,
        titleId: this.title.titleId,
        relyingParty,
        allUsers,
      });
    } catch (error) {
      return { ok: false, failure: { reason: 'xstsFailed', error } };
    }
    if (!result.ok) {
      return {
        ok: false,
        failure:
          result.reason === 'sandbox-not-allowed'
            ? { reason: 'notInSandbox', xerr: result.xerr }
            : { reason: 'userActionRequired', xerr: result.xerr },
      };
    }
    return { ok: true, token: { authorization: result.authorization, expiresAt: Date.parse(result.notAfter) } };
  }

  #sign(
    request: TokenAndSignatureRequest,
    authorization: string,
    policy: Parameters<RequestSigner['sign']>[1],
  ): string | null {
    if (policy === undefined) return null;
    // The signature covers the token and the policy's ExtraHeaders (token-signature.md §2); the
    // caller's own Authorization, if any, is replaced by the token.
    const headers: Record<string, string> = { authorization };
    const extra = policy.ExtraHeaders;
    if (extra !== undefined && extra.length > 0 && request.headers !== undefined) {
      for (const name of extra) {
        const lower = name.toLowerCase();
        for (const [header, value] of request.headers)
          if (header.toLowerCase() === lower && lower !== 'authorization')
            headers[lower] = headers[lower] === undefined ? value : `${headers[lower]}, ${value}`;
      }
    }
    const signable: SignableRequest =
      request.body === undefined
        ? { method: request.method, url: request.url, headers }
        : { method: request.method, url: request.url, headers, body: request.body };
    return this.#signer.sign(signable, policy);
  }

  // --- lifetime -----------------------------------------------------------------------------------

  /** Whether {@link UserSession.close} ran. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Stops the session: sign-outs waiting on deferrals finish now, listeners and account
   * subscriptions are dropped, the token cache is emptied. Users stay readable.
   */
  close(): void {
    this.#closed = true;
    for (const end of [...this.#waits]) end();
    this.#listeners.clear();
    this.#deviceListeners.clear();
    this.#audioListeners.clear();
    for (const record of this.#records.values()) {
      record.unsubscribe?.();
      record.unsubscribe = undefined;
    }
    this.#cache.clear();
  }
}
