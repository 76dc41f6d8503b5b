import { describe, expect, it } from 'vitest';
import {
  E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED,
  E_GAMEUSER_USER_NOT_FOUND,
  E_INVALIDARG,
  E_NOT_SUFFICIENT_BUFFER,
  E_POINTER,
  S_OK,
} from '@gdkts/hresult';
import { out } from '@gdkts/xasync';
import {
  XUserAgeGroup,
  XUserCheckPrivilege,
  XUserCloseHandle,
  XUserFindUserById,
  XUserGamertagComponent,
  XUserGamertagComponentClassicMaxBytes,
  XUserGamertagComponentModernMaxBytes,
  XUserGamertagComponentModernSuffixMaxBytes,
  XUserGamertagComponentUniqueModernMaxBytes,
  XUserGetAgeGroup,
  XUserGetGamertag,
  XUserGetId,
  XUserGetIsGuest,
  XUserGetMaxUsers,
  XUserPrivilege,
  XUserPrivilegeDenyReason,
  XUserPrivilegeOptions,
} from '@gdkts/xuser';
import type { XUserHandle } from '@gdkts/xuser';
import { bootTestConsole } from '@gdkts/xuser/testing';
import { useLeakCheck, addDefault } from './helpers/console.js';

useLeakCheck();

function read(user: XUserHandle, component: number, size: number): { hr: number; text: string; used: number } {
  const buffer = new Uint8Array(size + 4).fill(0xee);
  const used = out(-1);
  const hr = XUserGetGamertag(user, component as never, size, buffer, used);
  const end = buffer.indexOf(0);
  return { hr, text: new TextDecoder().decode(buffer.subarray(0, end < 0 ? 0 : end)), used: used.value };
}

describe('XUser getters', () => {
  it('XUserGetId gives the XUID as a bigint; XUserFindUserById finds the added user', async () => {
    const console = await bootTestConsole({ accounts: [{ gamertag: 'Alice', xuid: '2814749767106561' }] });
    const user = await addDefault();
    const id = out(0n);
    expect(XUserGetId(user, id)).toBe(S_OK);
    expect(id.value).toBe(2814749767106561n);
    const found = out<XUserHandle | null>(null);
    expect(XUserFindUserById(2814749767106561n, found)).toBe(S_OK);
    expect(found.value).not.toBe(user);
    XUserCloseHandle(found.value);
    expect(XUserFindUserById(1n, out(null))).toBe(E_GAMEUSER_USER_NOT_FOUND);
    expect(XUserFindUserById(1 as never, out(null))).toBe(E_INVALIDARG);
    expect(console.account('Alice')?.xuid).toBe('2814749767106561');
    XUserCloseHandle(user);
  });

  it('the four gamertag components fit their max sizes; one byte short is E_NOT_SUFFICIENT_BUFFER and writes nothing', async () => {
    await bootTestConsole({
      accounts: [{ gamertag: 'Classic Tag', modernGamertag: 'Mödérn', modernGamertagSuffix: '1234' }],
    });
    const user = await addDefault();
    const expected: [number, number, string][] = [
      [XUserGamertagComponent.Classic, XUserGamertagComponentClassicMaxBytes, 'Classic Tag'],
      [XUserGamertagComponent.Modern, XUserGamertagComponentModernMaxBytes, 'Mödérn'],
      [XUserGamertagComponent.ModernSuffix, XUserGamertagComponentModernSuffixMaxBytes, '1234'],
      [XUserGamertagComponent.UniqueModern, XUserGamertagComponentUniqueModernMaxBytes, 'Mödérn#1234'],
    ];
    for (const [component, max, text] of expected) {
      const full = read(user, component, max);
      const bytes = new TextEncoder().encode(text).length + 1;
      expect(full).toEqual({ hr: S_OK, text, used: bytes });
      expect(read(user, component, bytes)).toEqual({ hr: S_OK, text, used: bytes });
      const short = read(user, component, bytes - 1);
      expect(short.hr).toBe(E_NOT_SUFFICIENT_BUFFER);
      expect(short.used).toBe(-1);
    }
    expect(read(user, 4, 100).hr).toBe(E_INVALIDARG);
    expect(XUserGetGamertag(user, 0, 100, new Uint8Array(10), null)).toBe(E_INVALIDARG); // size larger than the buffer
    XUserCloseHandle(user);
  });

  it('a user without a modern gamertag: Modern is the classic tag, the suffix is empty, UniqueModern has no #', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'OldSchool' }] });
    const user = await addDefault();
    expect(read(user, XUserGamertagComponent.Modern, 97).text).toBe('OldSchool');
    expect(read(user, XUserGamertagComponent.ModernSuffix, 15)).toEqual({ hr: S_OK, text: '', used: 1 });
    expect(read(user, XUserGamertagComponent.UniqueModern, 101).text).toBe('OldSchool');
    XUserCloseHandle(user);
  });

  it('age group, guest flag, max users', async () => {
    await bootTestConsole({ accounts: [{ gamertag: 'Kid', ageGroup: 'Teen' }], maxUsers: 3 });
    const user = await addDefault();
    const age = out<XUserAgeGroup>(XUserAgeGroup.Unknown);
    expect(XUserGetAgeGroup(user, age)).toBe(S_OK);
    expect(age.value).toBe(XUserAgeGroup.Teen);
    const guest = out(true);
    expect(XUserGetIsGuest(user, guest)).toBe(S_OK);
    expect(guest.value).toBe(false);
    const max = out(0);
    expect(XUserGetMaxUsers(max)).toBe(S_OK);
    expect(max.value).toBe(3);
    expect(XUserGetMaxUsers(null as never)).toBe(E_POINTER);
    XUserCloseHandle(user);
  });

  it('XUserCheckPrivilege: granted, and denied with a reason; AllUsers needs every user', async () => {
    const console = await bootTestConsole({ accounts: [{ gamertag: 'Adult', privileges: [XUserPrivilege.Clubs] }] });
    const user = await addDefault();
    const has = out(false);
    const reason = out<XUserPrivilegeDenyReason>(XUserPrivilegeDenyReason.Unknown);
    expect(XUserCheckPrivilege(user, XUserPrivilegeOptions.None, XUserPrivilege.Clubs, has, reason)).toBe(S_OK);
    expect([has.value, reason.value]).toEqual([true, XUserPrivilegeDenyReason.None]);
    expect(XUserCheckPrivilege(user, XUserPrivilegeOptions.None, XUserPrivilege.Multiplayer, has, reason)).toBe(S_OK);
    expect([has.value, reason.value]).toEqual([false, XUserPrivilegeDenyReason.PurchaseRequired]);
    expect(XUserCheckPrivilege(user, XUserPrivilegeOptions.AllUsers, XUserPrivilege.Clubs, has, null)).toBe(S_OK);
    expect(has.value).toBe(true);
    console.account('Adult')!.update({ ageGroup: 'Child' });
    expect(XUserCheckPrivilege(user, XUserPrivilegeOptions.None, XUserPrivilege.Multiplayer, has, reason)).toBe(S_OK);
    expect(reason.value).toBe(XUserPrivilegeDenyReason.Restricted);
    expect(XUserCheckPrivilege(user, 2, XUserPrivilege.Clubs, has, null)).toBe(E_INVALIDARG);
    expect(XUserCheckPrivilege(user, 0, -1, has, null)).toBe(E_INVALIDARG);
    expect(XUserCheckPrivilege(user, 0, XUserPrivilege.Clubs, null as never, null)).toBe(E_POINTER);
    XUserCloseHandle(user);
  });

  it('an account that needs the user: XUserGetId, XUserGetGamertag, XUserGetAgeGroup, XUserCheckPrivilege answer E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED', async () => {
    const console = await bootTestConsole({ accounts: [{ gamertag: 'Alice' }] });
    const user = await addDefault();
    console.account('Alice')!.addIssue('TermsNotAccepted');
    expect(XUserGetId(user, out(0n))).toBe(E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED);
    expect(read(user, 0, 16).hr).toBe(E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED);
    expect(XUserGetAgeGroup(user, out(0))).toBe(E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED);
    expect(XUserCheckPrivilege(user, 0, XUserPrivilege.Clubs, out(false), null)).toBe(
      E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED,
    );
    console.account('Alice')!.resolveUserIssues();
    expect(XUserGetId(user, out(0n))).toBe(S_OK);
    XUserCloseHandle(user);
  });
});
