/**
 * The table: every exported constant is a row (primary or alias) with the same value, one row per
 * value, aliases declared, XAL's GDK aliases name real codes (`xuser-xal.md` §1.8, §2.8).
 */
import { describe, expect, it } from 'vitest';
import * as hresult from '@gdkts/hresult';
import {
  AM_E_USER_NOT_FOUND,
  E_GAMEUSER_NO_AUTH_USER,
  E_GAMEUSER_USER_NOT_IN_SANDBOX,
  E_NOTFOUND,
  E_NOT_FOUND,
  FACILITY,
  HRESULT_FACILITY,
  HRESULT_TABLE,
  XAL_GDK_ALIASES,
  XO_E_CONTENT_ISOLATION,
  lookupHResult,
  lookupHResultName,
} from '@gdkts/hresult';

const CODE_NAME = /^(S|E|[A-Z]+_E)_[A-Z0-9_]+$/;
const exportedCodes = Object.entries(hresult).filter(
  (e): e is [string, number] => CODE_NAME.test(e[0]) && typeof e[1] === 'number',
);

describe('HRESULT_TABLE', () => {
  it('holds every exported code constant, under its name or as a declared alias, with the same value', () => {
    expect(exportedCodes.length).toBeGreaterThan(100);
    for (const [name, value] of exportedCodes) {
      const entry = lookupHResultName(name);
      expect(entry, name).toBeDefined();
      expect(entry?.value, name).toBe(value);
      expect(entry?.name === name || entry?.aliases?.includes(name), name).toBe(true);
    }
  });

  it('exports a constant for every primary name and alias of the table', () => {
    const exported = new Map(exportedCodes);
    for (const entry of HRESULT_TABLE) {
      for (const name of [entry.name, ...(entry.aliases ?? [])]) expect(exported.get(name), name).toBe(entry.value);
    }
  });

  it('has one row per value and one row per name, so two names of a value are only ever declared aliases', () => {
    const values = HRESULT_TABLE.map((e) => e.value);
    expect(new Set(values).size).toBe(values.length);
    const names = HRESULT_TABLE.flatMap((e) => [e.name, ...(e.aliases ?? [])]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('stores signed 32-bit values, the facility their bits give, and a one-line meaning', () => {
    for (const e of HRESULT_TABLE) {
      expect(e.value, e.name).toBe(e.value | 0);
      expect(e.facility, e.name).toBe(HRESULT_FACILITY(e.value));
      expect(Object.values(FACILITY), e.name).toContain(e.facility);
      expect(e.meaning.length > 0 && !e.meaning.includes('\n'), e.name).toBe(true);
    }
  });

  it('is frozen, so nothing can register into it', () => {
    expect(Object.isFrozen(HRESULT_TABLE)).toBe(true);
    expect(HRESULT_TABLE.every((e) => Object.isFrozen(e))).toBe(true);
    expect(Object.isFrozen(XAL_GDK_ALIASES)).toBe(true);
  });
});

describe('aliases', () => {
  it('keeps the service name primary when a GDK name shares its value', () => {
    expect(E_GAMEUSER_USER_NOT_IN_SANDBOX).toBe(XO_E_CONTENT_ISOLATION);
    expect(XO_E_CONTENT_ISOLATION).toBe(0x8015dc12 | 0);
    expect(lookupHResult(XO_E_CONTENT_ISOLATION)).toMatchObject({
      name: 'XO_E_CONTENT_ISOLATION',
      aliases: ['E_GAMEUSER_USER_NOT_IN_SANDBOX'],
    });
    expect(E_GAMEUSER_NO_AUTH_USER).toBe(AM_E_USER_NOT_FOUND);
    expect(lookupHResult(0x87dd0013)).toMatchObject({
      name: 'AM_E_USER_NOT_FOUND',
      aliases: ['E_GAMEUSER_NO_AUTH_USER'],
    });
    expect(E_NOT_FOUND).toBe(E_NOTFOUND);
    expect(E_NOTFOUND).toBe(0x80070490 | 0);
  });
});

describe('XAL_GDK_ALIASES', () => {
  it('maps exactly the sixteen E_XAL codes the §2.8 table re-points on GDK, each to a code of the table', () => {
    expect(Object.keys(XAL_GDK_ALIASES)).toHaveLength(16);
    for (const [xal, gdk] of Object.entries(XAL_GDK_ALIASES)) {
      expect(lookupHResultName(xal)?.name, xal).toBe(xal);
      expect(lookupHResultName(gdk), gdk).toBeDefined();
      expect(lookupHResultName(gdk)?.value).not.toBe(lookupHResultName(xal)?.value);
    }
    expect(XAL_GDK_ALIASES.E_XAL_USERSETFULL).toBe('E_GAMEUSER_MAX_USERS_ADDED');
    expect(XAL_GDK_ALIASES.E_XAL_CONTENT_ISOLATION).toBe('XO_E_CONTENT_ISOLATION');
    expect(lookupHResultName(XAL_GDK_ALIASES.E_XAL_MISSINGTITLEID)?.value).toBe(0x89245108 | 0);
  });
});
