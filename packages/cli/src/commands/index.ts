/**
 * The command table. A new command is a file in this folder exporting a {@link Command}, plus
 * one line here.
 * @module
 */
import type { Command } from '../command.js';
import { hrCommand } from './hr.js';
import { liveCommand } from './live.js';
import { tokenCommand } from './token.js';
import { traceCommand } from './trace.js';
import { verifyCommand } from './verify.js';

/** Every command, in the order `gdkts --help` lists them. */
export const commands: readonly Command[] = [hrCommand, liveCommand, tokenCommand, verifyCommand, traceCommand];
