/**
 * The runner: picks the command, parses its options with `node:util` `parseArgs`, prints help,
 * and turns every user mistake into one line on stderr and an exit code (never a stack trace).
 * @module
 */
import { parseArgs } from 'node:util';
import { CommandFailure, ExitCode, UsageError, type Command, type CommandIO } from './command.js';
import { commands } from './commands/index.js';

const VERSION = '0.1.0';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'gdkts: tools for the gdkts Xbox GDK model',
    '',
    'Usage: gdkts <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --help, -h     show help (also after a command: gdkts hr --help)',
    '  --version      print the version',
    '',
    'Exit status: 0 ok, 1 the thing checked failed, 2 usage error.',
    '',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return `Usage: gdkts ${c.usage}\n\n${c.summary}\n\n${c.help.trimEnd()}\n(--help, -h shows this help.)\n`;
}

/** An error's message as one line. */
function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Runs `gdkts` with the given arguments.
 * @param argv - [in] the arguments after `gdkts` (`['hr', '0x80004004']`).
 * @param io - [in] where to write; defaults to the process's streams and working directory.
 * @returns the exit code: 0 ok, 1 the thing checked failed, 2 usage error.
 */
export async function main(argv: readonly string[], io: CommandIO = processIO()): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined) return usage(io, null, 'missing command');
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    const c = topic === undefined ? undefined : commands.find((x) => x.name === topic);
    if (topic !== undefined && c === undefined) return usage(io, null, `unknown command '${topic}'`);
    io.stdout(c === undefined ? overview() : commandHelp(c));
    return ExitCode.Ok;
  }
  if (name === '--version') {
    io.stdout(`${VERSION}\n`);
    return ExitCode.Ok;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined)
    return usage(io, null, name.startsWith('-') ? `unknown option '${name}'` : `unknown command '${name}'`);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: protectNegatives(rest),
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return usage(io, command, oneLine(error).replace(/\. To specify a positional argument.*$/, ''));
  }
  parsed.positionals = parsed.positionals.map((p) => (p.startsWith(NEGATIVE) ? p.slice(1) : p));
  if (parsed.values['help'] === true) {
    io.stdout(commandHelp(command));
    return ExitCode.Ok;
  }
  try {
    return await command.run({
      positionals: parsed.positionals,
      values: parsed.values as Record<string, string | boolean | readonly string[] | undefined>,
      io,
    });
  } catch (error) {
    if (error instanceof UsageError) return usage(io, command, error.message);
    if (error instanceof CommandFailure) {
      io.stderr(`gdkts ${command.name}: ${oneLine(error)}\n`);
      return ExitCode.Failure;
    }
    // A bug, not a user mistake: still one line (the stack with GDKTS_DEBUG=1).
    io.stderr(`gdkts ${command.name}: internal error: ${oneLine(error)}\n`);
    if (process.env['GDKTS_DEBUG'] && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return ExitCode.Failure;
  }
}

const NEGATIVE = '\u0000';

/** Negative numbers (`-2147467260`) are positionals, not options: mark them so parseArgs keeps them. */
function protectNegatives(args: readonly string[]): string[] {
  const end = args.indexOf('--');
  return args.map((a, i) => ((end < 0 || i < end) && /^-\d+$/.test(a) ? `${NEGATIVE}${a}` : a));
}

function usage(io: CommandIO, command: Command | null, message: string): ExitCode {
  const hint = command === null ? "see 'gdkts --help'" : `see 'gdkts ${command.name} --help'`;
  io.stderr(`gdkts${command === null ? '' : ` ${command.name}`}: ${oneLine(message)} (${hint})\n`);
  return ExitCode.Usage;
}

function processIO(): CommandIO {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
