#!/usr/bin/env node
// Runs one ported GDK sample of samples/src (samples.md): `pnpm sample S1` (or its full name,
// `S1.customProvider`). Without a known name it lists the samples and exits with 2.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../samples/src/', import.meta.url));
const samples = readdirSync(dir)
  .filter((name) => /^S\d+\..+\.ts$/.test(name))
  .map((name) => name.slice(0, -'.ts'.length))
  .sort((a, b) => Number(a.slice(1, a.indexOf('.'))) - Number(b.slice(1, b.indexOf('.'))));
const wanted = process.argv[2];
const file = samples.find((name) => wanted !== undefined && (name === wanted || name.split('.')[0] === wanted));
if (file === undefined) {
  console.error(
    `${wanted === undefined ? 'Which sample?' : `No sample \`${wanted}\`.`} Run one with: pnpm sample <name>`,
  );
  for (const name of samples) console.error(`  ${name.split('.')[0]}\t${name}`);
  process.exit(2);
}
const run = spawnSync(
  process.execPath,
  ['--conditions=@gdkts/source', '--import', 'tsx', `${dir}${file}.ts`, ...process.argv.slice(3)],
  {
    stdio: 'inherit',
  },
);
process.exit(run.status ?? 1);
