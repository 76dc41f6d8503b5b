// The pictures of docs/life-of-an-xasync-call.md come from a real trace: scripts/docs-pictures.ts
// records two calls and draws them; this keeps the committed pictures equal to what it draws today.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the pictures of the XAsync guide', () => {
  it('are what scripts/docs-pictures.ts draws from a recorded run', () => {
    const run = spawnSync(
      process.execPath,
      ['--conditions=@gdkts/source', '--import', 'tsx', 'scripts/docs-pictures.ts', '--check'],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('show both calls, every step, and one lane per port', () => {
    const guide = readFileSync(`${root}docs/life-of-an-xasync-call.md`, 'utf8');
    for (const step of ['Begin', 'DoWork', 'Complete', 'callback', 'GetResult', 'Cancel', 'Cleanup']) {
      expect(guide).toMatch(new RegExp(`call \\d ${step}`));
    }
    const svg = readFileSync(`${root}docs/images/xasync-call.svg`, 'utf8');
    expect(svg.match(/<g class="lane"/g)).toHaveLength(2);
  });
});
