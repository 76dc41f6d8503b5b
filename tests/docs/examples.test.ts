// The documentation's examples are code: every ```ts block of the READMEs, CONTRIBUTING.md, docs/**/*.md
// and the TSDoc comments of packages/*/src is type-checked against the workspace packages and run with
// the source condition, and must exit with code 0 (markers: CONTRIBUTING.md, "Examples").
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { markdownBlocks, tsdocBlocks, type CodeBlock } from './codeBlocks.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Inside tests/ so `@gdkts/*` resolves through tests/package.json's workspace dependencies.
const generated = fileURLToPath(new URL('./.generated/', import.meta.url));

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'api' ? [] : filesUnder(path, keep);
    return keep(entry.name) ? [path] : [];
  });
}

function collectBlocks(): CodeBlock[] {
  const packages = readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name));
  const markdown = [
    join(root, 'README.md'),
    join(root, 'CONTRIBUTING.md'),
    ...packages.map((dir) => join(dir, 'README.md')),
    ...filesUnder(join(root, 'docs'), (name) => name.endsWith('.md')),
  ];
  const sources = packages.flatMap((dir) => filesUnder(join(dir, 'src'), (name) => name.endsWith('.ts')));
  const read = (path: string): string | null => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  };
  return [
    ...markdown.flatMap((path) => {
      const text = read(path);
      return text === null ? [] : markdownBlocks(relative(root, path), text);
    }),
    ...sources.flatMap((path) => tsdocBlocks(relative(root, path), read(path)!)),
  ];
}

const blocks = collectBlocks();
const checked = blocks.filter((block) => block.mode !== 'skip');
const fileOf = (block: CodeBlock): string =>
  join(generated, `${block.file.replace(/[^\w.-]+/g, '_')}_L${block.line}.ts`);

// One program for every checked block, with the house's strict options.
function typeCheck(): Map<string, string[]> {
  rmSync(generated, { recursive: true, force: true });
  mkdirSync(generated, { recursive: true });
  for (const block of checked) writeFileSync(fileOf(block), block.code);
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.check.json'),
    { composite: false, noEmit: true, noUnusedLocals: false, noUnusedParameters: false },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const program = ts.createProgram({ rootNames: checked.map(fileOf), options: config.options });
  const problems = new Map<string, string[]>(checked.map((block) => [fileOf(block), []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const at = d.file === undefined ? '' : `:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`;
    const list = d.file === undefined ? undefined : problems.get(d.file.fileName);
    if (list !== undefined) list.push(`line ${at.slice(1)} of the block: ${message}`);
    else for (const other of problems.values()) other.push(`${d.file?.fileName ?? ''}${at}: ${message}`);
  }
  return problems;
}

function runNode(file: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@gdkts/source', '--import', 'tsx', file], {
      cwd: generated,
      stdio: ['ignore', 'pipe', 'pipe'],
      // A guard against an example that never ends (a listening server); not a timing assertion.
      timeout: 60_000,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('documentation examples', () => {
  const problems = typeCheck();

  it('finds the examples (READMEs and TSDoc)', () => {
    expect(blocks.some((block) => block.file.endsWith('README.md'))).toBe(true);
    expect(blocks.some((block) => block.file.includes('/src/'))).toBe(true);
  });

  for (const block of checked) {
    const name = `${block.file}:${block.line}${block.mode === 'check' ? ' (no-run)' : ''}`;
    it(`${name} type-checks`, () => {
      expect(problems.get(fileOf(block))).toEqual([]);
    });
    if (block.mode === 'run') {
      it(`${name} runs and exits with 0`, async () => {
        const { code, output } = await runNode(fileOf(block));
        expect({ code, output }).toMatchObject({ code: 0 });
      }, 70_000);
    }
  }
});
