/**
 * The SVG renderer: a self-contained timeline (no scripts, no external resources) with one lane
 * per queue port and one bar per callback, each bar titled with what it ran.
 * @module
 */
import type { RecordedTrace } from '../traceRecorder.js';
import { buildTraceTimeline } from './timeline.js';

const esc = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const LABEL_W = 170;
const PLOT_W = 760;
const LANE_H = 28;
const TOP = 34;
const MIN_BAR = 3;

/**
 * Renders a recorded run as a standalone SVG document: a `<g class="lane">` per queue port (with
 * its label) holding a `<rect class="callback">` per callback, placed by time (bars are at least
 * 3 px wide), blue for work, green for completions, red when invoked with `canceled`. Each bar has
 * a `<title>` (item, call, times) that viewers show on hover.
 * @param run - [in] a recorded run.
 * @returns the SVG text.
 */
export function renderTraceSvg(run: RecordedTrace): string {
  const t = buildTraceTimeline(run);
  const span = Math.max(t.end - t.start, 1e-3);
  const x = (time: number): number => LABEL_W + ((time - t.start) / span) * PLOT_W;
  const width = LABEL_W + PLOT_W + 20;
  const height = TOP + t.lanes.length * LANE_H + 24;
  const names = new Map(t.calls.map((c) => [c.callId, c.name]));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="12">`,
    `<title>gdkts xasync trace: ${t.callbacks.length} callbacks on ${t.lanes.length} ports over ${span.toFixed(3)} ms</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="8" y="20" font-weight="bold">xasync timeline, ${span.toFixed(3)} ms${t.dropped > 0 ? ` (${t.dropped} events dropped)` : ''}</text>`,
  ];
  t.lanes.forEach((lane, i) => {
    const y = TOP + i * LANE_H;
    parts.push(`<g class="lane" data-lane="${lane.id}">`);
    parts.push(
      `<rect x="0" y="${y}" width="${width}" height="${LANE_H}" fill="${i % 2 === 0 ? '#f4f6f8' : '#ffffff'}"/>`,
    );
    parts.push(`<text x="8" y="${y + 18}">${esc(lane.label)}</text>`);
    for (const cb of t.callbacks) {
      if (cb.lane !== lane.id) continue;
      const x0 = x(cb.start);
      const w = Math.max(MIN_BAR, x(cb.end) - x0);
      const fill = cb.canceled ? '#d64545' : lane.port === 0 ? '#3b7dd8' : '#2f9e5b';
      const what =
        cb.callId === null
          ? `item ${cb.itemId}`
          : `call ${cb.callId}${names.get(cb.callId) ? ` ${names.get(cb.callId)}` : ''}, item ${cb.itemId}`;
      const when = `+${(cb.start - t.start).toFixed(3)} ms${cb.submitted === null ? '' : `, queued ${(cb.start - cb.submitted).toFixed(3)} ms`}${cb.canceled ? ', canceled' : ''}`;
      parts.push(
        `<rect class="callback" data-item="${cb.itemId}" x="${x0.toFixed(2)}" y="${y + 5}" width="${w.toFixed(2)}" height="${LANE_H - 10}" fill="${fill}"><title>${esc(`${what}: ${when}`)}</title></rect>`,
      );
    }
    parts.push('</g>');
  });
  const axisY = TOP + t.lanes.length * LANE_H + 16;
  parts.push(`<text x="${LABEL_W}" y="${axisY}">+0 ms</text>`);
  parts.push(`<text x="${LABEL_W + PLOT_W}" y="${axisY}" text-anchor="end">+${span.toFixed(3)} ms</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
