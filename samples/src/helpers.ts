/**
 * Shared plumbing for the sample ports (samples/test/*.test.ts and the runnable samples/src/S*.ts): the options of the shipped runtime
 * sandbox they run in, drivers that step the emulated machine (and the XUser samples' game loop), and the few Win32
 * pieces the native samples lean on (events that threads wait on, Sleep, a message queue).
 *
 * How the native threads are emulated (samples.md §6):
 * - A `std::thread` / `CreateThread` body becomes an `async` function ("emulated thread"). Where the
 *   native thread blocks (`Sleep`, `WaitForSingleObject(…, INFINITE)`, `GetMessage`,
 *   `XTaskQueueDispatch` with a timeout), the port `await`s the same wait, so other emulated threads
 *   (and the runtime's thread-pool callbacks) keep running meanwhile.
 * - Time is the virtual clock of `installVirtualHost()`: nothing sleeps for real, and every run of a
 *   test takes the same steps in the same order.
 * - The test body is the machine: it steps the virtual host (one macrotask, or else the next timer)
 *   and drains Promise continuations after each step, until the sample says it is done.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  FAILED,
  HResultError,
  XTaskQueueCreate,
  type XTaskQueueDispatchMode,
  XTaskQueuePort,
  XTaskQueueSubmitDelayedCallback,
  type HRESULT,
  type XTaskQueueHandle,
} from '@gdkts/xasync';
import type { RuntimeSandboxOptions, VirtualHost } from '@gdkts/xasync/testing';

// ---------------------------------------------------------------------------------------------
// Per-test environment
// ---------------------------------------------------------------------------------------------

/**
 * The sandbox every sample runs in (`useRuntimeSandbox({ beforeEach, afterEach }, SAMPLE_SANDBOX)`):
 * a virtual host (deterministic clock and macrotasks) and a fixed thread-pool size, so a one-core CI
 * machine interleaves like any other (native pools grow; 4 is plenty here). After each test the
 * sandbox resets the process queue and fails the test if a callback threw or a call or queue leaked.
 */
export const SAMPLE_SANDBOX: RuntimeSandboxOptions = { poolSize: 4 };

/** Lets queued Promise continuations (the emulated threads) run: resolves on a later real macrotask. */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * One step of the emulated machine: the oldest ready macrotask (a thread-pool callback), or else
 * the next timer (moving the virtual clock to it); then every Promise continuation it caused.
 * @param host - [in] the virtual host.
 * @returns false when there was nothing to run.
 */
export async function step(host: VirtualHost): Promise<boolean> {
  const ran = currentThread.run(POOL_THREAD, () => host.runAll(1)) > 0;
  await flushMicrotasks();
  return ran;
}

/**
 * Steps the machine until `done()` holds.
 * @param host - [in] the virtual host.
 * @param done - [in] the sample's own "finished" condition.
 * @param maxSteps - [in] guard against a sample that never finishes.
 * @throws when nothing is left to run and `done()` still fails (the sample is stuck), or after `maxSteps`.
 */
export async function runUntil(host: VirtualHost, done: () => boolean, maxSteps = 100_000): Promise<void> {
  await flushMicrotasks();
  for (let steps = 0; !done(); steps++) {
    if (steps >= maxSteps) throw new Error(`runUntil: not done after ${maxSteps} steps`);
    if (!(await step(host)) && !done()) throw new Error('runUntil: stuck, nothing left to run');
  }
}

/**
 * Steps the machine until `promise` settles (an emulated thread returned, or a `join`).
 * @returns what the promise resolved to.
 */
export async function runUntilSettled<T>(host: VirtualHost, promise: Promise<T>, maxSteps?: number): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => {
    settled = true;
  });
  watched.catch(() => undefined);
  await runUntil(host, () => settled, maxSteps);
  return watched;
}

/** Runs every ready macrotask (and the continuations they cause) without moving the clock. */
export async function runReadyTasks(host: VirtualHost): Promise<void> {
  do {
    currentThread.run(POOL_THREAD, () => host.runTasks());
    await flushMicrotasks();
  } while (host.pendingTasks() > 0);
}

/**
 * The game loop of the XUser samples (real host): runs frames until `done()`, each calling the
 * sample's `Update` (which dispatches one completion, S4, or drains the Completion port, S5/S6),
 * then yielding one event-loop turn (the console's promises: token service, sign-out, UI).
 * @param Update - [in] the sample's per-frame update.
 * @param done - [in] the sample's "finished" condition.
 * @returns the frames run.
 * @throws Error when `done()` still fails after 500 frames.
 */
export async function runFrames(Update: () => void, done: () => boolean): Promise<number> {
  let n = 0;
  while (!done() && n < 500) {
    Update();
    await flushMicrotasks();
    n++;
  }
  if (!done()) throw new Error('runFrames: not done after 500 frames');
  return n;
}

// ---------------------------------------------------------------------------------------------
// Logging the samples' output
// ---------------------------------------------------------------------------------------------

/** What a sample prints (`s_sample->Log`, `printf`): one entry per line, in order, with the emulated time and thread. */
export interface SampleOutput {
  readonly lines: string[];
  /** `times[i]`: the virtual clock when `lines[i]` was printed. */
  readonly times: number[];
  /** `threads[i]`: the emulated thread that printed `lines[i]` ({@link GetCurrentThreadId}). */
  readonly threads: string[];
  Log(line: string): void;
  /** The thread that printed the first line equal to `line`. */
  threadOf(line: string): string | undefined;
}

/** @returns an empty output log stamped by `clock` (e.g. the virtual host's `now`). */
export function createOutput(clock: () => number = () => 0): SampleOutput {
  const lines: string[] = [];
  const times: number[] = [];
  const threads: string[] = [];
  return {
    lines,
    times,
    threads,
    Log: (line) => {
      lines.push(line);
      times.push(clock());
      threads.push(GetCurrentThreadId());
    },
    threadOf: (line) => threads[lines.indexOf(line)],
  };
}

/** The lines from the first one equal to `first` through the next one equal to `last` (inclusive). */
export function section(lines: readonly string[], first: string, last: string): string[] {
  const start = lines.indexOf(first);
  const end = lines.indexOf(last, start);
  if (start < 0 || end < 0) throw new Error(`section: "${start < 0 ? first : last}" not printed`);
  return lines.slice(start, end + 1);
}

/** `%08X` of an HRESULT (unsigned, upper-case, 8 digits). */
export function hex8(hr: HRESULT): string {
  return ((hr | 0) >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

// ---------------------------------------------------------------------------------------------
// Emulated threads
// ---------------------------------------------------------------------------------------------

const currentThread = new AsyncLocalStorage<string>();

/**
 * `std::thread` / `CreateThread`: runs `body` as an emulated thread named `name`. Everything its
 * code calls — including callbacks that an `XTaskQueueDispatchAsync` on it invokes — sees that name
 * in {@link GetCurrentThreadId}, across `await`s.
 * @returns the thread's completion (`join` = `await`).
 */
export function startThread<T>(name: string, body: () => Promise<T>): Promise<T> {
  return currentThread.run(name, body);
}

/** The name {@link GetCurrentThreadId} reports for the runtime's thread-pool callbacks and timers. */
export const POOL_THREAD = 'thread pool';

/**
 * `GetCurrentThreadId()`: the name given to {@link startThread}; {@link POOL_THREAD} for what the
 * drivers run (thread-pool callbacks, timers); `"main"` for the test body itself.
 */
export function GetCurrentThreadId(): string {
  return currentThread.getStore() ?? 'main';
}

// ---------------------------------------------------------------------------------------------
// Win32: Sleep and events that emulated threads wait on
// ---------------------------------------------------------------------------------------------

/**
 * `Sleep(ms)` on an emulated thread: resolves after `ms` of emulated time. Built on a delayed
 * callback on the process task queue's Work port, so the virtual clock drives it.
 */
export function Sleep(ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const hr = XTaskQueueSubmitDelayedCallback(null, XTaskQueuePort.Work, ms, null, () => resolve());
    if (FAILED(hr)) reject(new HResultError(hr, { operation: 'Sleep' }));
  });
}

export const WAIT_OBJECT_0 = 0;
export const WAIT_TIMEOUT = 0x102;

interface EventWait {
  readonly events: readonly Win32Event[];
  readonly resolve: (index: number) => void;
}
const eventWaits = new Set<EventWait>();

/**
 * A Win32 event (`CreateEvent(NULL, manualReset, initialState, NULL)`) that emulated threads poll
 * or wait on; `set()` is `SetEvent`, `reset()` is `ResetEvent`. (The runtime's own
 * `CreateEvent`/`SetEvent` make `XWaitHandle`s, which only `XTaskQueueRegisterWaiter` watches.)
 */
export class Win32Event {
  constructor(
    readonly manualReset: boolean,
    private signaled: boolean,
  ) {}

  /** `SetEvent`: wakes the oldest wait (all of them for a manual-reset event). */
  set(): void {
    this.signaled = true;
    for (const wait of [...eventWaits]) {
      if (!this.signaled) return;
      const index = wait.events.indexOf(this);
      if (index < 0) continue;
      eventWaits.delete(wait);
      if (!this.manualReset) this.signaled = false;
      wait.resolve(WAIT_OBJECT_0 + index);
    }
  }

  /** `ResetEvent`. */
  reset(): void {
    this.signaled = false;
  }

  /** A wait on it is satisfied now (an auto-reset event is consumed). */
  acquire(): boolean {
    if (!this.signaled) return false;
    if (!this.manualReset) this.signaled = false;
    return true;
  }
}

/** `WaitForSingleObject(event, 0)`: polls. */
export function WaitForSingleObject(event: Win32Event, timeoutMs: 0): number {
  void timeoutMs;
  return event.acquire() ? WAIT_OBJECT_0 : WAIT_TIMEOUT;
}

/** `WaitForMultipleObjectsEx(n, events, false, INFINITE, false)`: the index of the event that woke the thread. */
export function WaitForMultipleObjectsAsync(events: readonly Win32Event[]): Promise<number> {
  for (let i = 0; i < events.length; i++) if (events[i]!.acquire()) return Promise.resolve(WAIT_OBJECT_0 + i);
  return new Promise((resolve) => eventWaits.add({ events, resolve }));
}

/** `WaitForSingleObject(event, INFINITE)`. */
export function WaitForSingleObjectAsync(event: Win32Event): Promise<number> {
  return WaitForMultipleObjectsAsync([event]);
}

// ---------------------------------------------------------------------------------------------
// Win32: windows and a thread's message queue
// ---------------------------------------------------------------------------------------------

export const WM_CREATE = 0x0001;
export const WM_DESTROY = 0x0002;
export const WM_CLOSE = 0x0010;
export const WM_QUIT = 0x0012;
export const WM_LBUTTONDOWN = 0x0201;
export const WM_USER = 0x0400;

/** A posted message. */
export interface MSG {
  hwnd: HWND | null;
  message: number;
  wParam: number;
  lParam: number;
}

/** A window procedure. */
export type WNDPROC = (hwnd: HWND, msg: number, wParam: number, lParam: number) => number;

/** The message queue of the emulated UI thread. */
export class MessageQueue {
  readonly posted: MSG[] = [];
  private wake: (() => void) | null = null;

  push(msg: MSG): void {
    this.posted.push(msg);
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Resolves once a message is queued. */
  whenNotEmpty(): Promise<void> {
    if (this.posted.length > 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }
}

/** A window: its procedure, its text, and the queue of the thread that owns it. */
export class HWND {
  text = '';
  destroyed = false;
  constructor(
    readonly wndProc: WNDPROC,
    readonly thread: MessageQueue,
  ) {}
}

/** `CreateWindow`: sends `WM_CREATE` to the procedure before returning. */
export function CreateWindow(thread: MessageQueue, wndProc: WNDPROC): HWND {
  const hwnd = new HWND(wndProc, thread);
  wndProc(hwnd, WM_CREATE, 0, 0);
  return hwnd;
}

/** `PostMessage`: queues the message to the window's thread. */
export function PostMessage(hwnd: HWND, message: number, wParam = 0, lParam = 0): boolean {
  if (hwnd.destroyed) return false;
  hwnd.thread.push({ hwnd, message, wParam, lParam });
  return true;
}

/** `PostQuitMessage` for the window's thread. */
export function PostQuitMessage(thread: MessageQueue, exitCode: number): void {
  thread.push({ hwnd: null, message: WM_QUIT, wParam: exitCode, lParam: 0 });
}

/** `GetMessage`: waits for the next message; false for `WM_QUIT`. */
export async function GetMessage(msg: MSG, thread: MessageQueue): Promise<boolean> {
  await thread.whenNotEmpty();
  Object.assign(msg, thread.posted.shift()!);
  return msg.message !== WM_QUIT;
}

/** `DispatchMessage`: calls the target window's procedure. */
export function DispatchMessage(msg: MSG): number {
  return msg.hwnd === null || msg.hwnd.destroyed ? 0 : msg.hwnd.wndProc(msg.hwnd, msg.message, msg.wParam, msg.lParam);
}

/** `DestroyWindow`: sends `WM_DESTROY`, then the window is gone. */
export function DestroyWindow(hwnd: HWND): boolean {
  if (hwnd.destroyed) return false;
  hwnd.wndProc(hwnd, WM_DESTROY, 0, 0);
  hwnd.destroyed = true;
  return true;
}

/** `DefWindowProc`: `WM_CLOSE` destroys the window; everything else returns 0. */
export function DefWindowProc(hwnd: HWND, msg: number, wParam: number, lParam: number): number {
  void wParam;
  void lParam;
  if (msg === WM_CLOSE) DestroyWindow(hwnd);
  return 0;
}

/** `SetWindowText`. */
export function SetWindowText(hwnd: HWND, text: string): boolean {
  hwnd.text = text;
  return true;
}

// ---------------------------------------------------------------------------------------------
// C++ idioms
// ---------------------------------------------------------------------------------------------

/**
 * `&obj->field` as an out-parameter: the callee's write lands in the field.
 * @example XTaskQueueCreate(ThreadPool, Manual, ref(this, 'm_queue'))
 */
export function ref<T extends object, K extends keyof T>(obj: T, key: K): { value: T[K] } {
  return {
    get value(): T[K] {
      return obj[key];
    },
    set value(v: T[K]) {
      obj[key] = v;
    },
  };
}

/** `DX::ThrowIfFailed`. */
export function ThrowIfFailed(hr: HRESULT): void {
  if (FAILED(hr)) throw new HResultError(hr);
}

/** `XTaskQueueCreate` for a test's own queue (the caller closes it). */
export function createQueue(work: XTaskQueueDispatchMode, completion: XTaskQueueDispatchMode): XTaskQueueHandle {
  const queue: { value: XTaskQueueHandle | null } = { value: null };
  ThrowIfFailed(XTaskQueueCreate(work, completion, queue));
  return queue.value!;
}
