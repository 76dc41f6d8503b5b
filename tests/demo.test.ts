/**
 * The demo, run as a new user runs it (a child process, stdout piped): it exits 0, prints what the
 * API returned (no hard-coded queue numbers: the ids it prints are the recorded trace's), prints
 * each frame line before the completions that frame ran, shows cancellation, the blocking wait and
 * E_POSSIBLE_DEADLOCK, a monitor and the ./promises layer, and ends with the ASCII timeline of the
 * run it wrote to events.json, next to the Chrome trace JSON and the SVG. Its Xbox Live part runs
 * seeds 001 (XUser) and 000 (XAL) against the emulated service and a verifying web service: the
 * sizes it prints agree with each other and with the headers it sent, the claims the service
 * verified name the signed-in user, the title and the relying party it printed, and each flow goes
 * 200 -> 401 -> ForceRefresh -> a new token -> 200. No token value is known in advance.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E_ABORT, E_POSSIBLE_DEADLOCK, S_OK, XAsyncOp, hresultToString } from '@gdkts/xasync';
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

  /** The lines of one section: from its heading to the next one. */
  const section = (title: RegExp): string[] => {
    const start = index(title);
    expect(start, String(title)).toBeGreaterThan(-1);
    const end = index(/^== /, start + 1);
    return lines.slice(start, end === -1 ? undefined : end);
  };
  const numberIn = (text: string, pattern: RegExp): number => {
    const m = pattern.exec(text);
    expect(m, String(pattern)).not.toBeNull();
    return Number(m![1]);
  };

  describe.each([
    {
      name: 'XUser, seed 001',
      heading: /^== XUser \(GDK\), seed 001/,
      data: 'data',
      refresh: /^RequestTokenAsync\(queue, url, forceRefresh=true\)/,
    },
    {
      name: 'XAL, seed 000',
      heading: /^== XAL \(Win32\), seed 000/,
      data: 'result',
      refresh: /^XalUserGetTokenAndSignatureSilentlyAsync, forceRefresh true/,
    },
  ])('the $name flow', ({ heading, data, refresh }) => {
    it('prints ResultSize, Result and a buffer layout whose sizes agree with each other and with the headers sent', () => {
      const text = section(heading);
      const layouts = text.filter((l) => /^ {2}header \d+ \+ tokenSize/.test(l));
      expect(layouts).toHaveLength(2); // the first token and the refreshed one
      const tokenLengths = text
        .filter((l) => /^ {4}Authorization: /.test(l))
        .map((l) => numberIn(l, /\((\d+) chars\)$/));
      const signatureLengths = text
        .filter((l) => /^ {4}Signature: /.test(l))
        .map((l) => numberIn(l, /\((\d+) chars\)$/));
      const sizes = text
        .filter((l) => /ResultSize\(.*-> S_OK .*bufferSize \d+$/.test(l))
        .map((l) => numberIn(l, /bufferSize (\d+)$/));
      expect(sizes).toHaveLength(2);
      layouts.forEach((line, i) => {
        const m =
          /^ {2}header (\d+) \+ tokenSize (\d+) \+ signatureSize (\d+) = (\d+); ResultSize was (\d+); strings NUL-terminated: true$/.exec(
            line,
          );
        expect(m, line).not.toBeNull();
        const [header, tokenSize, signatureSize, total, resultSize] = m!.slice(1).map(Number) as [
          number,
          number,
          number,
          number,
          number,
        ];
        expect(header + tokenSize + signatureSize).toBe(total);
        expect(total).toBe(resultSize);
        expect(resultSize).toBe(sizes[i]);
        expect(signatureSize).toBeGreaterThan(0);
        // Requests 1 and 2 carry the first token, request 3 the refreshed one; NUL not counted in the header value.
        expect(tokenLengths[i === 0 ? 0 : 2]).toBe(tokenSize - 1);
        expect(signatureLengths[i === 0 ? 0 : 2]).toBe(signatureSize - 1);
      });
      expect(text.filter((l) => l.includes(`= ${data}->tokenSize`))).toHaveLength(2);
      expect(text.filter((l) => l.includes(`!= ${data}->`))).toEqual([]);
    });

    it('shows the verified claims of the signed-in user, the title and the relying party', () => {
      const text = section(heading).join('\n');
      const signedIn = /^signed in: (\S+) \(xuid (\d+)\)/m.exec(text);
      expect(signedIn).not.toBeNull();
      const users = [...text.matchAll(/^ {4}user {5}xid (\d+), gamertag (\S+), uhs (\d+)$/gm)];
      expect(users).toHaveLength(2);
      for (const user of users) expect([user[2], user[1]]).toEqual([signedIn![1], signedIn![2]]);
      const titleId = parseInt(/^title ([0-9A-F]+): requests to/m.exec(stdout)![1]!, 16);
      expect([...text.matchAll(/^ {4}title {4}tid (\d+)$/gm)].map((m) => Number(m[1]))).toEqual([titleId, titleId]);
      const audience = /relying party (rp:\/\/\S+)\)/.exec(stdout)![1];
      expect([...text.matchAll(/^ {4}audience (\S+), sandbox/gm)].map((m) => m[1])).toEqual([audience, audience]);
    });

    it('goes 200, then 401 for the refused token, then ForceRefresh gets a new token that the service accepts', () => {
      const text = section(heading);
      const at = (pattern: RegExp, from: number): number => {
        const i = text.findIndex((l, n) => n > from && pattern.test(l));
        expect(i, `${String(pattern)} after line ${from}`).toBeGreaterThan(from);
        return i;
      };
      const ok = at(/^ {2}<- 200 OK$/, 0);
      const refused = at(/^ {2}<- 401 {2}WWW-Authenticate: XBL3\.0$/, ok);
      const again = at(refresh, refused);
      const fresh = at(/^ {2}a new token: true$/, again);
      at(/^ {2}<- 200 OK$/, fresh);
      expect(text.filter((l) => /^ {2}<- /.test(l))).toHaveLength(3);
    });
  });

  it('gets the XUser and XAL tokens from the emulated Xbox Live over HTTP, XAL through SISU', () => {
    const xal = section(/^== XAL /);
    const calls = xal.filter((l) => l.includes('[XAL -> emulated Xbox Live]')).map((l) => l.trim());
    expect(calls.slice(0, 4)).toEqual([
      '[XAL -> emulated Xbox Live] POST /device/authenticate -> 200',
      '[XAL -> emulated Xbox Live] POST /authenticate -> 200',
      '[XAL -> emulated Xbox Live] POST /signin -> 302',
      '[XAL -> emulated Xbox Live] POST /authorize -> 200',
    ]);
    expect(calls.filter((c) => c === '[XAL -> emulated Xbox Live] POST /xsts/authorize -> 200')).toHaveLength(2);
    const live = /emulated Xbox Live {3}(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    expect(live).toBeDefined();
    expect(section(/^== XUser /).join('\n')).toContain(`the emulated console gets its tokens from ${live} `);
    expect(stdout).toMatch(/\[web service\] GET http:\/\/127\.0\.0\.1:\d+\/keys -> 200/);
    expect(stdout).toContain('closed the web service and the emulated Xbox Live');
  });

  it('puts the XUser and XAL calls in the timeline', () => {
    const names = run.events.flatMap((e) => (e.kind === 'providerOp' && e.op === XAsyncOp.Begin ? [e.name] : []));
    expect(names.filter((n) => n === 'XUserGetTokenAndSignatureAsync')).toHaveLength(2);
    expect(names.filter((n) => n === 'XalUserGetTokenAndSignatureSilentlyAsync')).toHaveLength(2);
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
