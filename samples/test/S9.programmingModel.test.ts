/**
 * S9 — programming-model listings (ported in ../src/AsyncProgrammingModel.ts) from the GDK docs (samples.md §2 S9, §3.1, §3.4–3.6):
 * "Asynchronous Programming Model" (`XGameSaveGetRemainingQuotaAsync` usage, `FactorialAsync`),
 * the XAsyncProvider examples ("Set up custom provider", "Set up invocation methods", "Set up return
 * data", "Set up cancelability") and the XAsync examples ("Set up async task", "Run simple task").
 *
 * The listings are fragments; each is ported as printed and completed only where it cannot run
 * otherwise (`// native (listing):` says what was filled in). `XGameSaveGetRemainingQuotaAsync` /
 * `…Result` are stand-ins built the way the docs say every GDK async API is built (XAsyncBegin +
 * XAsyncSchedule + XAsyncComplete with a payload, a typed XAsyncGetResult wrapper); there is no
 * game-save service here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_FAIL,
  E_ILLEGAL_METHOD_CALL,
  E_INVALIDARG,
  E_PENDING,
  INFINITE,
  S_OK,
  SUCCEEDED,
  XAsyncCancel,
  XAsyncGetStatus,
  XAsyncRun,
  XTaskQueueCloseHandle,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
  XTaskQueueTerminate,
  out,
  type HRESULT,
  type XAsyncBlock,
  type XTaskQueueHandle,
} from '@gdkts/xasync';
import { useRuntimeSandbox } from '@gdkts/xasync/testing';
import { SAMPLE_SANDBOX, Win32Event, createOutput, createQueue } from '../src/helpers.js';
import {
  CancelableAsync,
  CustomProviderMethodAsync,
  CustomProviderMethodAsyncResult,
  FactorialAsync,
  FactorialAsyncResult,
  ProviderFuncIdentity,
  XGameSaveGetRemainingQuotaAsync,
  XGameSaveGetRemainingQuotaResult,
  beginCustomProvider,
  type CancelableCallData,
  type XGameSaveProviderHandle,
} from '../src/AsyncProgrammingModel.js';

const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, SAMPLE_SANDBOX);
const { Manual, ThreadPool } = XTaskQueueDispatchMode;

/**
 * The sample-style shutdown of a test's queue (XAsyncExamples::ShutdownTaskQueues): terminate without
 * waiting, then dispatch each Manual port until the termination marker went through; close.
 */
function shutdown(queue: XTaskQueueHandle, ...manualPorts: XTaskQueuePort[]): void {
  expect(XTaskQueueTerminate(queue, false, null, null)).toBe(S_OK);
  for (const port of manualPorts) while (XTaskQueueDispatch(queue, port, INFINITE));
  XTaskQueueCloseHandle(queue);
}

describe('S9 "Asynchronous Programming Model" listings', () => {
  it('XGameSaveGetRemainingQuotaAsync: S_OK when started, …Result E_PENDING until complete, the callback reads the result, a second …Result fails', () => {
    const { lines, Log } = createOutput();
    const queue = createQueue(Manual, Manual);
    const providerHandle: XGameSaveProviderHandle = { remainingQuota: 1_048_576 };

    // providerHandle is a previously obtained XGameSaveProviderHandle.

    const b: XAsyncBlock = {}; // native: new XAsyncBlock + ZeroMemory
    b.context = null; // native: this
    b.queue = queue;
    b.callback = (async) => {
      const remainingQuota = out(0);
      if (SUCCEEDED(XGameSaveGetRemainingQuotaResult(async, remainingQuota))) {
        Log(`Remaining quota: ${remainingQuota.value}`); // native (listing): printf("Remaining quota: %irn", …)
      }
      // native: delete async;
    };
    expect(XGameSaveGetRemainingQuotaAsync(providerHandle, b)).toBe(S_OK);

    // Polling: E_PENDING until the call completes, repeatable, nothing consumed.
    const polled = out(-1);
    expect(XGameSaveGetRemainingQuotaResult(b, polled)).toBe(E_PENDING);
    expect(XGameSaveGetRemainingQuotaResult(b, polled)).toBe(E_PENDING);
    expect(polled.value).toBe(-1);
    // A block serves one call at a time.
    expect(XGameSaveGetRemainingQuotaAsync(providerHandle, b)).toBe(E_INVALIDARG);

    expect(XTaskQueueDispatch(queue, XTaskQueuePort.Work, 0)).toBe(true);
    expect(lines).toEqual([]);
    expect(XTaskQueueDispatch(queue, XTaskQueuePort.Completion, 0)).toBe(true);
    expect(lines).toEqual(['Remaining quota: 1048576']);

    // "It releases internal data in the async block … Subsequent calls … fail"; the block can be reused.
    expect(XGameSaveGetRemainingQuotaResult(b, polled)).toBe(E_ILLEGAL_METHOD_CALL);
    expect(XAsyncGetStatus(b, false)).toBe(S_OK);
    b.callback = null;
    expect(XGameSaveGetRemainingQuotaAsync(providerHandle, b)).toBe(S_OK);
    expect(XTaskQueueDispatch(queue, XTaskQueuePort.Work, 0)).toBe(true);
    expect(XGameSaveGetRemainingQuotaResult(b, polled)).toBe(S_OK);
    expect(polled.value).toBe(1_048_576);

    shutdown(queue, XTaskQueuePort.Work, XTaskQueuePort.Completion);
  });

  it('"an error occurs if you mismatch one async call with another result API" (and the payload is consumed)', () => {
    const queue = createQueue(Manual, Manual);
    const b: XAsyncBlock = { queue };
    expect(XGameSaveGetRemainingQuotaAsync({ remainingQuota: 7 }, b)).toBe(S_OK);
    expect(XTaskQueueDispatch(queue, XTaskQueuePort.Work, 0)).toBe(true);

    const wrong = out(0n);
    expect(FactorialAsyncResult(b, wrong)).toBe(E_INVALIDARG);
    expect(XGameSaveGetRemainingQuotaResult(b, out(0))).toBe(E_ILLEGAL_METHOD_CALL);
    shutdown(queue, XTaskQueuePort.Work, XTaskQueuePort.Completion);
  });

  it('FactorialAsync: Begin schedules, DoWork computes and completes with sizeof(UINT64), …Result copies it', () => {
    const async: XAsyncBlock = { queue: null };
    expect(FactorialAsync(20n, async)).toBe(S_OK);
    expect(XAsyncGetStatus(async, true)).toBe(S_OK);
    const result = out(0n);
    expect(FactorialAsyncResult(async, result)).toBe(S_OK);
    expect(result.value).toBe(2432902008176640000n);
    sandbox.host.runAll();
  });
});

describe('S9 XAsyncProvider examples', () => {
  it('custom provider + invocation method + return data: …Result is safe inside the completion callback', () => {
    const queue = createQueue(ThreadPool, Manual);
    const ops: string[] = [];
    const results: [HRESULT, bigint][] = [];
    const async: XAsyncBlock = {
      queue,
      callback: (async) => {
        const value = out(0n);
        results.push([CustomProviderMethodAsyncResult(async, value), value.value]);
      },
    };
    expect(CustomProviderMethodAsync(async, ops)).toBe(S_OK);
    sandbox.host.runAll();
    expect(XTaskQueueDispatch(queue, XTaskQueuePort.Completion, 0)).toBe(true);
    expect(results).toEqual([[S_OK, 12345678n]]);
    expect(ops).toEqual(['Begin', 'DoWork', 'GetResult', 'Cleanup']);
    shutdown(queue, XTaskQueuePort.Completion);
  });

  it('the "custom provider" listing begins with ProviderFuncIdentity, the "return data" wrapper asks for CustomProviderMethodAsync: taken together they mismatch', () => {
    const queue = createQueue(ThreadPool, Manual);
    const ops: string[] = [];
    const results: HRESULT[] = [];
    const async: XAsyncBlock = {
      queue,
      callback: (async) => void results.push(CustomProviderMethodAsyncResult(async, out(0n))),
    };
    expect(beginCustomProvider(async, ProviderFuncIdentity, ops)).toBe(S_OK);
    sandbox.host.runAll();
    expect(XTaskQueueDispatch(queue, XTaskQueuePort.Completion, 0)).toBe(true);
    expect(results).toEqual([E_INVALIDARG]);
    expect(ops).toEqual(['Begin', 'DoWork', 'Cleanup']); // no GetResult; the payload was released
    shutdown(queue, XTaskQueuePort.Completion);
  });

  it('"Set up cancelability": XAsyncCancel runs the Cancel op at once; the next DoWork completes with E_ABORT; the callback still runs', () => {
    const queue = createQueue(Manual, Manual);
    const callData: CancelableCallData = { cancelEvent: new Win32Event(false, false), passesLeft: 10, log: [] };
    const statuses: HRESULT[] = [];
    const async: XAsyncBlock = { queue, callback: (async) => void statuses.push(XAsyncGetStatus(async, false)) };
    expect(CancelableAsync(async, callData)).toBe(S_OK);
    expect(XTaskQueueDispatch(queue, XTaskQueuePort.Work, 0)).toBe(true);
    expect(XTaskQueueDispatch(queue, XTaskQueuePort.Work, 0)).toBe(true);

    // To trigger the Cancel case, call XAsyncCancel with the async block for the task.
    XAsyncCancel(async);
    expect(callData.log).toEqual(['work pass', 'work pass', 'Cancel op']);
    expect(XAsyncGetStatus(async, false)).toBe(E_PENDING); // cancel is a request; the provider completes

    expect(XTaskQueueDispatch(queue, XTaskQueuePort.Work, 0)).toBe(true);
    expect(XAsyncGetStatus(async, false)).toBe(E_ABORT);
    expect(XTaskQueueDispatch(queue, XTaskQueuePort.Completion, 0)).toBe(true);
    expect(statuses).toEqual([E_ABORT]);
    expect(callData.log).toEqual(['work pass', 'work pass', 'Cancel op']);

    // Not canceled: the same provider finishes its passes with S_OK.
    const quiet: CancelableCallData = { cancelEvent: new Win32Event(false, false), passesLeft: 3, log: [] };
    const async2: XAsyncBlock = { queue };
    expect(CancelableAsync(async2, quiet)).toBe(S_OK);
    while (XTaskQueueDispatch(queue, XTaskQueuePort.Work, 0));
    expect(XAsyncGetStatus(async2, false)).toBe(S_OK);
    expect(quiet.log).toEqual(['work pass', 'work pass', 'work pass']);
    shutdown(queue, XTaskQueuePort.Work, XTaskQueuePort.Completion);
  });

  it('"Basic async methods that are started with XAsyncRun can\'t be canceled"', () => {
    const queue = createQueue(Manual, Manual);
    const async: XAsyncBlock = { queue };
    let ran = false;
    expect(
      XAsyncRun(async, () => {
        ran = true;
        return S_OK;
      }),
    ).toBe(S_OK);
    XAsyncCancel(async);
    expect(XAsyncGetStatus(async, false)).toBe(E_PENDING);
    expect(XTaskQueueDispatch(queue, XTaskQueuePort.Work, 0)).toBe(true);
    expect(ran).toBe(true);
    expect(XAsyncGetStatus(async, false)).toBe(S_OK);
    shutdown(queue, XTaskQueuePort.Work, XTaskQueuePort.Completion);
  });
});

describe('S9 XAsync examples', () => {
  it.each([
    ['S_OK', S_OK],
    ['an arbitrary success code (VerifyRunAsync)', 0x12345678],
    ['E_FAIL', E_FAIL],
  ])(
    '"Set up async task" + "Run simple task": the work callback returns %s, XAsyncGetStatus reports it',
    (_name, workResult) => {
      const taskQueue = createQueue(ThreadPool, ThreadPool);
      const contextData = { statuses: [] as HRESULT[] };

      const async: XAsyncBlock = {}; // native: new XAsyncBlock{}
      async.queue = taskQueue;
      async.context = contextData;
      async.callback = (async) => {
        // The optional completion callback.
        (async.context as typeof contextData).statuses.push(XAsyncGetStatus(async, false));
        // native: delete async;
      };

      expect(
        XAsyncRun(async, () => {
          // The work callback is implemented here.
          return workResult;
        }),
      ).toBe(S_OK);

      // "These async blocks can't be shared between multiple active async tasks."
      expect(XAsyncRun(async, () => S_OK)).toBe(E_INVALIDARG);
      sandbox.host.runAll();
      expect(contextData.statuses).toEqual([workResult]);
      // "… they can be reused for a different task after the original task is finished."
      expect(XAsyncRun(async, () => S_OK)).toBe(S_OK);
      sandbox.host.runAll();
      expect(contextData.statuses).toEqual([workResult, S_OK]);

      expect(XTaskQueueTerminate(taskQueue, true, null, null)).toBe(S_OK);
      XTaskQueueCloseHandle(taskQueue);
    },
  );
});
