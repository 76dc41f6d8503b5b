/**
 * A recorded run used by the recorder and renderer tests: two queues (Manual and ThreadPool work),
 * a three-step provider call, an XAsyncRun, a plain callback, and a call canceled by XAsyncCancel.
 */
import {
  E_ABORT,
  E_PENDING,
  S_OK,
  XAsyncBegin,
  XAsyncCancel,
  XAsyncComplete,
  XAsyncGetResult,
  XAsyncOp,
  XAsyncRun,
  XAsyncSchedule,
  XTaskQueueCloseHandle,
  XTaskQueueDispatchMode,
  XTaskQueueSubmitCallback,
  XTaskQueueTerminate,
  XTaskQueuePort,
  type XAsyncBlock,
  type XAsyncProvider,
} from '@gdkts/xasync';
import { startTraceRecording, type RecordedTrace } from '@gdkts/xasync/trace';
import { pump, type RuntimeSandbox } from '@gdkts/xasync/testing';

/** What the scenario did, to compare the pictures with. */
export interface TraceScenario {
  readonly run: RecordedTrace;
  /** DoWork steps the multi-step provider ran. */
  readonly steps: number;
}

/** Begin schedules; DoWork asks for `steps` rounds 5 ms apart, then completes with 4 bytes. */
export function stepProvider(steps: number): XAsyncProvider {
  let done = 0;
  return (op, data) => {
    if (op === XAsyncOp.Begin) return XAsyncSchedule(data.async, 0);
    if (op === XAsyncOp.DoWork) {
      if (++done < steps) {
        XAsyncSchedule(data.async, 5);
        return E_PENDING;
      }
      XAsyncComplete(data.async, S_OK, 4);
    }
    return S_OK;
  };
}

/** Begin starts nothing; Cancel completes with E_ABORT. */
const waitForCancel: XAsyncProvider = (op, data) => {
  if (op === XAsyncOp.Cancel) XAsyncComplete(data.async, E_ABORT, 0);
  return S_OK;
};

/** Records the scenario (pumping both queues and the virtual host until everything ran). */
export function recordScenario(sandbox: RuntimeSandbox, limit?: number): TraceScenario {
  const host = sandbox.host;
  const steps = 3;
  const rec = startTraceRecording(limit === undefined ? {} : { limit });
  const manual = sandbox.createQueue(XTaskQueueDispatchMode.Manual);
  const pool = sandbox.createQueue(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.Manual);
  const identity = {};
  const fact: XAsyncBlock = {
    queue: manual,
    callback: (b) => void XAsyncGetResult(b, identity, 4, new Uint8Array(4), null),
  };
  XAsyncBegin(fact, null, identity, 'StepAsync', stepProvider(steps));
  const run: XAsyncBlock = { queue: pool, callback: () => undefined };
  XAsyncRun(run, () => S_OK);
  XTaskQueueSubmitCallback(manual, XTaskQueuePort.Work, null, () => undefined);
  const canceled: XAsyncBlock = { queue: manual, callback: () => undefined };
  XAsyncBegin(canceled, null, identity, 'CanceledAsync', waitForCancel);
  XAsyncCancel(canceled);
  for (let i = 0; i < 4; i++) {
    pump(manual);
    pump(pool);
    host.runAll();
    host.advance(5);
  }
  for (const q of [manual, pool]) {
    XTaskQueueTerminate(q, false, null, () => undefined);
    pump(q);
    host.runAll();
    XTaskQueueCloseHandle(q);
  }
  return { run: rec.stop(), steps };
}
