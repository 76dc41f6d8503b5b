/**
 * The XErr numbers xboxlive answers with are the `XO_E_*` codes of the shared `@gdkts/hresult` table,
 * unsigned as on the JSON wire (token-signature.md, XErr table; issue 6 §1).
 */
import { describe, expect, it } from 'vitest';
import { XO_E_CONTENT_ISOLATION, describe as describeHResult, fromUint32, toUint32 } from '@gdkts/hresult';
import { AccountIssue, XERR_CONTENT_ISOLATION } from '@gdkts/xboxlive';

describe('XErr values', () => {
  it('gives every AccountIssue the unsigned value of a named XO_E_ code of the table', () => {
    for (const [issue, xerr] of Object.entries(AccountIssue)) {
      expect(Number.isInteger(xerr) && xerr > 0x7fffffff && xerr <= 0xffffffff, issue).toBe(true);
      const d = describeHResult(xerr);
      expect(d.name?.startsWith('XO_E_'), issue).toBe(true);
      expect(toUint32(fromUint32(xerr))).toBe(xerr);
    }
  });

  it('answers a sandbox refusal with XO_E_CONTENT_ISOLATION, unsigned', () => {
    expect(XERR_CONTENT_ISOLATION).toBe(toUint32(XO_E_CONTENT_ISOLATION));
    expect(describeHResult(XERR_CONTENT_ISOLATION)).toMatchObject({
      name: 'XO_E_CONTENT_ISOLATION',
      aliases: ['E_GAMEUSER_USER_NOT_IN_SANDBOX'],
    });
  });
});
