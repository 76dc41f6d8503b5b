/**
 * The Mermaid renderer: a sequence diagram with the caller as an actor, one participant per
 * queue port, and one message per call step, drawn from where the call's previous step ran.
 * @module
 */
import type { RecordedTrace } from '../traceRecorder.js';
import { buildTraceTimeline, hrText } from './timeline.js';

const CALLER = 'App';
const nodeId = (lane: string | null): string => (lane === null ? CALLER : lane.replace('.', '_'));

/**
 * Renders a recorded run as a Mermaid `sequenceDiagram`: `actor App` (the caller), one
 * `participant` per queue port, and for every call step in order a message
 * `from->>to: call N Step = HRESULT`, from where the call's previous step ran to where this one ran.
 * @param run - [in] a recorded run.
 * @returns the diagram text, ending with a newline.
 */
export function renderTraceMermaid(run: RecordedTrace): string {
  const t = buildTraceTimeline(run);
  const lines = ['sequenceDiagram', `  actor ${CALLER} as caller`];
  for (const l of t.lanes) lines.push(`  participant ${nodeId(l.id)} as ${l.label}`);
  const steps = t.calls.flatMap((c) =>
    c.steps.map((s, i) => ({ call: c, s, from: i === 0 ? null : c.steps[i - 1]!.lane })),
  );
  steps.sort((a, b) => a.s.seq - b.s.seq);
  for (const { call, s, from } of steps) {
    const result = s.hr === null ? '' : ` = ${hrText(s.hr)}`;
    lines.push(`  ${nodeId(from)}->>${nodeId(s.lane)}: call ${call.callId} ${s.step}${result}`);
  }
  if (t.dropped > 0) lines.push(`  Note over ${CALLER}: ${t.dropped} earlier events dropped`);
  return `${lines.join('\n')}\n`;
}
