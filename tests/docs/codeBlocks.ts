/**
 * Finds the TypeScript examples of the documentation: the ```ts blocks of Markdown files and of TSDoc
 * comments. A block's info string may carry one marker after `ts` (CONTRIBUTING.md, "Examples"):
 * `no-run` (type-checked, not run) or `no-check` (an excerpt: neither type-checked nor run).
 */

/** What the suite does with a block. */
export type BlockMode = 'run' | 'check' | 'skip';

/** One fenced block: where it starts (1-based line of the opening fence) and its code. */
export interface CodeBlock {
  readonly file: string;
  readonly line: number;
  readonly mode: BlockMode;
  readonly code: string;
}

const OPEN = /^(\s*)```(?:ts|typescript)((?:[ \t]+[\w-]+)*)[ \t]*$/;
const CLOSE = /^\s*```\s*$/;

function modeOf(markers: readonly string[], where: string): BlockMode {
  let mode: BlockMode = 'run';
  for (const marker of markers) {
    if (marker === 'no-run') mode = 'check';
    else if (marker === 'no-check') mode = 'skip';
    else throw new Error(`${where}: unknown code-block marker \`${marker}\` (known: no-run, no-check)`);
  }
  return mode;
}

/** The ```ts blocks of a list of lines (line numbers offset by `firstLine - 1`). */
function blocksOfLines(file: string, lines: readonly string[], firstLine: number): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i]!);
    if (open === null) continue;
    const indent = open[1]!.length;
    const markers = open[2]!
      .trim()
      .split(/\s+/)
      .filter((word) => word !== '');
    const line = firstLine + i;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !CLOSE.test(lines[j]!)) body.push(lines[j++]!.slice(indent));
    if (j === lines.length) throw new Error(`${file}:${line}: unterminated code block`);
    blocks.push({ file, line, mode: modeOf(markers, `${file}:${line}`), code: `${body.join('\n')}\n` });
    i = j;
  }
  return blocks;
}

/** The ```ts blocks of a Markdown document. */
export function markdownBlocks(file: string, text: string): CodeBlock[] {
  return blocksOfLines(file, text.split('\n'), 1);
}

/** The ```ts blocks inside the `/** … *\/` comments of a TypeScript source. */
export function tsdocBlocks(file: string, text: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\/\*\*/.test(lines[i]!)) continue;
    const start = i;
    const body: string[] = [];
    while (i < lines.length && !lines[i]!.includes('*/')) body.push(lines[i++]!.replace(/^\s*(?:\/\*\*|\*)? ?/, ''));
    blocks.push(...blocksOfLines(file, body, start + 1));
  }
  return blocks;
}
