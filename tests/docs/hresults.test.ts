// docs/hresults.md is generated from the one HRESULT table; this keeps the committed file equal to
// what scripts/generate-hresult-reference.ts writes today (rerun the script after changing the table).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HRESULT_TABLE, hresultHex } from '@gdkts/hresult';
import { describe, expect, it } from 'vitest';
import { HRESULT_REFERENCE_PATH, renderHResultReference } from '../../scripts/generate-hresult-reference.js';

const committed = readFileSync(fileURLToPath(new URL(`../../${HRESULT_REFERENCE_PATH}`, import.meta.url)), 'utf8');

describe('the HRESULT reference (docs/hresults.md)', () => {
  it('is what the generator writes from HRESULT_TABLE', () => {
    expect(committed).toBe(renderHResultReference());
  });

  it('has one row per table entry, with its name, hex and aliases', () => {
    const rows = committed.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows).toHaveLength(HRESULT_TABLE.length);
    for (const entry of HRESULT_TABLE) {
      const line = rows.find((r) => r.startsWith(`| \`${entry.name}\` |`));
      expect(line, entry.name).toBeDefined();
      expect(line).toContain(`\`${hresultHex(entry.value)}\``);
      for (const alias of entry.aliases ?? []) expect(line).toContain(`\`${alias}\``);
    }
  });

  it('changes when the table changes', () => {
    const [first, ...rest] = HRESULT_TABLE;
    expect(renderHResultReference([{ ...first!, meaning: 'edited' }, ...rest])).not.toBe(committed);
  });
});
