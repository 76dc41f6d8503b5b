/**
 * The idiomatic layer (`@gdkts/xasync/promises`): `run` and the `fromAsync` bridge over a native
 * `…Async` / `…Result` pair, with AbortSignal cancellation and HResultError rejections.
 */
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_FAIL,
  E_HANDLE,
  E_INVALIDARG,
  S_OK,
  SUCCEEDED,
  XAsyncBegin,
  XAsyncComplete,
  XAsyncGetResult,
  XAsyncOp,
  XAsyncSchedule,
  XTaskQueueDispatchMode,
  type HRESULT,
  type Out,
  type XAsyncBlock,
  type XTaskQueueHandle,
} from '@gdkts/xasync';
import { pump, useRuntimeSandbox } from '@gdkts/xasync/testing';
import { HResultError, fromAsync, run } from '@gdkts/xasync/promises';
import { settle } from './helpers/calls.js';

const { Manual, ThreadPool, Immediate } = XTaskQueueDispatchMode;
const CUSTOM_FAILURE = 0x8009abcd | 0;

const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, { virtualHost: false });
const { createQueue, closeQueue } = sandbox;

// ---- a hand-written native provider pair, as a GDK API would ship it ----

interface DoubleArgs {
  readonly value: number;
  /** DoWork fails with this instead of completing. */
  readonly failWith?: HRESULT;
  /** DoWork waits for Cancel instead of completing. */
  readonly waitForCancel?: boolean;
}

/** `HRESULT DoubleAsync(args, XAsyncBlock*)`: computes `2 * value` on the Work port. */
function DoubleAsync(args: DoubleArgs, asyncBlock: XAsyncBlock): HRESULT {
  return XAsyncBegin(asyncBlock, args, DoubleAsync, 'DoubleAsync', (op, data) => {
    const a = data.context as DoubleArgs;
    switch (op) {
      case XAsyncOp.Begin:
        return XAsyncSchedule(data.async, 0);
      case XAsyncOp.DoWork:
        if (a.failWith !== undefined) return a.failWith;
        if (a.waitForCancel === true) return 0x8000000a | 0; // E_PENDING
        XAsyncComplete(data.async, S_OK, 4);
        return S_OK;
      case XAsyncOp.GetResult:
        new DataView(data.buffer!.buffer, data.buffer!.byteOffset).setInt32(0, a.value * 2, true);
        return S_OK;
      case XAsyncOp.Cancel:
        XAsyncComplete(data.async, E_ABORT, 0);
        return S_OK;
      default:
        return S_OK;
    }
  });
}

/** `HRESULT DoubleResult(XAsyncBlock*, int32_t* result)`. */
function DoubleResult(asyncBlock: XAsyncBlock, result: Out<number | undefined>): HRESULT {
  const buffer = new Uint8Array(4);
  const hr = XAsyncGetResult(asyncBlock, DoubleAsync, 4, buffer, null);
  if (SUCCEEDED(hr)) result.value = new DataView(buffer.buffer).getInt32(0, true);
  return hr;
}

function double(
  args: DoubleArgs,
  options: { queue?: XTaskQueueHandle | null; signal?: AbortSignal } = {},
): Promise<number> {
  return fromAsync<number>('DoubleAsync', (b) => DoubleAsync(args, b), DoubleResult, options);
}

async function rejection(promise: Promise<unknown>): Promise<HResultError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HResultError);
  return error as HResultError;
}

describe('run', () => {
  it('resolves with what the work returns when it runs on a ThreadPool queue', async () => {
    const q = createQueue(ThreadPool, ThreadPool);
    await expect(run(() => 42, { queue: q })).resolves.toBe(42);
    await expect(run(async () => 'async value', { queue: q })).resolves.toBe('async value');
  });

  it('runs on the process task queue when no queue is given', async () => {
    await expect(run(() => ({ ok: true }))).resolves.toEqual({ ok: true });
  });

  it('runs the work on the Work port, not inside the call, when the queue is Manual', async () => {
    const q = createQueue(Manual, Manual);
    let ran = false;
    const result = run(
      () => {
        ran = true;
        return 'done';
      },
      { queue: q },
    );
    expect(ran).toBe(false);
    pump(q);
    expect(ran).toBe(true);
    await settle();
    pump(q);
    await expect(result).resolves.toBe('done');
  });

  it('rejects with the thrown HResultError when the work throws one', async () => {
    const q = createQueue(ThreadPool, ThreadPool);
    const thrown = new HResultError(CUSTOM_FAILURE, { operation: 'Inner' });
    const error = await rejection(
      run(
        () => {
          throw thrown;
        },
        { queue: q },
      ),
    );
    expect(error).toBe(thrown);
    expect(error.hr).toBe(CUSTOM_FAILURE);
  });

  it('rejects with E_FAIL, operation XAsyncRun and the error as cause when the work throws something else', async () => {
    const q = createQueue(ThreadPool, ThreadPool);
    const boom = new TypeError('boom');
    const error = await rejection(
      run(
        () => {
          throw boom;
        },
        { queue: q },
      ),
    );
    expect(error).toMatchObject({
      hr: E_FAIL,
      code: 'E_FAIL',
      operation: 'XAsyncRun',
      cause: boom,
      name: 'HResultError',
    });
    expect(error.message).toBe('XAsyncRun failed: E_FAIL (0x80004005)');
  });

  it("rejects with the HResultError's hr or E_FAIL when the work's Promise rejects", async () => {
    const q = createQueue(ThreadPool, ThreadPool);
    const inner = new HResultError(E_INVALIDARG);
    expect(await rejection(run(() => Promise.reject(inner), { queue: q }))).toBe(inner);
    const reason = new Error('async boom');
    const error = await rejection(run(async () => Promise.reject(reason), { queue: q }));
    expect(error).toMatchObject({ hr: E_FAIL, operation: 'XAsyncRun', cause: reason });
  });

  it('rejects with E_ABORT and never runs the work when the signal aborts before the work started', async () => {
    const q = createQueue(Manual, Manual);
    const controller = new AbortController();
    let ran = false;
    const result = run(
      () => {
        ran = true;
      },
      { queue: q, signal: controller.signal },
    );
    const reason = new Error('user left');
    controller.abort(reason);
    pump(q);
    const error = await rejection(result);
    expect(ran).toBe(false);
    expect(error).toMatchObject({ hr: E_ABORT, code: 'E_ABORT', operation: 'XAsyncRun', cause: reason });
  });

  it('rejects at once without queueing anything when the signal is already aborted', async () => {
    const q = createQueue(Manual, Manual);
    let ran = false;
    const reason = new Error('already');
    const error = await rejection(
      run(
        () => {
          ran = true;
        },
        { queue: q, signal: AbortSignal.abort(reason) },
      ),
    );
    expect(pump(q)).toBe(0);
    expect(ran).toBe(false);
    expect(error).toMatchObject({ hr: E_ABORT, cause: reason });
  });

  it('lets the work see the abort and decide when the signal aborts after the work started', async () => {
    const q = createQueue(Manual, Manual);
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const result = run(
      (signal) =>
        new Promise<string>((resolve) => {
          seen = signal;
          signal.addEventListener('abort', () => resolve(`stopped: ${String(signal.reason)}`));
        }),
      { queue: q, signal: controller.signal },
    );
    pump(q);
    expect(seen).toBe(controller.signal);
    expect(seen!.aborted).toBe(false);
    controller.abort('enough');
    await settle();
    pump(q);
    await expect(result).resolves.toBe('stopped: enough');
  });

  it('gives the work a signal that never aborts when none was given', async () => {
    const q = createQueue(ThreadPool, ThreadPool);
    const signal = await run((s) => s, { queue: q });
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal.aborted).toBe(false);
  });

  it('rejects with E_HANDLE when the queue is not a live handle', async () => {
    const q = createQueue(ThreadPool, ThreadPool);
    closeQueue(q);
    let ran = false;
    const error = await rejection(
      run(
        () => {
          ran = true;
        },
        { queue: q },
      ),
    );
    expect(error.hr).toBe(E_HANDLE);
    expect(ran).toBe(false);
  });
});

describe('fromAsync', () => {
  it('resolves with what the native Result function writes when the native call succeeds', async () => {
    const q = createQueue(ThreadPool, ThreadPool);
    await expect(double({ value: 21 }, { queue: q })).resolves.toBe(42);
    await expect(double({ value: -5 }, { queue: q })).resolves.toBe(-10);
  });

  it('resolves when the caller dispatches the Manual ports', async () => {
    const q = createQueue(Manual, Manual);
    const result = double({ value: 4 }, { queue: q });
    pump(q);
    await expect(result).resolves.toBe(8);
  });

  it('rejects with the call failure and the operation name when the provider fails', async () => {
    const q = createQueue(ThreadPool, ThreadPool);
    const error = await rejection(double({ value: 1, failWith: CUSTOM_FAILURE }, { queue: q }));
    expect(error).toMatchObject({ hr: CUSTOM_FAILURE, code: '0x8009ABCD', operation: 'DoubleAsync', cause: undefined });
    expect(error.message).toBe('DoubleAsync failed: 0x8009ABCD');
  });

  it('cancels the native call and rejects with E_ABORT and the reason when the signal aborts', async () => {
    const q = createQueue(ThreadPool, ThreadPool);
    const controller = new AbortController();
    const result = double({ value: 1, waitForCancel: true }, { queue: q, signal: controller.signal });
    await settle();
    controller.abort('stop');
    const error = await rejection(result);
    expect(error).toMatchObject({ hr: E_ABORT, operation: 'DoubleAsync', cause: 'stop' });
  });

  it('rejects at once without calling start when the signal is already aborted', async () => {
    let started = false;
    const error = await rejection(
      fromAsync(
        'DoubleAsync',
        () => {
          started = true;
          return S_OK;
        },
        () => S_OK,
        { signal: AbortSignal.abort('early') },
      ),
    );
    expect(started).toBe(false);
    expect(error).toMatchObject({ hr: E_ABORT, operation: 'DoubleAsync', cause: 'early' });
  });

  it('rejects with the HRESULT start returned when the native call fails synchronously', async () => {
    const q = createQueue(ThreadPool, ThreadPool);
    closeQueue(q);
    const error = await rejection(double({ value: 1 }, { queue: q }));
    expect(error).toMatchObject({ hr: E_HANDLE, code: 'E_HANDLE', operation: 'DoubleAsync' });
  });

  it('rejects with E_FAIL and the error as cause when start or finish throws', async () => {
    const q = createQueue(ThreadPool, ThreadPool);
    const boom = new Error('start threw');
    const startError = await rejection(
      fromAsync(
        'Broken',
        () => {
          throw boom;
        },
        () => S_OK,
        { queue: q },
      ),
    );
    expect(startError).toMatchObject({ hr: E_FAIL, operation: 'Broken', cause: boom });
    const late = new Error('finish threw');
    const finishError = await rejection(
      fromAsync<number>(
        'DoubleAsync',
        (b) => DoubleAsync({ value: 1 }, b),
        (b, r) => {
          DoubleResult(b, r);
          throw late;
        },
        { queue: q },
      ),
    );
    expect(finishError).toMatchObject({ hr: E_FAIL, operation: 'DoubleAsync', cause: late });
  });

  it('leaves no abort listener behind when the call completed inside start on an Immediate queue', async () => {
    const q = createQueue(Immediate, Immediate);
    const controller = new AbortController();
    await expect(double({ value: 3 }, { queue: q, signal: controller.signal })).resolves.toBe(6);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('removes its abort listener when the call completes', async () => {
    const q = createQueue(ThreadPool, ThreadPool);
    const controller = new AbortController();
    const result = double({ value: 3 }, { queue: q, signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await expect(result).resolves.toBe(6);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

describe('HResultError', () => {
  it('is what the promises entry re-exports when imported from either entry', async () => {
    const main = await import('@gdkts/xasync');
    expect(HResultError).toBe(main.HResultError);
  });
});
