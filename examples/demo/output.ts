// The demo's printer: colour only when stdout is a terminal and NO_COLOR is unset (no-color.org).
import { FAILED, hresultToString, type HRESULT } from '@gdkts/xasync';

/**
 * Colour only on a terminal, and never when `NO_COLOR` is set to anything but the empty string.
 * @param stream - [in] the stream written to.
 * @param env - [in] the environment.
 * @returns whether to colour.
 */
export function colourWanted(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env['NO_COLOR'];
}

const useColour = colourWanted(process.stdout, process.env);

// `pnpm demo | head`: the reader closed the pipe; stop quietly instead of with an EPIPE stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});
const paint =
  (open: number, close: number) =>
  (text: string): string =>
    useColour ? `\u001b[${open}m${text}\u001b[${close}m` : text;

export const bold = paint(1, 22);
export const dim = paint(2, 22);
export const green = paint(32, 39);
export const red = paint(31, 39);
export const cyan = paint(36, 39);

/** An HRESULT as the API returned it, green for success, red for failure. */
export function hr(value: HRESULT): string {
  return (FAILED(value) ? red : green)(hresultToString(value));
}

/** Prints one line. */
export function say(line = ''): void {
  console.log(line);
}

/** Prints a section heading. */
export function heading(title: string): void {
  say();
  say(bold(cyan(`== ${title} ==`)));
}
