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
 * callbacks per port
 *   queue 1 Work        4 (1 ran no call step)
 * ```
 * Times are relative to the run's first event. The last block counts the callbacks each queue
 * port ran: those that ran no step of a call (a plain `XTaskQueueSubmitCallback`, or the worker of a call
 * already completed) and those invoked with `canceled`.
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
  if (t.lanes.length > 0) {
    lines.push('callbacks per port');
    const width = Math.max(...t.lanes.map((l) => l.label.length));
    for (const lane of t.lanes) {
      const mine = t.callbacks.filter((c) => c.lane === lane.id);
      const plain = mine.filter((c) => c.callId === null).length;
      const canceled = mine.filter((c) => c.canceled).length;
      const notes = [plain > 0 ? `${plain} ran no call step` : '', canceled > 0 ? `${canceled} canceled` : ''].filter(
        (n) => n !== '',
      );
      lines.push(`  ${lane.label.padEnd(width)}  ${mine.length}${notes.length === 0 ? '' : ` (${notes.join(', ')})`}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
