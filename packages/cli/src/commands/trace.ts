/**
 * `gdkts trace <events.json> [--format chrome|mermaid|svg|ascii] [--out FILE]`: turns a run
 * recorded with `startTraceRecording` (`@gdkts/xasync/trace`) into a picture.
 * @module
 */
import { TRACE_PICTURE_FORMATS, isTracePictureFormat, parseRecordedTrace, renderTrace } from '@gdkts/xasync/trace';
import { CommandFailure, ExitCode, UsageError, type Command } from '../command.js';
import { readJsonInput, writeOutput } from '../internal/files.js';

/** The `trace` command. */
export const traceCommand: Command = {
  name: 'trace',
  summary: 'turn a recorded xasync trace (events.json) into a picture',
  usage: 'trace <events.json> [--format chrome|mermaid|svg|ascii] [--out FILE]',
  help: [
    'Reads a run recorded with startTraceRecording() from @gdkts/xasync/trace (JSON.stringify of',
    'the recorded run; the demo writes one; `-` reads standard input) and renders it:',
    '  ascii    a timeline per async call: Begin, DoWork, Complete, callback, GetResult, Cleanup',
    '  mermaid  a Mermaid sequence diagram, one participant per queue port',
    '  chrome   Chrome trace-event JSON: open it in https://ui.perfetto.dev',
    '  svg      a self-contained SVG timeline, one lane per queue port',
    '',
    'Options:',
    '  --format, -f FORMAT   ascii (default), mermaid, chrome or svg',
    '  --out, -o FILE        write the picture to FILE instead of standard output',
    '',
    'Exit status: 0 ok; 1 the file cannot be read or is not a recorded trace; 2 usage error.',
  ].join('\n'),
  options: {
    format: { type: 'string', short: 'f', default: 'ascii' },
    out: { type: 'string', short: 'o' },
  },
  async run({ positionals, values, io }) {
    if (positionals.length === 0) throw new UsageError('missing <events.json>');
    if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
    const format = String(values['format']);
    if (!isTracePictureFormat(format))
      throw new UsageError(`unknown format '${format}' (expected ${TRACE_PICTURE_FORMATS.join(', ')})`);
    const file = positionals[0]!;
    const json = await readJsonInput(io, file);
    const parsed = parseRecordedTrace(json);
    if (!parsed.ok) throw new CommandFailure(`${file}: ${parsed.error}`);
    const picture = renderTrace(parsed.trace, format);
    const out = values['out'];
    if (typeof out === 'string') {
      await writeOutput(io, out, picture);
      io.stdout(`wrote ${out} (${format}, ${parsed.trace.events.length} events)\n`);
    } else io.stdout(picture);
    return ExitCode.Ok;
  },
};
