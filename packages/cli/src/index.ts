/**
 * `@gdkts/cli`: the `gdkts` command line (`npx gdkts --help`), also callable in-process.
 *
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import { ExitCode, main } from '@gdkts/cli';
 * const code = await main(['hr', '0x80004004', '--json']); // prints E_ABORT's description as JSON
 * assert.strictEqual(code, ExitCode.Ok);
 * ```
 * @packageDocumentation
 */
export { main } from './cli.js';
export { CommandFailure, ExitCode, UsageError, type Command, type CommandArgs, type CommandIO } from './command.js';
export { commands } from './commands/index.js';
