/**
 * The emulated console: what the game runtime sees when `XGameRuntimeInitialize` runs — the title
 * (title id and MSA app id from the options or a `MicrosoftGame.config` in the working directory,
 * the sandbox), the device and the accounts on it, the default user, the scripted system UI, the
 * endpoint configuration and the relying parties it names, and the emulated XSTS issuing their
 * tokens. Set up once with {@link createEmulatedConsole}; every `XGameRuntimeInitialize` then starts
 * a fresh identity session from it.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { UserSession, scriptedUi } from '@gdkts/identity';
import type {
  AudioEndpointKind,
  AudioEndpointOptions,
  ControllerPrompt,
  ControllerUiHandler,
  DeviceAccountOptions,
  UiHandler,
  UiResponse,
} from '@gdkts/identity';
import {
  Account,
  DEFAULT_ENDPOINT_CONFIGURATION,
  Device,
  RETAIL_SANDBOX,
  RelyingParty,
  Title,
  TokenIssuer,
  World,
} from '@gdkts/xboxlive';
import { LIVE_URL_ENV, inProcessXsts, selectXstsClient } from '@gdkts/xboxlive/client';
import type { XstsClient } from '@gdkts/xboxlive/client';
import type { AccountOptions, EndpointConfiguration } from '@gdkts/xboxlive';
import { readMicrosoftGameConfig } from './MicrosoftGameConfig.js';
import type { MicrosoftGameConfig } from './MicrosoftGameConfig.js';

/** An account on the emulated device: an {@link Account}, its options, or either with its device sign-in state. */
export type EmulatedAccount =
  | Account
  | AccountOptions
  | {
      /** The account, or its options. */
      readonly account: Account | AccountOptions;
      /** Whether it is signed in on the device. Default true. */
      readonly signedIn?: boolean;
    };

/** An input device (a controller) on the emulated console. */
export interface EmulatedInputDevice {
  /** Its 32-byte id. Default: random. */
  readonly id?: Uint8Array;
  /** The account it is paired with (XUID or gamertag). Default: none (the next user added gets it). */
  readonly user?: string;
}

/** An account's default communication audio endpoints on the emulated console. */
export interface EmulatedAudioEndpoints {
  /** The account (XUID or gamertag). */
  readonly user: string;
  /** The render (headset speaker) endpoint id. */
  readonly communicationRender?: string;
  /** The capture (headset microphone) endpoint id. */
  readonly communicationCapture?: string;
}

/** Options of {@link createEmulatedConsole}: plain data. */
export interface EmulatedConsoleOptions {
  /** Xbox Live title id. Default: `TitleId` of the `MicrosoftGame.config`; required when there is none. */
  readonly titleId?: number;
  /** MSA app id. Default: `MSAAppId` of the `MicrosoftGame.config`. */
  readonly msaAppId?: string;
  /** The sandbox the device is in (what the sandbox switcher sets). Default `RETAIL`. */
  readonly sandbox?: string;
  /** Where `MicrosoftGame.config` is looked for. Default the working directory; `null` reads none. */
  readonly configDirectory?: string | null;
  /** The accounts on the device. */
  readonly accounts?: Iterable<EmulatedAccount>;
  /** The launching (default) user: a XUID or a gamertag. Default: the only signed-in account, if one. */
  readonly defaultUser?: string;
  /** `XUserGetMaxUsers`. Default 4. */
  readonly maxUsers?: number;
  /** The system UI: a handler, or answers taken in order (then every prompt completes). */
  readonly ui?: UiHandler | Iterable<UiResponse>;
  /** The title's endpoint configuration (NSAL shape), looked up after the platform default. */
  readonly endpoints?: EndpointConfiguration;
  /** Relying parties the configuration names; any other it names is created. */
  readonly relyingParties?: Iterable<RelyingParty>;
  /** The device. Default: a new Win32 device. */
  readonly device?: Device;
  /** The token issuer. Default: a new one. */
  readonly issuer?: TokenIssuer;
  /** How long a sign-out waits for deferrals, in ms. Default 10 000. */
  readonly signOutTimeoutMs?: number;
  /** The clock for tokens and signatures, in ms. Default `Date.now`. */
  readonly now?: () => number;
  /** The find-controller UI: a handler, or answers taken in order (then every prompt completes). */
  readonly controllerUi?: ControllerUiHandler | Iterable<UiResponse>;
  /** The input devices (controllers). Default none. */
  readonly inputDevices?: Iterable<EmulatedInputDevice>;
  /** The accounts' default communication audio endpoints. Default none. */
  readonly audioEndpoints?: Iterable<EmulatedAudioEndpoints>;
  /** The account signed in to the Microsoft Store (`XUserIsStoreUser`), a XUID or gamertag. Default: the default user. */
  readonly storeUser?: string;
  /**
   * Base URL of a running `@gdkts/xboxlive-service` (`gdkts live serve`): tokens then come over HTTP
   * (device, title, user and XSTS calls, signed with the device's proof key) from the world it
   * serves, instead of from this console's world in process. Default: the `GDKTS_LIVE_URL`
   * environment variable when set; `null` always uses the in-process world.
   */
  readonly liveUrl?: string | null;
}

function isAccount(value: unknown): value is Account {
  return value instanceof Account;
}

/** The emulated console. Changes to its accounts (gamertag, privileges, issues) flow as change events. */
export class EmulatedConsole {
  /** The title. */
  readonly title: Title;
  /** The MSA app id, when configured. */
  readonly msaAppId: string | undefined;
  /** The `MicrosoftGame.config` read, when there was one. */
  readonly gameConfig: MicrosoftGameConfig | undefined;
  /** The device. */
  readonly device: Device;
  /** The token issuer. */
  readonly issuer: TokenIssuer;
  /** The accounts on the device. */
  readonly accounts: readonly Account[];
  /** The emulated Xbox Live world: the issuer, the title, the device, the accounts, the relying parties. */
  readonly world: World;
  /** The XSTS client the runtime uses: the world's issuer in process, or the live service over HTTP. */
  readonly xsts: XstsClient;
  /** The live service's base URL when tokens come over HTTP, else `undefined`. */
  readonly liveUrl: string | undefined;
  /** XUID of the Microsoft Store account, when configured (else the default user is). */
  readonly storeUser: string | undefined;
  /** The input devices' ids (copies of what each session starts with). */
  readonly inputDevices: readonly Uint8Array[];
  readonly #inputDevices: readonly { readonly id: Uint8Array; readonly xuid: string | undefined }[];
  readonly #audioEndpoints: readonly AudioEndpointOptions[];
  readonly #signedIn: ReadonlyMap<string, boolean>;
  readonly #relyingParties: ReadonlyMap<string, RelyingParty>;
  readonly #options: EmulatedConsoleOptions;
  readonly #ui: UiHandler;
  readonly #controllerUi: ControllerUiHandler;
  readonly #defaultUser: string | undefined;
  #session: UserSession | undefined;

  /** @internal Use {@link createEmulatedConsole}. */
  constructor(parts: {
    title: Title;
    msaAppId: string | undefined;
    gameConfig: MicrosoftGameConfig | undefined;
    device: Device;
    issuer: TokenIssuer;
    accounts: readonly (readonly [Account, boolean])[];
    relyingParties: ReadonlyMap<string, RelyingParty>;
    options: EmulatedConsoleOptions;
  }) {
    this.title = parts.title;
    this.msaAppId = parts.msaAppId;
    this.gameConfig = parts.gameConfig;
    this.device = parts.device;
    this.issuer = parts.issuer;
    this.accounts = Object.freeze(parts.accounts.map(([account]) => account));
    this.#signedIn = new Map(parts.accounts.map(([account, signedIn]) => [account.xuid, signedIn]));
    this.#relyingParties = parts.relyingParties;
    this.world = new World({
      issuer: parts.issuer,
      titles: [parts.title],
      devices: [parts.device],
      accounts: this.accounts,
      relyingParties: parts.relyingParties.values(),
    });
    const liveUrl = parts.options.liveUrl === undefined ? process.env[LIVE_URL_ENV] : parts.options.liveUrl;
    this.liveUrl = liveUrl === null || liveUrl === undefined || liveUrl === '' ? undefined : liveUrl;
    this.xsts =
      this.liveUrl === undefined
        ? inProcessXsts(this.world)
        : selectXstsClient({ url: this.liveUrl, devices: [parts.device] });
    this.#options = parts.options;
    const xuidOf = (name: string, field: string): string => {
      const account = this.account(name);
      if (account === undefined)
        throw new RangeError(`Expected \`${field}\` to name an account on the console, got \`${name}\``);
      return account.xuid;
    };
    this.#inputDevices = [...(parts.options.inputDevices ?? [])].map((device, i) => {
      const id = device.id ?? new Uint8Array(randomBytes(32));
      if (!(id instanceof Uint8Array) || id.length !== 32)
        throw new RangeError(`Expected \`inputDevices[${i}].id\` to be 32 bytes, got \`${String(id)}\``);
      return {
        id: id.slice(),
        xuid: device.user === undefined ? undefined : xuidOf(device.user, `inputDevices[${i}].user`),
      };
    });
    this.inputDevices = Object.freeze(this.#inputDevices.map((device) => device.id.slice()));
    this.#audioEndpoints = [...(parts.options.audioEndpoints ?? [])].map((entry, i) => ({
      ...entry,
      xuid: xuidOf(entry.user, `audioEndpoints[${i}].user`),
    }));
    this.storeUser = parts.options.storeUser === undefined ? undefined : xuidOf(parts.options.storeUser, 'storeUser');
    const ui = parts.options.ui;
    this.#ui = typeof ui === 'function' ? ui : scriptedUi(ui ?? []);
    const controllerUi = parts.options.controllerUi;
    this.#controllerUi =
      typeof controllerUi === 'function' ? controllerUi : scriptedUi<ControllerPrompt>(controllerUi ?? []);
    const wanted = parts.options.defaultUser;
    if (wanted !== undefined) {
      const account = this.account(wanted);
      if (account === undefined)
        throw new RangeError(`Expected \`defaultUser\` to name an account on the console, got \`${wanted}\``);
      this.#defaultUser = account.xuid;
    }
  }

  /**
   * An account on the console by XUID or gamertag (case-insensitive).
   *
   * @param xuidOrGamertag - [in] a XUID or a classic gamertag.
   * @returns the account, or `undefined`.
   */
  account(xuidOrGamertag: string): Account | undefined {
    const lower = xuidOrGamertag.toLowerCase();
    return this.accounts.find((a) => a.xuid === xuidOrGamertag || a.gamertag.toLowerCase() === lower);
  }

  /**
   * A relying party the endpoint configuration names.
   *
   * @param audience - [in] its audience URI.
   * @returns the relying party, or `undefined`.
   */
  relyingParty(audience: string): RelyingParty | undefined {
    return this.#relyingParties.get(audience);
  }

  /** The identity session of the running game runtime, when initialized. */
  get session(): UserSession | undefined {
    return this.#session;
  }

  /**
   * Signs an account out on the console (events flow to a running title).
   *
   * @param xuidOrGamertag - [in] the account.
   * @returns a Promise that settles once the user is signed out.
   */
  signOut(xuidOrGamertag: string): Promise<void> {
    return this.#require().signOut(this.#xuid(xuidOrGamertag));
  }

  /**
   * Signs an account in on the console (a held, signed-out user gets `SignedInAgain`).
   *
   * @param xuidOrGamertag - [in] the account.
   */
  signIn(xuidOrGamertag: string): void {
    this.#require().signIn(this.#xuid(xuidOrGamertag));
  }

  /**
   * Changes an account's gamer picture (the `GamerPicture` event).
   *
   * @param xuidOrGamertag - [in] the account.
   */
  changeGamerPicture(xuidOrGamertag: string): void {
    this.#require().changeGamerPicture(this.#xuid(xuidOrGamertag));
  }

  /**
   * Pairs an input device with an account, or unpairs it (`XUserDeviceAssociationChange` events
   * flow to a running title).
   *
   * @param deviceId - [in] one of {@link EmulatedConsole.inputDevices}.
   * @param xuidOrGamertag - [in] the account, or `null` to unpair.
   * @throws RangeError for an unknown account; TypeError for an unknown device or before initialization.
   */
  pairInputDevice(deviceId: Uint8Array, xuidOrGamertag: string | null): void {
    this.#require().pairInputDevice(deviceId, xuidOrGamertag === null ? null : this.#xuid(xuidOrGamertag));
  }

  /**
   * Sets or removes an account's default communication audio endpoint (the
   * `XUserDefaultAudioEndpointUtf16Changed` callbacks run for a user the title holds).
   *
   * @param xuidOrGamertag - [in] the account.
   * @param kind - [in] `communicationRender` or `communicationCapture`.
   * @param endpointId - [in] the endpoint id, or `null` to remove it.
   * @throws RangeError for an unknown account; TypeError for a bad kind or id, or before initialization.
   */
  setAudioEndpoint(xuidOrGamertag: string, kind: AudioEndpointKind, endpointId: string | null): void {
    this.#require().setAudioEndpoint(this.#xuid(xuidOrGamertag), kind, endpointId);
  }

  #xuid(xuidOrGamertag: string): string {
    const account = this.account(xuidOrGamertag);
    if (account === undefined) throw new RangeError(`Expected an account on the console, got \`${xuidOrGamertag}\``);
    return account.xuid;
  }

  #require(): UserSession {
    if (this.#session === undefined)
      throw new TypeError('Expected the game runtime to be initialized (XGameRuntimeInitialize)');
    return this.#session;
  }

  /** @internal Starts a fresh session (`XGameRuntimeInitialize`). */
  startSession(): UserSession {
    const accounts: DeviceAccountOptions[] = this.accounts.map((account) => ({
      account,
      signedIn: this.#signedIn.get(account.xuid) ?? true,
    }));
    const options = this.#options;
    this.#session = new UserSession({
      xsts: this.xsts,
      title: this.title,
      device: this.device,
      accounts,
      ui: this.#ui,
      controllerUi: this.#controllerUi,
      ...(this.#defaultUser === undefined ? {} : { defaultUser: this.#defaultUser }),
      ...(options.maxUsers === undefined ? {} : { maxUsers: options.maxUsers }),
      ...(options.signOutTimeoutMs === undefined ? {} : { signOutTimeoutMs: options.signOutTimeoutMs }),
      ...(options.now === undefined ? {} : { now: options.now }),
      inputDevices: this.#inputDevices.map((device) => ({
        id: device.id,
        ...(device.xuid === undefined ? {} : { xuid: device.xuid }),
      })),
      audioEndpoints: this.#audioEndpoints,
    });
    return this.#session;
  }

  /** @internal Ends the session (`XGameRuntimeUninitialize`). */
  endSession(): void {
    this.#session?.close();
    this.#session = undefined;
  }
}

let installed: EmulatedConsole | undefined;

/** @internal The console `XGameRuntimeInitialize` uses. */
export function installedConsole(): EmulatedConsole | undefined {
  return installed;
}

/** Removes the installed console: the next `XGameRuntimeInitialize` answers `E_GAMEUSER_NO_TITLE_ID`. */
export function uninstallEmulatedConsole(): void {
  installed = undefined;
}

/**
 * Sets up the emulated console the game runtime will see, replacing any earlier one (call it
 * before `XGameRuntimeInitialize`). Creates the issuer, the device and the relying parties the
 * endpoint configuration names unless given.
 *
 * @param options - [in] title, accounts, default user, UI script, endpoints (plain data).
 * @returns the console.
 * @throws (rejects) RangeError when no title id is given or configured, for malformed values, or a
 *   `MicrosoftGame.config` with a malformed field (the message names the file and the field).
 * @throws (rejects) TypeError for a malformed `MicrosoftGame.config` or endpoint configuration.
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import { XGameRuntimeInitialize, XGameRuntimeUninitialize } from '@gdkts/xuser';
 * import { createEmulatedConsole } from '@gdkts/xuser/testing';
 * const emulated = await createEmulatedConsole({ titleId: 0x1234abcd, configDirectory: null, accounts: [{ gamertag: 'Alice' }] });
 * assert.strictEqual(XGameRuntimeInitialize(), 0);
 * assert.strictEqual(emulated.session?.deviceAccounts[0]?.gamertag, 'Alice');
 * XGameRuntimeUninitialize();
 * ```
 */
export async function createEmulatedConsole(options: EmulatedConsoleOptions = {}): Promise<EmulatedConsole> {
  const gameConfig =
    options.configDirectory === null ? undefined : readMicrosoftGameConfig(options.configDirectory ?? process.cwd());
  const titleId = options.titleId ?? gameConfig?.titleId;
  if (titleId === undefined)
    throw new RangeError('Expected `titleId` in the options or a TitleId in MicrosoftGame.config, got neither');
  const title = new Title({
    titleId,
    sandbox: options.sandbox ?? RETAIL_SANDBOX,
    ...(options.endpoints === undefined ? {} : { endpoints: options.endpoints }),
  });
  const accounts: (readonly [Account, boolean])[] = [];
  for (const entry of options.accounts ?? []) {
    if (isAccount(entry)) accounts.push([entry, true]);
    else if ('account' in entry)
      accounts.push([isAccount(entry.account) ? entry.account : new Account(entry.account), entry.signedIn ?? true]);
    else accounts.push([new Account(entry), true]);
  }
  const relyingParties = new Map<string, RelyingParty>();
  for (const rp of options.relyingParties ?? []) relyingParties.set(rp.audience, rp);
  const named = new Set<string>();
  for (const configuration of [DEFAULT_ENDPOINT_CONFIGURATION, options.endpoints ?? {}]) {
    for (const endpoint of configuration.EndPoints ?? [])
      if (endpoint.RelyingParty !== undefined && endpoint.RelyingParty !== '') named.add(endpoint.RelyingParty);
  }
  const missing = [...named].filter((audience) => !relyingParties.has(audience));
  const created = await Promise.all(
    missing.map((audience) => RelyingParty.create({ audience, publisherId: 'emulated' })),
  );
  for (const rp of created) relyingParties.set(rp.audience, rp);
  const issuer = options.issuer ?? (await TokenIssuer.create(options.now === undefined ? {} : { now: options.now }));
  installed = new EmulatedConsole({
    title,
    msaAppId: options.msaAppId ?? gameConfig?.msaAppId,
    gameConfig,
    device: options.device ?? new Device(),
    issuer,
    accounts,
    relyingParties,
    options,
  });
  return installed;
}
