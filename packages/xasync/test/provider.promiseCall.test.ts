/**
 * `beginPromiseCall` (`@gdkts/xasync/provider`): Begin → Schedule, DoWork → Promise → `E_PENDING`,
 * Cancel → AbortSignal, GetResult → payload copy, Cleanup; and `fromAsyncSized` over it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_FAIL,
  E_PENDING,
  E_UNEXPECTED,
  S_FALSE,
  S_OK,
  XAsyncCancel,
  XAsyncGetResult,
  XAsyncGetResultSize,
  XAsyncGetStatus,
  type HRESULT,
  type Out,
  type XAsyncBlock,
} from '@gdkts/xasync';
import { HResultError, fromAsyncSized } from '@gdkts/xasync/promises';
import { beginPromiseCall, hresultOfError, type PromiseCallResult } from '@gdkts/xasync/provider';
import { deferred, pump, useRuntimeSandbox } from '@gdkts/xasync/testing';
import { dispatchWork, settle } from './helpers/calls.js';

const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, { virtualHost: false });
const { createQueue } = sandbox;

const CUSTOM = 0x8009abcd | 0;
const identity = Symbol('PromiseAsync');

function begin(block: XAsyncBlock, start: Parameters<typeof beginPromiseCall>[3], cleanups: string[] = []): HRESULT {
  return beginPromiseCall(block, identity, 'PromiseAsync', start, { onCleanup: () => cleanups.push('cleanup') });
}

async function finish(q: Parameters<typeof pump>[0]): Promise<void> {
  pump(q);
  await settle();
  pump(q);
}

describe('beginPromiseCall', () => {
  it('starts the work on the Work port (not inside Begin) and completes when its Promise resolves', async () => {
    const q = createQueue();
    const gate = deferred<PromiseCallResult>();
    let starts = 0;
    const block: XAsyncBlock = { queue: q };
    expect(begin(block, () => (starts++, gate.promise))).toBe(S_OK);
    expect(starts).toBe(0);
    expect(dispatchWork(q)).toBe(true);
    expect(starts).toBe(1);
    expect(XAsyncGetStatus(block, false)).toBe(E_PENDING);
    gate.resolve({ hr: S_FALSE });
    await finish(q);
    expect(XAsyncGetStatus(block, false)).toBe(S_FALSE);
  });

  it('hands out the payload through XAsyncGetResult and drops it in Cleanup (once)', async () => {
    const q = createQueue();
    const cleanups: string[] = [];
    const block: XAsyncBlock = { queue: q };
    begin(block, async () => ({ payload: new Uint8Array([7, 8, 9]) }), cleanups);
    await finish(q);
    const size = out0();
    expect(XAsyncGetResultSize(block, size)).toBe(S_OK);
    expect(size.value).toBe(3);
    const buffer = new Uint8Array(3);
    expect(XAsyncGetResult(block, identity, 3, buffer, null)).toBe(S_OK);
    expect([...buffer]).toEqual([7, 8, 9]);
    expect(cleanups).toEqual(['cleanup']);
  });

  it('a failing hr drops the payload (size 0); E_PENDING as a final status is E_UNEXPECTED', async () => {
    const q = createQueue();
    const a: XAsyncBlock = { queue: q };
    const b: XAsyncBlock = { queue: q };
    begin(a, async () => ({ hr: CUSTOM, payload: new Uint8Array(4) }));
    begin(b, () => ({ hr: E_PENDING }));
    await finish(q);
    const size = out0();
    expect(XAsyncGetResultSize(a, size)).toBe(CUSTOM);
    expect(size.value).toBe(0);
    expect(XAsyncGetStatus(b, false)).toBe(E_UNEXPECTED);
  });

  it('a rejection with an HResultError gives its hr; any other rejection or a synchronous throw E_FAIL', async () => {
    const q = createQueue();
    const blocks = [{ queue: q }, { queue: q }, { queue: q }] as XAsyncBlock[];
    begin(blocks[0]!, () => Promise.reject(new HResultError(CUSTOM)));
    begin(blocks[1]!, () => Promise.reject(new Error('boom')));
    begin(blocks[2]!, () => {
      throw new HResultError(CUSTOM);
    });
    await finish(q);
    expect(blocks.map((b) => XAsyncGetStatus(b, false))).toEqual([CUSTOM, E_FAIL, CUSTOM]);
    expect(hresultOfError('x')).toBe(E_FAIL);
  });

  it('Cancel before the work started completes with E_ABORT and the work never runs', async () => {
    const q = createQueue();
    let starts = 0;
    const block: XAsyncBlock = { queue: q };
    begin(block, () => void starts++);
    XAsyncCancel(block);
    expect(XAsyncGetStatus(block, false)).toBe(E_ABORT);
    await finish(q);
    expect(starts).toBe(0);
  });

  it('Cancel after the work started aborts its signal; the work decides the status', async () => {
    const q = createQueue();
    let seen: AbortSignal | null = null;
    const block: XAsyncBlock = { queue: q };
    begin(block, ({ signal }) => {
      seen = signal;
      return new Promise<PromiseCallResult>((resolve) =>
        signal.addEventListener('abort', () => resolve({ hr: E_ABORT })),
      );
    });
    dispatchWork(q);
    expect(seen!.aborted).toBe(false);
    XAsyncCancel(block);
    expect(seen!.aborted).toBe(true);
    await finish(q);
    expect(XAsyncGetStatus(block, false)).toBe(E_ABORT);
  });

  it('makes the cancel signal only when the work reads it (a call that completes at once allocates none)', async () => {
    const made: AbortController[] = [];
    const Original = globalThis.AbortController;
    globalThis.AbortController = class Counted extends Original {
      constructor() {
        super();
        made.push(this);
      }
    };
    try {
      const q = createQueue();
      const quiet: XAsyncBlock = { queue: q };
      begin(quiet, () => ({ hr: S_OK }));
      await finish(q);
      expect(XAsyncGetStatus(quiet, false)).toBe(S_OK);
      expect(made).toHaveLength(0);
      const reading: XAsyncBlock = { queue: q };
      begin(reading, (call) => void call.signal);
      await finish(q);
      expect(made).toHaveLength(1);
    } finally {
      globalThis.AbortController = Original;
    }
  });

  it('a signal first read after XAsyncCancel is already aborted', async () => {
    const q = createQueue();
    const gate = deferred<void>();
    let late: AbortSignal | null = null;
    const block: XAsyncBlock = { queue: q };
    begin(block, async (call) => {
      await gate.promise;
      late = call.signal;
      return { hr: late.aborted ? E_ABORT : S_OK };
    });
    dispatchWork(q);
    XAsyncCancel(block);
    gate.resolve();
    await finish(q);
    expect(late!.aborted).toBe(true);
    expect(XAsyncGetStatus(block, false)).toBe(E_ABORT);
  });

  it('answers what XAsyncBegin answers for a bad block', () => {
    expect(begin('block' as never, () => undefined)).toBe(0x80070057 | 0);
  });
});

function out0(): Out<number> {
  return { value: -1 };
}

describe('fromAsyncSized', () => {
  const SizedAsync = (bytes: Uint8Array | null, b: XAsyncBlock): HRESULT =>
    beginPromiseCall(b, SizedAsync, 'SizedAsync', () =>
      bytes === null ? Promise.reject(new HResultError(CUSTOM)) : Promise.resolve({ payload: bytes }),
    );
  const sized = (bytes: Uint8Array | null): Promise<Uint8Array> =>
    fromAsyncSized(
      'SizedAsync',
      (b) => SizedAsync(bytes, b),
      (b, n) => XAsyncGetResultSize(b, n),
      (b, n, buffer, used) => XAsyncGetResult(b, SizedAsync, n, buffer, used),
    );

  it('sizes, allocates and fetches the payload', async () => {
    expect([...(await sized(new Uint8Array([1, 2, 3, 4, 5])))]).toEqual([1, 2, 3, 4, 5]);
    expect(await sized(new Uint8Array(0))).toHaveLength(0);
  });

  it('rejects with the failing HRESULT', async () => {
    await expect(sized(null)).rejects.toMatchObject({ hr: CUSTOM });
  });
});
