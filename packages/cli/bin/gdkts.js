#!/usr/bin/env node
// The gdkts launcher. In the workspace (src/ present and tsx installed) it runs the TypeScript
// source through tsx with the `@gdkts/source` condition, so workspace packages need no build;
// otherwise it runs the built dist/. The exit code is the CLI's.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../src/main.ts', import.meta.url));
let tsx = null;
try {
  tsx = import.meta.resolve('tsx');
} catch {
  /* not installed: run the build */
}
if (existsSync(source) && tsx !== null) {
  const child = spawnSync(process.execPath, ['--conditions=@gdkts/source', '--import', tsx, source, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
} else {
  await import(new URL('../dist/main.js', import.meta.url).href);
}
