/**
 * The macros and conversions, with known answers from the notes (`xasync-api.md` §2, `xuser-xal.md`
 * §1.8, §2.8, `token-signature.md` XErr table).
 */
import { describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_GAMEUSER_MAX_USERS_ADDED,
  E_NOTFOUND,
  E_POSSIBLE_DEADLOCK,
  E_XAL_NOTINITIALIZED,
  FACILITY,
  HRESULT_FACILITY,
  HRESULT_FROM_WIN32,
  MAKE_HRESULT,
  S_OK,
  XO_E_ACCOUNT_CREATION_REQUIRED,
  fromUint32,
  hresultHex,
  hresultName,
  hresultToString,
  parseHResult,
  toUint32,
} from '@gdkts/hresult';

describe('MAKE_HRESULT', () => {
  it("builds the notes' codes from severity, facility and code", () => {
    expect(MAKE_HRESULT(1, FACILITY.WIN32, 1131)).toBe(0x8007046b | 0);
    expect(MAKE_HRESULT(1, FACILITY.HTTP_CLIENT, 0x5100)).toBe(E_XAL_NOTINITIALIZED);
    expect(MAKE_HRESULT(1, FACILITY.GAME_RUNTIME, 0x5100)).toBe(E_GAMEUSER_MAX_USERS_ADDED);
    expect(MAKE_HRESULT(0, 0, 0)).toBe(S_OK);
  });

  it('keeps only the field widths when given wider values', () => {
    expect(MAKE_HRESULT(3, 0x8007, 0x1046b)).toBe(0x8007046b | 0);
  });
});

describe('HRESULT_FROM_WIN32', () => {
  it('gives the codes the notes give for ERROR_POSSIBLE_DEADLOCK and ERROR_NOT_FOUND', () => {
    expect(HRESULT_FROM_WIN32(1131)).toBe(0x8007046b | 0);
    expect(HRESULT_FROM_WIN32(1131)).toBe(E_POSSIBLE_DEADLOCK);
    expect(HRESULT_FROM_WIN32(1168)).toBe(E_NOTFOUND);
    expect(HRESULT_FROM_WIN32(12007)).toBe(0x80072ee7 | 0); // ERROR_INTERNET_NAME_NOT_RESOLVED
  });
});

describe('HRESULT_FACILITY', () => {
  it('reads the facility bits when given codes of each facility', () => {
    expect(HRESULT_FACILITY(E_ABORT)).toBe(FACILITY.NULL);
    expect(HRESULT_FACILITY(0x8015dc12)).toBe(FACILITY.XBOX_ONLINE);
    expect(HRESULT_FACILITY(0x87dd0013)).toBe(FACILITY.AUTH_MANAGER);
    expect(HRESULT_FACILITY(0x89245100 | 0)).toBe(2340);
  });
});

describe('toUint32 / fromUint32', () => {
  it('converts between the signed code and the unsigned XErr of the JSON wire', () => {
    expect(toUint32(XO_E_ACCOUNT_CREATION_REQUIRED)).toBe(2148916233);
    expect(fromUint32(2148916233)).toBe(XO_E_ACCOUNT_CREATION_REQUIRED);
    expect(toUint32(S_OK)).toBe(0);
    expect(fromUint32(toUint32(E_ABORT))).toBe(E_ABORT);
    expect(JSON.parse(JSON.stringify({ XErr: toUint32(E_ABORT) }))).toEqual({ XErr: 0x80004004 });
  });
});

describe('hresultToString', () => {
  it('prints the primary name and the hex value when the code is known, of any facility', () => {
    expect(hresultToString(E_ABORT)).toBe('E_ABORT (0x80004004)');
    expect(hresultToString(0x8015dc12)).toBe('XO_E_CONTENT_ISOLATION (0x8015DC12)');
    expect(hresultToString(0x89235108 | 0)).toBe('E_XAL_UIREQUIRED (0x89235108)');
    expect(hresultName(0x87dd0013)).toBe('AM_E_USER_NOT_FOUND');
  });

  it('prints hex alone when the code is unknown', () => {
    expect(hresultToString(0x8009abcd | 0)).toBe('0x8009ABCD');
    expect(hresultName(0x8009abcd | 0)).toBeUndefined();
    expect(hresultHex(0x1234)).toBe('0x00001234');
  });
});

describe('parseHResult', () => {
  it('reads signed decimal, unsigned decimal, hex and names (primary or alias) as the same code', () => {
    for (const text of ['-2147467260', '2147500036', '0x80004004', '0X80004004', ' E_ABORT '])
      expect(parseHResult(text), text).toBe(E_ABORT);
    expect(parseHResult('E_GAMEUSER_USER_NOT_IN_SANDBOX')).toBe(0x8015dc12 | 0);
    expect(parseHResult('2148916233')).toBe(XO_E_ACCOUNT_CREATION_REQUIRED);
    expect(parseHResult('0')).toBe(S_OK);
  });

  it('returns undefined when the text is no HRESULT or out of the 32-bit range', () => {
    for (const text of ['', 'E_NOPE', '0x', '0x123456789', '4294967296', '-2147483649', '1.5', 'e_abort'])
      expect(parseHResult(text), text).toBeUndefined();
    expect(parseHResult(42 as unknown as string)).toBeUndefined();
  });
});
