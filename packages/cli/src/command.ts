/**
 * What a `gdkts` command is: a name, its help, its `node:util` `parseArgs` options, and a `run`
 * that returns an exit code. Commands report user mistakes by throwing {@link UsageError} (exit 2)
 * or {@link CommandFailure} (exit 1); the runner prints their message as one line on stderr.
 * @module
 */
import type { ParseArgsConfig } from 'node:util';

/** The exit codes scripts can rely on. */
export const ExitCode = Object.freeze({
  /** It worked. */
  Ok: 0,
  /** The thing checked failed (an unknown code, an unreadable or invalid input file). */
  Failure: 1,
  /** The command line was wrong (unknown command or option, missing argument). */
  Usage: 2,
} as const);
/** A value of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Where a command reads and writes. */
export interface CommandIO {
  /** Writes to standard output (text as given; add the newline). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
  /** Reads all of standard input (for a `-` file argument). */
  readonly readStdin: () => Promise<string>;
}

/** What `run` receives: the parsed command line. */
export interface CommandArgs {
  /** The positional arguments after the command name. */
  readonly positionals: readonly string[];
  /** The option values, by option name (a `multiple` option's values as a list). */
  readonly values: Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
  /** Where to read and write. */
  readonly io: CommandIO;
}

/** One `gdkts` command. */
export interface Command {
  /** The command word (`hr`). */
  readonly name: string;
  /** One line for `gdkts --help`. */
  readonly summary: string;
  /** The usage line after `gdkts ` (`hr <code> [--json]`). */
  readonly usage: string;
  /** The rest of its `--help`: what it does, its options, its exit codes. */
  readonly help: string;
  /** Its options (`--help` is added by the runner). */
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /**
   * Runs the command.
   * @param args - [in] the parsed command line.
   * @returns the exit code.
   */
  run(args: CommandArgs): ExitCode | Promise<ExitCode>;
}

/** A command-line mistake: the runner prints `gdkts <cmd>: <message>` and exits 2. */
export class UsageError extends Error {
  /** Always `"UsageError"`. */
  override readonly name = 'UsageError';
}

/** The thing checked failed: the runner prints `gdkts <cmd>: <message>` and exits 1. */
export class CommandFailure extends Error {
  /** Always `"CommandFailure"`. */
  override readonly name = 'CommandFailure';
}
