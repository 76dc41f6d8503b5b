/**
 * The process entry of `gdkts` (what bin/gdkts.js runs): runs {@link main} over `process.argv`
 * and exits with its code once the output is flushed.
 * @module
 */
import { main } from './cli.js';

// A reader that stops early (`gdkts trace … | head`) closes the pipe: stop quietly, not with an
// unhandled EPIPE and its stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`gdkts: cannot write standard output: ${error.message}\n`);
  process.exit(1);
});

process.exitCode = await main(process.argv.slice(2));
