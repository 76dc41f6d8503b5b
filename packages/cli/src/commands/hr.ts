/** placeholder until @gdkts/hresult lands */
import { ExitCode, type Command } from '../command.js';
export const hrCommand: Command = { name: 'hr', summary: 'look up an HRESULT', usage: 'hr <code> [--json]', help: '', options: {}, run: () => ExitCode.Ok };
