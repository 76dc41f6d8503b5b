/**
 * The emulated Xbox Live world as a registry by id: titles by title id, accounts by XUID and by
 * gamertag, devices by id, relying parties by audience URI, and the one token issuer. A service that
 * receives requests by id (an XSTS request names its relying party by URI, its users by their
 * tokens' XUIDs) finds the objects here; `inProcessXsts` resolves through it.
 *
 * @module
 */
import { Account } from './Account.js';
import { Device } from './Device.js';
import { RelyingParty } from './RelyingParty.js';
import { Title } from './Title.js';
import { TokenIssuer } from './TokenIssuer.js';

/** Options of the {@link World} constructor: the issuer and, optionally, the first members. */
export interface WorldOptions {
  /** The token issuer (the emulated XSTS) of this world. */
  readonly issuer: TokenIssuer;
  /** Titles to register. */
  readonly titles?: Iterable<Title>;
  /** Accounts to register. */
  readonly accounts?: Iterable<Account>;
  /** Devices to register. */
  readonly devices?: Iterable<Device>;
  /** Relying parties to register. */
  readonly relyingParties?: Iterable<RelyingParty>;
}

function expectInstance<T extends object>(
  name: string,
  value: unknown,
  type: { readonly prototype: T },
  typeName: string,
): asserts value is T {
  if (typeof value !== 'object' || value === null || !Object.prototype.isPrototypeOf.call(type.prototype, value))
    throw new TypeError(`Expected \`${name}\` to be a ${typeName}, got \`${String(value)}\` (${typeof value})`);
}

/** Puts `member` under `key`, refusing a key another member holds. */
function register<K, T>(members: Map<K, T>, key: K, member: T, what: string): T {
  const known = members.get(key);
  if (known !== undefined && known !== member) throw new RangeError(`Expected ${what} to be unique in the world`);
  members.set(key, member);
  return member;
}

/** Gamertags are case-insensitive on Xbox Live. */
const gamertagKey = (gamertag: string): string => gamertag.toLowerCase();

/**
 * The emulated world. Each kind of member is keyed by its id, and an id names at most one member:
 * adding a second member under a taken id throws, so a lookup by id is never ambiguous.
 */
export class World {
  /** The token issuer of this world. */
  readonly issuer: TokenIssuer;
  readonly #titles = new Map<number, Title>();
  readonly #accounts = new Map<string, Account>();
  readonly #devices = new Map<string, Device>();
  readonly #relyingParties = new Map<string, RelyingParty>();

  /**
   * Creates a world around a token issuer.
   *
   * @param options - [in] the issuer and the first members.
   * @throws TypeError when `issuer` is not a {@link TokenIssuer} or a member is not of its kind.
   * @throws RangeError when two members share an id (or two accounts a gamertag).
   */
  constructor(options: WorldOptions) {
    expectInstance('issuer', options.issuer, TokenIssuer, 'TokenIssuer');
    this.issuer = options.issuer;
    for (const title of options.titles ?? []) this.addTitle(title);
    for (const account of options.accounts ?? []) this.addAccount(account);
    for (const device of options.devices ?? []) this.addDevice(device);
    for (const relyingParty of options.relyingParties ?? []) this.addRelyingParty(relyingParty);
  }

  /**
   * Registers a title under its title id.
   *
   * @param title - [in] the title.
   * @returns `title`.
   * @throws TypeError when `title` is not a {@link Title}.
   * @throws RangeError when another title has the same title id.
   */
  addTitle(title: Title): Title {
    expectInstance('title', title, Title, 'Title');
    return register(this.#titles, title.titleId, title, `title id ${title.hexTitleId}`);
  }

  /**
   * Registers an account under its XUID (and so, by gamertag).
   *
   * @param account - [in] the account.
   * @returns `account`.
   * @throws TypeError when `account` is not an {@link Account}.
   * @throws RangeError when another account has the same XUID or gamertag.
   */
  addAccount(account: Account): Account {
    expectInstance('account', account, Account, 'Account');
    const namesake = this.accountByGamertag(account.gamertag);
    if (namesake !== undefined && namesake !== account)
      throw new RangeError(`Expected gamertag \`${account.gamertag}\` to be unique in the world`);
    return register(this.#accounts, account.xuid, account, `XUID ${account.xuid}`);
  }

  /**
   * Registers a device under its id.
   *
   * @param device - [in] the device.
   * @returns `device`.
   * @throws TypeError when `device` is not a {@link Device}.
   * @throws RangeError when another device has the same id.
   */
  addDevice(device: Device): Device {
    expectInstance('device', device, Device, 'Device');
    return register(this.#devices, device.id, device, `device id ${device.id}`);
  }

  /**
   * Registers a relying party under its audience URI.
   *
   * @param relyingParty - [in] the relying party.
   * @returns `relyingParty`.
   * @throws TypeError when `relyingParty` is not a {@link RelyingParty}.
   * @throws RangeError when another relying party has the same audience URI.
   */
  addRelyingParty(relyingParty: RelyingParty): RelyingParty {
    expectInstance('relyingParty', relyingParty, RelyingParty, 'RelyingParty');
    return register(
      this.#relyingParties,
      relyingParty.audience,
      relyingParty,
      `relying party ${relyingParty.audience}`,
    );
  }

  /**
   * The title with a title id.
   *
   * @param titleId - [in] the title id, an unsigned 32-bit integer.
   * @returns the title, or `undefined` when none is registered.
   */
  title(titleId: number): Title | undefined {
    return this.#titles.get(titleId);
  }

  /**
   * The account with a XUID.
   *
   * @param xuid - [in] the XUID, a decimal uint64 string.
   * @returns the account, or `undefined` when none is registered.
   */
  account(xuid: string): Account | undefined {
    return this.#accounts.get(xuid);
  }

  /**
   * The account with a gamertag, compared case-insensitively: the classic gamertag or the unique
   * modern gamertag (`mgt#mgs`). It reads the accounts' current gamertags, so a renamed account is
   * found by its new name.
   *
   * @param gamertag - [in] the gamertag.
   * @returns the account, or `undefined` when no registered account has that gamertag.
   */
  accountByGamertag(gamertag: string): Account | undefined {
    if (typeof gamertag !== 'string') return undefined;
    const key = gamertagKey(gamertag);
    for (const account of this.#accounts.values()) {
      if (gamertagKey(account.gamertag) === key || gamertagKey(account.uniqueModernGamertag) === key) return account;
    }
    return undefined;
  }

  /**
   * The device with an id.
   *
   * @param id - [in] the device id.
   * @returns the device, or `undefined` when none is registered.
   */
  device(id: string): Device | undefined {
    return this.#devices.get(id);
  }

  /**
   * The relying party with an audience URI (compared exactly, as the token's `aud` is).
   *
   * @param audience - [in] the audience URI, e.g. `rp://contoso.com/`.
   * @returns the relying party, or `undefined` when none is registered.
   */
  relyingParty(audience: string): RelyingParty | undefined {
    return this.#relyingParties.get(audience);
  }

  /** Every registered title, in registration order. */
  titles(): IterableIterator<Title> {
    return this.#titles.values();
  }

  /** Every registered account, in registration order. */
  accounts(): IterableIterator<Account> {
    return this.#accounts.values();
  }

  /** Every registered device, in registration order. */
  devices(): IterableIterator<Device> {
    return this.#devices.values();
  }

  /** Every registered relying party, in registration order. */
  relyingParties(): IterableIterator<RelyingParty> {
    return this.#relyingParties.values();
  }
}
