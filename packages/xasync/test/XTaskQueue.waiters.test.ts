import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CloseHandle,
  CreateEvent,
  E_ABORT,
  E_HANDLE,
  E_INVALIDARG,
  E_OUTOFMEMORY,
  E_POINTER,
  INFINITE,
  ResetEvent,
  S_OK,
  SetEvent,
  XTaskQueueCloseHandle,
  XTaskQueueDispatch,
  XTaskQueueIsEmpty,
  XTaskQueueRegisterWaiter,
  XTaskQueueTerminate,
  XTaskQueueUnregisterWaiter,
  out,
  type XTaskQueueCallback,
  type XTaskQueueRegistrationToken,
  type XWaitHandle,
} from '@gdkts/xasync';
import { pump, useRuntimeSandbox } from '@gdkts/xasync/testing';
import {
  CallLog,
  Completion,
  Manual,
  ThreadPool,
  Work,
  dispatchAll,
  registerMonitor,
  registerWaiter,
  submit,
} from './helpers/queues.js';

const vh = useRuntimeSandbox({ beforeEach, afterEach });
const { createQueue } = vh;

/** Lets the emulated wait thread re-arm, then dispatches what became ready. */
function settle(q: Parameters<typeof dispatchAll>[0], port = Work): number {
  vh.host.runAll();
  return dispatchAll(q, port);
}

describe('CreateEvent', () => {
  it('makes events that SetEvent, ResetEvent and CloseHandle accept until the handle is closed', () => {
    const e = CreateEvent(false, false);
    expect(SetEvent(e)).toBe(true);
    expect(ResetEvent(e)).toBe(true);
    expect(CloseHandle(e)).toBe(true);
    expect(SetEvent(e)).toBe(false);
    expect(ResetEvent(e)).toBe(false);
    expect(CloseHandle(e)).toBe(false);
    expect(SetEvent({} as XWaitHandle)).toBe(false);
    expect(CloseHandle(null as never)).toBe(false);
    expect(CreateEvent(true, false)).not.toBe(CreateEvent(true, false));
  });
});

describe('XTaskQueueRegisterWaiter', () => {
  it('queues one callback per SetEvent of an auto-reset event', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    const e = CreateEvent(false, false);
    const context = { id: 'ctx' };
    const seen: unknown[] = [];
    const token = out<XTaskQueueRegistrationToken>({ token: 0n });
    const callback: XTaskQueueCallback = (ctx, canceled) => {
      seen.push(ctx);
      log.note(canceled ? 'w!' : 'w');
    };
    expect(XTaskQueueRegisterWaiter(q, Work, e, context, callback, token)).toBe(S_OK);
    expect(settle(q)).toBe(0);
    for (let i = 1; i <= 3; i++) {
      expect(SetEvent(e)).toBe(true);
      expect(settle(q)).toBe(1);
      expect(settle(q)).toBe(0);
      expect(log.calls).toHaveLength(i);
    }
    expect(seen.every((c) => c === context)).toBe(true);
    expect(log.calls).toEqual(['w', 'w', 'w']);
    XTaskQueueUnregisterWaiter(q, token.value);
    XTaskQueueCloseHandle(q);
    CloseHandle(e);
  });

  it('queues one callback for an auto-reset event already set when the waiter registers', () => {
    const q = createQueue(ThreadPool, Manual);
    const log = new CallLog();
    const e = CreateEvent(false, true);
    const token = registerWaiter(q, Work, e, log.cb('w'));
    vh.host.runAll();
    expect(log.calls).toEqual(['w']);
    XTaskQueueUnregisterWaiter(q, token);
    XTaskQueueCloseHandle(q);
  });

  it('repeats the callback while a manual-reset event stays set, until it is reset', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    const e = CreateEvent(true, false);
    const token = registerWaiter(q, Work, e, log.cb('w'));
    SetEvent(e);
    for (let i = 1; i <= 4; i++) {
      expect(XTaskQueueDispatch(q, Work, 0)).toBe(true); // one item at a time: re-armed after it ran
      expect(XTaskQueueDispatch(q, Work, 0)).toBe(false);
      vh.host.runTasks();
    }
    expect(log.calls).toHaveLength(4);
    ResetEvent(e);
    expect(settle(q)).toBe(1); // the one queued before the reset
    expect(settle(q)).toBe(0);
    expect(log.calls).toHaveLength(5);
    XTaskQueueUnregisterWaiter(q, token);
    XTaskQueueCloseHandle(q);
  });

  it('repeats the callback while a manual-reset event stays set, until the waiter is unregistered', () => {
    const q = createQueue(ThreadPool, Manual);
    const log = new CallLog();
    const e = CreateEvent(true, true);
    const token = registerWaiter(q, Work, e, log.cb('w'));
    vh.host.runTasks(20);
    expect(log.calls.length).toBeGreaterThanOrEqual(5);
    XTaskQueueUnregisterWaiter(q, token);
    const count = log.calls.length;
    vh.host.runAll();
    expect(log.calls.length).toBeLessThanOrEqual(count + 1);
    XTaskQueueCloseHandle(q);
  });

  it('lets a Dispatch with a timeout wait for an event that pool work sets meanwhile', () => {
    const q = createQueue(ThreadPool, Manual);
    const log = new CallLog();
    const e = CreateEvent(false, false);
    const token = registerWaiter(q, Completion, e, log.cb('signalled'));
    submit(q, Work, () => SetEvent(e), 50);
    expect(XTaskQueueDispatch(q, Completion, INFINITE)).toBe(true);
    expect(log.calls).toEqual(['signalled']);
    expect(vh.host.now()).toBeGreaterThanOrEqual(50);
    XTaskQueueUnregisterWaiter(q, token);
    XTaskQueueCloseHandle(q);
  });

  it('counts waiter tokens per queue from 1, apart from monitor tokens', () => {
    const q = createQueue(Manual, Manual);
    const e = CreateEvent(false, false);
    expect(registerMonitor(q, () => {}).token).toBe(1n);
    expect(registerMonitor(q, () => {}).token).toBe(2n);
    const first = registerWaiter(q, Work, e, () => {});
    const second = registerWaiter(q, Completion, e, () => {});
    expect([first.token, second.token]).toEqual([1n, 2n]);
    XTaskQueueUnregisterWaiter(q, first);
    XTaskQueueUnregisterWaiter(q, second);
    XTaskQueueCloseHandle(q);
  });

  it('notifies the monitors when a signal queues the callback', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    registerMonitor(q, (_ctx, _queue, port) => log.note(`monitor:${port}`));
    const e = CreateEvent(false, false);
    const token = registerWaiter(q, Completion, e, log.cb('w'));
    expect(log.calls).toEqual([]);
    SetEvent(e);
    vh.host.runAll();
    expect(log.calls).toEqual(['monitor:1']);
    expect(dispatchAll(q, Completion)).toBe(1);
    XTaskQueueUnregisterWaiter(q, token);
    XTaskQueueCloseHandle(q);
  });

  it('does not count a registered waiter as work for XTaskQueueIsEmpty', () => {
    const q = createQueue(Manual, Manual);
    const e = CreateEvent(false, false);
    const token = registerWaiter(q, Work, e, () => {});
    expect(XTaskQueueIsEmpty(q, Work)).toBe(true);
    XTaskQueueUnregisterWaiter(q, token);
    XTaskQueueCloseHandle(q);
  });

  it('returns E_OUTOFMEMORY for the 61st waiter of a port while the other port still accepts', () => {
    const q = createQueue(Manual, Manual);
    const e = CreateEvent(false, false);
    const token = out<XTaskQueueRegistrationToken>({ token: 0n });
    const tokens: bigint[] = [];
    for (let i = 0; i < 60; i++) {
      expect(XTaskQueueRegisterWaiter(q, Work, e, undefined, () => {}, token)).toBe(S_OK);
      tokens.push(token.value.token);
    }
    expect(new Set(tokens).size).toBe(60);
    expect(XTaskQueueRegisterWaiter(q, Work, e, undefined, () => {}, token)).toBe(E_OUTOFMEMORY);
    expect(XTaskQueueRegisterWaiter(q, Completion, e, undefined, () => {}, token)).toBe(S_OK);
    XTaskQueueUnregisterWaiter(q, { token: tokens[0]! });
    expect(XTaskQueueRegisterWaiter(q, Work, e, undefined, () => {}, token)).toBe(S_OK);
    expect(XTaskQueueTerminate(q, false, undefined, null)).toBe(S_OK);
    expect(pump(q)).toBe(61); // every waiter still registered at termination is invoked once
    XTaskQueueCloseHandle(q);
  });

  it('returns E_POINTER without a callback or token, E_INVALIDARG for a bad port or wait handle, E_HANDLE for a closed queue', () => {
    const q = createQueue(Manual, Manual);
    const e = CreateEvent(false, false);
    const token = out<XTaskQueueRegistrationToken>({ token: 0n });
    const cb: XTaskQueueCallback = () => {};
    expect(XTaskQueueRegisterWaiter(q, Work, e, undefined, null as never, token)).toBe(E_POINTER);
    expect(XTaskQueueRegisterWaiter(q, Work, e, undefined, cb, null as never)).toBe(E_POINTER);
    expect(XTaskQueueRegisterWaiter(q, 2 as never, e, undefined, cb, token)).toBe(E_INVALIDARG);
    expect(XTaskQueueRegisterWaiter(q, Work, null as never, undefined, cb, token)).toBe(E_INVALIDARG);
    expect(XTaskQueueRegisterWaiter(q, Work, q as never, undefined, cb, token)).toBe(E_INVALIDARG);
    const closedEvent = CreateEvent(false, false);
    CloseHandle(closedEvent);
    expect(XTaskQueueRegisterWaiter(q, Work, closedEvent, undefined, cb, token)).toBe(E_INVALIDARG);
    XTaskQueueCloseHandle(q);
    expect(XTaskQueueRegisterWaiter(q, Work, e, undefined, cb, token)).toBe(E_HANDLE);
  });
});

describe('XTaskQueueUnregisterWaiter', () => {
  it('stops callbacks for that registration only and ignores unknown tokens', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    const e = CreateEvent(true, false);
    const first = registerWaiter(q, Work, e, log.cb('first'));
    const second = registerWaiter(q, Work, e, log.cb('second'));
    XTaskQueueUnregisterWaiter(q, { token: 42n });
    XTaskQueueUnregisterWaiter(q, first);
    SetEvent(e);
    expect(settle(q)).toBe(1);
    ResetEvent(e);
    settle(q);
    expect(log.calls).toEqual(['second']);
    XTaskQueueUnregisterWaiter(q, second);
    SetEvent(e);
    expect(settle(q)).toBe(0);
    expect(XTaskQueueIsEmpty(q, Work)).toBe(true);
    XTaskQueueCloseHandle(q);
  });
});

describe('XTaskQueueTerminate', () => {
  it('queues each registered waiter once with canceled=true, in reverse registration order, and unregisters it', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    const e = CreateEvent(true, false);
    for (const name of ['w1', 'w2', 'w3']) registerWaiter(q, Work, e, log.cb(name));
    registerWaiter(q, Completion, e, log.cb('c1'));
    expect(XTaskQueueTerminate(q, false, undefined, () => log.note('terminated'))).toBe(S_OK);
    pump(q);
    expect(log.take()).toEqual(['w3!', 'w2!', 'w1!', 'c1!', 'terminated']);
    SetEvent(e);
    vh.host.runAll();
    expect(pump(q)).toBe(0);
    expect(log.calls).toEqual([]);
    const token = out<XTaskQueueRegistrationToken>({ token: 0n });
    expect(XTaskQueueRegisterWaiter(q, Work, e, undefined, () => {}, token)).toBe(E_ABORT);
    XTaskQueueCloseHandle(q);
  });
});
