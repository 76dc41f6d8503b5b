// The end of the demo: the recorded run as an ASCII timeline, and as files (events.json, Chrome
// trace events for Perfetto, an SVG timeline, a Mermaid diagram) in the output directory.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { renderTrace, type RecordedTrace } from '@gdkts/xasync/trace';
import { bold, dim, heading, say } from './output.js';

export function showPictures(run: RecordedTrace, outDir: string): void {
  heading('The recorded trace: one timeline per async call');
  for (const line of renderTrace(run, 'ascii').trimEnd().split('\n')) say(line.startsWith('call ') ? bold(line) : line);
  mkdirSync(outDir, { recursive: true });
  const files: [string, string, string][] = [
    [
      'events.json',
      `${JSON.stringify(run)}\n`,
      `the recorded run (${run.events.length} events, ${run.dropped} dropped); replay it: npx gdkts trace`,
    ],
    ['trace.json', renderTrace(run, 'chrome'), 'Chrome trace events: open in https://ui.perfetto.dev'],
    ['timeline.svg', renderTrace(run, 'svg'), 'SVG timeline, one lane per queue port'],
    ['sequence.mmd', renderTrace(run, 'mermaid'), 'Mermaid sequence diagram'],
  ];
  say();
  for (const [name, text, what] of files) {
    const path = join(outDir, name);
    writeFileSync(path, text);
    const shown = relative(process.cwd(), path);
    say(`wrote ${shown.startsWith('..') ? path : shown}  ${dim(what)}`);
  }
}
