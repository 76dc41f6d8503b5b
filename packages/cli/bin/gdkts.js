#!/usr/bin/env node
// The gdkts launcher. In the workspace (src/ present and tsx installed) it runs the TypeScript
// source in this process: a resolve hook adds the `@gdkts/source` condition (so workspace
// packages resolve to their source and need no build) and tsx compiles TypeScript. Otherwise it
// runs the built dist/. The exit code is the CLI's.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const source = new URL('../src/main.ts', import.meta.url);
let tsx = null;
if (existsSync(source)) {
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    /* not installed: run the build */
  }
}
if (tsx !== null) {
  const hook =
    'export async function resolve(specifier, context, next) { return next(specifier, { ...context, conditions: [...context.conditions, "@gdkts/source"] }); }';
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  tsx.register();
  await import(source.href);
} else {
  await import(new URL('../dist/main.js', import.meta.url).href);
}
