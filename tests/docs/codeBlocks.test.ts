import { describe, expect, it } from 'vitest';
import { markdownBlocks, tsdocBlocks } from './codeBlocks.js';

describe('documentation code blocks', () => {
  it('reads ```ts blocks of Markdown with their line and marker; other languages are not examples', () => {
    const text = ['# Title', '```ts', 'const a = 1;', '```', '```sh', 'ls', '```', '```ts no-run', 'b();', '```'].join(
      '\n',
    );
    expect(markdownBlocks('README.md', text)).toEqual([
      { file: 'README.md', line: 2, mode: 'run', code: 'const a = 1;\n' },
      { file: 'README.md', line: 8, mode: 'check', code: 'b();\n' },
    ]);
  });

  it('`no-check` marks an excerpt that is neither type-checked nor run', () => {
    expect(markdownBlocks('a.md', '```ts no-check\nfoo;\n```\n')[0]?.mode).toBe('skip');
  });

  it('an unknown marker or an unterminated block is an error, not a silently skipped example', () => {
    expect(() => markdownBlocks('a.md', '```ts norun\nfoo;\n```\n')).toThrow(
      /a\.md:1: unknown code-block marker `norun`/,
    );
    expect(() => markdownBlocks('a.md', '```ts\nfoo;\n')).toThrow(/a\.md:1: unterminated/);
  });

  it('reads the blocks of TSDoc comments without the comment prefix, keeping indentation inside the block', () => {
    const source = [
      'const x = 1;',
      '/**',
      ' * Runs it.',
      ' * @example',
      ' * ```ts',
      ' * if (x) {',
      ' *   go();',
      ' * }',
      ' * ```',
      ' */',
      'export function go(): void {}',
      '// ```ts',
      '// not a doc comment',
      '// ```',
    ].join('\n');
    expect(tsdocBlocks('src/go.ts', source)).toEqual([
      { file: 'src/go.ts', line: 5, mode: 'run', code: 'if (x) {\n  go();\n}\n' },
    ]);
  });
});
