// gdkts demo: XAsyncRun, a custom provider, and a game loop that pumps completions by hand.
// Run with: npx --yes pnpm@10.34.9 demo
import {
  E_PENDING,
  INFINITE,
  S_OK,
  XAsyncBegin,
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
  XTaskQueueTerminate,
  hresultToString,
  out,
  type XAsyncBlock,
  type XAsyncProvider,
  type XTaskQueueHandle,
} from '@gdkts/xasync';

const log = (line: string): void => console.log(line);

// Work runs on the thread pool; completions wait for the game loop (the canonical GDK setup).
const queue = out<XTaskQueueHandle | null>(null);
XTaskQueueCreate(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.Manual, queue);
log(`XTaskQueueCreate(ThreadPool, Manual) -> queue #1`);

// 1. XAsyncRun: a work routine on the Work port, a completion routine on the Completion port.
const runBlock: XAsyncBlock = {
  queue: queue.value,
  context: 'run',
  callback: (b) => log(`  [completion] XAsyncRun finished: ${hresultToString(XAsyncGetStatus(b, false))}`),
};
XAsyncRun(runBlock, () => {
  log('  [work] XAsyncRun work routine runs on a pool thread');
  return S_OK;
});
log(`XAsyncRun -> status ${hresultToString(XAsyncGetStatus(runBlock, false))}`);

// 2. A custom provider: "computes" a 4-byte payload over three scheduled DoWork steps, 5 ms apart.
const Identity = 'FactorialAsync';
function FactorialAsync(n: number, block: XAsyncBlock): number {
  const context = { n, acc: 1, step: 1 };
  const provider: XAsyncProvider = (op, data) => {
    switch (op) {
      case XAsyncOp.Begin:
        log(`  [provider] Begin(n=${n})`);
        return XAsyncSchedule(data.async, 0);
      case XAsyncOp.DoWork:
        context.acc *= context.step;
        log(`  [provider] DoWork step ${context.step}: acc=${context.acc}`);
        if (context.step++ < context.n) {
          XAsyncSchedule(data.async, 5);
          return E_PENDING;
        }
        XAsyncComplete(data.async, S_OK, 4);
        return S_OK;
      case XAsyncOp.GetResult:
        new DataView(data.buffer!.buffer, data.buffer!.byteOffset).setUint32(0, context.acc, true);
        log('  [provider] GetResult copies the payload');
        return S_OK;
      case XAsyncOp.Cleanup:
        log('  [provider] Cleanup');
        return S_OK;
      default:
        return S_OK;
    }
  };
  return XAsyncBegin(block, context, Identity, 'FactorialAsync', provider);
}

const factBlock: XAsyncBlock = {
  queue: queue.value,
  callback: (b) => {
    const size = out(0);
    XAsyncGetResultSize(b, size);
    const buffer = new Uint8Array(size.value);
    const hr = XAsyncGetResult(b, Identity, buffer.length, buffer, null);
    log(`  [completion] FactorialAsync(4) -> ${hresultToString(hr)}, result ${new DataView(buffer.buffer).getUint32(0, true)}`);
  },
};
log(`FactorialAsync(4) -> ${hresultToString(FactorialAsync(4, factBlock))}`);

// 3. The game loop: each frame pumps the Completion port; waiting lets the pool and timers progress.
let frame = 0;
while (XAsyncGetStatus(factBlock, false) === E_PENDING || XAsyncGetStatus(runBlock, false) === E_PENDING || frame === 0) {
  frame++;
  const ran = XTaskQueueDispatch(queue.value, XTaskQueuePort.Completion, 16);
  log(`frame ${frame}: dispatched a completion: ${ran}`);
}
while (XTaskQueueDispatch(queue.value, XTaskQueuePort.Completion, 16)) log(`frame ${++frame}: dispatched a completion: true`);

// 4. Shutdown: terminate (every pending callback runs once with canceled = true), pump, close.
XTaskQueueTerminate(queue.value, false, undefined, () => log('  [termination] queue terminated'));
while (XTaskQueueDispatch(queue.value, XTaskQueuePort.Work, 0) || XTaskQueueDispatch(queue.value, XTaskQueuePort.Completion, INFINITE)) {
  /* drain */
}
XTaskQueueCloseHandle(queue.value!);
log('done');
