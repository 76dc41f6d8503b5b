import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Account,
  AccountIssue,
  AgeGroup,
  Privilege,
  USER_RESOLVABLE_ISSUES,
  randomXuid,
  type AccountChange,
} from '@gdkts/xboxlive';

describe('Account', () => {
  it('defaults: random XUID string, adult, every privilege, retail only, no modern tag of its own', () => {
    const account = new Account({ gamertag: 'Player One' });
    expect(account.xuid).toMatch(/^[1-9][0-9]{15}$/);
    expect(account.ageGroup).toBe(AgeGroup.Adult);
    expect(account.privileges).toEqual(Object.values(Privilege).sort((a, b) => a - b));
    expect([...account.sandboxes]).toEqual(['RETAIL']);
    expect(account.modernGamertag).toBe('Player One');
    expect(account.modernGamertagSuffix).toBe('');
    expect(account.uniqueModernGamertag).toBe('Player One');
    expect(account.guest).toBe(false);
    expect(account.requiresUserAction).toBe(false);
  });

  it('keeps XUIDs above 2^53 exactly, as strings', () => {
    const account = new Account({ xuid: '18446744073709551615', gamertag: 'Max' });
    expect(account.xuid).toBe('18446744073709551615');
    for (const xuid of ['0', '18446744073709551616', '12a', '-5', '0123', ''])
      expect(() => new Account({ xuid, gamertag: 'X' })).toThrow(RangeError);
  });

  it('builds the unique modern gamertag as modern#suffix', () => {
    const account = new Account({ gamertag: 'Classic', modernGamertag: 'Módérn', modernGamertagSuffix: '1234' });
    expect(account.uniqueModernGamertag).toBe('Módérn#1234');
  });

  it('rejects malformed gamertags, suffixes, privileges and sandboxes', () => {
    for (const gamertag of ['', '1abc', 'a'.repeat(16), 'bad_tag'])
      expect(() => new Account({ gamertag })).toThrow(RangeError);
    expect(() => new Account({ gamertag: 'A', modernGamertag: 'x'.repeat(13) })).toThrow(RangeError);
    expect(() => new Account({ gamertag: 'A', modernGamertagSuffix: '12a' })).toThrow(RangeError);
    expect(() => new Account({ gamertag: 'A', privileges: [70000] })).toThrow(RangeError);
    expect(() => new Account({ gamertag: 'A', sandboxes: ['bad sandbox'] })).toThrow(RangeError);
    expect(() => new Account({ gamertag: 'A', issues: ['NotAnIssue' as never] })).toThrow(RangeError);
    expect(() => new Account({ gamertag: 'A', ageGroup: 'Elder' as never })).toThrow(RangeError);
  });

  it('checks privileges and sandbox access', () => {
    const account = new Account({
      gamertag: 'Kid',
      ageGroup: 'Child',
      privileges: [254, 185, 254],
      sandboxes: ['RETAIL', 'XDKS.1'],
    });
    expect(account.privileges).toEqual([185, 254]);
    expect(account.hasPrivilege(Privilege.Multiplayer)).toBe(true);
    expect(account.hasPrivilege(Privilege.Communications)).toBe(false);
    expect(account.canAccessSandbox('XDKS.1')).toBe(true);
    expect(account.canAccessSandbox('XDKS.2')).toBe(false);
  });

  it('update() reports and notifies each kind of change once, and nothing for equal values', () => {
    const account = new Account({ gamertag: 'Old' });
    const heard: AccountChange[] = [];
    const off = account.onChange((change) => heard.push(change));
    expect(account.update({ gamertag: 'New', privileges: [254] })).toEqual(['gamertag', 'privileges']);
    expect(account.modernGamertag).toBe('New'); // follows the classic tag while the user has no modern one
    expect(account.update({ gamertag: 'New', privileges: [254] })).toEqual([]);
    expect(account.update({ modernGamertag: 'Shiny', modernGamertagSuffix: '7' })).toEqual(['gamertag']);
    expect(account.update({ gamertag: 'Newer' })).toEqual(['gamertag']);
    expect(account.uniqueModernGamertag).toBe('Shiny#7'); // a real modern tag stays
    expect(account.update({ ageGroup: 'Teen', sandboxes: ['XDKS.1'], country: 'US' })).toEqual([
      'ageGroup',
      'sandboxes',
      'profile',
    ]);
    off();
    account.update({ language: 'en-US' });
    expect(heard).toEqual(['gamertag', 'privileges', 'gamertag', 'gamertag', 'ageGroup', 'sandboxes', 'profile']);
  });

  it('update() leaves the account unchanged when a value is invalid', () => {
    const account = new Account({ gamertag: 'Same', privileges: [1] });
    expect(() => account.update({ privileges: [2], gamertag: '!' })).toThrow(RangeError);
    expect(account.gamertag).toBe('Same');
    expect(account.privileges).toEqual([1]);
  });

  it('issues: the user can resolve some, not others', () => {
    const account = new Account({ gamertag: 'Troubled', issues: ['TermsNotAccepted'] });
    const heard: AccountChange[] = [];
    account.onChange((change) => heard.push(change));
    account.addIssue('Banned');
    account.addIssue('Banned');
    expect(account.requiresUserAction).toBe(true);
    expect(account.resolveUserIssues()).toEqual(['Banned']);
    expect(account.requiresUserAction).toBe(true);
    expect(account.clearIssue('Banned')).toBe(true);
    expect(account.clearIssue('Banned')).toBe(false);
    expect(account.requiresUserAction).toBe(false);
    expect(heard).toEqual(['issues', 'issues', 'issues']);
  });

  it('AccountIssue holds the XErr values XSTS returns', () => {
    expect(AccountIssue.TermsNotAccepted).toBe(2148916234);
    expect(AccountIssue.NoXboxProfile).toBe(2148916233);
    expect(AccountIssue.Banned).toBe(0x8015dc03);
    expect(USER_RESOLVABLE_ISSUES.has('Banned')).toBe(false);
    expect(USER_RESOLVABLE_ISSUES.has('TermsNotAccepted')).toBe(true);
  });
});

describe('randomXuid()', () => {
  it('returns XUID-shaped decimal strings', () => {
    fc.assert(
      fc.property(fc.constant(null), () => {
        const xuid = randomXuid();
        expect(BigInt(xuid) >= 0x9_0000_0000_0000n && BigInt(xuid) < 0xa_0000_0000_0000n).toBe(true);
      }),
      { numRuns: 20 },
    );
  });
});
