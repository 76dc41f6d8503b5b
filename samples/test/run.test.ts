/**
 * Every runnable sample runs as `pnpm sample <name>` does (scripts/sample.mjs in a child process), exits
 * with 0 and prints what its test asserts it prints: the order of the lines that make the sample's point.
 * What each line means is checked in the sample's own test (S1.customProvider.test.ts, …).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  S10_LINES,
  S12_LINES,
  S4_LINES,
  S5_LINES,
  S6_LINES,
  S7_LINES,
  S7_XUSER_LINES,
  S8_LINES,
  S9_LINES,
  sameBodySize,
  samePicture,
} from './expectedOutput.js';

const script = fileURLToPath(new URL('../../scripts/sample.mjs', import.meta.url));

function sample(...args: string[]): { status: number | null; stdout: string[]; stderr: string } {
  // A guard against a sample that never ends, not a timing assertion.
  const run = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout.split('\n').filter((l) => l !== ''), stderr: run.stderr };
}

/** `lines` contains `expected` in this order (other lines may come between). */
function inOrder(lines: readonly string[], expected: readonly string[]): string[] {
  let at = 0;
  return expected.filter((line) => {
    const i = lines.indexOf(line, at);
    if (i < 0) return true;
    at = i + 1;
    return false;
  });
}

const PRIMES: [number, number][] = [
  [12000, 128189],
  [9000, 93179],
  [7500, 76207],
  [5000, 48611],
  [3000, 27449],
];

// The timeout is a guard for a loaded machine (each test runs a child process), not a timing assertion.
describe('pnpm sample <name>', { timeout: 60_000 }, () => {
  it('S1 fires five calls, computes them on the pool, completes them one per frame', () => {
    const { status, stdout } = sample('S1');
    expect(status).toBe(0);
    expect(
      inOrder(stdout, [
        'Beginning CustomGDKStyleAPIs test',
        ...PRIMES.map(([n]) => `Firing async call to calculate the nth prime ${n}`),
        ...PRIMES.map(([n]) => `Beginning calculating Nth prime ${n}`),
        ...PRIMES.map(([n, p]) => `Async call to calculate the nth prime ${n} finished with result ${p}`),
        'CustomGDKStyleAPIs test finished',
      ]),
    ).toEqual([]);
  });

  it('S2 cancels the infinite task through its provider and completes it with E_ABORT', () => {
    const { status, stdout } = sample('S2.cancellation');
    expect(status).toBe(0);
    expect(
      inOrder(stdout, [
        'Beginning Canceling test',
        'Canceling CancelableInfiniteTaskAsync() with XAsyncCancel()',
        'Provider called with Cancel request. Setting event to inform work to cancel.',
        'Cancel detected, breaking out of CancelableInfiniteTaskAsync() wait loop',
        'Completing CancelableInfiniteTaskAsync() with E_ABORT',
        'CancelableInfiniteTaskAsync() finished with status hr=0x80004004',
        'Canceling test finished',
      ]),
    ).toEqual([]);
  });

  it('S3 runs the five dispatch-mode tests one after another and shuts down', () => {
    const { status, stdout } = sample('S3');
    expect(status).toBe(0);
    const tests = ['SynchronousTaskQueue', 'ManualAndMessageLoop', 'SerializedAsync', 'ParallelFor'];
    expect(
      inOrder(stdout, [
        ...tests.flatMap((t) => [`Beginning ${t} test`, `${t} test finished`]),
        'Beginning AdvancedUsage test',
        'AdvancedUsage test finished. Cleaning up.',
        '[ThreadProc_ManualAndMessageLoop]: Exiting',
      ]),
    ).toEqual([]);
    expect(stdout.filter((l) => l.startsWith('Monitor Callback invoked for XTaskQueuePort::Completion'))).toHaveLength(
      20,
    );
  });

  it('S4 signs the default user in silently and re-reads gamertag and picture on each change event', () => {
    const { status, stdout } = sample('S4');
    expect(status).toBe(0);
    expect(stdout.map(samePicture)).toEqual(S4_LINES);
  });

  it('S5 falls back to the UI, reads a dismissed picker as E_ABORT, de-duplicates, cancels a picture, defers a sign-out', () => {
    const { status, stdout } = sample('S5');
    expect(status).toBe(0);
    expect(stdout).toEqual(S5_LINES);
  });

  it('S6 signs in twice silently, then calls the game service: 401s retried with ForceRefresh, at most four times', () => {
    const { status, stdout } = sample('S6');
    expect(status).toBe(0);
    expect(stdout.map(sameBodySize)).toEqual(S6_LINES);
  });

  it("S7 logs the PlayFab kit's calls in order: token, login, entity key, cleanup; then the token on XUser", () => {
    const { status, stdout } = sample('S7');
    expect(status).toBe(0);
    expect(stdout).toEqual([...S7_LINES, '-- RequestXUserToken on @gdkts/xuser --', ...S7_XUSER_LINES]);
  });

  it('S8 runs the XUser reference listings: AddUser ownership, the change handler, UnregisterForChanges', () => {
    const { status, stdout } = sample('S8');
    expect(status).toBe(0);
    expect(stdout).toEqual(S8_LINES);
  });

  it('S9 calls each programming-model listing as its page does and prints what the calls return', () => {
    const { status, stdout } = sample('S9');
    expect(status).toBe(0);
    expect(stdout).toEqual(S9_LINES);
  });

  it('S10 runs the task-queue how-tos and Win32-Http on emulated threads: manual dispatch, a message loop, monitors, the process queue', () => {
    const { status, stdout } = sample('S10');
    expect(status).toBe(0);
    expect(stdout).toEqual(S10_LINES);
  });

  it('S12 signs in with XAL (silent, then the web UI), gets a signed token, signs out and cleans up', () => {
    const { status, stdout } = sample('S12');
    expect(status).toBe(0);
    expect(stdout).toEqual(S12_LINES);
  });

  it('lists the samples and exits with 2 for an unknown name', () => {
    const { status, stdout, stderr } = sample('S99');
    expect(status).toBe(2);
    expect(stdout).toEqual([]);
    expect(stderr).toContain('No sample `S99`.');
    expect(stderr).toContain('S1.customProvider');
  });
});
