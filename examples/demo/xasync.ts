// The xasync part of the demo: XAsyncRun, a custom provider and a game loop that pumps
// completions by hand; cancellation; blocking waits and E_POSSIBLE_DEADLOCK; a monitor; the
// ./promises layer; termination. Every value printed is what the API returned or what the trace
// recorded (queue ids, ports, how many pool callbacks ran while a call waited).
import {
  E_ABORT,
  E_PENDING,
  E_POSSIBLE_DEADLOCK,
  S_OK,
  XAsyncBegin,
  XAsyncCancel,
  XAsyncComplete,
  XAsyncGetResult,
  XAsyncGetResultSize,
  XAsyncGetStatus,
  XAsyncOp,
  XAsyncRun,
  XAsyncSchedule,
  XTaskQueueCloseHandle,
  XTaskQueueCreate,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
  XTaskQueueRegisterMonitor,
  XTaskQueueTerminate,
  XTaskQueueUnregisterMonitor,
  out,
  trace,
  type DispatchEvent,
  type HRESULT,
  type XAsyncBlock,
  type XAsyncProvider,
  type XTaskQueueHandle,
  type XTaskQueueRegistrationToken,
} from '@gdkts/xasync';
import { HResultError, run } from '@gdkts/xasync/promises';
import { dim, heading, hr, say } from './output.js';

const { ThreadPool, Manual } = XTaskQueueDispatchMode;
const { Work, Completion } = XTaskQueuePort;
const portName = (port: number): string => (port === Work ? 'Work' : 'Completion');

/** What the trace says is running: the latest dispatched callback (cleared when our dispatch call returns). */
let current: DispatchEvent | null = null;
/** Work-port callbacks dispatched so far, by the trace. */
let workCallbacks = 0;
const onDispatch = (e: DispatchEvent): void => {
  current = e;
  if (e.port === Work) workCallbacks++;
};
const where = (): string => (current === null ? 'caller' : `queue ${current.queueId} ${portName(current.port)}`);
const inCallback = (text: string): void => say(`  [${where()}] ${text}`);

/** Runs a blocking call and reports how many Work callbacks ran inside it. */
function whileWaiting<T>(call: () => T): { result: T; work: number } {
  const before = workCallbacks;
  const result = call();
  current = null;
  return { result, work: workCallbacks - before };
}
const ranWork = (n: number): string =>
  n === 0 ? '' : dim(`  (while it waited the pool ran ${n} Work callback${n === 1 ? '' : 's'})`);

/** A custom provider: n! over n DoWork steps scheduled 5 ms apart; a 4-byte payload. */
const FactorialIdentity = 'FactorialAsync';
function FactorialAsync(n: number, block: XAsyncBlock): HRESULT {
  const context = { n, acc: 1, step: 1 };
  const provider: XAsyncProvider = (op, data) => {
    switch (op) {
      case XAsyncOp.Begin:
        inCallback(`FactorialAsync Begin(n=${n}): XAsyncSchedule(0) -> ${hr(XAsyncSchedule(data.async, 0))}`);
        return S_OK;
      case XAsyncOp.DoWork:
        context.acc *= context.step;
        if (context.step++ < context.n) {
          inCallback(
            `FactorialAsync DoWork: acc=${context.acc}; XAsyncSchedule(5 ms) -> ${hr(XAsyncSchedule(data.async, 5))}`,
          );
          return E_PENDING;
        }
        inCallback(`FactorialAsync DoWork: acc=${context.acc}; XAsyncComplete(S_OK, 4 bytes)`);
        XAsyncComplete(data.async, S_OK, 4);
        return S_OK;
      case XAsyncOp.GetResult:
        new DataView(data.buffer!.buffer, data.buffer!.byteOffset).setUint32(0, context.acc, true);
        return S_OK;
      default:
        return S_OK;
    }
  };
  return XAsyncBegin(block, context, FactorialIdentity, 'FactorialAsync', provider);
}

/** A provider that only finishes when canceled. */
const WaitForeverIdentity = 'WaitForeverAsync';
const waitForever: XAsyncProvider = (op, data) => {
  if (op === XAsyncOp.Cancel) {
    inCallback('WaitForeverAsync Cancel: XAsyncComplete(E_ABORT)');
    XAsyncComplete(data.async, E_ABORT, 0);
  }
  return S_OK;
};

const pending = (...blocks: XAsyncBlock[]): boolean => blocks.some((b) => XAsyncGetStatus(b, false) === E_PENDING);

export async function xasyncDemo(): Promise<void> {
  trace.on('dispatch', onDispatch);
  try {
    await demo();
  } finally {
    trace.off('dispatch', onDispatch);
  }
}

async function demo(): Promise<void> {
  heading('xasync: a game-loop queue (work on the thread pool, completions on a Manual port)');
  const queueOut = out<XTaskQueueHandle | null>(null);
  say(`XTaskQueueCreate(ThreadPool, Manual, &queue) -> ${hr(XTaskQueueCreate(ThreadPool, Manual, queueOut))}`);
  const queue = queueOut.value!;

  // A monitor: told of every submission, as a game would be to wake its loop.
  const token = out<XTaskQueueRegistrationToken>({ token: 0n });
  const monitored: [number, number] = [0, 0];
  const monitorHr = XTaskQueueRegisterMonitor(
    queue,
    null,
    (_context, _queue, port) => void (monitored[port] += 1),
    token,
  );
  say(`XTaskQueueRegisterMonitor(queue, …, &token) -> ${hr(monitorHr)}, token ${token.value.token}`);

  // 1. XAsyncRun: a work routine on the Work port, a completion routine on the Completion port.
  const runBlock: XAsyncBlock = {
    queue,
    callback: (b) => inCallback(`XAsyncRun completion routine: XAsyncGetStatus -> ${hr(XAsyncGetStatus(b, false))}`),
  };
  const runHr = XAsyncRun(runBlock, () => {
    inCallback('XAsyncRun work routine runs');
    return S_OK;
  });
  say(
    `XAsyncRun(&runBlock, work) -> ${hr(runHr)}; XAsyncGetStatus(&runBlock, false) -> ${hr(XAsyncGetStatus(runBlock, false))}`,
  );

  // 2. The custom provider.
  const factBlock: XAsyncBlock = {
    queue,
    callback: (b) => {
      const size = out(0);
      const sizeHr = XAsyncGetResultSize(b, size);
      const buffer = new Uint8Array(size.value);
      const resultHr = XAsyncGetResult(b, FactorialIdentity, buffer.length, buffer, null);
      inCallback(
        `FactorialAsync completion routine: XAsyncGetResultSize -> ${hr(sizeHr)}, ${size.value} bytes; XAsyncGetResult -> ${hr(resultHr)}, result ${new DataView(buffer.buffer).getUint32(0, true)}`,
      );
    },
  };
  say(`FactorialAsync(4, &factBlock) -> ${hr(FactorialAsync(4, factBlock))}`);
  say(
    `Work callbacks run so far: ${workCallbacks} ${dim('(this thread has not waited yet, so the pool has not run)')}`,
  );

  // 3. The game loop: each frame dispatches the Completion port with a 16 ms budget.
  let frame = 0;
  let workInFrames = 0;
  const workBefore = workCallbacks;
  const runFrame = (): boolean => {
    frame++;
    say(`frame ${frame}: XTaskQueueDispatch(queue, Completion, 16)`);
    const { result, work } = whileWaiting(() => XTaskQueueDispatch(queue, Completion, 16));
    workInFrames += work;
    say(`frame ${frame}: -> ${result}${ranWork(work)}`);
    return result;
  };
  while (pending(runBlock, factBlock) || frame === 0) runFrame();
  while (XTaskQueueDispatch(queue, Completion, 0)) {
    current = null;
  }
  say(
    `${workInFrames} of the ${workCallbacks - workBefore} Work callbacks ran inside a frame's XTaskQueueDispatch wait: ` +
      `${dim('on one JS thread the pool progresses only while the game loop waits')}`,
  );
  say(`the monitor saw ${monitored[Work]} Work and ${monitored[Completion]} Completion submissions`);

  // 4. Cancellation.
  heading('XAsyncCancel');
  const cancelBlock: XAsyncBlock = {
    queue,
    callback: (b) =>
      inCallback(`WaitForeverAsync completion routine: XAsyncGetStatus -> ${hr(XAsyncGetStatus(b, false))}`),
  };
  say(
    `WaitForeverAsync(&cancelBlock) -> ${hr(XAsyncBegin(cancelBlock, null, WaitForeverIdentity, 'WaitForeverAsync', waitForever))}`,
  );
  say(`XAsyncGetStatus(&cancelBlock, false) -> ${hr(XAsyncGetStatus(cancelBlock, false))}`);
  say('XAsyncCancel(&cancelBlock)');
  XAsyncCancel(cancelBlock);
  say(`XAsyncGetStatus(&cancelBlock, false) -> ${hr(XAsyncGetStatus(cancelBlock, false))}`);
  runFrame();

  // 5. Blocking waits.
  heading('Blocking waits: XAsyncGetStatus(…, true) and E_POSSIBLE_DEADLOCK');
  const waitBlock: XAsyncBlock = {
    queue,
    callback: (b) => inCallback(`completion routine: XAsyncGetStatus -> ${hr(XAsyncGetStatus(b, false))}`),
  };
  say(`XAsyncRun(&waitBlock, work) -> ${hr(XAsyncRun(waitBlock, () => S_OK))}`);
  const deadlock = whileWaiting(() => XAsyncGetStatus(waitBlock, true));
  say(`XAsyncGetStatus(&waitBlock, true) -> ${hr(deadlock.result)}${ranWork(deadlock.work)}`);
  if (deadlock.result === E_POSSIBLE_DEADLOCK) {
    say(dim('  the call ends with its completion routine on the Manual port only this thread dispatches:'));
    say(dim('  the wait returns at once instead of hanging as the native call would'));
  }
  runFrame();
  say(
    `XAsyncGetStatus(&waitBlock, true) -> ${hr(XAsyncGetStatus(waitBlock, true))} ${dim('(after the frame ran its completion routine)')}`,
  );

  const poolOut = out<XTaskQueueHandle | null>(null);
  say(`XTaskQueueCreate(ThreadPool, ThreadPool, &pool) -> ${hr(XTaskQueueCreate(ThreadPool, ThreadPool, poolOut))}`);
  const pool = poolOut.value!;
  const poolBlock: XAsyncBlock = {
    queue: pool,
    callback: (b) => inCallback(`completion routine: XAsyncGetStatus -> ${hr(XAsyncGetStatus(b, false))}`),
  };
  say(`XAsyncRun(&poolBlock, work) -> ${hr(XAsyncRun(poolBlock, () => S_OK))}`);
  const blocking = whileWaiting(() => XAsyncGetStatus(poolBlock, true));
  say(`XAsyncGetStatus(&poolBlock, true) -> ${hr(blocking.result)}${ranWork(blocking.work)}`);

  // 6. The Promise layer.
  heading('./promises: the same calls as async functions');
  const value = await run(() => 6 * 7, { queue: pool });
  say(`await run(() => 6 * 7, { queue: pool }) -> ${value}`);
  const controller = new AbortController();
  let workRan = false;
  const aborted = run(
    () => {
      workRan = true;
      return 0;
    },
    { queue: pool, signal: controller.signal },
  );
  controller.abort();
  try {
    await aborted;
    say('run(…, { signal }) resolved');
  } catch (error) {
    if (!(error instanceof HResultError)) throw error;
    say(
      `run(…, { signal }) aborted before its work started: rejected with ${error.name} ${hr(error.hr)}; the work ran: ${workRan}`,
    );
  }

  // 7. Shutdown.
  heading('Shutdown: XTaskQueueTerminate');
  XTaskQueueUnregisterMonitor(queue, token.value);
  say(`XTaskQueueUnregisterMonitor(queue, token ${token.value.token})`);
  let terminated = false;
  const onTerminated = (context: unknown): void => {
    terminated = true;
    say(`  [termination callback] context ${String(context)}`);
  };
  say(
    `XTaskQueueTerminate(queue, false, "queue", cb) -> ${hr(XTaskQueueTerminate(queue, false, 'queue', onTerminated))}`,
  );
  let drained = 0;
  while (!terminated && (XTaskQueueDispatch(queue, Work, 0) || XTaskQueueDispatch(queue, Completion, 0))) {
    current = null;
    drained++;
  }
  say(`dispatched ${drained} callback${drained === 1 ? '' : 's'} until the termination callback ran: ${terminated}`);
  const poolTerminate = whileWaiting(() =>
    XTaskQueueTerminate(pool, true, 'pool', (context) => say(`  [termination callback] context ${String(context)}`)),
  );
  say(`XTaskQueueTerminate(pool, true, "pool", cb) -> ${hr(poolTerminate.result)}`);
  XTaskQueueCloseHandle(queue);
  XTaskQueueCloseHandle(pool);
  say('XTaskQueueCloseHandle(queue); XTaskQueueCloseHandle(pool)');
}
