/**
 * S10 — manual dispatch, monitors, message loop, termination (samples.md §2 S10): the ports. Listings:
 * - GDK how-to "Creating a manual task queue" (with `SubmitCallbacks` from "Submitting callbacks");
 * - GDK how-to "Using a task queue with a Windows message loop";
 * - GDK how-to "Using the process task queue" (and the XTaskQueueSetCurrentProcessTaskQueue page);
 * - libHttpClient `Samples/Win32-Http/main.cpp` (monitor-driven background threads; its `main` is
 *   {@link Win32HttpMain}).
 *
 * Threads are emulated threads (helpers.ts `startThread`), so `GetCurrentThreadId()` tells which one
 * ran a callback. Where a listing blocks a thread until other threads have dispatched a Manual port
 * (`XTaskQueueTerminate(q, true, …)` in the manual-queue how-to), the port uses the awaitable twin.
 * What the listings `printf` goes to {@link machine}'s output; the clock the message loop formats is
 * its host's. Run them with `pnpm sample S10` (./S10.manualDispatch.ts); their test is
 * samples/test/S10.manualDispatch.test.ts.
 * @module
 */
import {
  FAILED,
  INFINITE,
  S_OK,
  SUCCEEDED,
  XAsyncBegin,
  XAsyncComplete,
  XAsyncGetStatus,
  XAsyncOp,
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
import type { VirtualHost } from '@gdkts/xasync/testing';
import {
  CreateWindow,
  DefWindowProc,
  DestroyWindow,
  DispatchMessage,
  GetCurrentThreadId,
  GetMessage,
  MessageQueue,
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
  runUntilSettled,
  startThread,
  type HWND,
  type MSG,
  type SampleOutput,
} from './helpers.js';

/** Where the listings print (`printf`) and the host whose clock they read. */
export const machine: { output: SampleOutput; host: VirtualHost | null } = { output: createOutput(), host: null };

/** `printf`: the listings print to stdout. */
function printf(line: string): void {
  machine.output.Log(line);
}

// ---------------------------------------------------------------------------------------------
// "Submitting callbacks" + "Creating a manual task queue"
// ---------------------------------------------------------------------------------------------

function SampleCompletionCallback(_context: unknown, cancel: boolean): void {
  printf(`Completion invoked on thread ${GetCurrentThreadId()}. Cancel? ${cancel ? 1 : 0}.`);
}

function SampleWorkCallback(context: unknown, cancel: boolean): void {
  printf(`Worker invoked on thread ${GetCurrentThreadId()}. Cancel? ${cancel ? 1 : 0}.`);

  const queueFromContext = context as XTaskQueueHandle;

  const hrCompletion = XTaskQueueSubmitCallback(
    queueFromContext,
    XTaskQueuePort.Completion,
    null,
    SampleCompletionCallback,
  );

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
export async function runListing(host: VirtualHost, terminate: 'blocking' | 'awaitable'): Promise<HRESULT | undefined> {
  const listing = startThread('main thread', () => CreatingTaskQueueWithManualThreads(terminate));
  try {
    return await runUntilSettled(host, listing);
  } finally {
    let settled = false;
    listing.finally(() => (settled = true)).catch(() => undefined); // a failure is runUntilSettled's to report
    const nudge = createQueue(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.ThreadPool);
    for (let i = 0; i < 10 && !settled; i++) {
      XTaskQueueSubmitCallback(nudge, XTaskQueuePort.Work, null, () => undefined); // any new item re-checks waiting dispatches
      await runReadyTasks(host);
    }
    XTaskQueueCloseHandle(nudge);
  }
}

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

/** Where WM_LBUTTONDOWN submits BackgroundWork (the listing's Completion port, or the Work port the prose implies). */
export function setBackgroundWorkPort(port: XTaskQueuePort): void {
  g_backgroundWorkPort = port;
}

/** Forgets the message-loop listing's globals (between runs). */
export function resetMessageLoop(): void {
  g_queue = null;
  g_backgroundWorkPort = XTaskQueuePort.Completion;
  seen.length = 0;
}
/** instrumentation: which message and callback ran on which thread, and with which `cancel`. */
export const seen: string[] = [];

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
  const s = Math.floor(machine.host!.now() / 1000);
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

    default:
      // Any other message: DefWindowProc below handles it.
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
export async function TestWndProc(ui: MessageQueue, onCreated: (hwnd: HWND) => void): Promise<HWND | null> {
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
export function startUiThread(...input: number[]): { thread: Promise<HWND | null>; window: () => HWND | null } {
  let window: HWND | null = null;
  const thread = startThread('UI thread', () =>
    TestWndProc(new MessageQueue(), (hwnd) => {
      window = hwnd;
      for (const msg of input) PostMessage(hwnd, msg);
    }),
  );
  return { thread, window: () => window };
}

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
export function UsingProcessTaskQueue(leaked: XTaskQueueHandle[]): void {
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
  XTaskQueueSubmitCallback(processQueue.value, XTaskQueuePort.Work, null, () =>
    printf('Submitted through the process queue handle, dispatched through ours.'),
  );
  XTaskQueueDispatch(queue.value, XTaskQueuePort.Work, 0);

  XTaskQueueCloseHandle(processQueue.value!);

  // You can set the process queue to nullptr to force everyone to pass a queue
  // as a parameter.
  XTaskQueueSetCurrentProcessTaskQueue(null);
  const found = XTaskQueueGetCurrentProcessTaskQueue(processQueue);
  printf(`Process task queue: ${p(processQueue.value)}.`);
  printf(`port: XTaskQueueGetCurrentProcessTaskQueue returned ${found}`);
}

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
  call.value = {
    method: '',
    url: '',
    body: '',
    retryAllowed: false,
    requestHeaders: [],
    statusCode: 0,
    responseString: '',
    responseHeaders: [],
    closed: false,
  };
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
function HCHttpCallResponseGetNetworkErrorCode(
  _call: HCCallHandle,
  networkErrorCode: { value: HRESULT },
  platErrCode: { value: number },
): HRESULT {
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
function HCHttpCallResponseGetHeaderAtIndex(
  call: HCCallHandle,
  index: number,
  name: { value: string | null },
  value: { value: string | null },
): HRESULT {
  [name.value, value.value] = call.responseHeaders[index]!;
  return S_OK;
}
function HCHttpCallCloseHandle(call: HCCallHandle): void {
  call.closed = true;
}

/** instrumentation: which thread did what. */
export const httpLog: string[] = [];

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

async function DoHttpCall(
  url: string,
  requestBody: string,
  isJson: boolean,
  filePath: string,
  enableGzipCompression: boolean,
  enableGzipResponseCompression: boolean,
  customWrite: boolean,
): Promise<void> {
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

  const hcContext: SampleHttpCallAsyncContext = {
    call: call.value!,
    isJson,
    filePath,
    response: [],
    isCustom: customWrite,
  };
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

export async function Win32HttpMain(): Promise<number> {
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
