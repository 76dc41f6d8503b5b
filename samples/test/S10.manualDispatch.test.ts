/**
 * S10 — manual dispatch, monitors, message loop, termination (samples.md §2 S10). Listings:
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
  FAILED,
  INFINITE,
  S_OK,
  SUCCEEDED,
  XAsyncBegin,
  XAsyncComplete,
  XAsyncGetStatus,
  XAsyncOp,
  XAsyncRun,
  XAsyncSchedule,
  XTaskQueueCloseHandle,
  XTaskQueueCreate,
  XTaskQueueDispatch,
  XTaskQueueDispatchAsync,
  XTaskQueueDispatchMode,
  XTaskQueueDuplicateHandle,
  XTaskQueueGetCurrentProcessTaskQueue,
  XTaskQueuePort,
  XTaskQueueRegisterMonitor,
  XTaskQueueSetCurrentProcessTaskQueue,
  XTaskQueueSubmitCallback,
  XTaskQueueTerminate,
  XTaskQueueTerminateAsync,
  XTaskQueueUnregisterMonitor,
  out,
  type HRESULT,
  type XAsyncBlock,
  type XTaskQueueHandle,
  type XTaskQueueRegistrationToken,
} from '@gdkts/xasync';
import { useRuntimeSandbox } from '@gdkts/xasync/testing';
import {
  SAMPLE_SANDBOX,
  CreateWindow,
  DefWindowProc,
  DestroyWindow,
  DispatchMessage,
  GetCurrentThreadId,
  GetMessage,
  MessageQueue,
  POOL_THREAD,
  PostMessage,
  PostQuitMessage,
  SetWindowText,
  Sleep,
  WAIT_OBJECT_0,
  WM_CLOSE,
  WM_CREATE,
  WM_DESTROY,
  WM_LBUTTONDOWN,
  WM_USER,
  WaitForMultipleObjectsAsync,
  WaitForSingleObjectAsync,
  Win32Event,
  createOutput,
  createQueue,
  runReadyTasks,
  runUntil,
  runUntilSettled,
  startThread,
  type HWND,
  type MSG,
  type SampleOutput,
} from '../src/helpers.js';

const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, SAMPLE_SANDBOX);

/** `printf`: the listings print to stdout; the tests read it back. */
let stdout: SampleOutput = createOutput();
function printf(line: string): void {
  stdout.Log(line);
}
afterEach(() => {
  stdout = createOutput();
});

// ---------------------------------------------------------------------------------------------
// "Submitting callbacks" + "Creating a manual task queue"
// ---------------------------------------------------------------------------------------------

function SampleCompletionCallback(_context: unknown, cancel: boolean): void {
  printf(`Completion invoked on thread ${GetCurrentThreadId()}. Cancel? ${cancel ? 1 : 0}.`);
}

function SampleWorkCallback(context: unknown, cancel: boolean): void {
  printf(`Worker invoked on thread ${GetCurrentThreadId()}. Cancel? ${cancel ? 1 : 0}.`);

  const queueFromContext = context as XTaskQueueHandle;

  const hrCompletion = XTaskQueueSubmitCallback(queueFromContext, XTaskQueuePort.Completion, null, SampleCompletionCallback);

  if (FAILED(hrCompletion)) {
    printf(`Error 0x${(hrCompletion >>> 0).toString(16)} submitting completion.`);
  }
}

function SubmitCallbacks(queue: XTaskQueueHandle): void {
  const hrWork = XTaskQueueSubmitCallback(queue, XTaskQueuePort.Work, queue, SampleWorkCallback);

  if (FAILED(hrWork)) {
    printf(`Error 0x${(hrWork >>> 0).toString(16)} submitting work.`);
  }
}

/**
 * @param terminate - how the main thread terminates the queue: the listing's blocking call, or its awaitable twin.
 * @returns what the terminate call returned.
 */
async function CreatingTaskQueueWithManualThreads(terminate: 'blocking' | 'awaitable'): Promise<HRESULT | undefined> {
  // Create a manual task queue.
  const queue = out<XTaskQueueHandle | null>(null);

  let hr = XTaskQueueCreate(XTaskQueueDispatchMode.Manual, XTaskQueueDispatchMode.Manual, queue);

  if (FAILED(hr)) {
    printf(`Creating queue failed: 0x${(hr >>> 0).toString(16)}`);
    return undefined;
  }

  // We create threads to pump the queue: one thread for the work port
  // and one thread for the completion port.
  const workThread = startThread('work thread', async () => {
    // XTaskQueueDispatch returns false when there's nothing to
    // dispatch. Here, we wait forever for something new to come
    // in. This will return false only if the queue is being
    // terminated.
    while (await XTaskQueueDispatchAsync(queue.value, XTaskQueuePort.Work, INFINITE)); // native: XTaskQueueDispatch
  });

  const completionThread = startThread('completion thread', async () => {
    // XTaskQueueDispatch returns false when there's nothing to
    // dispatch. Here, we wait forever for something new to come
    // in. This will return false only if the queue is being
    // terminated.
    while (await XTaskQueueDispatchAsync(queue.value, XTaskQueuePort.Completion, INFINITE)); // native: XTaskQueueDispatch
  });

  SubmitCallbacks(queue.value!);

  // Wait a while for the callbacks to run.
  await Sleep(1000);

  // Terminating the queue will cause a waiting XTaskQueueDispatch to return
  // false.
  if (terminate === 'blocking') {
    hr = XTaskQueueTerminate(queue.value, true, null, null);
  } else {
    // native: XTaskQueueTerminate(queue, true, nullptr, nullptr). The dispatching threads are emulated;
    // a blocking call would keep them from running, so the main thread awaits the termination instead.
    hr = await XTaskQueueTerminateAsync(queue.value, null, null);
  }

  await workThread; // native: workThread.join()
  await completionThread;

  XTaskQueueCloseHandle(queue.value!); // native: the listing never closes the queue
  return hr;
}

/**
 * Runs the listing on an emulated main thread. If it gets stuck (see the bug below), wakes the runtime's
 * awaiting dispatches until the threads have seen the termination, so the test leaves nothing behind.
 */
async function runListing(terminate: 'blocking' | 'awaitable'): Promise<HRESULT | undefined> {
  const listing = startThread('main thread', () => CreatingTaskQueueWithManualThreads(terminate));
  try {
    return await runUntilSettled(sandbox.host, listing);
  } finally {
    let settled = false;
    void listing.finally(() => (settled = true));
    const nudge = createQueue(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.ThreadPool);
    for (let i = 0; i < 10 && !settled; i++) {
      XTaskQueueSubmitCallback(nudge, XTaskQueuePort.Work, null, () => undefined); // any new item re-checks waiting dispatches
      await runReadyTasks(sandbox.host);
    }
    XTaskQueueCloseHandle(nudge);
  }
}

describe('S10 "Creating a manual task queue"', () => {
  // Terminating the queue wakes an XTaskQueueDispatchAsync waiting with INFINITE on one of its Manual
  // ports, which then returns false (samples.md §2 S10, §3.3: "false once the queue is terminated, even
  // with INFINITE"; xasync-api.md §3: XTaskQueueDispatchAsync is the awaitable twin of XTaskQueueDispatch).
  it('one thread per port dispatches with INFINITE; terminating the queue makes both waiting dispatches return false', async () => {
    const hr = await runListing('awaitable');
    expect(hr).toBe(S_OK);
    expect(stdout.lines).toEqual(['Worker invoked on thread work thread. Cancel? 0.', 'Completion invoked on thread completion thread. Cancel? 0.']);
    expect(stdout.times).toEqual([0, 0]);
  });

  it("with the listing's blocking XTaskQueueTerminate(queue, true, …): the emulation returns E_POSSIBLE_DEADLOCK (only the other threads can dispatch the Manual ports) and termination still completes", async () => {
    const hr = await runListing('blocking');
    expect(hr).toBe(E_POSSIBLE_DEADLOCK);
    expect(stdout.lines).toEqual(['Worker invoked on thread work thread. Cancel? 0.', 'Completion invoked on thread completion thread. Cancel? 0.']);
  });

  it('the callbacks run on the thread dispatching their port, before the termination', async () => {
    const listing = runListing('awaitable').catch(() => undefined);
    await listing;
    expect(stdout.lines).toEqual(['Worker invoked on thread work thread. Cancel? 0.', 'Completion invoked on thread completion thread. Cancel? 0.']);
  });
});

// ---------------------------------------------------------------------------------------------
// "Using a task queue with a Windows message loop"
// ---------------------------------------------------------------------------------------------

// Example of using a task queue and Window proc together.

let g_queue: XTaskQueueHandle | null = null;
const g_monitorToken: { value: XTaskQueueRegistrationToken } = { value: { token: 0n } };

// Posted when there's a completion callback.
const WM_QUEUE_COMPLETION = WM_USER + 1;

/** native: the listing submits BackgroundWork to the Completion port; the prose suggests the Work port (samples.md §3.10). */
let g_backgroundWorkPort: XTaskQueuePort = XTaskQueuePort.Completion;
/** test instrumentation: which callback ran on which thread, and with which `cancel`. */
const seen: string[] = [];

interface WorkData {
  hwnd: HWND;
  text: string;
}

function WorkCompletion(context: unknown, cancel: boolean): void {
  const data = context as WorkData;
  seen.push(`WorkCompletion on ${GetCurrentThreadId()} cancel=${cancel}`);

  if (!cancel) {
    SetWindowText(data.hwnd, data.text);
  }

  // native: delete data;
}

function BackgroundWork(context: unknown, cancel: boolean): void {
  seen.push(`BackgroundWork on ${GetCurrentThreadId()} cancel=${cancel}`);
  if (!cancel) {
    const data: WorkData = { hwnd: context as HWND, text: '' }; // native: new WorkData
    data.text = GetTimeFormatEx();

    // Now, take our formatted string and submit it as a completion callback.
    XTaskQueueSubmitCallback(g_queue, XTaskQueuePort.Completion, data, WorkCompletion);
  }
}

/** native: GetTimeFormatEx(LOCALE_NAME_USER_DEFAULT, …): the emulated clock as hh:mm:ss. */
function GetTimeFormatEx(): string {
  const s = Math.floor(sandbox.host.now() / 1000);
  return [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0')).join(':');
}

function WndProc(hwnd: HWND, msg: number, wParam: number, lParam: number): number {
  let hr: HRESULT;
  seen.push(`message ${messageName(msg)} on ${GetCurrentThreadId()}`);

  switch (msg) {
    case WM_CREATE:
      // We'll do work on the thread pool, but completion
      // callbacks should be manual so that we can integrate them with
      // the message loop.

      hr = XTaskQueueCreate(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.Manual, {
        get value() {
          return g_queue;
        },
        set value(v) {
          g_queue = v;
        },
      });

      if (SUCCEEDED(hr)) {
        hr = XTaskQueueRegisterMonitor(
          g_queue,
          hwnd,
          (context, _queue, port) => {
            // If a new callback was submitted to the completion
            // port, post a message so that we dispatch it in our message loop.
            if (port === XTaskQueuePort.Completion) {
              const hwnd = context as HWND;
              PostMessage(hwnd, WM_QUEUE_COMPLETION, 0, 0);
            }
          },
          g_monitorToken,
        );
      }

      if (FAILED(hr)) {
        PostQuitMessage(hwnd.thread, 1);
        return 0;
      }
      break;

    case WM_LBUTTONDOWN:
      hr = XTaskQueueSubmitCallback(g_queue, g_backgroundWorkPort, hwnd, BackgroundWork);

      if (FAILED(hr)) {
        seen.push('MessageBox: Failed to submit callback.'); // native: MessageBox(hwnd, L"Failed to submit callback.", …)
      }
      break;

    case WM_QUEUE_COMPLETION:
      XTaskQueueDispatch(g_queue, XTaskQueuePort.Completion, 0);
      break;

    case WM_CLOSE:
      // Terminate the task queue. When this is done, destroy our window.
      // The termination callback is queued to the completion
      // port, so it will already be on the UI thread.

      hr = XTaskQueueTerminate(g_queue, false, hwnd, (context) => {
        seen.push(`termination callback on ${GetCurrentThreadId()}`);
        const hwnd = context as HWND;
        DestroyWindow(hwnd);
        XTaskQueueUnregisterMonitor(g_queue, g_monitorToken.value);
        XTaskQueueCloseHandle(g_queue!);
      });

      if (SUCCEEDED(hr)) {
        // Prevent DefWndProc from destroying our window because
        // the termination callback will do it.
        return 0;
      }
      break;

    case WM_DESTROY:
      PostQuitMessage(hwnd.thread, 0);
      break;
  }

  return DefWindowProc(hwnd, msg, wParam, lParam);
}

function messageName(msg: number): string {
  const names: Record<number, string> = {
    [WM_CREATE]: 'WM_CREATE',
    [WM_DESTROY]: 'WM_DESTROY',
    [WM_CLOSE]: 'WM_CLOSE',
    [WM_LBUTTONDOWN]: 'WM_LBUTTONDOWN',
    [WM_QUEUE_COMPLETION]: 'WM_QUEUE_COMPLETION',
  };
  return names[msg] ?? String(msg);
}

/** The UI thread: `TestWndProc` (RegisterClass, CreateWindow, the GetMessage loop). `onCreated` plays the user. */
async function TestWndProc(ui: MessageQueue, onCreated: (hwnd: HWND) => void): Promise<HWND | null> {
  // native: WNDCLASS / RegisterClass: the window procedure is passed to CreateWindow directly.
  const h = CreateWindow(ui, WndProc);

  if (!h) {
    return null;
  }
  onCreated(h);

  const m = {} as MSG;

  while (await GetMessage(m, ui)) {
    // native: TranslateMessage(&m);
    DispatchMessage(m);
  }
  return h;
}

/** Starts the UI thread (`TestWndProc`); once the window exists, the user's `input` is posted to it. */
function startUiThread(...input: number[]): { thread: Promise<HWND | null>; window: () => HWND | null } {
  let window: HWND | null = null;
  const thread = startThread('UI thread', () =>
    TestWndProc(new MessageQueue(), (hwnd) => {
      window = hwnd;
      for (const msg of input) PostMessage(hwnd, msg);
    }),
  );
  return { thread, window: () => window };
}

describe('S10 "Using a task queue with a Windows message loop"', () => {
  afterEach(() => {
    g_queue = null;
    g_backgroundWorkPort = XTaskQueuePort.Completion;
    seen.length = 0;
  });

  it.each([
    ['Completion port (as listed)', XTaskQueuePort.Completion],
    ['Work port (as the prose implies)', XTaskQueuePort.Work],
  ])('click: BackgroundWork submitted to the %s, WorkCompletion on the UI thread; close: terminate, the termination callback destroys the window', async (_name, port) => {
    g_backgroundWorkPort = port;
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
  });

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

// ---------------------------------------------------------------------------------------------
// "Using the process task queue"
// ---------------------------------------------------------------------------------------------

/** `%p`: handles have no address, so each distinct handle object gets a number the first time it is printed. */
const addresses = new WeakMap<object, number>();
let nextAddress = 0x1000;
function p(handle: XTaskQueueHandle | null): string {
  if (handle === null) return '0000000000000000';
  if (!addresses.has(handle)) addresses.set(handle, (nextAddress += 0x10));
  return addresses.get(handle)!.toString(16).toUpperCase().padStart(16, '0');
}

/** native: the listing leaks both handles it creates; the port hands them back so the test can close them. */
function UsingProcessTaskQueue(leaked: XTaskQueueHandle[]): void {
  const queue = out<XTaskQueueHandle | null>(null);
  XTaskQueueGetCurrentProcessTaskQueue(queue); // the reference page's form of the how-to's GetCurrentProcessTaskQueue()
  leaked.push(queue.value!);

  const callback = (): void => {
    printf('Work callback invoked.');
  };

  let hr = XTaskQueueSubmitCallback(queue.value, XTaskQueuePort.Work, null, callback);

  if (FAILED(hr)) {
    printf(`Failed to submit callback: ${(hr >>> 0).toString(16)}`);
    return;
  }

  // You can replace the process task queue.
  hr = XTaskQueueCreate(XTaskQueueDispatchMode.Manual, XTaskQueueDispatchMode.Manual, queue);

  if (FAILED(hr)) {
    printf(`Failed to create new task queue: ${(hr >>> 0).toString(16)}`);
    return;
  }
  leaked.push(queue.value!);

  XTaskQueueSetCurrentProcessTaskQueue(queue.value);

  const processQueue = out<XTaskQueueHandle | null>(null);
  XTaskQueueGetCurrentProcessTaskQueue(processQueue);
  printf(`Process task queue: ${p(processQueue.value)}. Our queue: ${p(queue.value)}`);

  // port: show that the two handles name one queue — submit through one, dispatch through the other.
  XTaskQueueSubmitCallback(processQueue.value, XTaskQueuePort.Work, null, () => printf('Submitted through the process queue handle, dispatched through ours.'));
  XTaskQueueDispatch(queue.value, XTaskQueuePort.Work, 0);

  XTaskQueueCloseHandle(processQueue.value!);

  // You can set the process queue to nullptr to force everyone to pass a queue
  // as a parameter.
  XTaskQueueSetCurrentProcessTaskQueue(null);
  const found = XTaskQueueGetCurrentProcessTaskQueue(processQueue);
  printf(`Process task queue: ${p(processQueue.value)}.`);
  printf(`port: XTaskQueueGetCurrentProcessTaskQueue returned ${found}`);
}

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

// ---------------------------------------------------------------------------------------------
// libHttpClient Samples/Win32-Http/main.cpp
// ---------------------------------------------------------------------------------------------

/** Stand-in for libHttpClient's HTTP call: the response is canned; the async plumbing is the runtime's. */
interface HCCallHandle {
  method: string;
  url: string;
  body: string;
  retryAllowed: boolean;
  requestHeaders: [string, string][];
  statusCode: number;
  responseString: string;
  responseHeaders: [string, string][];
  closed: boolean;
}

function HCInitialize(_args: null): HRESULT {
  return S_OK;
}
function HCCleanup(): void {}
function HCHttpCallCreate(call: { value: HCCallHandle | null }): HRESULT {
  call.value = { method: '', url: '', body: '', retryAllowed: false, requestHeaders: [], statusCode: 0, responseString: '', responseHeaders: [], closed: false };
  return S_OK;
}
function HCHttpCallRequestSetUrl(call: HCCallHandle, method: string, url: string): HRESULT {
  call.method = method;
  call.url = url;
  return S_OK;
}
function HCHttpCallRequestSetRequestBodyString(call: HCCallHandle, body: string): HRESULT {
  call.body = body;
  return S_OK;
}
function HCHttpCallRequestSetRetryAllowed(call: HCCallHandle, retryAllowed: boolean): HRESULT {
  call.retryAllowed = retryAllowed;
  return S_OK;
}
function HCHttpCallRequestSetHeader(call: HCCallHandle, name: string, value: string, _allowTracing: boolean): HRESULT {
  call.requestHeaders.push([name, value]);
  return S_OK;
}
/** Performs the call on the block's queue: DoWork on its Work port "receives" the response, then completes. */
function HCHttpCallPerformAsync(call: HCCallHandle, async: XAsyncBlock): HRESULT {
  return XAsyncBegin(async, call, HCHttpCallPerformAsync, 'HCHttpCallPerformAsync', (op, data) => {
    if (op === XAsyncOp.Begin) return XAsyncSchedule(data.async, 0);
    if (op === XAsyncOp.DoWork) {
      httpLog.push(`network request on ${GetCurrentThreadId()}`);
      call.statusCode = 200;
      call.responseHeaders = [
        ['Content-Length', '20971520'],
        ['Content-Type', 'application/zip'],
      ];
      call.responseString = '{"test":"value"}';
      XAsyncComplete(data.async, S_OK, 0);
    }
    return S_OK;
  });
}
function HCHttpCallResponseGetNetworkErrorCode(_call: HCCallHandle, networkErrorCode: { value: HRESULT }, platErrCode: { value: number }): HRESULT {
  networkErrorCode.value = S_OK;
  platErrCode.value = 0;
  return S_OK;
}
function HCHttpCallResponseGetStatusCode(call: HCCallHandle, statusCode: { value: number }): HRESULT {
  statusCode.value = call.statusCode;
  return S_OK;
}
function HCHttpCallResponseGetResponseString(call: HCCallHandle, str: { value: string | null }): HRESULT {
  str.value = call.responseString;
  return S_OK;
}
function HCHttpCallResponseGetNumHeaders(call: HCCallHandle, numHeaders: { value: number }): HRESULT {
  numHeaders.value = call.responseHeaders.length;
  return S_OK;
}
function HCHttpCallResponseGetHeaderAtIndex(call: HCCallHandle, index: number, name: { value: string | null }, value: { value: string | null }): HRESULT {
  [name.value, value.value] = call.responseHeaders[index]!;
  return S_OK;
}
function HCHttpCallCloseHandle(call: HCCallHandle): void {
  call.closed = true;
}

/** test instrumentation: which thread did what. */
const httpLog: string[] = [];

function ExtractAllHeaders(call: HCCallHandle): string[][] {
  const numHeaders = { value: 0 };
  HCHttpCallResponseGetNumHeaders(call, numHeaders);

  const headers: string[][] = [];
  for (let i = 0; i < numHeaders.value; i++) {
    const str = { value: null as string | null };
    const str2 = { value: null as string | null };
    let headerName = '';
    let headerValue = '';
    HCHttpCallResponseGetHeaderAtIndex(call, i, str, str2);
    if (str.value !== null) headerName = str.value;
    if (str2.value !== null) headerValue = str2.value;
    headers.push([headerName, headerValue]);
  }

  return headers;
}

const g_stopRequestedHandle = { handle: null as Win32Event | null };
const g_workReadyHandle = { handle: null as Win32Event | null };
const g_completionReadyHandle = { handle: null as Win32Event | null };
const g_exampleTaskDone = { handle: null as Win32Event | null };

const g_targetNumThreads = 2;
let g_hActiveThreads: Promise<void>[] = [];
let g_numActiveThreads = 0;

let g_httpQueue: XTaskQueueHandle | null = null; // native: g_queue
const g_callbackToken = { value: { token: 0n } as XTaskQueueRegistrationToken };

async function background_thread_proc(): Promise<void> {
  const hEvents = [g_workReadyHandle.handle!, g_completionReadyHandle.handle!, g_stopRequestedHandle.handle!];

  const queue = out<XTaskQueueHandle | null>(null);
  XTaskQueueDuplicateHandle(g_httpQueue, queue);

  let stop = false;
  while (!stop) {
    const dwResult = await WaitForMultipleObjectsAsync(hEvents); // native: WaitForMultipleObjectsEx(3, hEvents, false, INFINITE, false)
    switch (dwResult) {
      case WAIT_OBJECT_0: // work ready
        if (XTaskQueueDispatch(queue.value, XTaskQueuePort.Work, 0)) {
          // If we executed work, set our event again to check next time.
          g_workReadyHandle.handle!.set();
        }
        break;

      case WAIT_OBJECT_0 + 1: // completed
        // Typically completions should be dispatched on the game thread, but
        // for this simple XAML app we're doing it here
        if (XTaskQueueDispatch(queue.value, XTaskQueuePort.Completion, 0)) {
          // If we executed a completion set our event again to check next time
          g_completionReadyHandle.handle!.set();
        }
        break;

      default:
        stop = true;
        break;
    }
  }

  XTaskQueueCloseHandle(queue.value!);
}

function HandleAsyncQueueCallback(_context: unknown, _queue: XTaskQueueHandle, type: XTaskQueuePort): void {
  httpLog.push(`monitor ${type === XTaskQueuePort.Work ? 'Work' : 'Completion'} on ${GetCurrentThreadId()}`);
  switch (type) {
    case XTaskQueuePort.Work:
      g_workReadyHandle.handle!.set();
      break;

    case XTaskQueuePort.Completion:
      g_completionReadyHandle.handle!.set();
      break;
  }
}

function StartBackgroundThread(): void {
  g_stopRequestedHandle.handle = new Win32Event(true, false);
  g_workReadyHandle.handle = new Win32Event(false, false);
  g_completionReadyHandle.handle = new Win32Event(false, false);
  g_exampleTaskDone.handle = new Win32Event(false, false);

  for (let i = 0; i < g_targetNumThreads; i++) {
    g_hActiveThreads[i] = startThread(`background thread ${i}`, background_thread_proc); // native: CreateThread
    // native: SetThreadIdealProcessor: no processors to pick.
  }

  g_numActiveThreads = g_targetNumThreads;
}

async function ShutdownActiveThreads(): Promise<void> {
  g_stopRequestedHandle.handle!.set();
  await Promise.all(g_hActiveThreads.slice(0, g_numActiveThreads)); // native: WaitForMultipleObjectsEx(…, true, INFINITE, false)
  g_hActiveThreads = [];
  g_numActiveThreads = 0;
  g_stopRequestedHandle.handle!.reset();
}

interface SampleHttpCallAsyncContext {
  call: HCCallHandle;
  isJson: boolean;
  filePath: string;
  response: number[];
  isCustom: boolean;
}

async function DoHttpCall(url: string, requestBody: string, isJson: boolean, filePath: string, enableGzipCompression: boolean, enableGzipResponseCompression: boolean, customWrite: boolean): Promise<void> {
  const method = 'GET';
  const retryAllowed = true;
  const headers: string[][] = [];

  // native: the gzip (POST + three headers) and custom-write branches are left out: main passes false for all three.
  void enableGzipCompression;
  void enableGzipResponseCompression;

  headers.push(['TestHeader', '1.0']);

  const call = { value: null as HCCallHandle | null };
  HCHttpCallCreate(call);
  HCHttpCallRequestSetUrl(call.value!, method, url);
  HCHttpCallRequestSetRequestBodyString(call.value!, requestBody);
  HCHttpCallRequestSetRetryAllowed(call.value!, retryAllowed);
  // native: HCHttpCallRequestSetProgressReportFunction(call, ProgressReportFunction, 5): no progress here.

  for (const header of headers) {
    HCHttpCallRequestSetHeader(call.value!, header[0]!, header[1]!, true);
  }

  printf(`Calling ${method} ${url}`);

  const hcContext: SampleHttpCallAsyncContext = { call: call.value!, isJson, filePath, response: [], isCustom: customWrite };
  const asyncBlock: XAsyncBlock = {}; // native: new XAsyncBlock + ZeroMemory
  asyncBlock.context = hcContext;
  asyncBlock.queue = g_httpQueue;
  asyncBlock.callback = (asyncBlock) => {
    httpLog.push(`completion callback on ${GetCurrentThreadId()}`);
    const str = { value: null as string | null };
    const networkErrorCode = { value: S_OK };
    const platErrCode = { value: 0 };
    const statusCode = { value: 0 };
    let responseString = '';

    const hcContext = asyncBlock.context as SampleHttpCallAsyncContext;
    const call = hcContext.call;
    const hr = XAsyncGetStatus(asyncBlock, false);
    if (FAILED(hr)) {
      // This should be a rare error case when the async task fails
      printf(`Couldn't get HTTP call object 0x${(hr >>> 0).toString(16).padStart(8, '0')}`);
      HCHttpCallCloseHandle(call);
      return;
    }

    HCHttpCallResponseGetNetworkErrorCode(call, networkErrorCode, platErrCode);
    HCHttpCallResponseGetStatusCode(call, statusCode);
    HCHttpCallResponseGetResponseString(call, str);
    if (str.value !== null) responseString = str.value;
    // native: the !isJson branch writes the body bytes to filePath; main asks for JSON.

    const headers = ExtractAllHeaders(call);
    HCHttpCallCloseHandle(call);

    printf('HTTP call done');
    printf(`Network error code: 0x${(networkErrorCode.value >>> 0).toString(16).padStart(8, '0')}`);
    printf(`HTTP status code: ${statusCode.value}`);

    let i = 0;
    for (const header of headers) {
      printf(`Header[${i}] '${header[0]}'='${header[1]}'`);
      i++;
    }

    // native: JSON responses have a UTF-8 BOM stripped and are parsed with cpprestsdk's json parser.
    printf('Response string:');
    printf(responseString);

    g_exampleTaskDone.handle!.set();
    // native: delete asyncBlock;
  };

  HCHttpCallPerformAsync(call.value!, asyncBlock);

  await WaitForSingleObjectAsync(g_exampleTaskDone.handle!); // native: WaitForSingleObject(g_exampleTaskDone, INFINITE)
}

async function GetFileBytes2(): Promise<void> {
  const url1 = 'http://212.183.159.230/20MB.zip';

  await DoHttpCall(url1, '', true, '', false, false, false);
}

async function main(): Promise<number> {
  HCInitialize(null);

  XTaskQueueCreate(XTaskQueueDispatchMode.Manual, XTaskQueueDispatchMode.Manual, {
    get value() {
      return g_httpQueue;
    },
    set value(v) {
      g_httpQueue = v;
    },
  });
  XTaskQueueRegisterMonitor(g_httpQueue, null, HandleAsyncQueueCallback, g_callbackToken);
  // native: HCTraceSetTraceToDebugger(true);
  StartBackgroundThread();

  await GetFileBytes2();

  HCCleanup();
  await ShutdownActiveThreads();
  XTaskQueueCloseHandle(g_httpQueue!);

  return 0;
}

describe('S10 libHttpClient Win32-Http', () => {
  it('the monitor sets "work ready" / "completion ready"; two background threads on duplicated handles dispatch each port; main waits for the done event', async () => {
    httpLog.length = 0;
    expect(await runUntilSettled(sandbox.host, startThread('main', main))).toBe(0);
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
    expect(httpLog.slice(0, 3)).toEqual(['monitor Work on main', 'network request on background thread 0', 'monitor Completion on background thread 0']);
    expect(httpLog.slice(3)).toEqual([expect.stringMatching(/^completion callback on background thread [01]$/)]);
  });
});
