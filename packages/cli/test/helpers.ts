/** Runs the real `gdkts` launcher as a child process. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/gdkts.js', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `gdkts …args` in `cwd` (default: the workspace root), without NO_COLOR or debug settings leaking in. */
export function gdkts(
  args: readonly string[],
  options: { cwd?: string; file?: string; input?: string } = {},
): Promise<Run> {
  const env = { ...process.env };
  delete env['GDKTS_DEBUG'];
  return new Promise((resolve) => {
    const child = execFile(
      options.file ?? process.execPath,
      options.file === undefined ? [BIN, ...args] : [...args],
      { cwd: options.cwd ?? ROOT, env, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}
