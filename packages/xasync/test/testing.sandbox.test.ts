/**
 * `@gdkts/xasync/testing`'s sandbox and pump: what a test of xasync, xuser or xal gets from
 * `useRuntimeSandbox` / `openRuntimeSandbox`, the one definition of an idle queue, and that the
 * entry loads without the optional fast-check peer.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  S_OK,
  XAsyncRun,
  XTaskQueueCloseHandle,
  XTaskQueueCreate,
  XTaskQueueCreateComposite,
  XTaskQueueDispatchMode,
  XTaskQueueGetCurrentProcessTaskQueue,
  XTaskQueueGetPort,
  XTaskQueuePort,
  XTaskQueueSubmitCallback,
  XTaskQueueSubmitDelayedCallback,
  XTaskQueueTerminate,
  out,
  type XTaskQueueHandle,
  type XTaskQueuePortHandle,
} from '@gdkts/xasync';
import {
  liveAsyncStateCount,
  liveTaskQueueCount,
  openRuntimeSandbox,
  pump,
  setThreadPoolSize,
  useRuntimeSandbox,
  type TestHooks,
} from '@gdkts/xasync/testing';

const { Manual, ThreadPool } = XTaskQueueDispatchMode;
const { Work, Completion } = XTaskQueuePort;

/** Hooks a test drives by hand: `run(body)` is one test between them. */
function handHooks(): TestHooks & { run(body: () => void): void } {
  const before: (() => void)[] = [];
  const after: (() => void)[] = [];
  return {
    beforeEach: (fn) => before.push(fn),
    afterEach: (fn) => after.push(fn),
    run(body) {
      for (const fn of before) fn();
      try {
        body();
      } finally {
        for (const fn of after) fn();
      }
    },
  };
}

function rawQueue(mode: XTaskQueueDispatchMode): XTaskQueueHandle {
  const q = out<XTaskQueueHandle | null>(null);
  expect(XTaskQueueCreate(mode, mode, q)).toBe(S_OK);
  return q.value!;
}

describe('useRuntimeSandbox', () => {
  it('gives each test a virtual host, closes its tracked queues, resets the process queue and restores the pool size', () => {
    const hooks = handHooks();
    const sandbox = useRuntimeSandbox(hooks, { poolSize: 3 });
    const poolSize = setThreadPoolSize(0);
    const queues = liveTaskQueueCount();
    let ran = false;
    hooks.run(() => {
      expect(setThreadPoolSize(0)).toBe(3);
      const q = sandbox.createQueue(ThreadPool, ThreadPool);
      expect(XTaskQueueSubmitDelayedCallback(q, Work, 100, undefined, () => (ran = true))).toBe(S_OK);
      sandbox.host.advance(100); // a virtual clock: no real time passes
      expect(ran).toBe(true);
      const proc = out<XTaskQueueHandle | null>(null);
      expect(XTaskQueueGetCurrentProcessTaskQueue(proc)).toBe(true); // creates the process queue
      XTaskQueueCloseHandle(proc.value!);
      expect(sandbox.leaks()).toEqual({ states: 0, queues: 2 });
    });
    expect(liveTaskQueueCount(), 'the tracked queue and the process queue are gone').toBe(queues);
    expect(setThreadPoolSize(0)).toBe(poolSize);
    expect(() => sandbox.host, 'outside a test').toThrow(/no test is running/);
  });

  it('fails the test (in afterEach) when a call or a queue leaked or a callback threw, after cleaning up what it tracks', () => {
    const hooks = handHooks();
    const sandbox = useRuntimeSandbox(hooks);
    const states = liveAsyncStateCount();
    let leaked: XTaskQueueHandle | null = null;
    expect(() =>
      hooks.run(() => {
        leaked = rawQueue(Manual); // not tracked
        expect(XAsyncRun({ queue: leaked }, () => S_OK)).toBe(S_OK); // never dispatched
        const q = sandbox.createQueue(ThreadPool, ThreadPool);
        XTaskQueueSubmitCallback(q, Work, undefined, () => {
          throw new Error('boom');
        });
      }),
    ).toThrow(
      'runtime sandbox: live async states: +1 after the test; live task queues: +1 after the test; a callback threw: Error: boom',
    );
    pump(leaked);
    XTaskQueueCloseHandle(leaked!);
    expect(liveAsyncStateCount(), 'the leaked call finished once dispatched').toBe(states);
  });

  it('lets a test take the errors it expects, and switch to the real host', () => {
    const hooks = handHooks();
    const sandbox = useRuntimeSandbox(hooks);
    hooks.run(() => {
      const q = sandbox.createQueue(ThreadPool, ThreadPool);
      const boom = new Error('expected');
      XTaskQueueSubmitCallback(q, Work, undefined, () => {
        throw boom;
      });
      sandbox.useRealHost(); // runs what the virtual host has first
      expect(sandbox.takeErrors()).toEqual([boom]);
      expect(() => sandbox.host).toThrow(/no virtual host/);
    });
  });
});

describe('openRuntimeSandbox', () => {
  it('reports, without throwing, what leaked since it opened; a second end() finds nothing', () => {
    const sandbox = openRuntimeSandbox({ virtualHost: false });
    const q = rawQueue(Manual);
    expect(sandbox.end()).toEqual(['live task queues: +1 after the test']);
    expect(sandbox.end()).toEqual([]);
    XTaskQueueCloseHandle(q);
  });
});

describe('a package built on the runtime (xuser, xal) extends the sandbox', () => {
  // stands for such a package: handles it opens, its own live counter
  const handles = new Set<object>();
  const open = (): object => {
    const h = {};
    handles.add(h);
    return h;
  };
  const counters = { 'live widget handles': () => handles.size };

  it('holds its counters at their baseline and runs its deferred clean-ups first, last deferred first', () => {
    const sandbox = openRuntimeSandbox({ counters });
    const order: string[] = [];
    const q = sandbox.createQueue();
    const a = open();
    const b = open();
    sandbox.defer(() => {
      order.push('a');
      handles.delete(a);
    });
    sandbox.defer(() => {
      expect(
        XTaskQueueSubmitCallback(q, Work, undefined, () => {}),
        'tracked queues are still open',
      ).toBe(S_OK);
      expect(pump(q)).toBe(1);
      order.push('b');
      handles.delete(b);
    });
    expect(sandbox.end()).toEqual([]);
    expect(order).toEqual(['b', 'a']);
  });

  it('reports a handle left open and a clean-up that threw', () => {
    const sandbox = openRuntimeSandbox({ counters });
    const left = open();
    sandbox.defer(() => {
      throw new Error('close failed');
    });
    expect(sandbox.end()).toEqual([
      'a deferred clean-up threw: Error: close failed',
      'live widget handles: +1 after the test',
    ]);
    handles.delete(left);
  });
});

describe('pump', () => {
  it('stops only after two passes that run nothing: a termination step may make work ready on a shared port', () => {
    const sandbox = openRuntimeSandbox();
    const source = sandbox.createQueue(Manual, Manual);
    const ports = [Work, Completion].map((port) => {
      const p = out<XTaskQueuePortHandle | null>(null);
      expect(XTaskQueueGetPort(source, port, p)).toBe(S_OK);
      return p.value!;
    });
    const composite = out<XTaskQueueHandle | null>(null);
    expect(XTaskQueueCreateComposite(ports[0]!, ports[1]!, composite)).toBe(S_OK);
    sandbox.track(composite.value!);
    const log: string[] = [];
    // the composite's termination steps run in dispatches that run no callback; the last one calls
    // the termination callback, which submits work to the source on the Work port they share
    expect(
      XTaskQueueTerminate(composite.value, false, undefined, () => {
        log.push('terminated');
        XTaskQueueSubmitCallback(source, Work, undefined, () => log.push('work'));
      }),
    ).toBe(S_OK);
    expect(pump(composite.value), 'callbacks run').toBe(1);
    expect(log).toEqual(['terminated', 'work']);
    expect(pump(composite.value)).toBe(0);
    expect(sandbox.end()).toEqual([]);
  });
});

describe('@gdkts/xasync/testing without fast-check', () => {
  const packageDir = fileURLToPath(new URL('..', import.meta.url));
  // a resolve hook that fails for fast-check, as when the optional peer is not installed
  const noFastCheck =
    'data:text/javascript,' +
    encodeURIComponent(
      "import { register } from 'node:module';" +
        "register('data:text/javascript,' + encodeURIComponent(" +
        '"export async function resolve(s, c, next) {' +
        " if (s === 'fast-check' || s.startsWith('fast-check/')) throw new Error('Cannot find package fast-check');" +
        ' return next(s, c); }"));',
    );
  const load = (entry: string): string =>
    execFileSync(
      process.execPath,
      [
        '--conditions=@gdkts/source',
        '--import',
        'tsx',
        '--import',
        noFastCheck,
        '--input-type=module',
        '-e',
        `const m = await import('${entry}'); console.log(Object.keys(m).sort().join(','));`,
      ],
      { cwd: packageDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    ).trim();

  it('loads ./testing with its sandbox and pump', () => {
    const keys = load('@gdkts/xasync/testing').split(',');
    expect(keys).toEqual(
      expect.arrayContaining(['installVirtualHost', 'openRuntimeSandbox', 'pump', 'useRuntimeSandbox']),
    );
  });

  it('fails for ./testing/properties, which needs fast-check (so the hook above works)', () => {
    expect(() => load('@gdkts/xasync/testing/properties')).toThrow(/Cannot find package fast-check/);
  });
});
