/**
 * The process entry of `gdkts` (what bin/gdkts.js runs): runs {@link main} over `process.argv`
 * and exits with its code once the output is flushed.
 * @module
 */
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
