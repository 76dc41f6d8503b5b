/**
 * Every picture as text, by format name: what `gdkts trace --format` and the demo write.
 * @module
 */
import type { RecordedTrace } from '../traceRecorder.js';
import { renderTraceAscii } from './ascii.js';
import { renderTraceChrome } from './chrome.js';
import { renderTraceMermaid } from './mermaid.js';
import { renderTraceSvg } from './svg.js';

/** The picture formats of {@link renderTrace}. */
export const TRACE_PICTURE_FORMATS = Object.freeze(['ascii', 'mermaid', 'chrome', 'svg'] as const);
/** One of {@link TRACE_PICTURE_FORMATS}. */
export type TracePictureFormat = (typeof TRACE_PICTURE_FORMATS)[number];

/**
 * Whether a string names a picture format.
 * @param value - [in] the text.
 * @returns `true` for one of {@link TRACE_PICTURE_FORMATS}.
 */
export function isTracePictureFormat(value: string): value is TracePictureFormat {
  return (TRACE_PICTURE_FORMATS as readonly string[]).includes(value);
}

/**
 * Renders a recorded run as text in one format: `ascii` ({@link renderTraceAscii}), `mermaid`
 * ({@link renderTraceMermaid}), `chrome` (the JSON of {@link renderTraceChrome}, one line) or `svg`
 * ({@link renderTraceSvg}). Every result ends with a newline.
 * @param run - [in] a recorded run.
 * @param format - [in] the format.
 * @returns the picture's text.
 */
export function renderTrace(run: RecordedTrace, format: TracePictureFormat): string {
  switch (format) {
    case 'ascii':
      return renderTraceAscii(run);
    case 'mermaid':
      return renderTraceMermaid(run);
    case 'chrome':
      return `${JSON.stringify(renderTraceChrome(run))}\n`;
    case 'svg':
      return renderTraceSvg(run);
  }
}
