/**
 * The renderers of `@gdkts/xasync/trace`, checked for structure on a recorded run: the ASCII lists
 * every call's steps in order with their ports, the Mermaid diagram has one participant per queue
 * port and an arrow per step, the Chrome JSON has what Perfetto needs (one track per port, one
 * slice per callback, Begin → callback flows), and the SVG parses as XML with one lane per port
 * and one bar per callback. Truncated runs (the ring dropped events) still render.
 */
import { fc, test } from '@fast-check/vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  E_ABORT,
  S_OK,
  XAsyncBegin,
  XAsyncCancel,
  XAsyncGetResult,
  XTaskQueueCloseHandle,
  XTaskQueueDispatchMode,
  hresultName,
  trace,
  type XAsyncBlock,
} from '@gdkts/xasync';
import { pump, useRuntimeSandbox } from '@gdkts/xasync/testing';
import {
  buildTraceTimeline,
  renderTraceAscii,
  renderTraceChrome,
  renderTraceMermaid,
  renderTraceSvg,
  renderTrace,
  isTracePictureFormat,
  TRACE_PICTURE_FORMATS,
  startTraceRecording,
  type RecordedDispatch,
  type RecordedTrace,
} from '@gdkts/xasync/trace';
import { recordScenario, stepProvider } from './helpers/traceRun.js';

const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, { start: 2000 });
// runs before the sandbox's afterEach (Vitest runs afterEach hooks in reverse order)
afterEach(() => void trace.removeAllListeners());

const dispatches = (run: RecordedTrace): RecordedDispatch[] =>
  run.events.filter((e): e is RecordedDispatch => e.kind === 'dispatch');
/** The distinct queue ports the run submitted to or dispatched from, as `queueId:port`. */
const portsOf = (run: RecordedTrace): Set<string> =>
  new Set(
    run.events.flatMap((e) =>
      e.kind === 'dispatch' || (e.kind === 'submit' && e.hr === S_OK) ? [`${e.queueId}:${e.port}`] : [],
    ),
  );
const callIdOf = (run: RecordedTrace, name: string): number => {
  const op = run.events.find((e) => e.kind === 'providerOp' && e.name === name);
  if (op?.kind !== 'providerOp') throw new Error(`no call named ${name}`);
  return op.callId;
};

/** The steps and lanes of a call that completes with a payload after `steps` DoWork rounds, fetched in its routine. */
const payloadCallSteps = (queueId: number, steps: number): [string, string | null][] => [
  ['Begin', null],
  ...Array.from({ length: steps }, (): [string, string] => ['DoWork', `q${queueId}.work`]),
  ['Complete', `q${queueId}.work`],
  ['callback', `q${queueId}.completion`],
  ['GetResult', `q${queueId}.completion`],
  ['Cleanup', `q${queueId}.completion`],
];

describe('buildTraceTimeline', () => {
  it('one lane per queue port, one callback per dispatch, and each call step placed where it ran', () => {
    const { run, steps } = recordScenario(sandbox);
    const t = buildTraceTimeline(run);
    expect(new Set(t.lanes.map((l) => `${l.queueId}:${l.port}`))).toEqual(portsOf(run));
    expect(t.callbacks.map((c) => c.itemId)).toEqual(dispatches(run).map((d) => d.itemId));
    const id = callIdOf(run, 'StepAsync');
    const call = t.calls.find((c) => c.callId === id)!;
    expect(call.steps.map((s) => [s.step, s.lane])).toEqual(payloadCallSteps(call.queueId, steps));
    // Every DoWork and completion routine of the call is a callback claimed by it; the plain callback by none.
    expect(t.callbacks.filter((c) => c.callId === id)).toHaveLength(steps + 1);
    expect(t.callbacks.filter((c) => c.callId === null).length).toBeGreaterThanOrEqual(1);
    const canceled = t.calls.find((c) => c.callId === callIdOf(run, 'CanceledAsync'))!;
    expect(canceled.steps.map((s) => [s.step, s.hr])).toEqual([
      ['Begin', S_OK],
      ['Cancel', S_OK],
      ['Complete', E_ABORT],
      ['callback', null],
      ['Cleanup', S_OK], // completed inside Cancel: cleaned up when the completion routine drops the last reference
    ]);
  });
});

describe('buildTraceTimeline on Immediate ports (callbacks nested inside the call that made them ready)', () => {
  it('still lists Begin, each DoWork, Complete, the routine, GetResult and Cleanup in order, each on its port', () => {
    const steps = 3;
    const rec = startTraceRecording();
    const q = sandbox.createQueue(XTaskQueueDispatchMode.Immediate);
    const identity = {};
    const block: XAsyncBlock = {
      queue: q,
      callback: (b) => void XAsyncGetResult(b, identity, 4, new Uint8Array(4), null),
    };
    expect(XAsyncBegin(block, null, identity, 'ImmediateAsync', stepProvider(steps))).toBe(S_OK);
    sandbox.host.runAll();
    XTaskQueueCloseHandle(q);
    const run = rec.stop();
    const t = buildTraceTimeline(run);
    const [call] = t.calls;
    expect(t.calls).toHaveLength(1);
    expect(call!.steps.map((s) => [s.step, s.lane])).toEqual(payloadCallSteps(call!.queueId, steps));
    expect(t.callbacks.map((c) => c.callId)).toEqual(dispatches(run).map(() => call!.callId));
  });
});

describe('buildTraceTimeline: a Cancel after the call completed with a payload', () => {
  it('stays after the Complete (only a Complete with E_ABORT made inside Cancel moves behind it)', () => {
    const rec = startTraceRecording();
    const q = sandbox.createQueue(XTaskQueueDispatchMode.Manual);
    const identity = {};
    const block: XAsyncBlock = { queue: q };
    expect(XAsyncBegin(block, null, identity, 'PayloadAsync', stepProvider(1))).toBe(S_OK);
    pump(q);
    XAsyncCancel(block); // the call holds its payload: still attached, so the provider sees Cancel
    expect(XAsyncGetResult(block, identity, 4, new Uint8Array(4), null)).toBe(S_OK);
    const call = buildTraceTimeline(rec.stop()).calls[0]!;
    expect(call.steps.map((s) => s.step)).toEqual(['Begin', 'DoWork', 'Complete', 'Cancel', 'GetResult', 'Cleanup']);
  });
});

describe('renderTraceAscii', () => {
  it('lists every call with its steps in order, the port each ran on and the HRESULT', () => {
    const { run } = recordScenario(sandbox);
    const text = renderTraceAscii(run);
    const t = buildTraceTimeline(run);
    const labels = new Map(t.lanes.map((l) => [l.id, l.label]));
    const lines = text.trimEnd().split('\n');
    for (const call of t.calls) {
      const head = lines.findIndex((l) => l.startsWith(`call ${call.callId} `));
      expect(head, `call ${call.callId} has a heading`).toBeGreaterThanOrEqual(0);
      expect(lines[head]).toContain(`(queue ${call.queueId})`);
      const body = lines.slice(head + 1, head + 1 + call.steps.length);
      call.steps.forEach((s, i) => {
        const cols = body[i]!.trim().split(/\s{2,}/);
        expect(cols[0]).toBe(`+${(s.time - t.start).toFixed(3)} ms`);
        expect(cols[1]).toBe(s.step);
        expect(cols[2]).toBe(s.lane === null ? 'caller' : labels.get(s.lane));
        if (s.hr !== null) expect(cols[3]).toContain(hresultName(s.hr)!);
      });
    }
    expect(lines.filter((l) => l.startsWith('call ')).length).toBe(t.calls.length);
    // Then one line per port with its callback count (the plain XTaskQueueSubmitCallback noted).
    const perPort = lines.slice(lines.indexOf('callbacks per port') + 1);
    expect(perPort).toHaveLength(portsOf(run).size);
    for (const lane of t.lanes) {
      const ran = dispatches(run).filter((d) => `q${d.queueId}.${d.port === 0 ? 'work' : 'completion'}` === lane.id);
      const line = perPort.find((l) => l.trim().startsWith(`${lane.label} `))!;
      expect(
        line
          .trim()
          .split(/\s{2,}/)[1]!
          .split(' ')[0],
      ).toBe(String(ran.length));
    }
    expect(perPort.filter((l) => l.includes('(1 ran no call step)'))).toHaveLength(1);
  });
});

describe('renderTraceMermaid', () => {
  it('a sequenceDiagram with one participant per queue port and an arrow per call step, from where the previous step ran', () => {
    const { run, steps } = recordScenario(sandbox);
    const text = renderTraceMermaid(run);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => l.trim());
    expect(lines[0]).toBe('sequenceDiagram');
    const participants = lines.filter((l) => l.startsWith('participant '));
    expect(participants).toHaveLength(portsOf(run).size);
    for (const p of portsOf(run)) {
      const [q, port] = p.split(':');
      expect(participants).toContain(
        `participant q${q}_${port === '0' ? 'work' : 'completion'} as queue ${q} ${port === '0' ? 'Work' : 'Completion'}`,
      );
    }
    const id = callIdOf(run, 'StepAsync');
    const q = buildTraceTimeline(run).calls.find((c) => c.callId === id)!.queueId;
    const arrows = lines.filter((l) => l.includes('->>') && l.includes(`: call ${id} `));
    expect(arrows).toEqual([
      `App->>App: call ${id} Begin = S_OK`,
      `App->>q${q}_work: call ${id} DoWork = E_PENDING`,
      ...Array.from({ length: steps - 2 }, () => `q${q}_work->>q${q}_work: call ${id} DoWork = E_PENDING`),
      `q${q}_work->>q${q}_work: call ${id} DoWork = S_OK`,
      `q${q}_work->>q${q}_work: call ${id} Complete = S_OK`,
      `q${q}_work->>q${q}_completion: call ${id} callback`,
      `q${q}_completion->>q${q}_completion: call ${id} GetResult = S_OK`,
      `q${q}_completion->>q${q}_completion: call ${id} Cleanup = S_OK`,
    ]);
    const allSteps = buildTraceTimeline(run).calls.reduce((n, c) => n + c.steps.length, 0);
    expect(lines.filter((l) => l.includes('->>'))).toHaveLength(allSteps);
  });
});

describe('renderTraceChrome', () => {
  it('trace events with the fields Perfetto needs: a named track per port, a slice per callback, flows from Begin to callbacks', () => {
    const { run } = recordScenario(sandbox);
    const chrome = JSON.parse(JSON.stringify(renderTraceChrome(run))) as ReturnType<typeof renderTraceChrome>;
    expect(Array.isArray(chrome.traceEvents)).toBe(true);
    for (const e of chrome.traceEvents) {
      expect(typeof e.name).toBe('string');
      expect(['X', 'i', 's', 'f', 'M']).toContain(e.ph);
      expect(Number.isFinite(e.ts) && e.ts >= 0).toBe(true);
      expect(Number.isInteger(e.pid)).toBe(true);
      expect(Number.isInteger(e.tid)).toBe(true);
      if (e.ph === 'X') expect(e.dur).toBeGreaterThan(0);
    }
    const threads = chrome.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name');
    const tids = new Map(threads.map((e) => [e.args!['name'], e.tid]));
    expect(threads).toHaveLength(portsOf(run).size + 1); // + the caller
    expect(new Set(threads.map((e) => e.tid)).size).toBe(threads.length);
    const slices = chrome.traceEvents.filter((e) => e.ph === 'X' && e.cat === 'callback');
    expect(slices.map((e) => e.args!['itemId'])).toEqual(dispatches(run).map((d) => d.itemId));
    for (const [i, d] of dispatches(run).entries())
      expect(slices[i]!.tid).toBe(tids.get(`queue ${d.queueId} ${d.port === 0 ? 'Work' : 'Completion'}`));
    const starts = chrome.traceEvents.filter((e) => e.ph === 's');
    const finishes = chrome.traceEvents.filter((e) => e.ph === 'f');
    expect(starts.length).toBe(slices.filter((s) => s.args!['callId'] !== null).length);
    expect(finishes.map((e) => e.id)).toEqual(starts.map((e) => e.id));
    for (const f of finishes) {
      const s = starts.find((x) => x.id === f.id)!;
      expect(f.ts).toBeGreaterThanOrEqual(s.ts);
      expect(s.tid).toBe(0);
      expect(f.bp).toBe('e');
      expect(
        slices.some((x) => x.tid === f.tid && x.ts === f.ts),
        'a flow ends at a callback slice',
      ).toBe(true);
    }
  });
});

describe('renderTraceSvg', () => {
  const parse = (svg: string): Record<string, unknown> => {
    expect(XMLValidator.validate(svg)).toBe(true);
    return new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      isArray: (name) => name === 'g' || name === 'rect',
    }).parse(svg) as Record<string, unknown>;
  };
  type Node = { '@class'?: string; '@data-lane'?: string; rect?: Node[] };

  it('parses as XML, with one lane per queue port and one bar per callback in its lane', () => {
    const { run } = recordScenario(sandbox);
    const doc = parse(renderTraceSvg(run)) as { svg: { '@xmlns': string; g: Node[] } };
    expect(doc.svg['@xmlns']).toBe('http://www.w3.org/2000/svg');
    const lanes = doc.svg.g.filter((g) => g['@class'] === 'lane');
    expect(lanes).toHaveLength(portsOf(run).size);
    for (const lane of lanes) {
      const [q, port] = /^q(\d+)\.(work|completion)$/.exec(lane['@data-lane']!)!.slice(1);
      const expected = dispatches(run).filter((d) => d.queueId === Number(q) && d.port === (port === 'work' ? 0 : 1));
      expect((lane.rect ?? []).filter((r) => r['@class'] === 'callback')).toHaveLength(expected.length);
    }
    const bars = lanes.flatMap((l) => (l.rect ?? []).filter((r) => r['@class'] === 'callback'));
    expect(bars).toHaveLength(dispatches(run).length);
  });

  it('escapes names that are not XML-safe', () => {
    const { run } = recordScenario(sandbox);
    const tricky = {
      ...run,
      events: run.events.map((e) => (e.kind === 'providerOp' ? { ...e, name: '<Step & "Async">' } : e)),
    };
    parse(renderTraceSvg(tricky));
  });
});

test.prop([fc.integer({ min: 1, max: 60 })])(
  'every renderer draws a run the ring truncated (dropped > 0) without failing',
  (limit) => {
    const { run } = recordScenario(sandbox, limit);
    trace.removeAllListeners();
    expect(XMLValidator.validate(renderTraceSvg(run))).toBe(true);
    expect(renderTraceMermaid(run).startsWith('sequenceDiagram\n')).toBe(true);
    expect(renderTraceChrome(run).traceEvents.filter((e) => e.ph === 'X' && e.cat === 'callback')).toHaveLength(
      dispatches(run).length,
    );
    const ascii = renderTraceAscii(run);
    if (run.dropped > 0) expect(ascii).toContain(`(${run.dropped} earlier events dropped by the recorder)`);
  },
);

it('renderTrace names every renderer by its format', () => {
  const { run } = recordScenario(sandbox);
  expect(TRACE_PICTURE_FORMATS).toEqual(['ascii', 'mermaid', 'chrome', 'svg']);
  expect(renderTrace(run, 'ascii')).toBe(renderTraceAscii(run));
  expect(renderTrace(run, 'mermaid')).toBe(renderTraceMermaid(run));
  expect(JSON.parse(renderTrace(run, 'chrome'))).toEqual(JSON.parse(JSON.stringify(renderTraceChrome(run))));
  expect(renderTrace(run, 'svg')).toBe(renderTraceSvg(run));
  for (const f of TRACE_PICTURE_FORMATS) expect(isTracePictureFormat(f)).toBe(true);
  for (const f of ['png', 'ASCII', 'toString', '']) expect(isTracePictureFormat(f)).toBe(false);
});

it('an empty run renders as empty pictures', () => {
  const empty: RecordedTrace = { format: 'gdkts-xasync-trace', version: 1, limit: 1, dropped: 0, events: [] };
  expect(renderTraceAscii(empty)).toBe('(no XAsync calls recorded)\n');
  expect(renderTraceMermaid(empty)).toBe('sequenceDiagram\n  actor App as caller\n');
  expect(XMLValidator.validate(renderTraceSvg(empty))).toBe(true);
});
