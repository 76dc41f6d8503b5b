/**
 * S1 — custom GDK-style provider, completions pumped by the game loop (samples.md §2 S1).
 * Sample: Xbox-GDK-Samples XAsyncExamples.cpp `StartTest_CustomGDKStyleAPIs`, `NthPrimeAsync`,
 * `NthPrimeAsyncResult`, `Update` (ported in ./XAsyncExamples.ts). The game loop is the test: each
 * frame lets the thread pool run, then calls `Update`, which dispatches one completion.
 *
 * Porting decision: thread-pool callbacks run one after another on one JS thread, so the five
 * DoWork computations do not race; they finish in start order (12000 first), not "smallest n
 * first" as on a multi-core machine. What the sample relies on, and what is asserted, is that the
 * completions come out of the Completion port in the order the calls completed, one per frame.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  S_OK,
  XAsyncOp,
  XTaskQueueIsEmpty,
  XTaskQueuePort,
  trace,
  type CallEvent,
  type ProviderOpEvent,
} from '@gdkts/xasync';
import { setThreadPoolShuffle, useRuntimeSandbox } from '@gdkts/xasync/testing';
import { POOL_THREAD, SAMPLE_SANDBOX, runReadyTasks, runUntilSettled, section, step } from '../src/helpers.js';
import { XAsyncExamples, createSample } from '../src/XAsyncExamples.js';

const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, SAMPLE_SANDBOX);

const SEPARATOR = '==========================================================================';
/** Start order of the sample's five calls. */
const N = [12000, 9000, 7500, 5000, 3000];
const NTH_PRIME: Record<number, number> = { 3000: 27449, 5000: 48611, 7500: 76207, 9000: 93179, 12000: 128189 };
const opNames = ['Begin', 'DoWork', 'GetResult', 'Cancel', 'Cleanup'];

const normalizeTiming = (line: string): string => line.replace(/Took [\d.]+ seconds\./, 'Took … seconds.');
const finishedLine = (n: number): string =>
  `Async call to calculate the nth prime ${n} finished with result ${NTH_PRIME[n]}`;

async function destroy(examples: XAsyncExamples): Promise<void> {
  await runUntilSettled(sandbox.host, examples.Destroy());
  expect(
    examples.m_discardedResults.every(([, hr]) => hr === S_OK),
    JSON.stringify(examples.m_discardedResults),
  ).toBe(true);
}

afterEach(() => {
  XAsyncExamples.s_singleton = null;
});

describe('S1 XAsyncExamples::StartTest_CustomGDKStyleAPIs', () => {
  it('fires five calls, computes on the pool, and completes exactly one call per Update (frame)', async () => {
    const { sample, output } = createSample(() => sandbox.host.now());
    const examples = new XAsyncExamples(sample);
    const q = examples.m_taskQueue_CustomGDKStyleAPIs;

    examples.StartTest_CustomGDKStyleAPIs();
    const printed = (): string[] => section(output.lines, 'Beginning CustomGDKStyleAPIs test', output.lines.at(-1)!);

    // 1. Five "Firing" lines in start order, before any work ran (a ThreadPool port never runs inside the submitting call).
    expect(printed()).toEqual([
      'Beginning CustomGDKStyleAPIs test',
      ...N.map((n) => `Firing async call to calculate the nth prime ${n}`),
    ]);

    // 2. The thread pool runs DoWork for all five.
    await runReadyTasks(sandbox.host);
    const computed = printed().slice(6).map(normalizeTiming);
    expect(computed).toEqual(
      N.flatMap((n) => [
        `Beginning calculating Nth prime ${n}`,
        `Finished calculating Nth prime ${n} as ${NTH_PRIME[n]}. Took … seconds.`,
      ]),
    );

    // 5. Without Update nothing else happens, however long the machine runs: the completions wait on the Manual port.
    for (let i = 0; i < 50; i++) await step(sandbox.host);
    expect(sandbox.host.now()).toBeGreaterThan(1000);
    expect(printed().length).toBe(16);
    expect(XTaskQueueIsEmpty(q, XTaskQueuePort.Completion)).toBe(false);

    // 3. One completion per frame, on the game loop, in completion-port FIFO order (the order DoWork completed them).
    for (let frame = 1; frame <= N.length; frame++) {
      await runReadyTasks(sandbox.host);
      examples.Update(1 / 60);
      const completions = printed().filter((l) => l.startsWith('Async call to calculate'));
      expect(completions).toEqual(N.slice(0, frame).map(finishedLine));
    }
    expect(printed().slice(-2)).toEqual(['CustomGDKStyleAPIs test finished', SEPARATOR]);
    // Threads: the calls start on the main thread, DoWork runs on the thread pool, the completion routines
    // run on the main thread inside Update (the test body is the game loop).
    expect(output.threadOf(`Firing async call to calculate the nth prime ${N[0]}`)).toBe('main');
    for (const n of N) {
      expect(output.threadOf(`Beginning calculating Nth prime ${n}`)).toBe(POOL_THREAD);
      expect(output.threadOf(finishedLine(n))).toBe('main');
    }
    expect(examples.m_testInProgress).toBe(false);
    expect(XTaskQueueIsEmpty(q, XTaskQueuePort.Completion)).toBe(true);

    // A further frame finds nothing.
    const before = output.lines.length;
    examples.Update(1 / 60);
    expect(output.lines.length).toBe(before);

    await destroy(examples);
  });

  it('drives each provider through Begin, DoWork, GetResult (inside the callback), then Cleanup after the callback returned', async () => {
    // The provider does not log its ops; the runtime's trace does. Merge it with the sample's output.
    const merged: string[] = [];
    const callN = new Map<number, number>();
    const onOp = (e: ProviderOpEvent): void => {
      if (e.name !== 'XAsyncExamples::NthPrimeAsync') return;
      if (e.op === XAsyncOp.Begin) callN.set(e.callId, N[callN.size]!);
      merged.push(`${callN.get(e.callId)} ${opNames[e.op]} hr=${e.hr}`);
    };
    const onCallback = (e: CallEvent): void => {
      if (callN.has(e.callId)) merged.push(`${callN.get(e.callId)} callback`);
    };
    const onCleanup = (e: CallEvent): void => {
      if (callN.has(e.callId)) merged.push(`${callN.get(e.callId)} Cleanup done`);
    };
    trace.on('providerOp', onOp).on('completionCallback', onCallback).on('cleanup', onCleanup);
    try {
      const { sample } = createSample(() => sandbox.host.now());
      const examples = new XAsyncExamples(sample);
      const Log = sample.Log;
      sample.Log = (line) => {
        Log(line);
        if (line.startsWith('Async call to calculate')) merged.push(`${/prime (\d+)/.exec(line)![1]} printed`);
      };
      examples.StartTest_CustomGDKStyleAPIs();
      await runReadyTasks(sandbox.host);
      for (let frame = 0; frame < N.length; frame++) examples.Update(1 / 60);
      await destroy(examples);
    } finally {
      trace.off('providerOp', onOp).off('completionCallback', onCallback).off('cleanup', onCleanup);
    }

    expect(callN.size).toBe(N.length);
    for (const n of N) {
      // 4. Exactly Begin, DoWork, GetResult, Cleanup; GetResult inside the completion callback (before its
      // output line), Cleanup after the callback printed, i.e. once the library dropped its last reference.
      expect(merged.filter((e) => e.startsWith(`${n} `))).toEqual([
        `${n} Begin hr=0`,
        `${n} DoWork hr=0`,
        `${n} callback`,
        `${n} GetResult hr=0`,
        `${n} printed`,
        `${n} Cleanup hr=0`,
        `${n} Cleanup done`,
      ]);
    }
  });

  it.each([1, 2, 3])(
    'keeps completion-port FIFO when pool callbacks start in another order (shuffle seed %i)',
    async (seed) => {
      setThreadPoolShuffle(seed);
      const { sample, output } = createSample(() => sandbox.host.now());
      const examples = new XAsyncExamples(sample);
      examples.StartTest_CustomGDKStyleAPIs();
      await runReadyTasks(sandbox.host);
      for (let frame = 0; frame < N.length; frame++) examples.Update(1 / 60);
      await destroy(examples);

      const printed = section(output.lines, 'Beginning CustomGDKStyleAPIs test', 'CustomGDKStyleAPIs test finished');
      const finishOrder = printed
        .filter((l) => l.startsWith('Finished calculating'))
        .map((l) => Number(/prime (\d+)/.exec(l)![1]));
      const completionOrder = printed
        .filter((l) => l.startsWith('Async call to calculate'))
        .map((l) => Number(/prime (\d+)/.exec(l)![1]));
      expect([...finishOrder].sort()).toEqual([...N].sort());
      expect(completionOrder).toEqual(finishOrder);
      expect(printed.filter((l) => l.startsWith('Async call to calculate'))).toEqual(finishOrder.map(finishedLine));
    },
  );
});
