/** Runs the real `gdkts` launcher as a child process. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const BIN = fileURLToPath(new URL('../bin/gdkts.js', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a child: no NO_COLOR, debug or live-service settings leaking in, plus `extra`. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['GDKTS_DEBUG'];
  delete env['GDKTS_LIVE_URL'];
  return { ...env, ...extra };
}

/**
 * `gdkts …args` in `cwd` (default: the workspace root). With `killAfterMs`, a run still going then
 * is killed (SIGKILL: a hung `live serve` handles SIGTERM) and answers code -1 with the reason on stderr.
 */
export function gdkts(
  args: readonly string[],
  options: { cwd?: string; file?: string; input?: string; env?: Record<string, string>; killAfterMs?: number } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      options.file ?? process.execPath,
      options.file === undefined ? [BIN, ...args] : [...args],
      {
        cwd: options.cwd ?? ROOT,
        env: childEnv(options.env),
        encoding: 'utf8',
        ...(options.killAfterMs === undefined ? {} : { timeout: options.killAfterMs, killSignal: 'SIGKILL' as const }),
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        const killed = error?.killed === true ? `(still running after ${options.killAfterMs} ms: killed)\n` : '';
        resolve({ code, stdout, stderr: `${stderr}${killed}` });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}

/** A long-running `gdkts` (`live serve`): its process, its output so far, and its end. */
export interface Running {
  readonly child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Resolves with the stdout so far once it matches `pattern` (rejects if the process ends first). */
  waitFor(pattern: RegExp): Promise<string>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<Run>;
}

/** Starts `gdkts …args` without waiting for it to end. */
export function spawnGdkts(args: readonly string[], options: { cwd?: string } = {}): Running {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<Run>((resolve) => {
    child.once('close', (code) => {
      resolve({ code: code ?? -1, stdout: out, stderr: err });
      for (const wake of waiters.splice(0)) wake();
    });
  });
  return {
    child,
    stdout: () => out,
    exited,
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (pattern.test(out)) resolve(out);
          else if (child.exitCode !== null || child.signalCode !== null)
            reject(new Error(`gdkts ended before ${pattern}: ${out}${err}`));
          else waiters.push(check);
        };
        check();
      });
    },
  };
}

/** A user mistake: the code, one stderr line matching `reason`, no stack frame, nothing on stdout (unless said). */
export function expectMistake(r: Run, code: 1 | 2, reason: RegExp, stdout = ''): void {
  expect(r.code, r.stderr).toBe(code);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines, 'exactly one line on stderr').toHaveLength(1);
  expect(lines[0]).toMatch(/^gdkts( \w+)?: /);
  expect(lines[0]).toMatch(reason);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stdout).toBe(stdout);
}
