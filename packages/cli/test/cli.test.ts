/**
 * The gdkts CLI run as a child process: exit codes scripts rely on (0 ok, 1 the thing checked
 * failed, 2 usage), exactly one line on stderr for every user mistake and never a stack trace,
 * help for the CLI and each command, `gdkts hr` from the one HRESULT table, and `gdkts trace`
 * printing what the renderers of `@gdkts/xasync/trace` draw.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describe as describeHResult, E_ABORT, HRESULT_TABLE, toUint32 } from '@gdkts/hresult';
import { commands } from '@gdkts/cli';
import {
  S_OK,
  XAsyncRun,
  XTaskQueueCloseHandle,
  XTaskQueueCreate,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
  out,
  type XTaskQueueHandle,
} from '@gdkts/xasync';
import {
  renderTraceAscii,
  renderTraceChrome,
  renderTraceMermaid,
  renderTraceSvg,
  startTraceRecording,
  type RecordedTrace,
} from '@gdkts/xasync/trace';
import { BIN, ROOT, expectMistake, gdkts } from './helpers.js';

// Each case starts real processes: node and the tsx launcher, about 0.6 s of CPU each when the
// machine is idle, several times that while the rest of the suite runs. The cases run one at a
// time (no it.concurrent): on a 2-core machine processes side by side only share the CPU, and each
// case's 60 s would pay for its neighbours' processes too (measured alone: five at once, a case
// took 4-5 s; one at a time, 1-1.5 s; the whole file about as long).
vi.setConfig({ testTimeout: 60_000 });

let dir: string;
let events: string;
let run: RecordedTrace;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gdkts-cli-'));
  const rec = startTraceRecording();
  const q = out<XTaskQueueHandle | null>(null);
  XTaskQueueCreate(XTaskQueueDispatchMode.Manual, XTaskQueueDispatchMode.Manual, q);
  XAsyncRun({ queue: q.value, callback: () => undefined }, () => S_OK);
  while (
    XTaskQueueDispatch(q.value, XTaskQueuePort.Work, 0) ||
    XTaskQueueDispatch(q.value, XTaskQueuePort.Completion, 0)
  );
  XTaskQueueCloseHandle(q.value!);
  run = rec.stop();
  events = join(dir, 'events.json');
  writeFileSync(events, JSON.stringify(run));
  writeFileSync(join(dir, 'malformed.json'), '{"format": "gdkts-xasync-trace", ');
  writeFileSync(join(dir, 'other.json'), JSON.stringify({ traceEvents: [] }));
  mkdirSync(join(dir, 'folder'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('user mistakes: one line on stderr, the documented exit code, no stack trace', () => {
  it.each([
    [[], 2, /missing command/],
    [['frob'], 2, /unknown command 'frob'.*gdkts --help/],
    [['--frob'], 2, /unknown option '--frob'/],
    [['help', 'frob'], 2, /unknown command 'frob'/],
    [['hr'], 2, /missing <code>.*gdkts hr --help/],
    [['hr', '1', '2'], 2, /unexpected argument '2'/],
    [['hr', '--bogus', '1'], 2, /--bogus/],
    [['hr', 'not-a-code'], 1, /'not-a-code' is not an HRESULT/],
    [['hr', '0xZZ'], 1, /is not an HRESULT/],
    [['trace'], 2, /missing <events.json>/],
    [['trace', 'missing.json'], 1, /cannot read missing.json: no such file/],
    [['trace', 'folder'], 1, /cannot read folder: is a directory/],
    [['trace', 'malformed.json'], 1, /malformed.json is not valid JSON/],
    [['trace', 'other.json'], 1, /other.json: not a recorded trace/],
    [['trace', 'events.json', '--format', 'png'], 2, /unknown format 'png'/],
    [['trace', 'events.json', '--format'], 2, /--format/],
    [['trace', 'events.json', '--out', join('no', 'such', 'dir', 'x.svg')], 1, /cannot write .*x.svg: no such file/],
  ] as const)('gdkts %j', async (args, code, reason) => {
    expectMistake(await gdkts(args, { cwd: dir }), code, reason);
  });
});

describe('help', () => {
  it('gdkts --help lists every command and the exit codes', async () => {
    const r = await gdkts(['--help']);
    expect(r.code).toBe(0);
    for (const c of commands)
      expect(
        r.stdout.split('\n').some((l) => l.startsWith(`  ${c.name} `) && l.endsWith(`  ${c.summary}`)),
        c.name,
      ).toBe(true);
    expect(r.stdout).toContain('Exit status: 0 ok, 1 the thing checked failed, 2 usage error.');
    expect(r.stderr).toBe('');
  });

  it.each(commands.map((c) => c.name))(
    'gdkts <%s> --help and gdkts help <command> print its usage and exit status',
    async (name) => {
      const c = commands.find((x) => x.name === name)!;
      const [a, b] = await Promise.all([gdkts([name, '--help']), gdkts(['help', name])]);
      expect(a.code).toBe(0);
      expect(a.stdout.split('\n')[0]).toBe(`Usage: gdkts ${c.usage}`);
      expect(a.stdout).toMatch(/Exit status: 0 /);
      expect(b).toEqual(a);
    },
  );

  it('npx gdkts works from the workspace root (the bin is linked into node_modules/.bin)', async () => {
    const r = await gdkts(['--version'], { file: join(ROOT, 'node_modules', '.bin', 'gdkts') });
    const { version } = JSON.parse(readFileSync(join(ROOT, 'packages', 'cli', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('gdkts hr', () => {
  it.each([
    ['hex', (hr: number) => `0x${toUint32(hr).toString(16)}`],
    ['signed decimal', (hr: number) => String(hr | 0)],
    ['unsigned decimal', (hr: number) => String(toUint32(hr))],
  ])('reads %s: the description is describe() of the table', async (_how, spell) => {
    const r = await gdkts(['hr', spell(E_ABORT), '--json']);
    expect(r.code).toBe(0);
    const d = describeHResult(E_ABORT);
    expect(JSON.parse(r.stdout)).toEqual({ ...d, name: d.name, aliases: [...d.aliases], facility: { ...d.facility } });
  });

  it('reads a name or an alias and prints name, aliases, facility, severity and meaning', async () => {
    const entry = HRESULT_TABLE.find((e) => (e.aliases?.length ?? 0) > 0)!;
    const d = describeHResult(entry.value);
    const [byName, byAlias] = await Promise.all([gdkts(['hr', entry.name]), gdkts(['hr', entry.aliases![0]!])]);
    expect(byName.code).toBe(0);
    expect(byAlias).toEqual(byName);
    const lines = byName.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${d.name}  ${d.hex}  (${d.hr})`);
    expect(lines[1]).toBe(`  aliases:   ${d.aliases.join(', ')}`);
    expect(lines[2]).toContain(`facility:  ${d.facility.name} (${d.facility.code}`);
    expect(lines[3]).toBe(`  severity:  ${d.severity}`);
    expect(lines[4]).toBe(`  meaning:   ${d.meaning}`);
  });

  it('a number outside the table is described and exits 1 with one line on stderr', async () => {
    let hr = 0x8009abcd | 0;
    while (describeHResult(hr).name !== undefined) hr++;
    const d = describeHResult(hr);
    const r = await gdkts(['hr', d.hex, '--json']);
    expectMistake(r, 1, new RegExp(`${d.hex} is not in the gdkts HRESULT table`), r.stdout);
    expect(JSON.parse(r.stdout)).toMatchObject({ hr, hex: d.hex, name: null, severity: 'failure' });
  });
});

describe('gdkts trace', () => {
  const pictures = {
    ascii: () => renderTraceAscii(run),
    mermaid: () => renderTraceMermaid(run),
    chrome: () => `${JSON.stringify(renderTraceChrome(run))}\n`,
    svg: () => renderTraceSvg(run),
  };

  it('`-` reads the run from standard input', async () => {
    expect(await gdkts(['trace', '-', '--format', 'mermaid'], { input: JSON.stringify(run) })).toEqual({
      code: 0,
      stdout: pictures.mermaid(),
      stderr: '',
    });
    expectMistake(await gdkts(['trace', '-'], { input: 'not json' }), 1, /^gdkts trace: - is not valid JSON/);
  });

  it('stops quietly when the reader closes the pipe early (gdkts trace … | head)', async () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, JSON.stringify({ ...run, events: Array.from({ length: 400 }, () => run.events).flat() }));
    // `head` closes the pipe after 10 bytes; bash prints gdkts's own exit status (PIPESTATUS[0]).
    const piped = `"$0" "$1" trace "$2" --format svg 2>"$3" | head -c 10 >/dev/null; echo \${PIPESTATUS[0]}`;
    const errFile = join(dir, 'pipe.err');
    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        'bash',
        ['-c', piped, process.execPath, BIN, big, errFile],
        { cwd: dir, encoding: 'utf8' },
        (_error, stdout) => resolve({ code: Number(stdout.trim()), stderr: readFileSync(errFile, 'utf8') }),
      );
    });
    expect(result).toEqual({ code: 0, stderr: '' });
  });

  it('draws ASCII by default', async () => {
    expect(await gdkts(['trace', 'events.json'], { cwd: dir })).toEqual({
      code: 0,
      stdout: pictures.ascii(),
      stderr: '',
    });
  });

  it.each(Object.keys(pictures) as (keyof typeof pictures)[])(
    '--format %s prints the renderer output; --out writes it',
    async (format) => {
      const target = join(dir, `picture.${format}`);
      const [printed, written] = await Promise.all([
        gdkts(['trace', events, '--format', format]),
        gdkts(['trace', events, '-f', format, '-o', target]),
      ]);
      expect(printed).toEqual({ code: 0, stdout: pictures[format](), stderr: '' });
      expect(written.code).toBe(0);
      expect(written.stdout).toBe(`wrote ${target} (${format}, ${run.events.length} events)\n`);
      expect(readFileSync(target, 'utf8')).toBe(pictures[format]());
    },
  );
});
