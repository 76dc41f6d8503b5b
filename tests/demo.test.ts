/**
 * The demo, run as a new user runs it (a child process, stdout piped): it exits 0, prints what the
 * API returned (no hard-coded queue numbers: the ids it prints are the recorded trace's), prints
 * each frame line before the completions that frame ran, shows cancellation, the blocking wait and
 * E_POSSIBLE_DEADLOCK, a monitor and the ./promises layer, and ends with the ASCII timeline of the
 * run it wrote to events.json, next to the Chrome trace JSON and the SVG.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E_ABORT, E_POSSIBLE_DEADLOCK, S_OK, hresultToString } from '@gdkts/xasync';
import {
  parseRecordedTrace,
  renderTraceAscii,
  renderTraceChrome,
  renderTraceSvg,
  type RecordedTrace,
} from '@gdkts/xasync/trace';

import { colourWanted } from '../examples/demo/output.js';

const root = fileURLToPath(new URL('..', import.meta.url));
let outDir: string;
let code: number;
let stdout: string;
let stderr: string;
let lines: string[];
let run: RecordedTrace;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'gdkts-demo-'));
  const env: NodeJS.ProcessEnv = { ...process.env, GDKTS_DEMO_OUT: outDir };
  delete env['NO_COLOR']; // piped stdout alone must turn colour off
  ({ code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=@gdkts/source', '--import', 'tsx', 'examples/demo.ts'],
      { cwd: root, env, encoding: 'utf8' },
      (error, out, err) =>
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
          stdout: out,
          stderr: err,
        }),
    );
  }));
  lines = stdout.split('\n');
  const parsed = parseRecordedTrace(JSON.parse(readFileSync(join(outDir, 'events.json'), 'utf8')));
  if (!parsed.ok) throw new Error(parsed.error);
  run = parsed.trace;
}, 60_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const S = hresultToString(S_OK);
const index = (pattern: RegExp, from = 0): number => lines.findIndex((l, i) => i >= from && pattern.test(l));

describe('the demo', () => {
  it('exits 0 with nothing on stderr and no colour when piped', () => {
    expect(code, stderr).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).not.toContain('\u001b[');
  });

  it('prints the HRESULTs the calls returned and the results they produced', () => {
    expect(stdout).toContain(`XTaskQueueCreate(ThreadPool, Manual, &queue) -> ${S}`);
    expect(stdout).toMatch(/FactorialAsync completion routine: .*XAsyncGetResult -> S_OK \(0x00000000\), result 24$/m);
    expect(stdout).toContain(`XAsyncGetStatus(&cancelBlock, false) -> ${hresultToString(E_ABORT)}`);
    expect(stdout).toContain(`WaitForeverAsync completion routine: XAsyncGetStatus -> ${hresultToString(E_ABORT)}`);
    expect(stdout).toContain(`XAsyncGetStatus(&waitBlock, true) -> ${hresultToString(E_POSSIBLE_DEADLOCK)}`);
    expect(stdout).toContain(`XAsyncGetStatus(&poolBlock, true) -> ${S}`);
    expect(stdout).toContain('await run(() => 6 * 7, { queue: pool }) -> 42');
    expect(stdout).toContain(`rejected with HResultError ${hresultToString(E_ABORT)}; the work ran: false`);
    expect(stdout).toMatch(/^the monitor saw [1-9]\d* Work and [1-9]\d* Completion submissions$/m);
    expect(stdout).toMatch(/^dispatched \d+ callbacks? until the termination callback ran: true$/m);
  });

  it('names queues and ports as the trace recorded them', () => {
    const queues = new Set(run.events.map((e) => e.queueId));
    const named = [...stdout.matchAll(/\[queue (\d+) (Work|Completion)\]/g)].map((m) => Number(m[1]));
    expect(named.length).toBeGreaterThan(0);
    for (const id of named) expect(queues).toContain(id);
  });

  it('prints each frame line before the completions that frame ran, and says the pool ran only inside the waits', () => {
    const frames = [...stdout.matchAll(/^frame (\d+): XTaskQueueDispatch/gm)].map((m) => Number(m[1]));
    expect(frames).toEqual(frames.map((_, i) => i + 1));
    for (const n of frames) {
      const start = index(new RegExp(`^frame ${n}: XTaskQueueDispatch`));
      const end = index(new RegExp(`^frame ${n}: -> (true|false)`), start);
      expect(end).toBeGreaterThan(start);
      if (lines[end]!.includes('-> true'))
        expect(
          lines.slice(start + 1, end).some((l) => /\[queue \d+ Completion\]/.test(l)),
          `frame ${n}`,
        ).toBe(true);
    }
    const completion = index(/FactorialAsync completion routine/);
    const frameOf = lines.slice(0, completion).findLast((l) => /^frame \d+: XTaskQueueDispatch/.test(l));
    expect(frameOf).toBeDefined();
    const m = /^(\d+) of the (\d+) Work callbacks ran inside a frame's XTaskQueueDispatch wait/m.exec(stdout);
    expect(m).not.toBeNull();
    expect(m![1]).toBe(m![2]);
    expect(stdout).toContain('Work callbacks run so far: 0');
  });

  it('ends with the ASCII timeline of the recorded run, and writes the Chrome trace and the SVG where it says', () => {
    const heading = index(/== The recorded trace/);
    const wrote = index(/^wrote /, heading);
    expect(lines.slice(heading + 1, wrote - 1).join('\n') + '\n').toBe(renderTraceAscii(run));
    const chrome = JSON.parse(readFileSync(join(outDir, 'trace.json'), 'utf8')) as unknown;
    expect(chrome).toEqual(JSON.parse(JSON.stringify(renderTraceChrome(run))));
    expect(readFileSync(join(outDir, 'timeline.svg'), 'utf8')).toBe(renderTraceSvg(run));
    for (const name of ['events.json', 'trace.json', 'timeline.svg', 'sequence.mmd'])
      expect(stdout).toContain(`wrote ${join(outDir, name)}`);
    expect(run.dropped).toBe(0);
  });

  it('colours only a terminal without NO_COLOR (no-color.org: any non-empty value turns it off)', () => {
    expect(colourWanted({ isTTY: true }, {})).toBe(true);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(colourWanted({ isTTY: false }, {})).toBe(false);
    expect(colourWanted({}, {})).toBe(false);
  });

  it('stops quietly when the reader closes the pipe early (pnpm demo | head)', async () => {
    // `head` closes the pipe after one line; bash prints the demo's own exit status (PIPESTATUS[0]).
    const piped = `"$0" --conditions=@gdkts/source --import tsx examples/demo.ts 2>"$1" | head -n 1 >/dev/null; echo \${PIPESTATUS[0]}`;
    const errFile = join(outDir, 'pipe.err');
    const env: NodeJS.ProcessEnv = { ...process.env, GDKTS_DEMO_OUT: outDir };
    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile('bash', ['-c', piped, process.execPath, errFile], { cwd: root, env, encoding: 'utf8' }, (_error, out) =>
        resolve({ code: Number(out.trim()), stderr: readFileSync(errFile, 'utf8') }),
      );
    });
    expect(result).toEqual({ code: 0, stderr: '' });
  }, 60_000);
});
