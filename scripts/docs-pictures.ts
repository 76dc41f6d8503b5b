// The pictures of docs/life-of-an-xasync-call.md, from real traced calls: the guide's two-pass
// payload call and a canceled call, on a queue whose Work port is a thread pool and whose Completion
// port the game loop dispatches. Recorded with @gdkts/xasync/trace on the virtual clock of
// @gdkts/xasync/testing, so every run draws the same pictures.
//   node --conditions=@gdkts/source --import tsx scripts/docs-pictures.ts           # writes them
//   node --conditions=@gdkts/source --import tsx scripts/docs-pictures.ts --check   # exit 1 when stale
// Writes docs/images/xasync-call.svg and the Mermaid and ASCII blocks between the guide's
// `<!-- trace:… -->` markers. tests/docs/pictures.test.ts runs the check.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  E_ABORT,
  E_PENDING,
  S_OK,
  XAsyncBegin,
  XAsyncCancel,
  XAsyncComplete,
  XAsyncGetResult,
  XAsyncOp,
  XAsyncSchedule,
  XTaskQueueCloseHandle,
  XTaskQueueCreate,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
  out,
  type HRESULT,
  type XAsyncBlock,
  type XTaskQueueHandle,
} from '../packages/xasync/src/index.js';
import { installVirtualHost } from '../packages/xasync/src/testing.js';
import {
  renderTraceAscii,
  renderTraceMermaid,
  renderTraceSvg,
  startTraceRecording,
  type RecordedTrace,
} from '../packages/xasync/src/trace/index.js';

const GUIDE = 'docs/life-of-an-xasync-call.md';
const SVG = 'docs/images/xasync-call.svg';

/** The guide's provider: the first DoWork asks for another pass, the second completes with 4 bytes. */
function ReadAnswerAsync(asyncBlock: XAsyncBlock): HRESULT {
  let passes = 0;
  return XAsyncBegin(asyncBlock, null, ReadAnswerAsync, 'ReadAnswerAsync', (op, data) => {
    if (op === XAsyncOp.Begin) return XAsyncSchedule(data.async, 0);
    if (op === XAsyncOp.DoWork) {
      if (++passes === 1) {
        XAsyncSchedule(data.async, 16); // another pass, a frame later
        return E_PENDING;
      }
      XAsyncComplete(data.async, S_OK, 4);
    }
    if (op === XAsyncOp.GetResult) new DataView(data.buffer.buffer).setUint32(0, 42);
    return S_OK;
  });
}

/** A call whose work is due in a second; canceled before that. */
function SlowAsync(asyncBlock: XAsyncBlock): HRESULT {
  return XAsyncBegin(asyncBlock, null, SlowAsync, 'SlowAsync', (op, data) => {
    if (op === XAsyncOp.Begin) return XAsyncSchedule(data.async, 1000);
    if (op === XAsyncOp.Cancel) XAsyncComplete(data.async, E_ABORT, 0);
    return S_OK;
  });
}

function record(): RecordedTrace {
  const host = installVirtualHost();
  try {
    const recording = startTraceRecording();
    const queue = out<XTaskQueueHandle | null>(null);
    XTaskQueueCreate(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.Manual, queue);
    let done = 0;
    const answer: XAsyncBlock = {
      queue: queue.value,
      callback: (b) => {
        XAsyncGetResult(b, ReadAnswerAsync, 4, new Uint8Array(4), null);
        done++;
      },
    };
    const slow: XAsyncBlock = { queue: queue.value, callback: () => void done++ };
    ReadAnswerAsync(answer);
    SlowAsync(slow);
    host.advance(8);
    XAsyncCancel(slow);
    // The game loop: dispatch completions, waiting up to a frame each time (the pool runs meanwhile).
    while (done < 2) XTaskQueueDispatch(queue.value, XTaskQueuePort.Completion, 16);
    XTaskQueueCloseHandle(queue.value!);
    host.runAll(); // the canceled call's delayed DoWork item leaves the queue
    return recording.stop();
  } finally {
    host.uninstall();
  }
}

/** Replaces what lies between `<!-- trace:name -->` and `<!-- /trace:name -->` in `text`. */
function fill(text: string, name: string, body: string): string {
  const open = `<!-- trace:${name} -->\n`;
  const close = `<!-- /trace:${name} -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close, start);
  if (start < 0 || end < 0) throw new Error(`${GUIDE}: no ${open.trim()} … ${close} markers`);
  // Blank lines around the block, as Prettier writes Markdown.
  return `${text.slice(0, start + open.length)}\n${body}\n${text.slice(end)}`;
}

const root = fileURLToPath(new URL('../', import.meta.url));
const run = record();
const guide = readFileSync(`${root}${GUIDE}`, 'utf8');
const pictures = new Map<string, string>([
  [
    GUIDE,
    fill(
      fill(guide, 'mermaid', `\`\`\`mermaid\n${renderTraceMermaid(run)}\`\`\`\n`),
      'ascii',
      `\`\`\`text\n${renderTraceAscii(run)}\`\`\`\n`,
    ),
  ],
  [SVG, renderTraceSvg(run)],
]);

if (process.argv.includes('--check')) {
  const stale = [...pictures].filter(([path, text]) => {
    try {
      return readFileSync(`${root}${path}`, 'utf8') !== text;
    } catch {
      return true;
    }
  });
  for (const [path] of stale) console.error(`${path} is not what scripts/docs-pictures.ts draws; run it`);
  process.exit(stale.length === 0 ? 0 : 1);
}
mkdirSync(`${root}docs/images`, { recursive: true });
for (const [path, text] of pictures) writeFileSync(`${root}${path}`, text);
console.log(`wrote ${[...pictures.keys()].join(', ')}`);
