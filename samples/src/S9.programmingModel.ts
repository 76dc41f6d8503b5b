/**
 * S9: the programming-model listings of the GDK docs (samples.md §2 S9), ported in
 * ./AsyncProgrammingModel.ts, each called the way its page calls it, printing what the calls
 * return: the `XGameSaveGetRemainingQuotaAsync` calling pattern (E_PENDING until complete, the
 * result read once in the callback), `FactorialAsync` with a blocking wait, the custom provider and
 * its typed `…Result` inside the completion callback, "Set up cancelability" (XAsyncCancel → E_ABORT,
 * the callback still runs), and "Run simple task" (`XAsyncRun`: the work's HRESULT is the status).
 * `pnpm sample S9`
 * @module
 */
import { hresultName } from '@gdkts/hresult';
import {
  INFINITE,
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
import {
  CancelableAsync,
  CustomProviderMethodAsync,
  CustomProviderMethodAsyncResult,
  FactorialAsync,
  FactorialAsyncResult,
  XGameSaveGetRemainingQuotaAsync,
  XGameSaveGetRemainingQuotaResult,
  type CancelableCallData,
} from './AsyncProgrammingModel.js';
import { Win32Event, createQueue, hex8, runUntil } from './helpers.js';
import { runProgram } from './runSample.js';

const { Manual, ThreadPool } = XTaskQueueDispatchMode;
const hr = (value: HRESULT): string => hresultName(value) ?? `0x${hex8(value)}`;

/** XAsyncExamples::ShutdownTaskQueues' shape: terminate, dispatch the Manual ports until the marker went through, close. */
function shutdown(queue: XTaskQueueHandle, ...manualPorts: XTaskQueuePort[]): void {
  XTaskQueueTerminate(queue, false, null, null);
  for (const port of manualPorts) while (XTaskQueueDispatch(queue, port, INFINITE));
  XTaskQueueCloseHandle(queue);
}

await runProgram(async ({ Log }, sandbox) => {
  Log('-- "Asynchronous Programming Model": calling XGameSaveGetRemainingQuotaAsync');
  {
    const queue = createQueue(Manual, Manual);
    const b: XAsyncBlock = {}; // native: new XAsyncBlock + ZeroMemory
    b.queue = queue;
    b.callback = (async) => {
      const remainingQuota = out(0);
      const result = XGameSaveGetRemainingQuotaResult(async, remainingQuota);
      Log(`  [callback] XGameSaveGetRemainingQuotaResult -> ${hr(result)}: Remaining quota: ${remainingQuota.value}`);
      // native: delete async;
    };
    Log(
      `  XGameSaveGetRemainingQuotaAsync(providerHandle, b) -> ${hr(XGameSaveGetRemainingQuotaAsync({ remainingQuota: 1_048_576 }, b))}`,
    );
    Log(`  XGameSaveGetRemainingQuotaResult before it completed -> ${hr(XGameSaveGetRemainingQuotaResult(b, out(0)))}`);
    Log(`  XTaskQueueDispatch(queue, Work, 0) -> ${XTaskQueueDispatch(queue, XTaskQueuePort.Work, 0)}`);
    Log(`  XTaskQueueDispatch(queue, Completion, 0) -> ${XTaskQueueDispatch(queue, XTaskQueuePort.Completion, 0)}`);
    Log(`  XGameSaveGetRemainingQuotaResult a second time -> ${hr(XGameSaveGetRemainingQuotaResult(b, out(0)))}`);
    shutdown(queue, XTaskQueuePort.Work, XTaskQueuePort.Completion);
  }

  Log('-- "Asynchronous Programming Model": FactorialAsync on the process queue, waited on');
  {
    const async: XAsyncBlock = { queue: null };
    Log(`  FactorialAsync(20, async) -> ${hr(FactorialAsync(20n, async))}`);
    Log(`  XAsyncGetStatus(async, true) -> ${hr(XAsyncGetStatus(async, true))}`);
    const result = out(0n);
    Log(`  FactorialAsyncResult(async, &result) -> ${hr(FactorialAsyncResult(async, result))}: result ${result.value}`);
    await runUntil(sandbox.host, () => sandbox.leaks().states === 0); // the Cleanup on the pool
  }

  Log('-- XAsyncProvider examples: the custom provider, its invocation method and return data');
  {
    const queue = createQueue(ThreadPool, Manual);
    const ops: string[] = [];
    let done = false;
    const async: XAsyncBlock = {
      queue,
      callback: (async) => {
        const value = out(0n);
        Log(
          `  [callback] CustomProviderMethodAsyncResult -> ${hr(CustomProviderMethodAsyncResult(async, value))}: ${value.value}`,
        );
        done = true;
      },
    };
    Log(`  CustomProviderMethodAsync(async) -> ${hr(CustomProviderMethodAsync(async, ops))}`);
    await runUntil(sandbox.host, () => ops.includes('DoWork'));
    XTaskQueueDispatch(queue, XTaskQueuePort.Completion, 0); // the game loop
    await runUntil(sandbox.host, () => done && ops.includes('Cleanup'));
    Log(`  provider ops: ${ops.join(', ')}`);
    shutdown(queue, XTaskQueuePort.Completion);
  }

  Log('-- XAsyncProvider examples: "Set up cancelability"');
  {
    const queue = createQueue(Manual, Manual);
    const callData: CancelableCallData = { cancelEvent: new Win32Event(false, false), passesLeft: 10, log: [] };
    const async: XAsyncBlock = {
      queue,
      callback: (async) => Log(`  [callback] XAsyncGetStatus(async, false) -> ${hr(XAsyncGetStatus(async, false))}`),
    };
    Log(`  CancelableAsync(async, callData) -> ${hr(CancelableAsync(async, callData))}`);
    XTaskQueueDispatch(queue, XTaskQueuePort.Work, 0);
    XTaskQueueDispatch(queue, XTaskQueuePort.Work, 0);
    XAsyncCancel(async); // To trigger the Cancel case, call XAsyncCancel with the async block for the task.
    Log(`  after XAsyncCancel: ${callData.log.join(', ')}; XAsyncGetStatus -> ${hr(XAsyncGetStatus(async, false))}`);
    XTaskQueueDispatch(queue, XTaskQueuePort.Work, 0); // the next DoWork sees the event
    XTaskQueueDispatch(queue, XTaskQueuePort.Completion, 0);
    shutdown(queue, XTaskQueuePort.Work, XTaskQueuePort.Completion);
  }

  Log('-- XAsync examples: "Set up async task" + "Run simple task"');
  {
    const taskQueue = createQueue(ThreadPool, ThreadPool);
    let status: HRESULT | null = null;
    const async: XAsyncBlock = {}; // native: new XAsyncBlock{}
    async.queue = taskQueue;
    async.callback = (async) => {
      status = XAsyncGetStatus(async, false); // The optional completion callback.
    };
    Log(`  XAsyncRun(async, work returning 0x12345678) -> ${hr(XAsyncRun(async, () => 0x12345678))}`);
    await runUntil(sandbox.host, () => status !== null);
    Log(`  [callback] XAsyncGetStatus(async, false) -> 0x${hex8(status!)}`);
    XTaskQueueTerminate(taskQueue, true, null, null);
    XTaskQueueCloseHandle(taskQueue);
  }
});
