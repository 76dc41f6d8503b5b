import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_HANDLE,
  E_INVALIDARG,
  E_NO_TASK_QUEUE,
  E_POINTER,
  INFINITE,
  S_OK,
  XTaskQueueCloseHandle,
  XTaskQueueCreate,
  XTaskQueueCreateComposite,
  XTaskQueueDispatch,
  XTaskQueueDuplicateHandle,
  XTaskQueueGetCurrentProcessTaskQueue,
  XTaskQueueGetPort,
  XTaskQueueIsEmpty,
  XTaskQueueRegisterMonitor,
  XTaskQueueSetCurrentProcessTaskQueue,
  XTaskQueueSubmitCallback,
  XTaskQueueSuspendTermination,
  XTaskQueueTerminate,
  XTaskQueueUninitialize,
  out,
  type XTaskQueueCallback,
  type XTaskQueueHandle,
  type XTaskQueuePortHandle,
  type XTaskQueueRegistrationToken,
} from '@gdkts/xasync';
import { liveTaskQueueCount, pump, useRuntimeSandbox } from '@gdkts/xasync/testing';
import {
  CallLog,
  Completion,
  Manual,
  ThreadPool,
  Work,
  createComposite,
  duplicate,
  getPort,
  submit,
} from './helpers/queues.js';

const vh = useRuntimeSandbox({ beforeEach, afterEach });
const { createQueue } = vh;
const noop: XTaskQueueCallback = () => {};

function processQueue(): XTaskQueueHandle {
  const q = out<XTaskQueueHandle | null>(null);
  expect(XTaskQueueGetCurrentProcessTaskQueue(q)).toBe(true);
  return q.value!;
}

describe('XTaskQueueCreate', () => {
  it('returns a distinct handle per call and writes null with E_INVALIDARG for an unknown mode', () => {
    const a = createQueue(Manual, Manual);
    const b = createQueue(Manual, Manual);
    expect(a).not.toBe(b);
    expect(getPort(a, Work)).not.toBe(getPort(b, Work));
    const q = out<XTaskQueueHandle | null>(a);
    expect(XTaskQueueCreate(7 as never, Manual, q)).toBe(E_INVALIDARG);
    expect(q.value).toBeNull();
    expect(XTaskQueueCreate(Manual, Manual, null as never)).toBe(E_POINTER);
    expect(XTaskQueueCreate(Manual, Manual, Object.freeze({ value: null }) as never)).toBe(E_POINTER);
    XTaskQueueCloseHandle(a);
    XTaskQueueCloseHandle(b);
  });
});

describe('XTaskQueueDuplicateHandle', () => {
  it('returns a distinct handle to the same queue that keeps it alive after the original is closed', () => {
    const start = liveTaskQueueCount();
    const q = createQueue(Manual, Manual);
    const dup = duplicate(q);
    expect(dup).not.toBe(q);
    expect(getPort(dup, Work)).toBe(getPort(q, Work));
    XTaskQueueCloseHandle(q);
    expect(liveTaskQueueCount()).toBe(start + 1);
    const log = new CallLog();
    submit(dup, Work, log.cb('a'));
    expect(XTaskQueueDispatch(dup, Work, 0)).toBe(true);
    expect(log.calls).toEqual(['a']);
    XTaskQueueCloseHandle(dup);
    expect(liveTaskQueueCount()).toBe(start);
  });

  it('writes null and returns E_HANDLE for a closed handle, E_POINTER without an out-parameter', () => {
    const q = createQueue(Manual, Manual);
    expect(XTaskQueueDuplicateHandle(q, null as never)).toBe(E_POINTER);
    XTaskQueueCloseHandle(q);
    const dup = out<XTaskQueueHandle | null>(q);
    expect(XTaskQueueDuplicateHandle(q, dup)).toBe(E_HANDLE);
    expect(dup.value).toBeNull();
    expect(XTaskQueueDuplicateHandle('handle' as never, dup)).toBe(E_HANDLE);
  });
});

describe('XTaskQueueCloseHandle', () => {
  it('keeps the queue alive while queued or delayed items remain, and runs them uncanceled', () => {
    const start = liveTaskQueueCount();
    const q = createQueue(ThreadPool, ThreadPool);
    const log = new CallLog();
    submit(q, Work, log.cb('a'));
    submit(q, Completion, log.cb('b'), 100);
    XTaskQueueCloseHandle(q);
    expect(liveTaskQueueCount()).toBe(start + 1);
    vh.host.runTasks();
    expect(log.calls).toEqual(['a']);
    expect(liveTaskQueueCount()).toBe(start + 1);
    vh.host.runAll();
    expect(log.calls).toEqual(['a', 'b']);
    expect(liveTaskQueueCount()).toBe(start);
  });

  it('makes the closed handle fail everywhere while a duplicate keeps working, and ignores a second close', () => {
    const start = liveTaskQueueCount();
    const q = createQueue(Manual, Manual);
    const dup = duplicate(q);
    XTaskQueueCloseHandle(q);
    XTaskQueueCloseHandle(q);
    expect(liveTaskQueueCount()).toBe(start + 1); // the second close released nothing
    const port = out<XTaskQueuePortHandle | null>(null);
    const token = out<XTaskQueueRegistrationToken>({ token: 0n });
    expect(XTaskQueueSubmitCallback(q, Work, undefined, noop)).toBe(E_HANDLE);
    expect(XTaskQueueGetPort(q, Work, port)).toBe(E_HANDLE);
    expect(XTaskQueueTerminate(q, false, undefined, null)).toBe(E_HANDLE);
    expect(XTaskQueueRegisterMonitor(q, undefined, () => {}, token)).toBe(E_HANDLE);
    expect(XTaskQueueSuspendTermination(q)).toBe(E_HANDLE);
    expect(XTaskQueueDispatch(q, Work, 0)).toBe(false);
    expect(XTaskQueueIsEmpty(q, Work)).toBe(false);
    expect(XTaskQueueSubmitCallback(dup, Work, undefined, noop)).toBe(S_OK);
    expect(XTaskQueueDispatch(dup, Work, 0)).toBe(true);
    XTaskQueueCloseHandle(dup);
    expect(liveTaskQueueCount()).toBe(start);
  });

  it('ignores a value that is not a live queue handle', () => {
    const start = liveTaskQueueCount();
    const q = createQueue(Manual, Manual);
    for (const bad of [{}, 'handle', 42, getPort(q, Work)]) XTaskQueueCloseHandle(bad as never);
    expect(liveTaskQueueCount()).toBe(start + 1);
    expect(XTaskQueueSubmitCallback(q, Work, undefined, noop)).toBe(S_OK);
    expect(XTaskQueueDispatch(q, Work, 0)).toBe(true);
    XTaskQueueCloseHandle(q);
    expect(liveTaskQueueCount()).toBe(start);
  });

  it('keeps the source queue alive while a composite uses its ports', () => {
    const start = liveTaskQueueCount();
    const source = createQueue(Manual, Manual);
    const composite = createComposite(getPort(source, Work), getPort(source, Completion));
    XTaskQueueCloseHandle(source);
    expect(liveTaskQueueCount()).toBe(start + 2);
    const log = new CallLog();
    submit(composite, Work, log.cb('a'));
    expect(XTaskQueueDispatch(composite, Work, 0)).toBe(true);
    expect(log.calls).toEqual(['a']);
    XTaskQueueCloseHandle(composite);
    expect(liveTaskQueueCount()).toBe(start);
  });
});

describe('XTaskQueueGetPort', () => {
  it('returns one handle per port object, shared by duplicates and by composites on that port', () => {
    const q = createQueue(Manual, Manual);
    const dup = duplicate(q);
    const work = getPort(q, Work);
    expect(getPort(q, Completion)).not.toBe(work);
    expect(getPort(dup, Work)).toBe(work);
    const composite = createComposite(work, work);
    expect(getPort(composite, Work)).toBe(work);
    expect(getPort(composite, Completion)).toBe(work);
    for (const h of [composite, dup, q]) XTaskQueueCloseHandle(h);
  });

  it('returns E_INVALIDARG for a port other than Work or Completion and E_HANDLE for a value that is not a live queue', () => {
    const q = createQueue(Manual, Manual);
    const port = out<XTaskQueuePortHandle | null>(null);
    for (const bad of [2, -1, '0', 0.5]) expect(XTaskQueueGetPort(q, bad as never, port)).toBe(E_INVALIDARG);
    expect(XTaskQueueGetPort({} as never, Work, port)).toBe(E_HANDLE);
    expect(XTaskQueueGetPort(getPort(q, Work) as never, Work, port)).toBe(E_HANDLE);
    expect(XTaskQueueGetPort(q, Work, null as never)).toBe(E_POINTER);
    XTaskQueueCloseHandle(q);
    expect(XTaskQueueGetPort(q, Work, port)).toBe(E_HANDLE);
  });
});

describe('XTaskQueueCreateComposite', () => {
  it('writes null and returns E_HANDLE when a port handle is not a live port handle', () => {
    const q = createQueue(Manual, Manual);
    const work = getPort(q, Work);
    const result = out<XTaskQueueHandle | null>(q);
    expect(XTaskQueueCreateComposite(null as never, work, result)).toBe(E_HANDLE);
    expect(result.value).toBeNull();
    expect(XTaskQueueCreateComposite(work, {} as never, result)).toBe(E_HANDLE);
    expect(XTaskQueueCreateComposite(q as never, work, result)).toBe(E_HANDLE);
    XTaskQueueCloseHandle(q); // the queue dies: its port handles die with it
    expect(XTaskQueueCreateComposite(work, work, result)).toBe(E_HANDLE);
  });

  it('shares the innermost port when a composite is built on a composite (B24)', () => {
    const source = createQueue(Manual, Manual);
    const middle = createComposite(getPort(source, Completion), getPort(source, Work));
    const inner = createComposite(getPort(middle, Work), getPort(middle, Completion));
    expect(getPort(inner, Work)).toBe(getPort(source, Completion));
    const log = new CallLog();
    submit(inner, Work, log.cb('a'));
    expect(XTaskQueueDispatch(source, Completion, 0)).toBe(true);
    expect(log.calls).toEqual(['a']);
    for (const h of [inner, middle, source]) XTaskQueueCloseHandle(h);
  });
});

describe('XTaskQueueIsEmpty', () => {
  it('is false while an item is ready, delayed or executing on the port, whichever queue sharing it submitted it', () => {
    const source = createQueue(Manual, Manual);
    const composite = createComposite(getPort(source, Work), getPort(source, Completion));
    expect(XTaskQueueIsEmpty(source, Work)).toBe(true);
    submit(composite, Work, noop);
    expect(XTaskQueueIsEmpty(source, Work)).toBe(false);
    expect(XTaskQueueIsEmpty(source, Completion)).toBe(true);
    expect(XTaskQueueDispatch(source, Work, 0)).toBe(true);
    expect(XTaskQueueIsEmpty(source, Work)).toBe(true);
    submit(composite, Work, noop, 10);
    expect(XTaskQueueIsEmpty(source, Work)).toBe(false);
    expect(XTaskQueueDispatch(source, Work, INFINITE)).toBe(true);
    const inside: boolean[] = [];
    submit(source, Work, () => inside.push(XTaskQueueIsEmpty(composite, Work)));
    expect(XTaskQueueDispatch(source, Work, 0)).toBe(true);
    expect(inside).toEqual([false]);
    expect(XTaskQueueIsEmpty(source, 2 as never)).toBe(false);
    XTaskQueueCloseHandle(composite);
    XTaskQueueCloseHandle(source);
    expect(XTaskQueueIsEmpty(source, Work)).toBe(false);
  });
});

describe('XTaskQueueGetCurrentProcessTaskQueue', () => {
  it('creates a ThreadPool/ThreadPool default lazily and returns a new handle to close on every call', () => {
    const start = liveTaskQueueCount();
    const first = processQueue();
    expect(liveTaskQueueCount()).toBe(start + 1);
    const second = processQueue();
    expect(second).not.toBe(first);
    expect(getPort(second, Work)).toBe(getPort(first, Work));
    expect(liveTaskQueueCount()).toBe(start + 1);
    const log = new CallLog();
    submit(first, Work, log.cb('work'));
    submit(second, Completion, log.cb('completion'));
    expect(log.calls).toEqual([]); // pool ports: never inside the submit
    vh.host.runTasks();
    expect(log.calls).toEqual(['work', 'completion']);
    XTaskQueueCloseHandle(first);
    XTaskQueueCloseHandle(second);
    expect(liveTaskQueueCount()).toBe(start + 1); // the default is kept until XTaskQueueUninitialize
    expect(XTaskQueueUninitialize()).toBe(true);
  });

  it('is used for a null queue handle', () => {
    const q = createQueue(Manual, Manual);
    XTaskQueueSetCurrentProcessTaskQueue(q);
    const log = new CallLog();
    submit(null, Work, log.cb('a'));
    expect(XTaskQueueDispatch(q, Work, 0)).toBe(true);
    submit(q, Completion, log.cb('b'));
    expect(XTaskQueueDispatch(null, Completion, 0)).toBe(true);
    expect(getPort(null, Work)).toBe(getPort(q, Work));
    expect(log.calls).toEqual(['a', 'b']);
    XTaskQueueCloseHandle(q);
  });
});

describe('XTaskQueueSetCurrentProcessTaskQueue', () => {
  it('holds its own duplicate of the queue and releases it when replaced', () => {
    const start = liveTaskQueueCount();
    const first = createQueue(Manual, Manual);
    const second = createQueue(Manual, Manual);
    const firstPort = getPort(first, Work);
    XTaskQueueSetCurrentProcessTaskQueue(first);
    XTaskQueueCloseHandle(first);
    expect(liveTaskQueueCount()).toBe(start + 2);
    const current = processQueue();
    expect(current).not.toBe(first);
    expect(getPort(current, Work)).toBe(firstPort);
    XTaskQueueCloseHandle(current);
    XTaskQueueSetCurrentProcessTaskQueue(second);
    expect(liveTaskQueueCount()).toBe(start + 1); // the first queue's last reference was the process queue's
    const replaced = processQueue();
    expect(getPort(replaced, Work)).toBe(getPort(second, Work));
    XTaskQueueCloseHandle(replaced);
    XTaskQueueCloseHandle(second);
  });

  it('disables the process queue when set to null', () => {
    XTaskQueueSetCurrentProcessTaskQueue(null);
    const q = out<XTaskQueueHandle | null>({} as XTaskQueueHandle);
    expect(XTaskQueueGetCurrentProcessTaskQueue(q)).toBe(false);
    expect(q.value).toBeNull();
    const port = out<XTaskQueuePortHandle | null>(null);
    expect(XTaskQueueSubmitCallback(null, Work, undefined, noop)).toBe(E_NO_TASK_QUEUE);
    expect(XTaskQueueGetPort(null, Work, port)).toBe(E_NO_TASK_QUEUE);
    expect(XTaskQueueDuplicateHandle(null, q)).toBe(E_NO_TASK_QUEUE);
    expect(XTaskQueueTerminate(null, false, undefined, null)).toBe(E_NO_TASK_QUEUE);
    expect(XTaskQueueDispatch(null, Work, 0)).toBe(false);
    expect(liveTaskQueueCount()).toBe(0);
  });

  it('lets the default process queue be terminated, after which its submissions fail until XTaskQueueUninitialize (B17)', () => {
    const log = new CallLog();
    expect(XTaskQueueTerminate(null, true, undefined, () => log.note('terminated'))).toBe(S_OK);
    expect(log.calls).toEqual(['terminated']);
    expect(XTaskQueueSubmitCallback(null, Work, undefined, noop)).toBe(E_ABORT);
    expect(XTaskQueueUninitialize()).toBe(true);
    submit(null, Work, log.cb('fresh'));
    vh.host.runTasks();
    expect(log.calls).toEqual(['terminated', 'fresh']);
  });
});

describe('XTaskQueueUninitialize', () => {
  it('closes the process queues, resets them to unset and returns true once no queue is left', () => {
    const start = liveTaskQueueCount();
    const before = processQueue();
    const beforePort = getPort(before, Work);
    XTaskQueueCloseHandle(before);
    const q = createQueue(Manual, Manual);
    XTaskQueueSetCurrentProcessTaskQueue(q);
    expect(XTaskQueueUninitialize()).toBe(false); // q is still open
    XTaskQueueCloseHandle(q);
    expect(XTaskQueueUninitialize()).toBe(true);
    expect(liveTaskQueueCount()).toBe(start);
    const after = processQueue(); // unset again: a fresh default
    expect(getPort(after, Work)).not.toBe(beforePort);
    XTaskQueueCloseHandle(after);
  });

  it('lets emulated time pass, at most 5000 ms, while it waits for queues to be destroyed', () => {
    const soon = createQueue(ThreadPool, ThreadPool);
    submit(soon, Work, noop, 100);
    XTaskQueueCloseHandle(soon);
    expect(XTaskQueueUninitialize(1000)).toBe(true);
    expect(vh.host.now()).toBeGreaterThanOrEqual(100);
    expect(vh.host.now()).toBeLessThan(1000);

    const late = createQueue(ThreadPool, ThreadPool);
    submit(late, Work, noop, 10_000);
    XTaskQueueCloseHandle(late);
    const start = vh.host.now();
    expect(XTaskQueueUninitialize(1_000_000)).toBe(false);
    expect(vh.host.now() - start).toBe(5000);
    vh.host.runAll();
  });

  it('returns false at once for a Manual queue nothing can drain', () => {
    const q = createQueue(Manual, Manual);
    submit(q, Work, noop);
    expect(XTaskQueueUninitialize(5000)).toBe(false);
    expect(vh.host.now()).toBe(0);
    pump(q);
    XTaskQueueCloseHandle(q);
    expect(XTaskQueueUninitialize()).toBe(true);
  });
});
