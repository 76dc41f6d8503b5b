// The README's TypeScript examples are compiled with the repository's compiler options and run, as
// a reader would paste them (importing the package by name).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const blocks = [...readFileSync(join(packageDir, 'README.md'), 'utf8').matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
// Inside the package, so `@gdkts/xboxlive` resolves to this package by its own name.
const dir = mkdtempSync(join(packageDir, '.readme-'));
// Compiling loads the lib and @types/node, and running starts a process: a ceiling for a loaded machine, not a timing.
const SLOW = 60_000;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function compilerOptions(): ts.CompilerOptions {
  const base = fileURLToPath(new URL('../../../tsconfig.base.json', import.meta.url));
  const { config } = ts.readConfigFile(base, (path) => ts.sys.readFile(path));
  return { ...ts.parseJsonConfigFileContent(config, ts.sys, packageDir).options, noEmit: true, declaration: false, declarationMap: false, sourceMap: false };
}

describe('README.md', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  describe.each(blocks.map((code, index) => ({ index, code })))('example $index', ({ index, code }) => {
    const file = join(dir, `example${index}.ts`);
    writeFileSync(file, code);

    it('compiles', () => {
      const program = ts.createProgram([file], compilerOptions());
      const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(problems).toEqual([]);
    }, SLOW);

    it('runs, and prints the verified user XUID', () => {
      const child = spawnSync(process.execPath, ['--conditions=@gdkts/source', '--import', 'tsx', file], { cwd: packageDir, encoding: 'utf8' });
      expect(child.stderr).toBe('');
      expect(child.status).toBe(0);
      expect(child.stdout).toMatch(/^[1-9]\d{15}\n$/);
    }, SLOW);
  });
});
