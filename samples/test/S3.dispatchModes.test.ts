/**
 * S3 — tour of dispatch modes and task-queue plumbing (samples.md §2 S3).
 * Sample: Xbox-GDK-Samples XAsyncExamples.cpp `CreateTaskQueues`, `RunTask`, `StartTest_*`,
 * `ShutdownTaskQueues`, and Main.cpp's `WM_TASKQUEUEMONITOR` handling (ported in ./XAsyncExamples.ts).
 * Every test builds the whole `XAsyncExamples` object (all six queues, the monitor, the dispatcher
 * threads), runs one test of the sample to its "test finished" line, then destroys it (threads
 * joined, every queue terminated and closed).
 *
 * Porting decisions:
 * - Timings are printed but never compared (samples.md §6): one JS thread makes "parallel" and
 *   "synchronous" take about the same time. Ordering, threads and HRESULTs are asserted instead.
 * - ManualAndMessageLoop: a work callback that awaits `Sleep(2000)` returns to its dispatcher
 *   thread at once, so the dispatcher threads start all 20 callbacks and their sleeps overlap
 *   (native: at most one per dispatcher thread at a time).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  E_POSSIBLE_DEADLOCK,
  HResultError,
  S_OK,
  XAsyncRun,
  XTaskQueueCloseHandle,
  XTaskQueueCreate,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
  XTaskQueueSetCurrentProcessTaskQueue,
  XTaskQueueSubmitCallback,
  out,
  type XTaskQueueHandle,
} from '@gdkts/xasync';
import { useRuntimeSandbox } from '@gdkts/xasync/testing';
import {
  SAMPLE_SANDBOX,
  DispatchMessage,
  GetMessage,
  POOL_THREAD,
  PostQuitMessage,
  runReadyTasks,
  runUntil,
  runUntilSettled,
  section,
  startThread,
  type MSG,
} from '../src/helpers.js';
import { WM_TASKQUEUEMONITOR, XAsyncExamples, createSample, type SampleHarness } from '../src/XAsyncExamples.js';

const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, SAMPLE_SANDBOX);

const SEPARATOR = '==========================================================================';
const WNDPROC_LINE = '[WndProc] WM_TASKQUEUEMONITOR';

const normalizeTiming = (line: string): string =>
  line.replace(/Took [\d.]+ seconds\./, 'Took … seconds.').replace(/took [\d.]+ (seconds|milliseconds)/, 'took … $1');

/** The sample's constructor, a run of one test to completion, and its destructor. */
async function runExample(
  start: (examples: XAsyncExamples) => void,
  options: { messageLoop?: boolean; beforeDestroy?: () => Promise<void> } = {},
): Promise<{ examples: XAsyncExamples; harness: SampleHarness }> {
  const harness = createSample(
    () => sandbox.host.now(),
    (msg) => {
      if (msg === WM_TASKQUEUEMONITOR) harness.output.Log(WNDPROC_LINE); // test instrumentation: which lines the UI thread printed
    },
  );
  const examples = new XAsyncExamples(harness.sample);

  // The UI thread (Main.cpp): a GetMessage / DispatchMessage loop.
  const uiThread = options.messageLoop === true ? startThread('UI thread', () => messageLoop(harness)) : null;

  start(examples);
  await runUntil(sandbox.host, () => !examples.m_testInProgress);

  if (uiThread !== null) {
    PostQuitMessage(harness.ui, 0);
    await runUntilSettled(sandbox.host, uiThread);
  }
  await options.beforeDestroy?.();
  await runUntilSettled(sandbox.host, examples.Destroy());
  const shutdown = examples.m_discardedResults.filter(([call]) => call.startsWith('XTaskQueueTerminate(m_'));
  expect(shutdown).toHaveLength(3);
  expect(
    shutdown.every(([, hr]) => hr === S_OK),
    JSON.stringify(shutdown),
  ).toBe(true);
  return { examples, harness };
}

async function messageLoop(harness: SampleHarness): Promise<void> {
  const msg = {} as MSG;
  while (await GetMessage(msg, harness.ui)) {
    DispatchMessage(msg);
  }
}

afterEach(() => {
  XAsyncExamples.s_singleton = null;
  XAsyncExamples.s_onParallelForResult = null;
});

describe('S3 XAsyncExamples', () => {
  it('constructor and destructor: spawns and joins the dispatcher threads, terminates every queue with S_OK', async () => {
    const { harness } = await runExample(() => undefined);
    const lines = harness.output.lines;
    expect(lines.slice(0, 3)).toEqual([
      'Detected core count at [4]',
      'Spinning up 4 threads with their affinities set to a single core',
      '[ThreadProc_SingleCore] Thread Index 0 Spawned!',
    ]);
    expect(lines).toContain('Spinning up 2 threads with their affinities set to all cores except 0 and 1');
    expect(lines.filter((l) => l.endsWith('Spawned!'))).toHaveLength(6);
    expect(lines.filter((l) => l.endsWith('Exiting'))).toEqual([
      '[ThreadProc_SingleCore][0]: Exiting',
      '[ThreadProc_SingleCore][1]: Exiting',
      '[ThreadProc_SingleCore][2]: Exiting',
      '[ThreadProc_SingleCore][3]: Exiting',
      '[ThreadProc_ManualAndMessageLoop]: Exiting',
      '[ThreadProc_ManualAndMessageLoop]: Exiting',
    ]);
  });

  it('SynchronousTaskQueue: ThreadPool tasks first, then the Immediate process queue runs each task inline; the process queue is restored', async () => {
    // Checked before the destructor, which terminates the process queue: the completion routine restored
    // it, so a null queue is ThreadPool again (a submitted callback does not run inline).
    let ranInline: boolean | null = null;
    let ranLater = false;
    const restored = async (): Promise<void> => {
      let ran = false;
      expect(XTaskQueueSubmitCallback(null, XTaskQueuePort.Work, null, () => (ran = true))).toBe(S_OK);
      ranInline = ran;
      await runReadyTasks(sandbox.host);
      ranLater = ran;
    };
    const { harness } = await runExample((examples) => examples.StartTest_SynchronousTaskQueue(), {
      beforeDestroy: restored,
    });
    const printed = section(
      harness.output.lines,
      'Beginning SynchronousTaskQueue test',
      'SynchronousTaskQueue test finished',
    ).map(normalizeTiming);
    const nthPrimeLines = [
      'Beginning calculating Nth prime 3000',
      'Finished calculating Nth prime 3000 as 27449. Took … seconds.',
    ];
    expect(printed).toEqual([
      'Beginning SynchronousTaskQueue test',
      ...Array.from({ length: 20 }, () => nthPrimeLines).flat(),
      'Asynchronously calculating NthPrime(3000) 20 times took … seconds.',
      ...Array.from({ length: 20 }, () => nthPrimeLines).flat(),
      'Synchronously calculating NthPrime(3000) 20 times took … seconds.',
      'SynchronousTaskQueue test finished',
    ]);
    expect(ranInline).toBe(false);
    expect(ranLater).toBe(true);
  });

  it('SynchronousTaskQueue, checked directly: with an Immediate/Immediate process queue the completion ran before XAsyncRun returned', () => {
    const immediate = out<XTaskQueueHandle | null>(null);
    expect(XTaskQueueCreate(XTaskQueueDispatchMode.Immediate, XTaskQueueDispatchMode.Immediate, immediate)).toBe(S_OK);
    XTaskQueueSetCurrentProcessTaskQueue(immediate.value);
    const order: string[] = [];
    const hr = XAsyncRun({ queue: null, callback: () => void order.push('completion') }, () => {
      order.push('work');
      return S_OK;
    });
    order.push(`XAsyncRun returned ${hr}`);
    expect(order).toEqual(['work', 'completion', `XAsyncRun returned ${S_OK}`]);
    XTaskQueueCloseHandle(immediate.value!);
  });

  it('ManualAndMessageLoop: the monitor fires at submit time; dispatcher threads run the work; the UI thread runs one completion per WM_TASKQUEUEMONITOR', async () => {
    const { harness } = await runExample((examples) => examples.StartTest_ManualAndMessageLoop(), {
      messageLoop: true,
    });
    const { lines, times } = harness.output;
    const first = lines.indexOf('Beginning ManualAndMessageLoop test');
    const printed = section(lines, 'Beginning ManualAndMessageLoop test', 'ManualAndMessageLoop test finished');
    expect(lines[first + printed.length]).toBe(SEPARATOR);

    // Queuing: the monitor runs synchronously inside the submission, on the submitting thread.
    const WORK_MONITOR =
      'Monitor Callback invoked for XTaskQueuePort::Work. Spawned threads will process manual port automatically.';
    const COMPLETION_MONITOR =
      'Monitor Callback invoked for XTaskQueuePort::Completion. Posting a WM_TASKQUEUEMONITOR for handling in the Windows message loop.';
    expect(printed.slice(1, 41)).toEqual(
      Array.from({ length: 20 }, (_, i) => [`Queuing Task Index [${i}]`, WORK_MONITOR]).flat(),
    );
    expect(printed.filter((l) => l === WORK_MONITOR)).toHaveLength(20);

    // Every completion callback runs inside the window procedure, one per posted message.
    expect(printed.filter((l) => l === COMPLETION_MONITOR)).toHaveLength(20);
    expect(printed.filter((l) => l === WNDPROC_LINE)).toHaveLength(20);
    printed.forEach((line, i) => {
      if (line.startsWith('Completion Callback Index')) expect(printed[i - 1]).toBe(WNDPROC_LINE);
    });

    // Threads: the submitting thread (the test body) runs the Work monitor; the dispatcher threads run the work
    // and, completing the calls, the Completion monitor; the UI thread runs every completion routine.
    const threadsOf = (match: (line: string) => boolean): Set<string> =>
      new Set(printed.flatMap((l, k) => (match(l) ? [harness.output.threads[first + k]!] : [])));
    expect(threadsOf((l) => l === WORK_MONITOR)).toEqual(new Set(['main']));
    expect(threadsOf((l) => l.startsWith('Work Callback Index'))).toEqual(
      new Set(['ManualAndMessageLoop 0', 'ManualAndMessageLoop 1']),
    );
    expect([...threadsOf((l) => l === COMPLETION_MONITOR)].every((t) => t.startsWith('ManualAndMessageLoop '))).toBe(
      true,
    );
    expect(
      threadsOf((l) => l.startsWith('Completion Callback Index') || l === 'ManualAndMessageLoop test finished'),
    ).toEqual(new Set(['UI thread']));

    const indexOf = (prefix: string): number[] =>
      printed.flatMap((l) => (l.startsWith(prefix) ? [Number(/\[(\d+)\]/.exec(l)![1])] : []));
    const finishOrder = printed.flatMap((l) =>
      l.endsWith('sleep finished.') ? [Number(/\[(\d+)\]/.exec(l)![1])] : [],
    );
    expect(indexOf('Completion Callback Index')).toEqual(finishOrder); // completion-port FIFO
    for (let i = 0; i < 20; i++) {
      const invoked = printed.indexOf(`Work Callback Index [${i}] Invoked. Sleeping to simulate work.`);
      const finished = printed.indexOf(`Work Callback Index [${i}] sleep finished.`);
      const completed = printed.indexOf(`Completion Callback Index [${i}] Invoked`);
      expect(invoked).toBeGreaterThan(0);
      expect(finished).toBeGreaterThan(invoked);
      expect(completed).toBeGreaterThan(finished);
      expect(times[first + finished]! - times[first + invoked]!).toBeGreaterThanOrEqual(2000);
    }
  });

  it('SerializedAsync: five dependent steps run strictly in order (MSVC rand seeded with 0)', async () => {
    const { harness } = await runExample((examples) => examples.StartTest_SerializedAsync());
    const printed = section(
      harness.output.lines,
      'Beginning SerializedAsync test',
      'SerializedAsync test finished',
    ).map(normalizeTiming);

    // Values from samples.md S3 (the MSVC LCG); the n-th primes and prefix sums recomputed independently.
    const initial = [
      38, 1719, 238, 2437, 2855, 2797, 2365, 2285, 1450, 612, 2853, 1100, 1142, 281, 2537, 921, 2945, 2285, 2997, 2680,
    ];
    const sorted = [...initial].sort((a, b) => a - b);
    const primes = sieve(30_000);
    const nthPrimes = sorted.map((n) => primes[n - 1]!);
    const prefix = nthPrimes.map((_, i) => nthPrimes.slice(0, i + 1).reduce((a, b) => a + b, 0));
    expect(prefix.at(-1)).toBe(321492);

    expect(printed).toEqual([
      'Beginning SerializedAsync test',
      `Initialized work set to { ${initial.join(' ')} }`,
      `Sorted work set to { ${sorted.join(' ')} }`,
      ...sorted.flatMap((n, i) => [
        `Beginning calculating Nth prime ${n}`,
        `Finished calculating Nth prime ${n} as ${nthPrimes[i]}. Took … seconds.`,
      ]),
      `NthPrimes for work set calculated to { ${nthPrimes.join(' ')} }`,
      `Prefix sum for work set calculated to { ${prefix.join(' ')} }`,
      'SerializedAsync test finished',
    ]);
  });

  it('ParallelFor: per-core XAsyncRun on the Manual/Immediate queue, dispatched by the single-core threads, gives the serial prefix sum', async () => {
    let result: Float64Array | null = null;
    XAsyncExamples.s_onParallelForResult = (finalElements) => (result = finalElements);
    const { harness } = await runExample((examples) => examples.StartTest_ParallelFor());
    const n = XAsyncExamples.s_parallelForNumElements;
    expect(
      section(harness.output.lines, 'Beginning ParallelFor test', 'ParallelFor test finished').map(normalizeTiming),
    ).toEqual([
      'Beginning ParallelFor test',
      `Starting synchronous prefix sum calculation for ${n} elements`,
      `Synchronous prefix sum calculation for ${n} elements took … milliseconds`,
      `Starting asynchronous (ParallelFor) prefix sum calculation for ${n} elements`,
      `Asynchronous (ParallelFor) prefix sum calculation for ${n} elements took … milliseconds`,
      'ParallelFor test finished',
    ]);
    const finalElements = result! as Float64Array;
    expect(finalElements).toHaveLength(n);
    let wrong = -1;
    for (let i = 0; i < n && wrong < 0; i++) if (finalElements[i] !== ((i + 1) * (i + 2)) / 2) wrong = i;
    expect(wrong).toBe(-1);
  });

  it('AdvancedUsage: composite queue, duplicated handle, delayed callback and waiter; cleanup inside the last callback', async () => {
    const { examples, harness } = await runExample((examples) => examples.StartTest_AdvancedUsage());
    const { lines, times } = harness.output;
    const printed = section(
      lines,
      'Beginning AdvancedUsage test',
      'XTaskQueueDispatch on baseQueue returned false, exiting thread.',
    );
    expect(lines[lines.indexOf('XTaskQueueDispatch on baseQueue returned false, exiting thread.') + 1]).toBe(SEPARATOR);
    expect(printed).toEqual([
      'Beginning AdvancedUsage test',
      'Running a task on the compositeQueue for the compositeQueue test',
      'Running a task on the baseQueue for duplicate handles test',
      'Running a task on the duplicateBaseQueueHandle for duplicate handles test',
      'Starting waiter and delayed callback submissions test with XTaskQueueSubmitCallback',
      // The base queue's Work port (ThreadPool) runs in FIFO order: the three works, the submitted callback,
      // then the composite's completion, which is queued to that same port. The dispatcher thread runs each
      // base-queue completion (Manual port) as soon as the work that queued it returned.
      'Work callback executed on composite queue work port (base queue work port)',
      'Work callback invoked on baseQueue',
      'Completion callback invoked on baseQueue',
      'Work callback invoked on baseQueue via duplicateBaseQueueHandle',
      'Completion callback invoked on baseQueue via duplicateBaseQueueHandle',
      'XTaskQueueSubmitCallback callback invoked, calling XTaskQueueSubmitDelayedCallback',
      'Completion callback executed on composite queue completion port (base queue work port)',
      'XTaskQueueSubmitDelayedCallback callback invoked, setting auto-reset event to cause callback to be invoked via the waiter',
      'Callback registered via waiter invoked',
      'AdvancedUsage test finished. Cleaning up.',
      'XTaskQueueDispatch on baseQueue returned false, exiting thread.',
    ]);
    // Threads: the base queue's Work port (ThreadPool) runs the works, the composite's completion, the submitted,
    // delayed and waiter callbacks (and so the cleanup); its Manual Completion port runs on the dispatcher thread.
    const threadOf = harness.output.threadOf;
    for (const line of printed.slice(5, -1)) {
      expect([line, threadOf(line)]).toEqual([
        line,
        line.startsWith('Completion callback invoked on baseQueue') ? 'Base queue dispatcher thread' : POOL_THREAD,
      ]);
    }
    expect(threadOf('XTaskQueueDispatch on baseQueue returned false, exiting thread.')).toBe(
      'Base queue dispatcher thread',
    );

    const at = (line: string): number => times[lines.indexOf(line)]!;
    const start = at('Beginning AdvancedUsage test');
    expect(
      at(
        'XTaskQueueSubmitDelayedCallback callback invoked, setting auto-reset event to cause callback to be invoked via the waiter',
      ) - start,
    ).toBeGreaterThanOrEqual(1000);
    expect(at('Callback registered via waiter invoked') - start).toBeGreaterThanOrEqual(2000);

    // The cleanup runs inside the waiter callback, on the base queue's Work port: waiting there for the
    // termination of a queue using that port cannot finish (the native call would hang, libHttpClient #396;
    // samples.md §3.7); the emulation says so and finishes termination once the callback returned.
    expect(examples.m_discardedResults).toContainEqual([
      'XTaskQueueTerminate(compositeQueue, true)',
      E_POSSIBLE_DEADLOCK,
    ]);
    expect(examples.m_discardedResults).toContainEqual(['XTaskQueueTerminate(baseQueue, true)', E_POSSIBLE_DEADLOCK]);
  });

  it('CalculateOverhead_GDKAsyncStyle: the blocking XAsyncGetStatus(async, true) waits out a ThreadPool call; on the Manual/Immediate queue only other threads could dispatch', async () => {
    const harness = createSample(() => sandbox.host.now());
    const examples = new XAsyncExamples(harness.sample);

    // Process queue (ThreadPool/ThreadPool): the wait itself runs the pool's work, returns S_OK.
    await runUntilSettled(sandbox.host, examples.CalculateOverhead_GDKAsyncStyle(null));

    // m_taskQueue_ParallelFor (Manual work port): natively the single-core threads dispatch it while this
    // thread blocks. One JS thread cannot block and let them run, so the wait reports E_POSSIBLE_DEADLOCK
    // (ThrowIfFailed throws it) instead of hanging; the call still completes once those threads run.
    const failed = examples.CalculateOverhead_GDKAsyncStyle(examples.m_taskQueue_ParallelFor);
    await expect(runUntilSettled(sandbox.host, failed)).rejects.toSatisfy(
      (e) => e instanceof HResultError && e.hr === E_POSSIBLE_DEADLOCK,
    );
    await runUntilSettled(sandbox.host, examples.Destroy());
  });
});

/** The first primes up to `limit`. */
function sieve(limit: number): number[] {
  const composite = new Uint8Array(limit + 1);
  const primes: number[] = [];
  for (let i = 2; i <= limit; i++) {
    if (composite[i] === 1) continue;
    primes.push(i);
    for (let j = i * i; j <= limit; j += i) composite[j] = 1;
  }
  return primes;
}
