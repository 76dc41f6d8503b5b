/**
 * S10 — manual dispatch, monitors, message loop, termination (samples.md §2 S10), ported in
 * ../src/TaskQueueHowTos.ts. Listings:
 * - GDK how-to "Creating a manual task queue" (with `SubmitCallbacks` from "Submitting callbacks");
 * - GDK how-to "Using a task queue with a Windows message loop";
 * - GDK how-to "Using the process task queue" (and the XTaskQueueSetCurrentProcessTaskQueue page);
 * - libHttpClient `Samples/Win32-Http/main.cpp` (monitor-driven background threads).
 *
 * Threads are emulated threads (helpers.ts `startThread`), so `GetCurrentThreadId()` tells which one
 * ran a callback. Where a listing blocks a thread until other threads have dispatched a Manual port
 * (`XTaskQueueTerminate(q, true, …)` in the manual-queue how-to), the port uses the awaitable twin,
 * and a separate test shows what the blocking call does there.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  E_NO_TASK_QUEUE,
  E_POSSIBLE_DEADLOCK,
  S_OK,
  XAsyncGetStatus,
  XAsyncRun,
  XTaskQueueCloseHandle,
  XTaskQueuePort,
  XTaskQueueSubmitCallback,
  type XAsyncBlock,
  type XTaskQueueHandle,
} from '@gdkts/xasync';
import { useRuntimeSandbox } from '@gdkts/xasync/testing';
import {
  SAMPLE_SANDBOX,
  POOL_THREAD,
  PostMessage,
  WM_CLOSE,
  WM_LBUTTONDOWN,
  createOutput,
  runUntil,
  runUntilSettled,
  startThread,
  type SampleOutput,
} from '../src/helpers.js';
import {
  httpLog,
  machine,
  resetMessageLoop,
  runListing,
  seen,
  setBackgroundWorkPort,
  startUiThread,
  UsingProcessTaskQueue,
  Win32HttpMain,
} from '../src/TaskQueueHowTos.js';

const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, SAMPLE_SANDBOX);

/** What the listings print (`printf`); a fresh one per test. */
let stdout: SampleOutput = createOutput();
beforeEach(() => {
  stdout = createOutput();
  machine.output = stdout;
  machine.host = sandbox.host;
});

describe('S10 "Creating a manual task queue"', () => {
  // Terminating the queue wakes an XTaskQueueDispatchAsync waiting with INFINITE on one of its Manual
  // ports, which then returns false (samples.md §2 S10, §3.3: "false once the queue is terminated, even
  // with INFINITE"; xasync-api.md §3: XTaskQueueDispatchAsync is the awaitable twin of XTaskQueueDispatch).
  it('one thread per port dispatches with INFINITE; terminating the queue makes both waiting dispatches return false', async () => {
    const hr = await runListing(sandbox.host, 'awaitable');
    expect(hr).toBe(S_OK);
    expect(stdout.lines).toEqual([
      'Worker invoked on thread work thread. Cancel? 0.',
      'Completion invoked on thread completion thread. Cancel? 0.',
    ]);
    expect(stdout.times).toEqual([0, 0]);
  });

  it("with the listing's blocking XTaskQueueTerminate(queue, true, …): the emulation returns E_POSSIBLE_DEADLOCK (only the other threads can dispatch the Manual ports) and termination still completes", async () => {
    const hr = await runListing(sandbox.host, 'blocking');
    expect(hr).toBe(E_POSSIBLE_DEADLOCK);
    expect(stdout.lines).toEqual([
      'Worker invoked on thread work thread. Cancel? 0.',
      'Completion invoked on thread completion thread. Cancel? 0.',
    ]);
  });

  it('the callbacks run on the thread dispatching their port, before the termination', async () => {
    const listing = runListing(sandbox.host, 'awaitable').catch(() => undefined);
    await listing;
    expect(stdout.lines).toEqual([
      'Worker invoked on thread work thread. Cancel? 0.',
      'Completion invoked on thread completion thread. Cancel? 0.',
    ]);
  });
});

describe('S10 "Using a task queue with a Windows message loop"', () => {
  afterEach(() => resetMessageLoop());

  it.each([
    ['Completion port (as listed)', XTaskQueuePort.Completion],
    ['Work port (as the prose implies)', XTaskQueuePort.Work],
  ])(
    'click: BackgroundWork submitted to the %s, WorkCompletion on the UI thread; close: terminate, the termination callback destroys the window',
    async (_name, port) => {
      setBackgroundWorkPort(port);
      const ui = startUiThread(WM_LBUTTONDOWN);

      await runUntil(sandbox.host, () => ui.window()?.text !== undefined && ui.window()?.text !== '');
      const window = ui.window()!;
      expect(window.text).toBe('00:00:00');
      PostMessage(window, WM_CLOSE); // the user closes the window
      expect(await runUntilSettled(sandbox.host, ui.thread)).toBe(window);
      expect(window.destroyed).toBe(true);

      const backgroundThread = port === XTaskQueuePort.Completion ? 'UI thread' : POOL_THREAD;
      expect(seen).toEqual([
        'message WM_CREATE on UI thread',
        'message WM_LBUTTONDOWN on UI thread',
        ...(port === XTaskQueuePort.Completion ? ['message WM_QUEUE_COMPLETION on UI thread'] : []),
        `BackgroundWork on ${backgroundThread} cancel=false`,
        'message WM_QUEUE_COMPLETION on UI thread',
        'WorkCompletion on UI thread cancel=false',
        'message WM_CLOSE on UI thread',
        // The terminate marker reaches the Manual Completion port: the monitor posts a message, the UI thread
        // dispatches it, and the termination callback runs there.
        'message WM_QUEUE_COMPLETION on UI thread',
        'termination callback on UI thread',
        'message WM_DESTROY on UI thread',
      ]);
    },
  );

  it('click, then close before the queue ran the work: BackgroundWork still runs, with cancel=true, and updates nothing', async () => {
    const ui = startUiThread(WM_LBUTTONDOWN, WM_CLOSE);
    expect(await runUntilSettled(sandbox.host, ui.thread)).toBe(ui.window());
    expect(ui.window()!.text).toBe('');
    expect(seen).toEqual([
      'message WM_CREATE on UI thread',
      'message WM_LBUTTONDOWN on UI thread',
      'message WM_CLOSE on UI thread',
      'message WM_QUEUE_COMPLETION on UI thread',
      'BackgroundWork on UI thread cancel=true',
      'message WM_QUEUE_COMPLETION on UI thread',
      'termination callback on UI thread',
      'message WM_DESTROY on UI thread',
    ]);
  });
});

describe('S10 "Using the process task queue"', () => {
  it('replaces the process queue (read back as a duplicate handle), then nulls it: APIs that fall back to it fail with E_NO_TASK_QUEUE', () => {
    const leaked: XTaskQueueHandle[] = [];
    UsingProcessTaskQueue(leaked);
    expect(stdout.lines).toHaveLength(4);
    const [processLine, ...rest] = stdout.lines;
    const [, processAddress, ourAddress] = /^Process task queue: (\w+)\. Our queue: (\w+)$/.exec(processLine!)!;
    expect(processAddress).not.toBe(ourAddress); // a duplicated handle, not the same pointer
    expect(rest).toEqual([
      'Submitted through the process queue handle, dispatched through ours.',
      'Process task queue: 0000000000000000.',
      'port: XTaskQueueGetCurrentProcessTaskQueue returned false',
    ]);

    // With the process queue null, every call that falls back to it fails.
    expect(XTaskQueueSubmitCallback(null, XTaskQueuePort.Work, null, () => undefined)).toBe(E_NO_TASK_QUEUE);
    const block: XAsyncBlock = {};
    expect(XAsyncRun(block, () => S_OK)).toBe(E_NO_TASK_QUEUE);
    expect(XAsyncGetStatus(block, false)).toBe(E_NO_TASK_QUEUE);

    // The work submitted to the original process queue (thread pool) still runs.
    sandbox.host.runAll();
    expect(stdout.lines.at(-1)).toBe('Work callback invoked.');
    for (const handle of leaked) XTaskQueueCloseHandle(handle);
  });
});

describe('S10 libHttpClient Win32-Http', () => {
  it('the monitor sets "work ready" / "completion ready"; two background threads on duplicated handles dispatch each port; main waits for the done event', async () => {
    httpLog.length = 0;
    expect(await runUntilSettled(sandbox.host, startThread('main', Win32HttpMain))).toBe(0);
    expect(stdout.lines).toEqual([
      'Calling GET http://212.183.159.230/20MB.zip',
      'HTTP call done',
      'Network error code: 0x00000000',
      'HTTP status code: 200',
      "Header[0] 'Content-Length'='20971520'",
      "Header[1] 'Content-Type'='application/zip'",
      'Response string:',
      '{"test":"value"}',
    ]);
    // The monitor runs synchronously in the submitting call: the Work item is submitted by the main thread
    // (HCHttpCallPerformAsync → XAsyncSchedule), the completion by the background thread that ran DoWork.
    expect(httpLog.slice(0, 3)).toEqual([
      'monitor Work on main',
      'network request on background thread 0',
      'monitor Completion on background thread 0',
    ]);
    expect(httpLog.slice(3)).toEqual([expect.stringMatching(/^completion callback on background thread [01]$/)]);
  });
});
