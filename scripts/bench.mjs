#!/usr/bin/env node
// `pnpm bench`: runs every packages/*/bench/*.bench.ts as its own Node process (with --expose-gc)
// and prints what each prints. Each bench measures its baseline in the same process and prints
// every figure as a ratio against it. Not part of CI: a 2-core machine makes timings noisy.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filter = process.argv[2];
let failed = 0;
for (const pkg of readdirSync(`${root}packages`)) {
  const dir = `${root}packages/${pkg}/bench`;
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()) {
    if (filter !== undefined && !`${pkg}/${file}`.includes(filter)) continue;
    console.log(`\n== ${pkg}/bench/${file}`);
    const r = spawnSync(
      process.execPath,
      ['--expose-gc', '--conditions=@gdkts/source', '--import', 'tsx', `${dir}/${file}`],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
    if (r.status !== 0) failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
