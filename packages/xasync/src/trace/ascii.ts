/**
 * The ASCII renderer: one block per XAsync call listing its steps in order, with the time, the
 * queue port each ran on and the HRESULT.
 * @module
 */
import type { RecordedTrace } from '../traceRecorder.js';
import { buildTraceTimeline, hrText, type TraceStep } from './timeline.js';

const ms = (t: number): string => `${t.toFixed(3)} ms`;

/**
 * Renders a recorded run as an ASCII timeline per async call:
 * ```text
 * call 2 FactorialAsync (queue 1)
 *   +0.000 ms  Begin      caller             S_OK
 *   +0.000 ms  DoWork     queue 1 Work       E_PENDING
 *   …
 * ```
 * Times are relative to the run's first event.
 * @param run - [in] a recorded run.
 * @returns the text, lines joined by `\n`, ending with a newline.
 */
export function renderTraceAscii(run: RecordedTrace): string {
  const t = buildTraceTimeline(run);
  const labels = new Map(t.lanes.map((l) => [l.id, l.label]));
  const where = (s: TraceStep): string => (s.lane === null ? 'caller' : (labels.get(s.lane) ?? s.lane));
  const lines: string[] = [];
  if (t.dropped > 0) lines.push(`(${t.dropped} earlier events dropped by the recorder)`);
  if (t.calls.length === 0) lines.push('(no XAsync calls recorded)');
  for (const call of t.calls) {
    lines.push(`call ${call.callId}${call.name === null ? '' : ` ${call.name}`} (queue ${call.queueId})`);
    const width = Math.max(...call.steps.map((s) => where(s).length));
    for (const s of call.steps) {
      const result = s.hr === null ? '' : `${hrText(s.hr)}${s.size === undefined ? '' : ` (${s.size} bytes)`}`;
      lines.push(
        `  ${`+${ms(s.time - t.start)}`.padStart(12)}  ${s.step.padEnd(9)}  ${where(s).padEnd(width)}  ${result}`.trimEnd(),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
