/**
 * `gdkts hr <code> [--json]`: what the one HRESULT table (`@gdkts/hresult`) says about a code.
 * @module
 */
import { describe, type HResultDescription } from '@gdkts/hresult';
import { CommandFailure, ExitCode, UsageError, type Command } from '../command.js';

function text(d: HResultDescription): string {
  const facility =
    d.facility.name === undefined
      ? `${d.facility.code} (not named by gdkts)`
      : `${d.facility.name} (${d.facility.code}, 0x${d.facility.code.toString(16).toUpperCase()})`;
  return [
    `${d.name ?? '(unknown)'}  ${d.hex}  (${d.hr})`,
    `  aliases:   ${d.aliases.length === 0 ? '(none)' : d.aliases.join(', ')}`,
    `  facility:  ${facility}`,
    `  severity:  ${d.severity}`,
    `  meaning:   ${d.meaning}`,
    '',
  ].join('\n');
}

/** The `hr` command. */
export const hrCommand: Command = {
  name: 'hr',
  summary: 'look up an HRESULT: name, aliases, facility, severity, meaning',
  usage: 'hr <code> [--json]',
  help: [
    '<code> is hex (0x80004004), signed decimal (-2147467260), unsigned decimal (2147500036)',
    'or a native name, primary or alias (E_ABORT, E_GAMEUSER_USER_NOT_IN_SANDBOX).',
    '',
    'Options:',
    '  --json            print the description as JSON (name is null for an unknown code)',
    '',
    'Exit status: 0 the code is in the table; 1 it is not (a number outside the table is',
    'still described: hex, facility, severity) or it is not a code at all; 2 usage error.',
  ].join('\n'),
  options: {
    json: { type: 'boolean' },
  },
  run({ positionals, values, io }) {
    if (positionals.length === 0) throw new UsageError('missing <code>');
    if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
    const code = positionals[0]!;
    const d = describe(code);
    if (d === undefined)
      throw new CommandFailure(
        `'${code}' is not an HRESULT (expected hex, signed or unsigned decimal, or a native name)`,
      );
    io.stdout(values['json'] === true ? `${JSON.stringify({ ...d, name: d.name ?? null }, null, 2)}\n` : text(d));
    if (d.name !== undefined) return ExitCode.Ok;
    io.stderr(`gdkts hr: ${d.hex} is not in the gdkts HRESULT table\n`);
    return ExitCode.Failure;
  },
};
