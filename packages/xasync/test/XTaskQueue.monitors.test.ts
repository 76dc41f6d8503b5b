import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  E_HANDLE,
  E_OUTOFMEMORY,
  E_POINTER,
  S_OK,
  XTaskQueueCloseHandle,
  XTaskQueueDispatch,
  XTaskQueueRegisterMonitor,
  XTaskQueueTerminate,
  XTaskQueueUnregisterMonitor,
  out,
  type XTaskQueueHandle,
  type XTaskQueueMonitorCallback,
  type XTaskQueuePort,
  type XTaskQueuePortHandle,
  type XTaskQueueRegistrationToken,
} from '@gdkts/xasync';
import { pump, useRuntimeSandbox } from '@gdkts/xasync/testing';
import {
  CallLog,
  Completion,
  Manual,
  ThreadPool,
  Work,
  createComposite,
  getPort,
  registerMonitor,
  submit,
} from './helpers/queues.js';

const vh = useRuntimeSandbox({ beforeEach, afterEach });
const { createQueue } = vh;

/** A monitor that logs `label:port` and the port object its (queue, port) arguments designate. */
function portMonitor(log: CallLog, label: string, ports: XTaskQueuePortHandle[]): XTaskQueueMonitorCallback {
  return (_ctx, queue, port) => {
    log.note(`${label}:${port}`);
    ports.push(getPort(queue, port));
  };
}

describe('XTaskQueueRegisterMonitor', () => {
  it('calls the monitor synchronously inside the submit when an item becomes ready', () => {
    const q = createQueue(ThreadPool, Manual);
    const log = new CallLog();
    const context = { name: 'ctx' };
    const seen: unknown[] = [];
    const token = out<XTaskQueueRegistrationToken>({ token: 0n });
    const monitor: XTaskQueueMonitorCallback = (ctx, _queue, port) => {
      seen.push(ctx);
      log.note(`monitor:${port}`);
    };
    expect(XTaskQueueRegisterMonitor(q, context, monitor, token)).toBe(S_OK);
    submit(q, Work, log.cb('work'));
    log.note('submitted');
    submit(q, Completion, log.cb('completion'));
    expect(log.take()).toEqual(['monitor:0', 'submitted', 'monitor:1']);
    expect(seen).toEqual([context, context]);
    vh.host.runTasks();
    expect(XTaskQueueDispatch(q, Completion, 0)).toBe(true);
    expect(log.take()).toEqual(['work', 'completion']);
    XTaskQueueCloseHandle(q);
  });

  it('is not called when a delayed item is submitted, and is called when the item becomes due', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    registerMonitor(q, (_ctx, _queue, port) => log.note(`monitor:${port}@${vh.host.now()}`));
    submit(q, Completion, log.cb('d'), 50);
    expect(log.calls).toEqual([]);
    vh.host.advance(49);
    expect(log.calls).toEqual([]);
    vh.host.runAll();
    expect(log.calls).toHaveLength(1);
    expect(log.calls[0]).toMatch(/^monitor:1@/);
    expect(XTaskQueueDispatch(q, Completion, 0)).toBe(true);
    XTaskQueueCloseHandle(q);
  });

  it('passes a queue handle that XTaskQueueDispatch accepts', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    const seen: [XTaskQueueHandle, XTaskQueuePort][] = [];
    registerMonitor(q, (_ctx, queue, port) => seen.push([queue, port]));
    submit(q, Work, log.cb('a'));
    submit(q, Completion, log.cb('b'));
    for (const [queue, port] of seen) expect(XTaskQueueDispatch(queue, port, 0)).toBe(true);
    expect(log.calls).toEqual(['a', 'b']);
    XTaskQueueCloseHandle(q);
  });

  it('notifies every queue sharing the port, each with its own handle and its own role for that port', () => {
    const source = createQueue(Manual, Manual);
    const sourceWork = getPort(source, Work);
    const sourceCompletion = getPort(source, Completion);
    const swapped = createComposite(sourceCompletion, sourceWork); // roles swapped over the same two ports
    const log = new CallLog();
    const ports: XTaskQueuePortHandle[] = [];
    registerMonitor(source, portMonitor(log, 'source', ports));
    registerMonitor(swapped, portMonitor(log, 'composite', ports));

    submit(source, Work, () => {});
    expect(log.take()).toEqual(['source:0', 'composite:1']); // the creating queue first
    expect(ports.splice(0)).toEqual([sourceWork, sourceWork]);

    submit(swapped, Work, () => {});
    expect(log.take()).toEqual(['source:1', 'composite:0']);
    expect(ports.splice(0)).toEqual([sourceCompletion, sourceCompletion]);

    expect(pump(source)).toBe(2);
    XTaskQueueCloseHandle(swapped);
    XTaskQueueCloseHandle(source);
  });

  it('notifies a queue twice, Work first, when its Work and Completion roles share one port', () => {
    const source = createQueue(Manual, Manual);
    const shared = getPort(source, Work);
    const both = createComposite(shared, shared);
    const log = new CallLog();
    const ports: XTaskQueuePortHandle[] = [];
    registerMonitor(both, portMonitor(log, 'both', ports));
    submit(source, Work, () => {});
    submit(both, Completion, () => {});
    expect(log.calls).toEqual(['both:0', 'both:1', 'both:0', 'both:1']);
    expect(ports.every((p) => p === shared)).toBe(true);
    expect(XTaskQueueDispatch(both, Completion, 0)).toBe(true); // dispatches the shared port
    expect(XTaskQueueDispatch(source, Work, 0)).toBe(true);
    XTaskQueueCloseHandle(both);
    XTaskQueueCloseHandle(source);
  });

  it('returns E_OUTOFMEMORY for the 33rd monitor and accepts one again after an unregistration', () => {
    const q = createQueue(Manual, Manual);
    const tokens: XTaskQueueRegistrationToken[] = [];
    for (let i = 0; i < 32; i++) tokens.push(registerMonitor(q, () => {}));
    expect(new Set(tokens.map((t) => t.token)).size).toBe(32);
    expect(tokens[0]!.token).toBe(1n);
    const token = out<XTaskQueueRegistrationToken>({ token: 0n });
    expect(XTaskQueueRegisterMonitor(q, undefined, () => {}, token)).toBe(E_OUTOFMEMORY);
    XTaskQueueUnregisterMonitor(q, tokens[5]!);
    expect(XTaskQueueRegisterMonitor(q, undefined, () => {}, token)).toBe(S_OK);
    expect(XTaskQueueRegisterMonitor(q, undefined, () => {}, token)).toBe(E_OUTOFMEMORY);
    XTaskQueueCloseHandle(q);
  });

  it('returns E_POINTER without a callback or token and E_HANDLE for a closed handle', () => {
    const q = createQueue(Manual, Manual);
    const token = out<XTaskQueueRegistrationToken>({ token: 0n });
    expect(XTaskQueueRegisterMonitor(q, undefined, null as never, token)).toBe(E_POINTER);
    expect(XTaskQueueRegisterMonitor(q, undefined, () => {}, null as never)).toBe(E_POINTER);
    XTaskQueueCloseHandle(q);
    expect(XTaskQueueRegisterMonitor(q, undefined, () => {}, token)).toBe(E_HANDLE);
  });

  it('reports a throwing monitor asynchronously and still queues the item', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    const boom = new Error('monitor failed');
    registerMonitor(q, () => {
      throw boom;
    });
    registerMonitor(q, () => log.note('second monitor'));
    submit(q, Work, log.cb('a'));
    expect(vh.takeErrors()).toEqual([boom]);
    expect(XTaskQueueDispatch(q, Work, 0)).toBe(true);
    expect(log.calls).toEqual(['second monitor', 'a']);
    XTaskQueueCloseHandle(q);
  });

  it('lets a monitor-driven manual pump finish termination when the pump only dispatches what it is told (B21)', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    const notifications: [XTaskQueueHandle, XTaskQueuePort][] = [];
    registerMonitor(q, (_ctx, queue, port) => notifications.push([queue, port]));
    const pumpNotified = (): number => {
      let dispatched = 0;
      for (let n = notifications.shift(); n !== undefined; n = notifications.shift()) {
        XTaskQueueDispatch(n[0], n[1], 0);
        dispatched++;
      }
      return dispatched;
    };
    submit(q, Work, log.cb('a'));
    expect(pumpNotified()).toBe(1);
    submit(q, Work, log.cb('b'));
    submit(q, Completion, log.cb('c'), 1000);
    expect(XTaskQueueTerminate(q, false, undefined, () => log.note('terminated'))).toBe(S_OK);
    expect(pumpNotified()).toBeGreaterThan(1);
    expect(log.calls).toEqual(['a', 'b!', 'c!', 'terminated']);
    XTaskQueueCloseHandle(q);
  });
});

describe('XTaskQueueUnregisterMonitor', () => {
  it('stops calling the monitor once it is unregistered and ignores unknown tokens', () => {
    const q = createQueue(Manual, Manual);
    const log = new CallLog();
    const token = registerMonitor(q, () => log.note('monitor'));
    submit(q, Work, () => {});
    XTaskQueueUnregisterMonitor(q, { token: 99n });
    XTaskQueueUnregisterMonitor(q, token);
    XTaskQueueUnregisterMonitor(q, token);
    submit(q, Work, () => {});
    expect(log.calls).toEqual(['monitor']);
    expect(pump(q)).toBe(2);
    XTaskQueueCloseHandle(q);
  });
});
