/**
 * Bad input (xasync-api.md §1): every exported native function, called with JS values of the wrong kind,
 * returns the HRESULT the contract names (false for bool, nothing for void), never throws (nor
 * rejects), and leaves the runtime working — after each bad call a valid call still succeeds.
 *
 * - a fuzz property per function: fc.anything() and targeted bad values (closed handles, foreign
 *   objects, NaN, -1, 2**53, huge sizes, buffers shorter than the size, frozen out-parameters,
 *   getters and proxies that throw) in random argument positions, the others valid;
 * - a table of the exact HRESULT for each kind of bad value.
 *
 * The fast-check seed is printed by vitest.setup.ts on every run.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as api from '@gdkts/xasync';
import {
  CloseHandle,
  CreateEvent,
  E_ABORT,
  E_HANDLE,
  E_ILLEGAL_METHOD_CALL,
  E_INVALIDARG,
  E_NOT_SUFFICIENT_BUFFER,
  E_NOT_SUPPORTED,
  E_NO_TASK_QUEUE,
  E_OUTOFMEMORY,
  E_PENDING,
  E_POINTER,
  E_POSSIBLE_DEADLOCK,
  E_UNEXPECTED,
  FAILED,
  HRESULT_FROM_WIN32,
  ResetEvent,
  S_OK,
  SUCCEEDED,
  SetEvent,
  XAsyncBegin,
  XAsyncCancel,
  XAsyncComplete,
  XAsyncGetResult,
  XAsyncGetResultSize,
  XAsyncGetStatus,
  XAsyncGetStatusAsync,
  XAsyncRun,
  XAsyncSchedule,
  XTaskQueueCloseHandle,
  XTaskQueueCreate,
  XTaskQueueCreateComposite,
  XTaskQueueDispatch,
  XTaskQueueDispatchAsync,
  XTaskQueueDispatchMode,
  XTaskQueueDuplicateHandle,
  XTaskQueueGetCurrentProcessTaskQueue,
  XTaskQueueGetPort,
  XTaskQueueIsEmpty,
  XTaskQueuePort,
  XTaskQueueRegisterMonitor,
  XTaskQueueRegisterWaiter,
  XTaskQueueResumeTermination,
  XTaskQueueSetCurrentProcessTaskQueue,
  XTaskQueueSubmitCallback,
  XTaskQueueSubmitDelayedCallback,
  XTaskQueueSuspendTermination,
  XTaskQueueTerminate,
  XTaskQueueTerminateAsync,
  XTaskQueueUninitialize,
  XTaskQueueUnregisterMonitor,
  XTaskQueueUnregisterWaiter,
  hresultName,
  hresultToString,
  now,
  out,
  ref,
  type HRESULT,
  type XAsyncBlock,
  type XAsyncProvider,
  type XTaskQueueHandle,
  type XTaskQueuePortHandle,
  type XWaitHandle,
} from '@gdkts/xasync';
import { openRuntimeSandbox, pump, useRuntimeSandbox, type RuntimeSandbox } from '@gdkts/xasync/testing';
import { hex } from './helpers/model.js';

const { Manual, ThreadPool } = XTaskQueueDispatchMode;
const { Work, Completion } = XTaskQueuePort;
const IDENTITY = Symbol('FixtureAsync');
const WRONG_IDENTITY = Symbol('wrong');

// ---------------------------------------------------------------------------------------------
// Fixture: valid values for every parameter, rebuilt for each run

interface Fixture {
  /** Manual/Manual; holds `pending` and `payload` calls. */
  readonly q: XTaskQueueHandle;
  /** Manual/Manual, for calls that terminate or close what they get. */
  readonly victim: XTaskQueueHandle;
  /** The test's own handles to `q` and `victim`, for cleaning up whatever a call closed. */
  readonly drains: readonly XTaskQueueHandle[];
  readonly closedQ: XTaskQueueHandle;
  readonly port: XTaskQueuePortHandle;
  readonly event: XWaitHandle;
  readonly closedEvent: XWaitHandle;
  /** A call in flight (DoWork keeps it pending; Cancel completes it). */
  readonly pending: XAsyncBlock;
  /** A call completed with a 4-byte payload not yet fetched. */
  readonly payload: XAsyncBlock;
  readonly provider: XAsyncProvider;
}

const fixtureProvider: XAsyncProvider = (op, data) => {
  if (op === api.XAsyncOp.Begin) return XAsyncSchedule(data.async, 0);
  if (op === api.XAsyncOp.DoWork) return E_PENDING;
  if (op === api.XAsyncOp.Cancel) XAsyncComplete(data.async, E_ABORT, 0);
  if (op === api.XAsyncOp.GetResult) data.buffer?.fill(1, 0, 4);
  return S_OK;
};

const payloadProvider: XAsyncProvider = (op, data) => {
  if (op === api.XAsyncOp.Begin) XAsyncComplete(data.async, S_OK, 4);
  if (op === api.XAsyncOp.GetResult) data.buffer?.fill(2, 0, 4);
  return S_OK;
};

/** A provider that completes inside Begin (for valid XAsyncBegin calls). */
const quickProvider: XAsyncProvider = (op, data) => {
  if (op === api.XAsyncOp.Begin) XAsyncComplete(data.async, S_OK, 0);
  return S_OK;
};

function makeFixture(): Fixture {
  const q = sandbox.createQueue(Manual, Manual);
  const victim = sandbox.createQueue(Manual, Manual);
  const closedQ = sandbox.createQueue(Manual, Manual);
  XTaskQueueCloseHandle(closedQ);
  const port = out<XTaskQueuePortHandle | null>(null);
  expect(XTaskQueueGetPort(q, Work, port)).toBe(S_OK);
  const closedEvent = CreateEvent(false, false);
  CloseHandle(closedEvent);
  const pending: XAsyncBlock = { queue: q };
  expect(XAsyncBegin(pending, undefined, IDENTITY, 'Pending', fixtureProvider)).toBe(S_OK);
  const payload: XAsyncBlock = { queue: q };
  expect(XAsyncBegin(payload, undefined, IDENTITY, 'Payload', payloadProvider)).toBe(S_OK);
  const drains = [q, victim].map((h) => {
    const dup = out<XTaskQueueHandle | null>(null);
    expect(XTaskQueueDuplicateHandle(h, dup)).toBe(S_OK);
    return dup.value!;
  });
  return {
    q,
    victim,
    drains,
    closedQ,
    port: port.value!,
    event: CreateEvent(false, false),
    closedEvent,
    pending,
    payload,
    provider: fixtureProvider,
  };
}

// ---------------------------------------------------------------------------------------------
// Bad values

const TARGETS = [
  'undefined',
  'null',
  'string',
  'emptyString',
  'zeroNumberString',
  'NaN',
  'minusOne',
  'fraction',
  'twoTo32',
  'twoTo53',
  'huge',
  'Infinity',
  'bigint',
  'symbol',
  'true',
  'emptyObject',
  'frozenObject',
  'array',
  'function',
  'throwingFunction',
  'closedQueue',
  'queueHandle',
  'portHandle',
  'eventHandle',
  'closedEvent',
  'foreignBlock',
  'frozenOut',
  'throwingOut',
  'revokedProxy',
  'throwingProxy',
  'shortBuffer',
  'zeroBuffer',
  'date',
  'promise',
] as const;
type Target = (typeof TARGETS)[number];

/** A marker for a targeted bad value; materialized against the run's fixture. */
class Bad {
  constructor(readonly target: Target) {}
  toString(): string {
    return `<${this.target}>`;
  }
}

function throwingProxy(): object {
  const fail = (): never => {
    throw new Error('proxy trap');
  };
  return new Proxy(
    {},
    {
      get: fail,
      set: fail,
      has: fail,
      getPrototypeOf: fail,
      isExtensible: fail,
      ownKeys: fail,
      getOwnPropertyDescriptor: fail,
      defineProperty: fail,
      preventExtensions: fail,
    },
  );
}

function materialize(target: Target, fx: Fixture): unknown {
  switch (target) {
    case 'undefined':
      return undefined;
    case 'null':
      return null;
    case 'string':
      return 'not a handle';
    case 'emptyString':
      return '';
    case 'zeroNumberString':
      return '0';
    case 'NaN':
      return Number.NaN;
    case 'minusOne':
      return -1;
    case 'fraction':
      return 1.5;
    case 'twoTo32':
      return 2 ** 32;
    case 'twoTo53':
      return 2 ** 53;
    case 'huge':
      return Number.MAX_VALUE;
    case 'Infinity':
      return Number.POSITIVE_INFINITY;
    case 'bigint':
      return 10n;
    case 'symbol':
      return Symbol('bad');
    case 'true':
      return true;
    case 'emptyObject':
      return {};
    case 'frozenObject':
      return Object.freeze({ queue: null });
    case 'array':
      return [1, 2, 3];
    case 'function':
      return () => undefined;
    case 'throwingFunction':
      return () => {
        throw new Error('user code failed');
      };
    case 'closedQueue':
      return fx.closedQ;
    case 'queueHandle':
      return fx.q;
    case 'portHandle':
      return fx.port;
    case 'eventHandle':
      return fx.event;
    case 'closedEvent':
      return fx.closedEvent;
    case 'foreignBlock':
      return { queue: fx.closedQ };
    case 'frozenOut':
      return Object.freeze({ value: 0 });
    case 'throwingOut':
      return Object.defineProperty({}, 'value', {
        enumerable: true,
        get: () => {
          throw new Error('getter');
        },
        set: () => {
          throw new Error('setter');
        },
      });
    case 'revokedProxy': {
      const r = Proxy.revocable({}, {});
      r.revoke();
      return r.proxy;
    }
    case 'throwingProxy':
      return throwingProxy();
    case 'shortBuffer':
      return new Uint8Array(1);
    case 'zeroBuffer':
      return new Uint8Array(0);
    case 'date':
      return new Date(0);
    case 'promise':
      return Promise.resolve(S_OK);
  }
}

const badValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: fc.anything() },
  { weight: 1, arbitrary: fc.constantFrom(...TARGETS).map((t) => new Bad(t)) },
);

// ---------------------------------------------------------------------------------------------
// The functions, their valid arguments and the results the contract allows

const anyStatus = (r: unknown): boolean => typeof r === 'number' && Number.isInteger(r) && r === (r | 0);
const oneOf =
  (...values: unknown[]) =>
  (r: unknown): boolean =>
    values.includes(r);
const isBool = (r: unknown): boolean => typeof r === 'boolean';
const isVoid = (r: unknown): boolean => r === undefined;

interface Entry {
  readonly fn: (...args: never[]) => unknown;
  /** Valid arguments (the fuzz replaces some of them). */
  readonly valid: (fx: Fixture) => unknown[];
  /** Whether a result is one the contract allows. */
  readonly allowed: (result: unknown) => boolean;
  /** Arguments the fuzz leaves valid (a value that is valid there could block on purpose). */
  readonly keep?: readonly number[];
}

const qResults = [S_OK, E_HANDLE, E_INVALIDARG, E_POINTER, E_NO_TASK_QUEUE, E_ABORT, E_OUTOFMEMORY];
const callResults = [
  S_OK,
  E_PENDING,
  E_ABORT,
  E_INVALIDARG,
  E_POINTER,
  E_HANDLE,
  E_NO_TASK_QUEUE,
  E_UNEXPECTED,
  E_POSSIBLE_DEADLOCK,
];

const entries: Record<string, Entry> = {
  XAsyncGetStatus: { fn: XAsyncGetStatus, valid: (fx) => [fx.pending, false], allowed: anyStatus },
  XAsyncGetStatusAsync: { fn: XAsyncGetStatusAsync, valid: (fx) => [fx.payload], allowed: anyStatus },
  XAsyncGetResultSize: { fn: XAsyncGetResultSize, valid: (fx) => [fx.payload, out(0)], allowed: anyStatus },
  XAsyncCancel: { fn: XAsyncCancel, valid: (fx) => [fx.pending], allowed: isVoid },
  XAsyncRun: { fn: XAsyncRun, valid: (fx) => [{ queue: fx.q }, () => S_OK], allowed: oneOf(...callResults) },
  XAsyncBegin: {
    fn: XAsyncBegin,
    valid: (fx) => [{ queue: fx.q }, { ctx: 1 }, IDENTITY, 'QuickAsync', quickProvider],
    allowed: oneOf(...callResults),
  },
  XAsyncSchedule: { fn: XAsyncSchedule, valid: (fx) => [fx.pending, 0], allowed: anyStatus },
  XAsyncComplete: { fn: XAsyncComplete, valid: (fx) => [fx.pending, S_OK, 0], allowed: isVoid },
  XAsyncGetResult: {
    fn: XAsyncGetResult,
    valid: (fx) => [fx.payload, IDENTITY, 4, new Uint8Array(4), out(0)],
    allowed: oneOf(...callResults, E_ILLEGAL_METHOD_CALL, E_NOT_SUFFICIENT_BUFFER, E_NOT_SUPPORTED),
  },
  XTaskQueueCreate: {
    fn: XTaskQueueCreate,
    valid: () => [Manual, Manual, out(null)],
    allowed: oneOf(S_OK, E_INVALIDARG, E_POINTER),
  },
  XTaskQueueCreateComposite: {
    fn: XTaskQueueCreateComposite,
    valid: (fx) => [fx.port, fx.port, out(null)],
    allowed: oneOf(S_OK, E_HANDLE, E_POINTER),
  },
  XTaskQueueGetPort: {
    fn: XTaskQueueGetPort,
    valid: (fx) => [fx.q, Completion, out(null)],
    allowed: oneOf(...qResults),
  },
  XTaskQueueDuplicateHandle: {
    fn: XTaskQueueDuplicateHandle,
    valid: (fx) => [fx.q, out(null)],
    allowed: oneOf(...qResults),
  },
  XTaskQueueCloseHandle: { fn: XTaskQueueCloseHandle, valid: (fx) => [fx.victim], allowed: isVoid },
  XTaskQueueDispatch: { fn: XTaskQueueDispatch, valid: (fx) => [fx.q, Work, 0], allowed: isBool },
  // INFINITE is a valid timeout that waits for ever: the timeout stays a finite valid value
  XTaskQueueDispatchAsync: { fn: XTaskQueueDispatchAsync, valid: (fx) => [fx.q, Work, 0], allowed: isBool },
  XTaskQueueTerminate: {
    fn: XTaskQueueTerminate,
    valid: (fx) => [fx.victim, false, undefined, null],
    allowed: oneOf(...qResults, E_POSSIBLE_DEADLOCK),
  },
  XTaskQueueTerminateAsync: {
    fn: XTaskQueueTerminateAsync,
    valid: (fx) => [fx.victim, undefined, null],
    allowed: oneOf(...qResults),
  },
  XTaskQueueSubmitCallback: {
    fn: XTaskQueueSubmitCallback,
    valid: (fx) => [fx.q, Work, undefined, () => undefined],
    allowed: oneOf(...qResults),
  },
  XTaskQueueSubmitDelayedCallback: {
    fn: XTaskQueueSubmitDelayedCallback,
    valid: (fx) => [fx.q, Completion, 5, undefined, () => undefined],
    allowed: oneOf(...qResults),
  },
  XTaskQueueRegisterWaiter: {
    fn: XTaskQueueRegisterWaiter,
    valid: (fx) => [fx.q, Work, fx.event, undefined, () => undefined, out({ token: 0n })],
    allowed: oneOf(...qResults),
  },
  XTaskQueueUnregisterWaiter: { fn: XTaskQueueUnregisterWaiter, valid: (fx) => [fx.q, { token: 1n }], allowed: isVoid },
  XTaskQueueRegisterMonitor: {
    fn: XTaskQueueRegisterMonitor,
    valid: (fx) => [fx.q, undefined, () => undefined, out({ token: 0n })],
    allowed: oneOf(...qResults),
  },
  XTaskQueueUnregisterMonitor: {
    fn: XTaskQueueUnregisterMonitor,
    valid: (fx) => [fx.q, { token: 1n }],
    allowed: isVoid,
  },
  XTaskQueueGetCurrentProcessTaskQueue: {
    fn: XTaskQueueGetCurrentProcessTaskQueue,
    valid: () => [out(null)],
    allowed: isBool,
  },
  XTaskQueueSetCurrentProcessTaskQueue: {
    fn: XTaskQueueSetCurrentProcessTaskQueue,
    valid: (fx) => [fx.victim],
    allowed: isVoid,
  },
  XTaskQueueIsEmpty: { fn: XTaskQueueIsEmpty, valid: (fx) => [fx.q, Completion], allowed: isBool },
  XTaskQueueSuspendTermination: {
    fn: XTaskQueueSuspendTermination,
    valid: (fx) => [fx.victim],
    allowed: oneOf(...qResults),
  },
  // valid only with a matching suspension (libHttpClient asserts otherwise): the handle stays the victim's
  XTaskQueueResumeTermination: { fn: XTaskQueueResumeTermination, valid: (fx) => [fx.victim], allowed: isVoid },
  XTaskQueueUninitialize: { fn: XTaskQueueUninitialize, valid: () => [0], allowed: isBool },
  CreateEvent: { fn: CreateEvent, valid: () => [false, false], allowed: (r) => typeof r === 'object' && r !== null },
  SetEvent: { fn: SetEvent, valid: (fx) => [fx.event], allowed: isBool },
  ResetEvent: { fn: ResetEvent, valid: (fx) => [fx.event], allowed: isBool },
  CloseHandle: { fn: CloseHandle, valid: () => [CreateEvent(true, false)], allowed: isBool },
  SUCCEEDED: { fn: SUCCEEDED, valid: () => [S_OK], allowed: isBool },
  FAILED: { fn: FAILED, valid: () => [E_ABORT], allowed: isBool },
  HRESULT_FROM_WIN32: { fn: HRESULT_FROM_WIN32, valid: () => [5], allowed: anyStatus },
  hresultToString: {
    fn: hresultToString,
    valid: () => [E_ABORT],
    allowed: (r) => typeof r === 'string' && /0x[0-9A-F]{8}/.test(r),
  },
  hresultName: { fn: hresultName, valid: () => [E_ABORT], allowed: (r) => r === undefined || typeof r === 'string' },
  out: { fn: out, valid: () => [0], allowed: (r) => typeof r === 'object' && r !== null && 'value' in r },
  ref: {
    fn: ref,
    valid: () => [{ queue: null }, 'queue'],
    allowed: (r) => typeof r === 'object' && r !== null && 'value' in r,
  },
  now: { fn: now, valid: () => [undefined], allowed: (r) => typeof r === 'number' && Number.isFinite(r) }, // takes no argument: extra ones are ignored
};

// ---------------------------------------------------------------------------------------------
// Running a call, cleaning up after it, proving the runtime still works

const sandbox = useRuntimeSandbox({ beforeEach, afterEach });

/** Prints a value for a failure message; proxies that throw print as such. */
function show(value: unknown): string {
  if (value instanceof Bad) return String(value);
  try {
    return fc.stringify(value);
  } catch {
    return '<unprintable>';
  }
}

/** Settles an async twin: its waits use the virtual clock, Manual ports need dispatching. */
async function settle(
  promise: Promise<unknown>,
  fx: Fixture,
): Promise<{ value?: unknown; error?: unknown; settled: boolean }> {
  let outcome: { value?: unknown; error?: unknown; settled: boolean } = { settled: false };
  promise.then(
    (value) => (outcome = { value, settled: true }),
    (error: unknown) => (outcome = { error, settled: true }),
  );
  for (let i = 0; i < 20 && !outcome.settled; i++) {
    sandbox.host.runAll();
    for (const q of fx.drains) pump(q);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return outcome;
}

/** Reads `value` of an object that may be a throwing proxy or have a throwing getter. */
function valueOf(arg: unknown): unknown {
  try {
    return typeof arg === 'object' && arg !== null && 'value' in arg ? (arg as { value: unknown }).value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Ends whatever the bad call started. Never throws (it runs in `finally`): what the API throws
 * here is collected and returned, for the caller to report.
 */
function cleanUp(fx: Fixture, args: readonly unknown[]): unknown[] {
  const thrown: unknown[] = [];
  const attempt = (step: () => unknown): void => {
    try {
      step();
    } catch (error) {
      thrown.push(error);
    }
  };
  // handles written to out-parameters
  for (const arg of args) attempt(() => XTaskQueueCloseHandle(valueOf(arg) as XTaskQueueHandle));
  // calls started on blocks, and the fixture's calls
  for (const block of [fx.pending, fx.payload, ...args]) {
    attempt(() => XAsyncCancel(block as XAsyncBlock));
    attempt(() => XAsyncComplete(block as XAsyncBlock, E_ABORT, 0));
    attempt(() => XAsyncGetResult(block as XAsyncBlock, WRONG_IDENTITY, 0, null, null)); // consumes a payload
  }
  // the process queue (the default, or one set by the call)
  attempt(() => {
    const proc = out<XTaskQueueHandle | null>(null);
    if (XTaskQueueGetCurrentProcessTaskQueue(proc)) {
      XTaskQueueTerminate(proc.value, false, undefined, null);
      XTaskQueueCloseHandle(proc.value!);
    }
  });
  for (const q of fx.drains) {
    attempt(() => XTaskQueueTerminate(q, false, undefined, null));
    attempt(() => pump(q));
  }
  attempt(() => sandbox.host.runAll());
  for (const q of fx.drains) attempt(() => pump(q));
  for (const q of [fx.q, fx.victim, ...fx.drains]) attempt(() => XTaskQueueCloseHandle(q));
  attempt(() => sandbox.host.runAll());
  attempt(() => XTaskQueueUninitialize());
  sandbox.takeErrors(); // user callbacks given by the fuzz may throw
  return thrown;
}

/** Both live counters are back at the baseline of `run` (by default, the test's sandbox). */
function expectNoLeak(run: RuntimeSandbox = sandbox): void {
  expect(run.leaks(), 'live async states and task queues').toEqual({ states: 0, queues: 0 });
}

/** A valid call on a fresh queue still works: XAsyncRun + dispatch + GetStatus, Manual and pool. */
function expectRuntimeWorks(): void {
  const q = sandbox.createQueue(Manual, Manual);
  let callbacks = 0;
  const block: XAsyncBlock = { queue: q, callback: () => callbacks++ };
  expect(XAsyncRun(block, () => 7)).toBe(S_OK);
  expect(XTaskQueueDispatch(q, Work, 0)).toBe(true);
  expect(XTaskQueueDispatch(q, Completion, 0)).toBe(true);
  expect(callbacks).toBe(1);
  expect(XAsyncGetStatus(block, false)).toBe(7);
  const pool = sandbox.createQueue(ThreadPool, ThreadPool);
  const pooled: XAsyncBlock = { queue: pool };
  expect(XAsyncRun(pooled, () => 8)).toBe(S_OK);
  sandbox.host.runAll();
  expect(XAsyncGetStatus(pooled, false)).toBe(8);
  XTaskQueueCloseHandle(q);
  XTaskQueueCloseHandle(pool);
  sandbox.host.runAll();
  expect(sandbox.host.errors).toEqual([]);
}

describe('fuzz: every exported native function with bad values in random argument positions', () => {
  it('covers every exported function', () => {
    const exported = Object.entries(api)
      .filter(
        ([, v]) => typeof v === 'function' && !/^[A-Z][A-Za-z]*(Error|Emitter)$/.test((v as { name: string }).name),
      )
      .map(([name]) => name);
    expect(Object.keys(entries).sort()).toEqual(exported.sort());
  });

  for (const [name, entry] of Object.entries(entries)) {
    it(`${name}: never throws, returns an allowed result, the runtime keeps working`, async () => {
      const arity = entry.valid(makeTemporaryFixture()).length;
      const positions = fc.array(fc.tuple(fc.integer({ min: 0, max: arity - 1 }), badValue), {
        minLength: 1,
        maxLength: arity,
      });
      await fc.assert(
        fc.asyncProperty(positions, async (bad) => {
          // per-run baselines: a run that fails and leaks must not fail the shrinking runs after it
          const run = openRuntimeSandbox({ virtualHost: false, resetProcessQueue: false });
          const fx = makeFixture();
          const args = entry.valid(fx);
          const shown = args.map(show);
          for (const [i, value] of bad) {
            if ((entry.keep ?? []).includes(i)) continue;
            args[i] = value instanceof Bad ? materialize(value.target, fx) : value;
            shown[i] = show(value);
          }
          const what = `${name}(${shown.join(', ')})`;
          let result: unknown;
          let thrownInCleanUp: unknown[];
          try {
            try {
              result = (entry.fn as (...a: unknown[]) => unknown)(...args);
            } catch (error) {
              throw new Error(`${what} threw ${String(error)}`, { cause: error });
            }
            if (result instanceof Promise) {
              const outcome = await settle(result, fx);
              expect(outcome.settled, `${what} never settled`).toBe(true);
              expect(outcome.error, `${what} rejected`).toBeUndefined();
              result = outcome.value;
            }
            expect(
              entry.allowed(result),
              `${what} returned ${typeof result === 'number' ? hex(result) : show(result)}`,
            ).toBe(true);
          } finally {
            if (name === 'XTaskQueueSuspendTermination' && result === S_OK)
              XTaskQueueResumeTermination(args[0] as XTaskQueueHandle);
            thrownInCleanUp = cleanUp(fx, args);
          }
          expect(thrownInCleanUp.map(String), `after ${what}, cleaning up threw`).toEqual([]);
          expectNoLeak(run);
          expectRuntimeWorks();
          expect(run.end(), 'live async states and task queues').toEqual([]);
        }),
        { numRuns: 40 },
      );
    });
  }
});

/** A fixture only to count a function's parameters; torn down at once. */
function makeTemporaryFixture(): Fixture {
  const fx = makeFixture();
  expect(cleanUp(fx, [])).toEqual([]);
  return fx;
}

// ---------------------------------------------------------------------------------------------
// The exact HRESULT for each kind of bad value

describe('the HRESULT the contract names for each kind of bad value', () => {
  let fx: Fixture;
  beforeEach(() => {
    fx = makeFixture();
  });
  afterEach(() => {
    expect(cleanUp(fx, []).map(String)).toEqual([]);
    expectNoLeak();
  });

  const revoked = (): object => materialize('revokedProxy', fx) as object;
  const frozenOut = (): object => Object.freeze({ value: 0 });
  const work = (): HRESULT => S_OK;
  const cb = (): void => undefined;

  const cases: [string, () => unknown, unknown][] = [
    // E_INVALIDARG: a value of the wrong kind where a size, callback or enum belongs
    ['XTaskQueueSubmitCallback: port 2', () => XTaskQueueSubmitCallback(fx.q, 2 as never, undefined, cb), E_INVALIDARG],
    [
      'XTaskQueueSubmitCallback: port NaN',
      () => XTaskQueueSubmitCallback(fx.q, Number.NaN as never, undefined, cb),
      E_INVALIDARG,
    ],
    [
      'XTaskQueueSubmitCallback: undefined callback',
      () => XTaskQueueSubmitCallback(fx.q, Work, undefined, undefined as never),
      E_INVALIDARG,
    ],
    [
      'XTaskQueueSubmitDelayedCallback: delay -1',
      () => XTaskQueueSubmitDelayedCallback(fx.q, Work, -1, undefined, cb),
      E_INVALIDARG,
    ],
    [
      'XTaskQueueSubmitDelayedCallback: delay NaN',
      () => XTaskQueueSubmitDelayedCallback(fx.q, Work, Number.NaN, undefined, cb),
      E_INVALIDARG,
    ],
    [
      'XTaskQueueSubmitDelayedCallback: delay 1.5',
      () => XTaskQueueSubmitDelayedCallback(fx.q, Work, 1.5, undefined, cb),
      E_INVALIDARG,
    ],
    [
      'XTaskQueueSubmitDelayedCallback: delay 2**32',
      () => XTaskQueueSubmitDelayedCallback(fx.q, Work, 2 ** 32, undefined, cb),
      E_INVALIDARG,
    ],
    ['XTaskQueueCreate: mode 4', () => XTaskQueueCreate(4 as never, Manual, out(null)), E_INVALIDARG],
    ['XTaskQueueCreate: mode "0"', () => XTaskQueueCreate('0' as never, Manual, out(null)), E_INVALIDARG],
    ['XTaskQueueGetPort: port -1', () => XTaskQueueGetPort(fx.q, -1 as never, out(null)), E_INVALIDARG],
    [
      'XTaskQueueTerminate: wait "yes"',
      () => XTaskQueueTerminate(fx.victim, 'yes' as never, undefined, null),
      E_INVALIDARG,
    ],
    [
      'XTaskQueueTerminate: a number for the callback',
      () => XTaskQueueTerminate(fx.victim, false, undefined, 5 as never),
      E_INVALIDARG,
    ],
    [
      'XTaskQueueRegisterWaiter: a foreign object for the event',
      () => XTaskQueueRegisterWaiter(fx.q, Work, {} as never, undefined, cb, out({ token: 0n })),
      E_INVALIDARG,
    ],
    [
      'XTaskQueueRegisterWaiter: a closed event',
      () => XTaskQueueRegisterWaiter(fx.q, Work, fx.closedEvent, undefined, cb, out({ token: 0n })),
      E_INVALIDARG,
    ],
    ['XAsyncRun: a string for the block', () => XAsyncRun('block' as never, work), E_INVALIDARG],
    ['XAsyncRun: undefined work', () => XAsyncRun({ queue: fx.q }, undefined as never), E_INVALIDARG],
    [
      'XAsyncRun: a number for block.callback',
      () => XAsyncRun({ queue: fx.q, callback: 1 as never }, work),
      E_INVALIDARG,
    ],
    ['XAsyncRun: a block still in use', () => XAsyncRun(fx.pending, work), E_INVALIDARG],
    ['XAsyncRun: a revoked proxy for the block', () => XAsyncRun(revoked() as never, work), E_INVALIDARG],
    [
      'XAsyncBegin: a number for the identity name',
      () => XAsyncBegin({ queue: fx.q }, undefined, IDENTITY, 5 as never, quickProvider),
      E_INVALIDARG,
    ],
    [
      'XAsyncBegin: undefined provider',
      () => XAsyncBegin({ queue: fx.q }, undefined, IDENTITY, null, undefined as never),
      E_INVALIDARG,
    ],
    ['XAsyncGetStatus: a number for the block', () => XAsyncGetStatus(3 as never, false), E_INVALIDARG],
    [
      'XAsyncGetStatus: a revoked proxy (an object never used as a block) reads as a zeroed block',
      () => XAsyncGetStatus(revoked() as never, false),
      S_OK,
    ],
    ['XAsyncGetResultSize: null for the block', () => XAsyncGetResultSize(null as never, out(0)), E_INVALIDARG],
    ['XAsyncSchedule: delay -1', () => XAsyncSchedule(fx.pending, -1), E_INVALIDARG],
    ['XAsyncSchedule: delay NaN', () => XAsyncSchedule(fx.pending, Number.NaN), E_INVALIDARG],
    ['XAsyncSchedule: a block never used', () => XAsyncSchedule({}, 0), E_INVALIDARG],
    [
      'XAsyncGetResult: size NaN',
      () => XAsyncGetResult(fx.payload, IDENTITY, Number.NaN, new Uint8Array(4), null),
      E_INVALIDARG,
    ],
    [
      'XAsyncGetResult: size -1',
      () => XAsyncGetResult(fx.payload, IDENTITY, -1, new Uint8Array(4), null),
      E_INVALIDARG,
    ],
    [
      'XAsyncGetResult: size 2**53',
      () => XAsyncGetResult(fx.payload, IDENTITY, 2 ** 53, new Uint8Array(4), null),
      E_INVALIDARG,
    ],
    [
      'XAsyncGetResult: buffer shorter than the size',
      () => XAsyncGetResult(fx.payload, IDENTITY, 4, new Uint8Array(2), null),
      E_INVALIDARG,
    ],
    [
      'XAsyncGetResult: a plain array for the buffer',
      () => XAsyncGetResult(fx.payload, IDENTITY, 4, [0, 0, 0, 0] as never, null),
      E_INVALIDARG,
    ],
    // E_POINTER: a missing or unwritable out-parameter, a missing registration callback
    ['XTaskQueueCreate: undefined out', () => XTaskQueueCreate(Manual, Manual, undefined as never), E_POINTER],
    ['XTaskQueueCreate: a frozen out', () => XTaskQueueCreate(Manual, Manual, frozenOut() as never), E_POINTER],
    ['XTaskQueueCreate: a revoked proxy out', () => XTaskQueueCreate(Manual, Manual, revoked() as never), E_POINTER],
    [
      'XTaskQueueCreateComposite: null out',
      () => XTaskQueueCreateComposite(fx.port, fx.port, null as never),
      E_POINTER,
    ],
    ['XTaskQueueGetPort: a number out', () => XTaskQueueGetPort(fx.q, Work, 1 as never), E_POINTER],
    [
      'XTaskQueueDuplicateHandle: an object without value',
      () => XTaskQueueDuplicateHandle(fx.q, {} as never),
      E_POINTER,
    ],
    [
      'XTaskQueueRegisterMonitor: undefined callback',
      () => XTaskQueueRegisterMonitor(fx.q, undefined, undefined as never, out({ token: 0n })),
      E_POINTER,
    ],
    [
      'XTaskQueueRegisterMonitor: undefined token',
      () => XTaskQueueRegisterMonitor(fx.q, undefined, cb, undefined as never),
      E_POINTER,
    ],
    [
      'XTaskQueueRegisterWaiter: undefined callback',
      () => XTaskQueueRegisterWaiter(fx.q, Work, fx.event, undefined, undefined as never, out({ token: 0n })),
      E_POINTER,
    ],
    ['XAsyncGetResultSize: undefined out', () => XAsyncGetResultSize(fx.payload, undefined as never), E_POINTER],
    ['XAsyncGetResultSize: a frozen out', () => XAsyncGetResultSize(fx.payload, frozenOut() as never), E_POINTER],
    [
      'XAsyncGetResult: a string for bufferUsed',
      () => XAsyncGetResult(fx.payload, IDENTITY, 4, new Uint8Array(4), 'used' as never),
      E_POINTER,
    ],
    // E_HANDLE: a value (other than null) that is not a live handle of that kind (xasync-api.md §1)
    [
      'XTaskQueueSubmitCallback: a string for the queue',
      () => XTaskQueueSubmitCallback('q' as never, Work, undefined, cb),
      E_HANDLE,
    ],
    [
      'XTaskQueueSubmitCallback: a number for the queue',
      () => XTaskQueueSubmitCallback(42 as never, Work, undefined, cb),
      E_HANDLE,
    ],
    ['XAsyncRun: a string for block.queue', () => XAsyncRun({ queue: 'q' as never }, work), E_HANDLE],
    ['XTaskQueueSuspendTermination: a string', () => XTaskQueueSuspendTermination('q' as never), E_HANDLE],
    ['XTaskQueueGetPort: a string', () => XTaskQueueGetPort('q' as never, Work, out(null)), E_HANDLE],
    ['XTaskQueueGetPort: a number', () => XTaskQueueGetPort(7 as never, Work, out(null)), E_HANDLE],
    [
      'XTaskQueueSubmitCallback: a closed handle',
      () => XTaskQueueSubmitCallback(fx.closedQ, Work, undefined, cb),
      E_HANDLE,
    ],
    [
      'XTaskQueueSubmitCallback: a foreign object',
      () => XTaskQueueSubmitCallback({} as never, Work, undefined, cb),
      E_HANDLE,
    ],
    [
      'XTaskQueueSubmitCallback: a port handle',
      () => XTaskQueueSubmitCallback(fx.port as never, Work, undefined, cb),
      E_HANDLE,
    ],
    [
      'XTaskQueueSubmitCallback: an event handle',
      () => XTaskQueueSubmitCallback(fx.event as never, Work, undefined, cb),
      E_HANDLE,
    ],
    [
      'XTaskQueueSubmitCallback: a revoked proxy',
      () => XTaskQueueSubmitCallback(revoked() as never, Work, undefined, cb),
      E_HANDLE,
    ],
    ['XTaskQueueGetPort: a closed handle', () => XTaskQueueGetPort(fx.closedQ, Work, out(null)), E_HANDLE],
    ['XTaskQueueDuplicateHandle: a closed handle', () => XTaskQueueDuplicateHandle(fx.closedQ, out(null)), E_HANDLE],
    [
      'XTaskQueueCreateComposite: a queue handle for a port',
      () => XTaskQueueCreateComposite(fx.q as never, fx.port, out(null)),
      E_HANDLE,
    ],
    [
      'XTaskQueueCreateComposite: a foreign object for a port',
      () => XTaskQueueCreateComposite(fx.port, {} as never, out(null)),
      E_HANDLE,
    ],
    ['XTaskQueueTerminate: a closed handle', () => XTaskQueueTerminate(fx.closedQ, false, undefined, null), E_HANDLE],
    ['XTaskQueueSuspendTermination: a closed handle', () => XTaskQueueSuspendTermination(fx.closedQ), E_HANDLE],
    [
      'XTaskQueueRegisterMonitor: a foreign object',
      () => XTaskQueueRegisterMonitor({} as never, undefined, cb, out({ token: 0n })),
      E_HANDLE,
    ],
    ['XAsyncRun: a closed handle for block.queue', () => XAsyncRun({ queue: fx.closedQ }, work), E_HANDLE],
    [
      'XAsyncBegin: a foreign object for block.queue',
      () => XAsyncBegin({ queue: {} as never }, undefined, IDENTITY, null, quickProvider),
      E_HANDLE,
    ],
    // false for bool functions
    ['XTaskQueueDispatch: a closed handle', () => XTaskQueueDispatch(fx.closedQ, Work, 0), false],
    ['XTaskQueueDispatch: a string', () => XTaskQueueDispatch('q' as never, Work, 0), false],
    ['XTaskQueueDispatch: port 7', () => XTaskQueueDispatch(fx.q, 7 as never, 0), false],
    ['XTaskQueueDispatch: timeout -1', () => XTaskQueueDispatch(fx.q, Work, -1), false],
    ['XTaskQueueDispatch: timeout NaN', () => XTaskQueueDispatch(fx.q, Work, Number.NaN), false],
    ['XTaskQueueIsEmpty: a foreign object', () => XTaskQueueIsEmpty({} as never, Work), false],
    ['XTaskQueueIsEmpty: port "0"', () => XTaskQueueIsEmpty(fx.q, '0' as never), false],
    [
      'XTaskQueueGetCurrentProcessTaskQueue: undefined out',
      () => XTaskQueueGetCurrentProcessTaskQueue(undefined as never),
      false,
    ],
    [
      'XTaskQueueGetCurrentProcessTaskQueue: a frozen out',
      () => XTaskQueueGetCurrentProcessTaskQueue(frozenOut() as never),
      false,
    ],
    ['SetEvent: a foreign object', () => SetEvent({} as never), false],
    ['SetEvent: a closed event', () => SetEvent(fx.closedEvent), false],
    ['ResetEvent: a queue handle', () => ResetEvent(fx.q as never), false],
    ['CloseHandle: a closed event', () => CloseHandle(fx.closedEvent), false],
    ['CloseHandle: a revoked proxy', () => CloseHandle(revoked() as never), false],
    ['SUCCEEDED: a string', () => SUCCEEDED('0' as never), false],
    ['FAILED: a symbol', () => FAILED(Symbol('x') as never), false],
    // nothing for void functions
    ['XTaskQueueCloseHandle: a string', () => XTaskQueueCloseHandle('q' as never), undefined],
    ['XTaskQueueCloseHandle: a port handle', () => XTaskQueueCloseHandle(fx.port as never), undefined],
    ['XAsyncCancel: a revoked proxy', () => XAsyncCancel(revoked() as never), undefined],
    ['XAsyncComplete: result NaN', () => XAsyncComplete(fx.pending, Number.NaN, 0), undefined],
    [
      'XTaskQueueUnregisterMonitor: a token that is not an object',
      () => XTaskQueueUnregisterMonitor(fx.q, 5 as never),
      undefined,
    ],
  ];

  it.each(cases)('%s', (_what, call, expected) => {
    let result: unknown;
    expect(() => (result = call())).not.toThrow();
    if (typeof expected === 'number') expect(hex(result as number)).toBe(hex(expected));
    else expect(result).toBe(expected);
    expectRuntimeWorks();
  });

  it('null queue with the process queue disabled: E_NO_TASK_QUEUE (false for Dispatch)', () => {
    XTaskQueueSetCurrentProcessTaskQueue(null);
    expect(hex(XTaskQueueSubmitCallback(null, Work, undefined, cb))).toBe(hex(E_NO_TASK_QUEUE));
    expect(hex(XAsyncRun({}, work))).toBe(hex(E_NO_TASK_QUEUE));
    expect(hex(XAsyncRun({ queue: undefined } as never, work))).toBe(hex(E_NO_TASK_QUEUE));
    expect(XTaskQueueDispatch(null, Work, 0)).toBe(false);
    expect(XTaskQueueGetCurrentProcessTaskQueue(out(null))).toBe(false);
    XTaskQueueUninitialize();
    expectRuntimeWorks();
  });

  it('bad values leave a call untouched: status, payload and block stay as they were', () => {
    XAsyncComplete(fx.pending, Number.NaN, 0);
    XAsyncComplete(fx.pending, S_OK, -1);
    XAsyncComplete(fx.pending, 2 ** 32, 0);
    expect(XAsyncGetStatus(fx.pending, false)).toBe(E_PENDING);
    const size = out(0);
    expect(XAsyncGetResult(fx.payload, IDENTITY, 8, new Uint8Array(4), null)).toBe(E_INVALIDARG); // not consumed
    expect(XAsyncGetResultSize(fx.payload, size)).toBe(S_OK);
    expect(size.value).toBe(4);
    const buffer = new Uint8Array(4);
    expect(XAsyncGetResult(fx.payload, IDENTITY, 4, buffer, size)).toBe(S_OK);
    expect([...buffer]).toEqual([2, 2, 2, 2]);
    expect(XAsyncGetResult(fx.payload, IDENTITY, 4, buffer, size)).toBe(E_ILLEGAL_METHOD_CALL);
  });

  it('a handle closed twice, a bad handle closed, then the queue still works', () => {
    const dup = out<XTaskQueueHandle | null>(null);
    expect(XTaskQueueDuplicateHandle(fx.q, dup)).toBe(S_OK);
    XTaskQueueCloseHandle(dup.value!);
    XTaskQueueCloseHandle(dup.value!); // must not drop a second reference
    XTaskQueueCloseHandle({} as never);
    let ran = 0;
    expect(XTaskQueueSubmitCallback(fx.q, Work, undefined, () => ran++)).toBe(S_OK);
    pump(fx.q);
    expect(ran).toBe(1);
  });
});
