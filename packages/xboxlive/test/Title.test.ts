import { describe, expect, it } from 'vitest';
import { RETAIL_SANDBOX, Title } from '@gdkts/xboxlive';

describe('Title', () => {
  it('keeps the title id and gives it as a decimal tid and a hex id', () => {
    const title = new Title({ titleId: 0x1234abcd, sandbox: 'XDKS.1', version: '2.0.1.0' });
    expect(title.tid).toBe('305441741');
    expect(title.hexTitleId).toBe('0x1234ABCD');
    expect(title.sandbox).toBe('XDKS.1');
    expect(title.version).toBe('2.0.1.0');
  });

  it('defaults to the retail sandbox', () => {
    expect(new Title({ titleId: 1 }).sandbox).toBe(RETAIL_SANDBOX);
    expect(RETAIL_SANDBOX).toBe('RETAIL');
  });

  it('rejects a title id outside uint32 and malformed sandboxes', () => {
    for (const titleId of [0, -1, 1.5, 0x1_0000_0000, Number.NaN])
      expect(() => new Title({ titleId })).toThrow(RangeError);
    for (const sandbox of ['', 'has space', '.X', 'x'.repeat(65)])
      expect(() => new Title({ titleId: 1, sandbox })).toThrow(RangeError);
    expect(new Title({ titleId: 0xffff_ffff }).tid).toBe('4294967295');
  });
});
