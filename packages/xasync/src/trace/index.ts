/**
 * `@gdkts/xasync/trace`: record the runtime's trace events and turn a recorded run into pictures
 * of async lifetimes: an ASCII timeline per call, a Mermaid sequence diagram, Chrome trace events
 * (open in Perfetto) and an SVG timeline.
 *
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import { S_OK, XAsyncRun, XTaskQueueCloseHandle, XTaskQueueCreate, XTaskQueueDispatch, XTaskQueueDispatchMode, out, type XTaskQueueHandle } from '@gdkts/xasync';
 * import { renderTraceAscii, renderTraceChrome, startTraceRecording } from '@gdkts/xasync/trace';
 * const rec = startTraceRecording({ limit: 5000 });
 * const q = out<XTaskQueueHandle | null>(null);
 * XTaskQueueCreate(XTaskQueueDispatchMode.Manual, XTaskQueueDispatchMode.Manual, q);
 * XAsyncRun({ queue: q.value, callback: () => undefined }, () => S_OK);
 * while (XTaskQueueDispatch(q.value, 0, 0) || XTaskQueueDispatch(q.value, 1, 0));
 * XTaskQueueCloseHandle(q.value!);
 * const run = rec.stop();
 * console.log(renderTraceAscii(run)); // call 1 XAsyncRun (queue 1): Begin, DoWork, Complete, …
 * const chrome = renderTraceChrome(run); // JSON.stringify it to a file Perfetto opens
 * assert.ok(chrome.traceEvents.some((e) => e.ph === 'X' && e.cat === 'callback'));
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
export { TRACE_PICTURE_FORMATS, isTracePictureFormat, renderTrace, type TracePictureFormat } from './render.js';
