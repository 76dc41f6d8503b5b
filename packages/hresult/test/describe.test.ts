/**
 * `describe(hr)` for the CLI's `gdkts hr` (issue 6 §1): signed, unsigned, hex and name input.
 */
import { describe as suite, expect, it } from 'vitest';
import { E_ABORT, UNKNOWN_HRESULT_MEANING, XO_E_CONTENT_ISOLATION, describe } from '@gdkts/hresult';

suite('describe', () => {
  it('describes a known code the same way when given it signed, unsigned, in hex or by name', () => {
    const expected = {
      hr: E_ABORT,
      hex: '0x80004004',
      name: 'E_ABORT',
      aliases: [],
      facility: { code: 0, name: 'NULL' },
      severity: 'failure',
      meaning: 'the call was canceled, or its queue is terminating or terminated.',
    };
    for (const input of [E_ABORT, 0x80004004, '-2147467260', '2147500036', '0x80004004', 'E_ABORT'])
      expect(describe(input), String(input)).toEqual(expected);
  });

  it('gives the primary name and its aliases when given either name of a shared value', () => {
    for (const input of ['XO_E_CONTENT_ISOLATION', 'E_GAMEUSER_USER_NOT_IN_SANDBOX', 0x8015dc12]) {
      expect(describe(input)).toMatchObject({
        hr: XO_E_CONTENT_ISOLATION,
        name: 'XO_E_CONTENT_ISOLATION',
        aliases: ['E_GAMEUSER_USER_NOT_IN_SANDBOX'],
        facility: { code: 0x15, name: 'XBOX_ONLINE' },
      });
    }
  });

  it('gives the success severity and its facility when given S_FALSE and a game-runtime code', () => {
    expect(describe(1)).toMatchObject({ name: 'S_FALSE', severity: 'success' });
    expect(describe('0x89245106')).toMatchObject({
      name: 'E_GAMEUSER_NO_DEFAULT_USER',
      facility: { code: 0x924, name: 'GAME_RUNTIME' },
    });
  });

  it('describes an unknown code by its bits when the table does not hold it', () => {
    expect(describe(0x8007abcd)).toEqual({
      hr: 0x8007abcd | 0,
      hex: '0x8007ABCD',
      name: undefined,
      aliases: [],
      facility: { code: 7, name: 'WIN32' },
      severity: 'failure',
      meaning: UNKNOWN_HRESULT_MEANING,
    });
    expect(describe(0x12345678)).toMatchObject({ severity: 'success', facility: { code: 0x1234, name: undefined } });
  });

  it('returns undefined when the text is not an HRESULT', () => {
    expect(describe('E_NOPE')).toBeUndefined();
    expect(describe('')).toBeUndefined();
  });
});
