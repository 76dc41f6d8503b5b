/**
 * Results and block reuse (xasync-semantics.md §2.1, §2.2, §3.2, §3.6): XAsyncGetResult's decision order,
 * XAsyncGetResultSize, XAsyncComplete and XAsyncSchedule rules, and XAsyncBegin's early failures.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_FAIL,
  E_HANDLE,
  E_ILLEGAL_METHOD_CALL,
  E_INVALIDARG,
  E_NOT_SUFFICIENT_BUFFER,
  E_NO_TASK_QUEUE,
  E_PENDING,
  E_UNEXPECTED,
  S_FALSE,
  S_OK,
  XAsyncBegin,
  XAsyncComplete,
  XAsyncGetResult,
  XAsyncGetResultSize,
  XAsyncGetStatus,
  XAsyncRun,
  XAsyncSchedule,
  XTaskQueueDispatchMode,
  XTaskQueueSetCurrentProcessTaskQueue,
  XTaskQueueTerminate,
  out,
  type HRESULT,
  type XAsyncBlock,
} from '@gdkts/xasync';
import { pump, useRuntimeSandbox } from '@gdkts/xasync/testing';
import {
  IDENTITY,
  completeWith,
  copyOut,
  dispatchCompletion,
  dispatchWork,
  loggingBlock,
  payloadProvider,
  pendingProvider,
  scheduleIn,
  scriptedProvider,
  type ScriptedProvider,
} from './helpers/calls.js';

const { Manual, Immediate } = XTaskQueueDispatchMode;
const PAYLOAD = Uint8Array.of(9, 8, 7, 6, 5);
const CUSTOM_SUCCESS = 0x12345678;

const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, { virtualHost: false });
const { createQueue, closeQueue } = sandbox;

interface Fetch {
  hr: HRESULT;
  used: number;
  buffer: Uint8Array;
}

function getResult(
  block: XAsyncBlock,
  options: { identity?: unknown; size?: number; buffer?: Uint8Array | null } = {},
): Fetch {
  const size = options.size ?? PAYLOAD.length;
  const buffer = options.buffer === undefined ? new Uint8Array(size) : options.buffer;
  const used = out(-1);
  const hr = XAsyncGetResult(block, 'identity' in options ? options.identity : IDENTITY, size, buffer, used);
  return { hr, used: used.value, buffer: buffer ?? new Uint8Array(0) };
}

function resultSize(block: XAsyncBlock): [HRESULT, number] {
  const size = out(-1);
  const hr = XAsyncGetResultSize(block, size);
  return [hr, size.value];
}

/** A finished call on a Manual queue whose payload waits to be fetched. */
function payloadWaiting(p: ScriptedProvider = payloadProvider(PAYLOAD)): { block: XAsyncBlock; p: ScriptedProvider } {
  const q = createQueue();
  const block: XAsyncBlock = { queue: q };
  expect(XAsyncBegin(block, null, IDENTITY, 'MyAsync', p.provider)).toBe(S_OK);
  pump(q);
  expect(XAsyncGetStatus(block, false)).toBe(S_OK);
  return { block, p };
}

/** A call completed by `complete` inside Begin, on a Manual queue. */
function finishedInBegin(hr: HRESULT, size = 0): XAsyncBlock {
  const block: XAsyncBlock = { queue: createQueue() };
  expect(
    XAsyncBegin(
      block,
      null,
      IDENTITY,
      'MyAsync',
      scriptedProvider({ begin: completeWith(hr, size), getResult: copyOut(PAYLOAD) }).provider,
    ),
  ).toBe(S_OK);
  return block;
}

describe('XAsyncGetResult', () => {
  it('returns E_PENDING repeatedly and changes nothing when the call is still running (A23)', () => {
    const q = createQueue();
    const block: XAsyncBlock = { queue: q };
    XAsyncBegin(block, null, IDENTITY, 'MyAsync', payloadProvider(PAYLOAD).provider);
    expect(getResult(block)).toMatchObject({ hr: E_PENDING, used: -1 });
    expect(getResult(block, { identity: 'wrong', buffer: null })).toMatchObject({ hr: E_PENDING, used: -1 });
    pump(q);
    expect(getResult(block)).toEqual({ hr: S_OK, used: PAYLOAD.length, buffer: PAYLOAD });
  });

  it('returns the failure repeatedly without checking identity or buffer when the call failed', () => {
    const block = finishedInBegin(E_FAIL);
    expect(getResult(block).hr).toBe(E_FAIL);
    expect(getResult(block, { identity: 'wrong', buffer: null }).hr).toBe(E_FAIL);
    expect(XAsyncGetStatus(block, false)).toBe(E_FAIL);
  });

  it('hands the payload out once, then returns E_ILLEGAL_METHOD_CALL when called again (A22)', () => {
    const { block, p } = payloadWaiting();
    expect(getResult(block)).toEqual({ hr: S_OK, used: PAYLOAD.length, buffer: PAYLOAD });
    expect(getResult(block).hr).toBe(E_ILLEGAL_METHOD_CALL);
    expect(p.count('GetResult')).toBe(1);
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
  });

  it('returns S_OK with bufferUsed 0, repeatedly, without invoking the provider when the call had no payload (A23)', () => {
    const p = scriptedProvider({ begin: scheduleIn(0), doWork: completeWith(S_OK, 0) });
    const q = createQueue();
    const block: XAsyncBlock = { queue: q };
    XAsyncBegin(block, null, IDENTITY, 'MyAsync', p.provider);
    pump(q);
    expect(getResult(block)).toMatchObject({ hr: S_OK, used: 0 });
    expect(getResult(block, { identity: 'other', buffer: null, size: 0 })).toMatchObject({ hr: S_OK, used: 0 });
    expect(XAsyncGetResult(block, IDENTITY, 0, null, null)).toBe(S_OK);
    expect(p.count('GetResult')).toBe(0);
  });

  it('passes a custom success code through when a zero-payload call succeeded with it', () => {
    expect(getResult(finishedInBegin(S_FALSE)).hr).toBe(S_FALSE);
    const q = createQueue();
    const block: XAsyncBlock = { queue: q };
    XAsyncRun(block, () => CUSTOM_SUCCESS);
    pump(q);
    expect(getResult(block)).toMatchObject({ hr: CUSTOM_SUCCESS, used: 0 });
    expect(getResult(block).hr).toBe(CUSTOM_SUCCESS);
  });

  it('returns S_OK with bufferUsed 0 when the block was never used', () => {
    expect(getResult({})).toMatchObject({ hr: S_OK, used: 0 });
  });

  it('returns E_INVALIDARG and consumes the result when the identity differs', () => {
    const { block, p } = payloadWaiting();
    expect(getResult(block, { identity: Symbol('other') }).hr).toBe(E_INVALIDARG);
    expect(p.count('GetResult')).toBe(0);
    expect(getResult(block).hr).toBe(E_ILLEGAL_METHOD_CALL);
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
  });

  it('returns E_INVALIDARG when the identity is an equal-looking but different object', () => {
    const identity = { name: 'MyAsync' };
    const q = createQueue();
    const block: XAsyncBlock = { queue: q };
    XAsyncBegin(block, null, identity, 'MyAsync', payloadProvider(PAYLOAD).provider);
    pump(q);
    expect(getResult(block, { identity: { name: 'MyAsync' } }).hr).toBe(E_INVALIDARG);
  });

  it('returns E_INVALIDARG and consumes the result when the buffer is null', () => {
    const { block } = payloadWaiting();
    expect(getResult(block, { buffer: null }).hr).toBe(E_INVALIDARG);
    expect(getResult(block).hr).toBe(E_ILLEGAL_METHOD_CALL);
  });

  it('returns E_NOT_SUFFICIENT_BUFFER and consumes the result when the buffer is smaller than the payload', () => {
    const { block, p } = payloadWaiting();
    expect(getResult(block, { size: PAYLOAD.length - 1 }).hr).toBe(E_NOT_SUFFICIENT_BUFFER);
    expect(p.count('GetResult')).toBe(0);
    expect(getResult(block).hr).toBe(E_ILLEGAL_METHOD_CALL);
    expect(resultSize(block)).toEqual([S_OK, 0]);
  });

  it('checks the identity before the buffer when both are wrong', () => {
    const { block } = payloadWaiting();
    expect(getResult(block, { identity: 'wrong', size: 1 }).hr).toBe(E_INVALIDARG);
  });

  it("returns the provider's HRESULT and consumes the result when the GetResult op fails", () => {
    const p = scriptedProvider({
      begin: scheduleIn(0),
      doWork: completeWith(S_OK, PAYLOAD.length),
      getResult: () => E_FAIL,
    });
    const { block } = payloadWaiting(p);
    expect(getResult(block).hr).toBe(E_FAIL);
    expect(getResult(block).hr).toBe(E_ILLEGAL_METHOD_CALL);
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
  });

  it('writes bufferUsed = the payload size and gives the provider the caller size when the buffer is larger', () => {
    const { block, p } = payloadWaiting();
    const buffer = new Uint8Array(16);
    const used = out(0);
    expect(XAsyncGetResult(block, IDENTITY, 16, buffer, used)).toBe(S_OK);
    expect(used.value).toBe(PAYLOAD.length);
    expect(buffer.subarray(0, PAYLOAD.length)).toEqual(PAYLOAD);
    expect(p.data[p.log.indexOf('GetResult')]!.bufferSize).toBe(16);
  });

  it('accepts a null bufferUsed when the payload is fetched', () => {
    const { block } = payloadWaiting();
    expect(XAsyncGetResult(block, IDENTITY, PAYLOAD.length, new Uint8Array(PAYLOAD.length), null)).toBe(S_OK);
  });
});

describe('XAsyncGetResultSize', () => {
  it('reports E_PENDING and 0 when the call is running', () => {
    const q = createQueue();
    const block: XAsyncBlock = { queue: q };
    XAsyncBegin(block, null, IDENTITY, 'MyAsync', payloadProvider(PAYLOAD).provider);
    expect(resultSize(block)).toEqual([E_PENDING, 0]);
    pump(q);
    getResult(block);
  });

  it('reports the payload size only while the payload waits, then 0 when it was fetched', () => {
    const { block } = payloadWaiting();
    expect(resultSize(block)).toEqual([S_OK, PAYLOAD.length]);
    expect(resultSize(block)).toEqual([S_OK, PAYLOAD.length]);
    getResult(block);
    expect(resultSize(block)).toEqual([S_OK, 0]);
  });

  it('reports 0 when the call failed with a size, had no payload, or never ran', () => {
    expect(resultSize(finishedInBegin(E_FAIL, 12))).toEqual([E_FAIL, 0]);
    expect(resultSize(finishedInBegin(S_FALSE, 0))).toEqual([S_FALSE, 0]);
    expect(resultSize({})).toEqual([S_OK, 0]);
  });
});

describe('XAsyncBegin', () => {
  it('returns E_INVALIDARG and leaves the running call alone when the block is in use (A4)', () => {
    const q = createQueue();
    const block: XAsyncBlock = { queue: q };
    XAsyncBegin(block, null, IDENTITY, 'MyAsync', payloadProvider(PAYLOAD).provider);
    const second = scriptedProvider({});
    expect(XAsyncBegin(block, null, IDENTITY, 'Other', second.provider)).toBe(E_INVALIDARG);
    expect(XAsyncRun(block, () => S_OK)).toBe(E_INVALIDARG);
    expect(second.log).toEqual([]);
    pump(q);
    expect(getResult(block)).toEqual({ hr: S_OK, used: PAYLOAD.length, buffer: PAYLOAD });
  });

  it('returns E_INVALIDARG when the payload is not fetched yet, and accepts the block once it is (A4)', () => {
    const { block } = payloadWaiting();
    expect(XAsyncRun(block, () => S_OK)).toBe(E_INVALIDARG);
    getResult(block);
    expect(XAsyncBegin(block, null, IDENTITY, 'Again', scriptedProvider({ begin: completeWith(S_OK) }).provider)).toBe(
      S_OK,
    );
  });

  it('accepts the block at once, before the queued routine ran, when the call completed without payload (A4)', () => {
    const q = createQueue();
    const log: string[] = [];
    const block = loggingBlock(q, log);
    XAsyncBegin(block, null, IDENTITY, 'MyAsync', scriptedProvider({ begin: completeWith(S_OK, 0) }).provider);
    expect(log).toEqual([]);
    expect(
      XAsyncBegin(block, null, IDENTITY, 'Again', scriptedProvider({ begin: completeWith(E_FAIL) }).provider),
    ).toBe(S_OK);
    expect(XAsyncGetStatus(block, false)).toBe(E_FAIL);
    pump(q);
    expect(log).toEqual(['CB', 'CB']);
  });

  it('accepts the block again when the previous call failed or its Begin failed early', () => {
    const block = finishedInBegin(E_ABORT);
    expect(XAsyncBegin(block, null, IDENTITY, 'Again', scriptedProvider({ begin: completeWith(S_OK) }).provider)).toBe(
      S_OK,
    );
    const closed = createQueue();
    closeQueue(closed);
    const reused: XAsyncBlock = { queue: closed };
    expect(XAsyncRun(reused, () => S_OK)).toBe(E_HANDLE);
    reused.queue = createQueue(Immediate);
    expect(XAsyncRun(reused, () => S_FALSE)).toBe(S_OK);
    expect(XAsyncGetStatus(reused, false)).toBe(S_FALSE);
  });

  it('returns E_NO_TASK_QUEUE, calls no provider op and records the status when the process queue was set to null', () => {
    XTaskQueueSetCurrentProcessTaskQueue(null);
    const p = scriptedProvider({});
    const block: XAsyncBlock = { callback: () => p.log.push('CB') };
    expect(XAsyncBegin(block, null, IDENTITY, 'MyAsync', p.provider)).toBe(E_NO_TASK_QUEUE);
    expect(XAsyncRun({}, () => S_OK)).toBe(E_NO_TASK_QUEUE);
    expect(p.log).toEqual([]);
    expect(XAsyncGetStatus(block, false)).toBe(E_NO_TASK_QUEUE);
    expect(XAsyncGetStatus(block, true)).toBe(E_NO_TASK_QUEUE);
    expect(getResult(block).hr).toBe(E_NO_TASK_QUEUE);
  });

  it('returns E_ABORT and calls nothing when the queue is terminated (A20)', () => {
    const q = createQueue();
    let terminated = false;
    XTaskQueueTerminate(q, false, null, () => (terminated = true));
    pump(q);
    expect(terminated).toBe(true);
    const p = scriptedProvider({});
    const block: XAsyncBlock = { queue: q, callback: () => p.log.push('CB') };
    expect(XAsyncBegin(block, null, IDENTITY, 'MyAsync', p.provider)).toBe(E_ABORT);
    expect(XAsyncRun({ queue: q }, () => S_OK)).toBe(E_ABORT);
    pump(q);
    expect(p.log).toEqual([]);
    expect(XAsyncGetStatus(block, false)).toBe(E_ABORT);
  });

  it('returns E_ABORT when the queue is still terminating', () => {
    const q = createQueue();
    XTaskQueueTerminate(q, false, null, null);
    const p = scriptedProvider({});
    expect(XAsyncBegin({ queue: q }, null, IDENTITY, 'MyAsync', p.provider)).toBe(E_ABORT);
    expect(p.log).toEqual([]);
    pump(q);
  });

  it('returns E_HANDLE and calls nothing when the queue handle is closed or not a handle', () => {
    const q = createQueue();
    closeQueue(q);
    const p = scriptedProvider({});
    const block: XAsyncBlock = { queue: q };
    expect(XAsyncBegin(block, null, IDENTITY, 'MyAsync', p.provider)).toBe(E_HANDLE);
    expect(XAsyncGetStatus(block, false)).toBe(E_HANDLE);
    expect(XAsyncBegin({ queue: {} as never }, null, IDENTITY, 'MyAsync', p.provider)).toBe(E_HANDLE);
    expect(p.log).toEqual([]);
  });

  it('returns E_INVALIDARG when the arguments are of the wrong kind', () => {
    const q = createQueue();
    const p = scriptedProvider({});
    expect(XAsyncBegin({ queue: q }, null, IDENTITY, 'MyAsync', undefined as never)).toBe(E_INVALIDARG);
    expect(XAsyncBegin(null as never, null, IDENTITY, 'MyAsync', p.provider)).toBe(E_INVALIDARG);
    expect(XAsyncBegin({ queue: q, callback: 'no' as never }, null, IDENTITY, 'MyAsync', p.provider)).toBe(
      E_INVALIDARG,
    );
    expect(XAsyncBegin({ queue: 'queue' as never }, null, IDENTITY, 'MyAsync', p.provider)).toBe(E_HANDLE);
    expect(XAsyncRun({ queue: q }, undefined as never)).toBe(E_INVALIDARG);
    expect(p.log).toEqual([]);
  });
});

describe('XAsyncComplete', () => {
  it('keeps the first result and size when the call is completed twice', () => {
    const p = scriptedProvider({
      begin: (d) => {
        XAsyncComplete(d.async, S_OK, PAYLOAD.length);
        XAsyncComplete(d.async, E_FAIL, 0);
        XAsyncComplete(d.async, S_FALSE, 99);
      },
      getResult: copyOut(PAYLOAD),
    });
    const block: XAsyncBlock = { queue: createQueue() };
    XAsyncBegin(block, null, IDENTITY, 'MyAsync', p.provider);
    expect(resultSize(block)).toEqual([S_OK, PAYLOAD.length]);
    expect(getResult(block)).toEqual({ hr: S_OK, used: PAYLOAD.length, buffer: PAYLOAD });
    XAsyncComplete(p.data[0]!.async, E_ABORT, 0);
    XAsyncComplete(block, E_ABORT, 0);
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
  });

  it('ignores E_PENDING, leaving the call running, when it is the result', () => {
    const q = createQueue();
    const p = pendingProvider();
    const block: XAsyncBlock = { queue: q };
    XAsyncBegin(block, null, IDENTITY, 'MyAsync', p.provider);
    pump(q);
    XAsyncComplete(block, E_PENDING, 4);
    expect(XAsyncGetStatus(block, false)).toBe(E_PENDING);
    expect(resultSize(block)).toEqual([E_PENDING, 0]);
    XAsyncComplete(block, S_FALSE, 0);
    expect(XAsyncGetStatus(block, false)).toBe(S_FALSE);
  });

  it('forces the size to 0 and frees the block when the result is a failure', () => {
    const block = finishedInBegin(E_FAIL, 64);
    expect(resultSize(block)).toEqual([E_FAIL, 0]);
    expect(XAsyncRun(block, () => S_OK)).toBe(S_OK);
    pump(block.queue!);
  });

  it('does nothing when the block has no call', () => {
    const block: XAsyncBlock = {};
    XAsyncComplete(block, E_FAIL, 0);
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
  });
});

describe('XAsyncSchedule', () => {
  it('returns E_UNEXPECTED when a DoWork is already scheduled and not started', () => {
    const results: HRESULT[] = [];
    const q = createQueue();
    const p = scriptedProvider({
      begin: (d) => {
        results.push(XAsyncSchedule(d.async, 0), XAsyncSchedule(d.async, 0));
      },
      doWork: completeWith(S_OK),
    });
    XAsyncBegin({ queue: q }, null, IDENTITY, 'MyAsync', p.provider);
    expect(results).toEqual([S_OK, E_UNEXPECTED]);
    expect(pump(q)).toBe(1);
    expect(p.count('DoWork')).toBe(1);
  });

  it('accepts a reschedule from DoWork because the pending flag clears when the worker starts', () => {
    const q = createQueue();
    const results: HRESULT[] = [];
    const p = scriptedProvider({
      begin: scheduleIn(0),
      doWork: (d) => {
        if (results.length === 2) return completeWith(S_OK)(d);
        results.push(XAsyncSchedule(d.async, 0));
        return E_PENDING;
      },
    });
    XAsyncBegin({ queue: q }, null, IDENTITY, 'MyAsync', p.provider);
    pump(q);
    expect(results).toEqual([S_OK, S_OK]);
    expect(p.count('DoWork')).toBe(3);
  });

  it("returns the call's failure when the call already failed", () => {
    const p = scriptedProvider({ begin: completeWith(E_ABORT) });
    const block: XAsyncBlock = { queue: createQueue() };
    XAsyncBegin(block, null, IDENTITY, 'MyAsync', p.provider);
    expect(XAsyncSchedule(p.data[0]!.async, 0)).toBe(E_ABORT);
    expect(XAsyncSchedule(block, 0)).toBe(E_ABORT);
    const early: XAsyncBlock = { queue: {} as never };
    XAsyncRun(early, () => S_OK);
    expect(XAsyncSchedule(early, 0)).toBe(E_HANDLE);
  });

  it('returns E_INVALIDARG when the block has no live call', () => {
    expect(XAsyncSchedule({}, 0)).toBe(E_INVALIDARG);
    const block = finishedInBegin(S_OK, 0);
    expect(XAsyncSchedule(block, 0)).toBe(E_INVALIDARG);
    const { block: fetched } = payloadWaiting();
    getResult(fetched);
    expect(XAsyncSchedule(fetched, 0)).toBe(E_INVALIDARG);
  });

  it('returns E_ABORT, then E_UNEXPECTED, when the Work port is terminating', () => {
    const q = createQueue();
    const p = scriptedProvider({ begin: () => E_PENDING });
    XAsyncBegin({ queue: q }, null, IDENTITY, 'MyAsync', p.provider);
    const copy = p.data[0]!.async;
    let terminated = false;
    XTaskQueueTerminate(q, false, null, () => (terminated = true));
    expect(XAsyncSchedule(copy, 0)).toBe(E_ABORT);
    expect(XAsyncSchedule(copy, 0)).toBe(E_UNEXPECTED);
    // the call holds a termination suspension until it completes
    pump(q);
    expect(terminated).toBe(false);
    XAsyncComplete(copy, E_ABORT, 0);
    pump(q);
    expect(terminated).toBe(true);
  });
});

describe('XAsyncGetStatus', () => {
  it('returns the failure recorded by an early Begin failure when the block is polled', () => {
    const block: XAsyncBlock = { queue: {} as never };
    expect(XAsyncRun(block, () => S_OK)).toBe(E_HANDLE);
    expect(XAsyncGetStatus(block, false)).toBe(E_HANDLE);
  });

  it('keeps the success status when a failed XAsyncGetResult consumed the payload', () => {
    const { block } = payloadWaiting();
    getResult(block, { size: 1 });
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
    expect(XAsyncGetStatus(block, true)).toBe(S_OK);
  });
});

describe('XAsyncRun', () => {
  it('completes on the Manual queue it was given when the ports are dispatched', () => {
    const q = createQueue(Manual, Manual);
    const block: XAsyncBlock = { queue: q, callback: () => {} };
    expect(XAsyncRun(block, () => S_OK)).toBe(S_OK);
    expect(dispatchCompletion(q)).toBe(false);
    expect(dispatchWork(q)).toBe(true);
    expect(dispatchCompletion(q)).toBe(true);
    expect(XAsyncGetStatus(block, false)).toBe(S_OK);
  });
});
