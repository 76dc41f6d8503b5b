/**
 * An emulated Xbox Live account: XUID, gamertags, age group, privileges, sandbox access and the
 * issues that make sign-in or token requests need the user's action.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { RETAIL_SANDBOX } from './Title.js';
import { checkSandboxId } from '../wire/sandboxId.js';

/** Age groups, as the `agg` claim spells them. */
export const AgeGroup = {
  /** Under the teen age of the account's region. */
  Child: 'Child',
  /** Teen. */
  Teen: 'Teen',
  /** Adult. */
  Adult: 'Adult',
} as const;

/** One of the {@link AgeGroup} values. */
export type AgeGroup = (typeof AgeGroup)[keyof typeof AgeGroup];

/**
 * Xbox Live privilege ids (the `XUserPrivilege` / `XalPrivilege` values) that appear in the
 * space-separated `prv` claim.
 */
export const Privilege = {
  /** Play with users on other networks. */
  CrossPlay: 185,
  /** Create or join clubs. */
  Clubs: 188,
  /** Join multiplayer sessions. */
  Sessions: 189,
  /** Broadcast gameplay. */
  Broadcast: 190,
  /** Change profile privacy settings. */
  ManageProfilePrivacy: 196,
  /** Upload game DVR clips. */
  GameDvr: 198,
  /** Join parties. */
  MultiplayerParties: 203,
  /** In-game voice communication (XAL). */
  CommsInGameVoice: 205,
  /** Allocate cloud compute for sessions. */
  CloudManageSession: 207,
  /** Join cloud compute sessions. */
  CloudJoinSession: 208,
  /** Use cloud saved games. */
  CloudSavedGames: 209,
  /** Share to social networks. */
  SocialNetworkSharing: 220,
  /** Access user-generated content. */
  UserGeneratedContent: 247,
  /** Communicate with friends only (XAL). */
  CommsFriendsOnly: 251,
  /** Communicate with anyone. */
  Communications: 252,
  /** Play online multiplayer. */
  Multiplayer: 254,
  /** Add friends. */
  AddFriends: 255,
} as const;

/** One of the {@link Privilege} ids. Other ids between 0 and 65535 are accepted too. */
export type Privilege = (typeof Privilege)[keyof typeof Privilege];

import { AccountIssue } from '../wire/xerr.js';

/**
 * The issues the user can fix through the resolve-with-UI flow (accept terms, verify age, create a
 * profile, join a family). A ban, a guardian block, a region block or a used-up playtime are not. [inferred]
 */
export const USER_RESOLVABLE_ISSUES: ReadonlySet<AccountIssue> = new Set<AccountIssue>([
  'AgeVerificationRequired',
  'NoXboxProfile',
  'TermsNotAccepted',
  'ProofOfAgeRequired',
  'ChildNotInFamily',
]);

/** What changed in an {@link Account}, as reported to {@link Account.onChange} listeners. */
export type AccountChange = 'gamertag' | 'ageGroup' | 'privileges' | 'sandboxes' | 'issues' | 'profile';

/** The mutable profile fields of an account, as accepted by {@link Account.update}. */
export interface AccountProfile {
  /** Classic gamertag: 1–15 characters, a letter first, then letters, digits and spaces. */
  readonly gamertag?: string;
  /** Modern gamertag (1–12 characters). Default: the classic gamertag. */
  readonly modernGamertag?: string;
  /** Modern gamertag suffix: up to 14 digits; empty when the user has none. Default empty. */
  readonly modernGamertagSuffix?: string;
  /** Age group. Default {@link AgeGroup.Adult}. */
  readonly ageGroup?: AgeGroup;
  /** Granted privilege ids. Default: every {@link Privilege}. */
  readonly privileges?: Iterable<number>;
  /** Sandboxes the account may use. Default `['RETAIL']`. */
  readonly sandboxes?: Iterable<string>;
  /** Country code (the `ctr` claim), e.g. `US`. */
  readonly country?: string;
  /** Language tag (the `lng` claim), e.g. `en-US`. */
  readonly language?: string;
}

/** Options of the {@link Account} constructor. */
export interface AccountOptions extends AccountProfile {
  /** XUID, a decimal unsigned 64-bit integer as a string. Random by default. */
  readonly xuid?: string;
  /** Classic gamertag. */
  readonly gamertag: string;
  /** Whether this is a guest account. Default false. */
  readonly guest?: boolean;
  /** Issues present from the start. */
  readonly issues?: Iterable<AccountIssue>;
}

const CLASSIC_GAMERTAG = /^[A-Za-z][A-Za-z0-9 ]{0,14}$/;
const SUFFIX = /^[0-9]{0,14}$/;
const XUID = /^[1-9][0-9]{0,19}$/;
const UINT64_MAX = 0xffff_ffff_ffff_ffffn;
/** Real XUIDs sit just above 0x0009000000000000 (16 decimal digits starting 2533…/2535…). */
const XUID_BASE = 0x9_0000_0000_0000n;

/** A random XUID-looking decimal string. */
export function randomXuid(): string {
  return (XUID_BASE + (randomBytes(8).readBigUInt64BE() & 0xff_ffff_ffffn)).toString();
}

function checkXuid(xuid: string): void {
  if (typeof xuid !== 'string' || !XUID.test(xuid) || BigInt(xuid) > UINT64_MAX) {
    throw new RangeError(`Expected \`xuid\` to be a decimal uint64 string, got \`${String(xuid)}\` (${typeof xuid})`);
  }
}

function checkPrivileges(privileges: Iterable<number>): number[] {
  const list = [...new Set(privileges)].sort((a, b) => a - b);
  for (const id of list) {
    if (!Number.isInteger(id) || id < 0 || id > 0xffff)
      throw new RangeError(`Expected privilege ids to be integers in 0..65535, got \`${String(id)}\``);
  }
  return list;
}

function checkIssue(issue: string): asserts issue is AccountIssue {
  if (!Object.hasOwn(AccountIssue, issue))
    throw new RangeError(`Expected an AccountIssue name, got \`${String(issue)}\``);
}

/**
 * An emulated Xbox Live account. The XUID is fixed; the profile, privileges, sandbox access and
 * issues can change, and listeners registered with {@link Account.onChange} hear about it.
 */
export class Account {
  /** XUID, a decimal uint64 string (it may exceed 2^53, so it is never a number). */
  readonly xuid: string;
  /** Whether this is a guest account. */
  readonly guest: boolean;
  #gamertag = '';
  #modernGamertag = '';
  #modernGamertagSuffix = '';
  #ageGroup: AgeGroup = AgeGroup.Adult;
  /** Sorted ascending, without duplicates. */
  #privileges: readonly number[] = [];
  #sandboxes: ReadonlySet<string> = new Set([RETAIL_SANDBOX]);
  #country: string | undefined;
  #language: string | undefined;
  readonly #issues = new Set<AccountIssue>();
  readonly #listeners = new Set<(change: AccountChange) => void>();

  /**
   * Creates an account.
   *
   * @throws RangeError for a malformed XUID, gamertag, suffix, privilege id, sandbox id or issue name.
   */
  constructor(options: AccountOptions) {
    const xuid = options.xuid ?? randomXuid();
    checkXuid(xuid);
    this.xuid = xuid;
    this.guest = options.guest ?? false;
    this.#apply({ privileges: Object.values(Privilege), ...options }, true);
    for (const issue of options.issues ?? []) {
      checkIssue(issue);
      this.#issues.add(issue);
    }
  }

  /** Classic gamertag (the `gtg` claim). */
  get gamertag(): string {
    return this.#gamertag;
  }

  /** Modern gamertag without suffix (the `mgt` claim); the classic tag when the user has no modern one. */
  get modernGamertag(): string {
    return this.#modernGamertag;
  }

  /** Modern gamertag suffix (the `mgs` claim); empty when there is none. */
  get modernGamertagSuffix(): string {
    return this.#modernGamertagSuffix;
  }

  /** `modern#suffix`, or just the modern tag when there is no suffix (the `umg` claim). */
  get uniqueModernGamertag(): string {
    return this.#modernGamertagSuffix === ''
      ? this.#modernGamertag
      : `${this.#modernGamertag}#${this.#modernGamertagSuffix}`;
  }

  /** Age group (the `agg` claim). */
  get ageGroup(): AgeGroup {
    return this.#ageGroup;
  }

  /** Granted privilege ids, ascending. */
  get privileges(): readonly number[] {
    return this.#privileges;
  }

  /** Sandboxes the account may use. */
  get sandboxes(): ReadonlySet<string> {
    return this.#sandboxes;
  }

  /** Country code (the `ctr` claim), if set. */
  get country(): string | undefined {
    return this.#country;
  }

  /** Language tag (the `lng` claim), if set. */
  get language(): string | undefined {
    return this.#language;
  }

  /** Issues currently blocking token issuance. */
  get issues(): ReadonlySet<AccountIssue> {
    return this.#issues;
  }

  /** Whether any issue blocks sign-in and token requests until the user acts. */
  get requiresUserAction(): boolean {
    return this.#issues.size > 0;
  }

  /** Whether the account holds privilege `id`. */
  hasPrivilege(id: number): boolean {
    return this.#privileges.includes(id);
  }

  /** Whether the account may use `sandbox`. */
  canAccessSandbox(sandbox: string): boolean {
    return this.#sandboxes.has(sandbox);
  }

  /**
   * Changes profile fields and notifies listeners once per kind of change.
   *
   * @returns The kinds of change that happened (empty when the values were already equal).
   * @throws RangeError for malformed values; the account is left unchanged.
   */
  update(changes: AccountProfile): readonly AccountChange[] {
    return this.#apply(changes, false);
  }

  /** Adds an issue. Notifies `issues` listeners when it was not present. */
  addIssue(issue: AccountIssue): void {
    checkIssue(issue);
    if (this.#issues.has(issue)) return;
    this.#issues.add(issue);
    this.#emit(['issues']);
  }

  /**
   * Removes the issues the user can fix (what a successful resolve-with-UI flow does).
   *
   * @returns The issues that remain, which the user cannot fix.
   */
  resolveUserIssues(): readonly AccountIssue[] {
    let changed = false;
    for (const issue of this.#issues) {
      if (USER_RESOLVABLE_ISSUES.has(issue)) {
        this.#issues.delete(issue);
        changed = true;
      }
    }
    if (changed) this.#emit(['issues']);
    return [...this.#issues];
  }

  /** Removes one issue, whatever its kind (an administrator lifting a ban, a new day's playtime). */
  clearIssue(issue: AccountIssue): boolean {
    const removed = this.#issues.delete(issue);
    if (removed) this.#emit(['issues']);
    return removed;
  }

  /**
   * Registers a listener for changes.
   *
   * @returns A function that unregisters it.
   */
  onChange(listener: (change: AccountChange) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #apply(changes: AccountProfile, initial: boolean): AccountChange[] {
    const gamertag = changes.gamertag ?? this.#gamertag;
    if (typeof gamertag !== 'string' || !CLASSIC_GAMERTAG.test(gamertag)) {
      throw new RangeError(
        `Expected \`gamertag\` to be 1-15 letters, digits or spaces starting with a letter, got \`${String(gamertag)}\``,
      );
    }
    const keepsModern = !initial && changes.modernGamertag === undefined && this.#modernGamertag !== this.#gamertag;
    const modern = changes.modernGamertag ?? (keepsModern ? this.#modernGamertag : gamertag);
    const modernLength = [...modern].length;
    // A user without a modern gamertag has the classic one (up to 15 characters) in its place.
    if (modern !== gamertag && (modernLength < 1 || modernLength > 12))
      throw new RangeError(`Expected \`modernGamertag\` to be 1-12 characters, got \`${modern}\``);
    const suffix =
      changes.modernGamertagSuffix ??
      (changes.modernGamertag === undefined && !initial ? this.#modernGamertagSuffix : '');
    if (!SUFFIX.test(suffix))
      throw new RangeError(`Expected \`modernGamertagSuffix\` to be up to 14 digits, got \`${suffix}\``);
    const ageGroup = changes.ageGroup ?? this.#ageGroup;
    if (!Object.values(AgeGroup).includes(ageGroup))
      throw new RangeError(`Expected \`ageGroup\` to be Child, Teen or Adult, got \`${String(ageGroup)}\``);
    const privileges = changes.privileges === undefined ? this.#privileges : checkPrivileges(changes.privileges);
    let sandboxes = this.#sandboxes;
    if (changes.sandboxes !== undefined) {
      sandboxes = new Set(changes.sandboxes);
      for (const sandbox of sandboxes) checkSandboxId('sandboxes', sandbox);
    }

    const changed: AccountChange[] = [];
    if (gamertag !== this.#gamertag || modern !== this.#modernGamertag || suffix !== this.#modernGamertagSuffix)
      changed.push('gamertag');
    if (ageGroup !== this.#ageGroup) changed.push('ageGroup');
    if (privileges.join(' ') !== this.#privileges.join(' ')) changed.push('privileges');
    if (sandboxes.size !== this.#sandboxes.size || [...sandboxes].some((s) => !this.#sandboxes.has(s)))
      changed.push('sandboxes');
    const country = changes.country ?? this.#country;
    const language = changes.language ?? this.#language;
    if (country !== this.#country || language !== this.#language) changed.push('profile');

    this.#gamertag = gamertag;
    this.#modernGamertag = modern;
    this.#modernGamertagSuffix = suffix;
    this.#ageGroup = ageGroup;
    this.#privileges = Object.freeze([...privileges]);
    this.#sandboxes = sandboxes;
    this.#country = country;
    this.#language = language;
    if (!initial) this.#emit(changed);
    return changed;
  }

  #emit(changes: readonly AccountChange[]): void {
    for (const change of changes) for (const listener of [...this.#listeners]) listener(change);
  }
}
