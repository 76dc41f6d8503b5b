/**
 * Reading and writing the files a command is given, with the failure in words (exit 1).
 * @module
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CommandFailure, type CommandIO } from '../command.js';

/** Why a file could not be read or written, in words. */
export function fileProblem(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** Reads `file` (relative to the working directory; `-` is standard input) as bytes, or fails with exit 1. */
export async function readInput(io: CommandIO, file: string): Promise<Buffer> {
  try {
    return file === '-' ? Buffer.from(await io.readStdin(), 'utf8') : await readFile(resolve(io.cwd, file));
  } catch (error) {
    throw new CommandFailure(`cannot read ${file}: ${fileProblem(error)}`);
  }
}

/** Reads `file` as JSON, or fails with exit 1. */
export async function readJsonInput(io: CommandIO, file: string): Promise<unknown> {
  const text = (await readInput(io, file)).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CommandFailure(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Writes `file` (relative to the working directory), or fails with exit 1. `private` makes it readable by its owner only. */
export async function writeOutput(
  io: CommandIO,
  file: string,
  data: string,
  options: { private?: boolean } = {},
): Promise<void> {
  try {
    await writeFile(resolve(io.cwd, file), data, options.private === true ? { mode: 0o600 } : {});
  } catch (error) {
    throw new CommandFailure(`cannot write ${file}: ${fileProblem(error)}`);
  }
}
