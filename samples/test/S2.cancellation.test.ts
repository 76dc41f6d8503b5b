/**
 * S2 — cancellation (samples.md §2 S2).
 * Sample: Xbox-GDK-Samples XAsyncExamples.cpp `StartTest_Canceling`, `CancelableInfiniteTaskAsync`
 * (ported in ./XAsyncExamples.ts), on the process task queue (ThreadPool / ThreadPool).
 *
 * Porting decision: the provider's DoWork loop and the canceling task both sleep on pool threads
 * in native code. Here both are async loops awaiting `Sleep` on the virtual clock, so they
 * interleave as the two native threads would: the loop logs once per emulated second, the cancel
 * comes at 5.25 s, and the loop sees it on its next pass. DoWork therefore returns E_PENDING and the
 * loop calls XAsyncComplete itself (native: DoWork returns S_OK after its blocking loop).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { E_ABORT, S_OK, XAsyncOp, trace, type CompleteEvent, type ProviderOpEvent } from '@gdkts/xasync';
import { useRuntimeSandbox } from '@gdkts/xasync/testing';
import { POOL_THREAD, SAMPLE_SANDBOX, runUntil, runUntilSettled, section } from '../src/helpers.js';
import { XAsyncExamples, createSample } from '../src/XAsyncExamples.js';

const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, SAMPLE_SANDBOX);

const SEPARATOR = '==========================================================================';
const LOOPING = 'CancelableInfiniteTaskAsync() work still looping indefinitely';
const CANCELING = 'Canceling CancelableInfiniteTaskAsync() with XAsyncCancel()';
const PROVIDER_CANCEL = 'Provider called with Cancel request. Setting event to inform work to cancel.';
const DETECTED = 'Cancel detected, breaking out of CancelableInfiniteTaskAsync() wait loop';
const COMPLETING = 'Completing CancelableInfiniteTaskAsync() with E_ABORT';

afterEach(() => {
  XAsyncExamples.s_singleton = null;
});

describe('S2 XAsyncExamples::StartTest_Canceling', () => {
  it('loops once per second, cancels at 5.25 s through the provider, and completes with E_ABORT', async () => {
    const events: string[] = [];
    let callId = -1;
    const onOp = (e: ProviderOpEvent): void => {
      if (e.name !== 'XAsyncExamples::CancelableInfiniteTaskAsync') return;
      callId = e.callId;
      events.push(`op ${e.op}`);
    };
    const onComplete = (e: CompleteEvent): void =>
      void events.push(e.callId === callId ? `complete ${e.hr}` : `other call complete ${e.hr}`);
    const { sample, output } = createSample(() => sandbox.host.now());
    const Log = sample.Log;
    sample.Log = (line) => {
      Log(line);
      events.push(line);
    };
    trace.on('providerOp', onOp).on('complete', onComplete);
    let examples: XAsyncExamples;
    try {
      examples = new XAsyncExamples(sample);
      examples.StartTest_Canceling();
      await runUntil(sandbox.host, () => !examples.m_testInProgress);
    } finally {
      trace.off('providerOp', onOp).off('complete', onComplete);
    }

    const printed = section(output.lines, 'Beginning Canceling test', 'Canceling test finished');
    expect([...printed, output.lines[output.lines.indexOf('Canceling test finished') + 1]]).toEqual([
      'Beginning Canceling test',
      'Starting CancelableInfiniteTaskAsync() on the default process task queue',
      LOOPING,
      'Waiting several seconds before canceling CancelableInfiniteTaskAsync()...',
      LOOPING,
      LOOPING,
      LOOPING,
      LOOPING,
      LOOPING,
      CANCELING,
      PROVIDER_CANCEL,
      LOOPING,
      DETECTED,
      COMPLETING,
      'CancelableInfiniteTaskAsync() finished with status hr=0x80004004',
      'Canceling test finished',
      SEPARATOR,
    ]);
    // Every line comes from a thread-pool thread (the process queue is ThreadPool/ThreadPool); the Cancel op's
    // line from the canceling task's thread, inside its XAsyncCancel call.
    expect(
      output.threads.slice(
        output.lines.indexOf('Beginning Canceling test') + 2,
        output.lines.indexOf('Canceling test finished') + 1,
      ),
    ).toEqual(Array.from({ length: printed.length - 2 }, () => POOL_THREAD));
    // The callback's `assert(status == E_ABORT)`.
    expect(examples.m_discardedResults).toContainEqual(['assert(status == E_ABORT)', E_ABORT]);

    // Emulated time: the loop logs about once a second (never early), the cancel comes at ≈5.25 s, and
    // the loop notices it within one more second.
    const at = (line: string, nth = 0): number => output.times[output.lines.indexOf(line, nth)]!;
    const loopTimes = output.lines.flatMap((l, i) => (l === LOOPING ? [output.times[i]!] : []));
    for (let i = 1; i < loopTimes.length; i++) {
      expect(loopTimes[i]! - loopTimes[i - 1]!).toBeGreaterThanOrEqual(1000);
      expect(loopTimes[i]! - loopTimes[i - 1]!).toBeLessThan(1100);
    }
    const start = at('Beginning Canceling test');
    expect(at(CANCELING) - start).toBeGreaterThanOrEqual(5250);
    expect(at(CANCELING) - start).toBeLessThan(5300);
    expect(at(COMPLETING) - at(CANCELING)).toBeLessThanOrEqual(1000);

    // The Cancel op runs synchronously inside XAsyncCancel, on the canceling thread (the trace reports an op
    // when it returns), and does not complete the call: the only completion is the provider's own
    // XAsyncComplete(E_ABORT) after "Cancel detected".
    const i = events.indexOf(CANCELING);
    expect(events.slice(i, i + 3)).toEqual([CANCELING, PROVIDER_CANCEL, `op ${XAsyncOp.Cancel}`]);
    const completions = events.filter((e) => e.startsWith('complete '));
    const abort = events.indexOf(`complete ${E_ABORT}`);
    expect(abort).toBeGreaterThan(events.indexOf(COMPLETING));
    expect(events.slice(i, abort).filter((e) => e.startsWith('complete '))).toEqual([]);
    // Cleanup ran once (the call has no payload).
    expect(events.filter((e) => e === `op ${XAsyncOp.Cleanup}`)).toHaveLength(1);
    expect(completions).toEqual([`complete ${E_ABORT}`]);
    // The canceling task itself is an XAsyncRun call: it completes with S_OK right after XAsyncCancel returned.
    expect(events.slice(i, i + 4)).toEqual([
      CANCELING,
      PROVIDER_CANCEL,
      `op ${XAsyncOp.Cancel}`,
      `other call complete ${S_OK}`,
    ]);

    await runUntilSettled(sandbox.host, examples.Destroy());
    expect(
      examples.m_discardedResults
        .filter(([call]) => call.startsWith('XTaskQueueTerminate'))
        .every(([, hr]) => hr === S_OK),
    ).toBe(true);
  });
});
