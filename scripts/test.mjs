#!/usr/bin/env node
// Runs the whole Vitest suite and ends with the plain summary line CI reads:
//   tests: N passed, M failed
// The fast-check seed is chosen here once so every worker shares it and it is printed once.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}.test-results.json`;
if (!process.env.FC_SEED) process.env.FC_SEED = String((Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0);
console.log(`fast-check seed: ${process.env.FC_SEED} (replay with FC_SEED=${process.env.FC_SEED})`);
rmSync(out, { force: true });
const vitest = spawnSync(
  process.execPath,
  [
    `${root}node_modules/vitest/vitest.mjs`,
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env: process.env },
);
let passed = 0;
let failed = 0;
try {
  const report = JSON.parse(readFileSync(out, 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  if (!report.success && failed === 0) failed = 1;
} catch {
  failed = Math.max(1, failed);
}
if (vitest.status !== 0 && failed === 0) failed = 1;
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
