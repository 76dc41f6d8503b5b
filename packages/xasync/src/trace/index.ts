/**
 * `@gdkts/xasync/trace`: record the runtime's trace events and turn a recorded run into pictures
 * of async lifetimes: an ASCII timeline per call, a Mermaid sequence diagram, Chrome trace events
 * (open in Perfetto) and an SVG timeline.
 *
 * @example
 * ```ts
 * import { startTraceRecording, renderTraceAscii, renderTraceChrome } from '@gdkts/xasync/trace';
 * const rec = startTraceRecording({ limit: 5000 });
 * // … XAsync calls, dispatches …
 * const run = rec.stop();
 * console.log(renderTraceAscii(run));
 * writeFileSync('trace.json', JSON.stringify(renderTraceChrome(run)));
 * ```
 * @packageDocumentation
 */
export {
  DEFAULT_TRACE_LIMIT,
  TRACE_FORMAT,
  TRACE_FORMAT_VERSION,
  parseRecordedTrace,
  startTraceRecording,
  type ParseRecordedTraceResult,
  type RecordedCallStep,
  type RecordedComplete,
  type RecordedDispatch,
  type RecordedEvent,
  type RecordedProviderOp,
  type RecordedSubmit,
  type RecordedTermination,
  type RecordedTrace,
  type TraceRecording,
  type TraceRecordingOptions,
} from '../traceRecorder.js';
export {
  buildTraceTimeline,
  type TraceCall,
  type TraceCallback,
  type TraceLane,
  type TraceStep,
  type TraceStepName,
  type TraceTimeline,
} from './timeline.js';
export { renderTraceAscii } from './ascii.js';
export { renderTraceMermaid } from './mermaid.js';
export { renderTraceChrome, type ChromeTrace, type ChromeTraceEvent } from './chrome.js';
export { renderTraceSvg } from './svg.js';
