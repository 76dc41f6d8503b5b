// The data directory, made ready before the service listens: created (with its parents) when
// missing, and proved writable by a file opened and removed there the way the state writer writes.
// A directory that cannot serve is refused here with the path and the reason in words.
//
// It is created one level at a time, never with `mkdir(…, { recursive: true })`: on Linux, procfs
// answers a mkdir under /proc with ENOENT, which Node's recursive mkdir (seen on Node 20) takes for
// a missing parent; it makes the parent (EEXIST, fine), tries the child again, gets ENOENT again,
// and loops for ever in the thread pool: the promise never settles and `gdkts live serve --data
// /proc/x` hung. Here an ENOENT once the parent exists is final.
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { STATE_FILE } from './state.js';

/** The file system error's code (`ENOENT`), or the error itself as text. */
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : String(error);
}

/** A code in words, for the codes a data directory meets. */
function inWords(code: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'EROFS':
      return `read-only file system (${code})`;
    case 'ENOSPC':
      return `no space left on the device (${code})`;
    default:
      return code;
  }
}

/** `mkdir path` when it is missing; an existing directory is fine, an existing file is ENOTDIR. */
async function mkdirOnce(path: string): Promise<void> {
  try {
    await mkdir(path);
  } catch (error) {
    if (codeOf(error) !== 'EEXIST') throw error;
    if (!(await stat(path)).isDirectory())
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path}'`), { code: 'ENOTDIR', path });
  }
}

/** Creates `path` and its missing parents, one level at a time (an ENOENT once the parent exists is final). */
async function makeDirectory(path: string): Promise<void> {
  try {
    await mkdirOnce(path);
    return;
  } catch (error) {
    if (codeOf(error) !== 'ENOENT' || dirname(path) === path) throw error;
  }
  await makeDirectory(dirname(path));
  await mkdirOnce(path);
}

/** The nearest of `path` and its parents that exists and is not a directory, if any. */
async function fileOnTheWay(path: string): Promise<string | undefined> {
  for (let at = path; ; at = dirname(at)) {
    try {
      return (await stat(at)).isDirectory() ? undefined : at;
    } catch {
      if (dirname(at) === at) return undefined;
    }
  }
}

/** Why `path` could not be created, in words. */
async function creationProblem(path: string, error: unknown): Promise<string> {
  const code = codeOf(error);
  if (code === 'ENOTDIR') {
    const file = await fileOnTheWay(path);
    if (file === path) return 'it is a file, not a directory';
    if (file !== undefined) return `${file} is a file, not a directory`;
  }
  const failed = (error as { path?: unknown }).path;
  const where = typeof failed === 'string' && failed !== path ? failed : undefined;
  const reason = code === 'ENOENT' ? `${dirname(where ?? path)} takes no new directories (ENOENT)` : inWords(code);
  return `cannot create ${where ?? 'it'}: ${reason}`;
}

function unusable(dataDir: string, reason: string, cause: unknown): RangeError {
  return new RangeError(`Expected \`dataDir\` to be a directory the service can write, got \`${dataDir}\`: ${reason}`, {
    cause,
  });
}

/**
 * Makes `dataDir` ready to hold the state file: creates it and its missing parents, and checks a
 * file can be written in it (a probe named like the writer's temporary files, so a kill between
 * its open and its removal leaves what the next start cleans up).
 *
 * @param dataDir - [in] the data directory, absolute or relative to the working directory.
 * @throws RangeError (rejects) naming the directory and why it cannot serve: a file on the way,
 *   a file system that takes no directory or file there (/proc, /sys), no permission, read-only;
 *   the file system error is its `cause`.
 */
export async function prepareDataDirectory(dataDir: string): Promise<void> {
  const path = resolve(dataDir);
  try {
    await makeDirectory(path);
  } catch (error) {
    throw unusable(dataDir, await creationProblem(path, error), error);
  }
  const probe = join(path, `.${STATE_FILE}.${process.pid}.probe.tmp`);
  try {
    const handle = await open(probe, 'w', 0o600);
    await handle.close();
    await rm(probe, { force: true });
  } catch (error) {
    const code = codeOf(error);
    const reason = code === 'ENOENT' ? 'it takes no new files (ENOENT)' : inWords(code);
    throw unusable(dataDir, `cannot write a file in it: ${reason}`, error);
  }
}
