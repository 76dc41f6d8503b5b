// pnpm bench xasync: the six figures of the runtime, each as a ratio against a baseline measured
// in the same process. Run with --expose-gc (scripts/bench.mjs does).
import {
  S_OK,
  XAsyncRun,
  XTaskQueueCloseHandle,
  XTaskQueueCreate,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
  XTaskQueueSubmitCallback,
  XTaskQueueSubmitDelayedCallback,
  XTaskQueueTerminate,
  out,
  type XAsyncBlock,
  type XTaskQueueHandle,
} from '@gdkts/xasync';

const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);
const fmt = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(1));

function report(name: string, ours: number, base: number, baseName: string, unit: string, target: string, higherIsBetter = true): void {
  const ratio = higherIsBetter ? ours / base : base / ours;
  console.log(`${name}: ${fmt(ours)} ${unit} vs ${baseName} ${fmt(base)} ${unit} = ${ratio.toFixed(2)}x (target ${target})`);
}

function queue(work: number, completion: number): XTaskQueueHandle {
  const q = out<XTaskQueueHandle | null>(null);
  XTaskQueueCreate(work as XTaskQueueDispatchMode, completion as XTaskQueueDispatchMode, q);
  return q.value!;
}

function close(q: XTaskQueueHandle): void {
  XTaskQueueTerminate(q, true, undefined, null);
  XTaskQueueCloseHandle(q);
}

async function timed(fn: () => Promise<void> | void): Promise<number> {
  gc();
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const ROUNDS = 7;

/**
 * Times `ours` and `base` in alternating rounds (so both see the same machine, which is noisy
 * here) and returns the pair, in ms, whose ratio is the median.
 */
async function paired(ours: () => Promise<void> | void, base: () => Promise<void> | void): Promise<[number, number]> {
  const pairs: [number, number][] = [];
  for (let round = 0; round < ROUNDS; round++) pairs.push([await timed(ours), await timed(base)]);
  pairs.sort((a, b) => a[0] / a[1] - b[0] / b[1]);
  return pairs[pairs.length >> 1]!;
}

// 1. XAsyncRun round trip on ThreadPool/ThreadPool vs two setImmediate hops: 100k round trips one
//    after another (each call starts from the previous one's completion routine), then a burst of
//    100k calls in flight at once.
async function roundTrip(): Promise<void> {
  const N = 100_000;
  const q = queue(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.ThreadPool);
  const work = (): number => S_OK;
  const [oursSequential, baseSequential] = await paired(
    () =>
      new Promise<void>((resolve) => {
        let left = N;
        const block: XAsyncBlock = {
          queue: q,
          callback: () => {
            if (--left === 0) resolve();
            else XAsyncRun(block, work);
          },
        };
        XAsyncRun(block, work);
      }),
    () =>
      new Promise<void>((resolve) => {
        let left = N;
        const callback = (): void => {
          if (--left === 0) resolve();
          else setImmediate(hop);
        };
        const hop = (): void => {
          setImmediate(callback);
        };
        setImmediate(hop);
      }),
  );
  report(
    '1a. XAsyncRun round trips, ThreadPool/ThreadPool, 100k in sequence',
    N / (oursSequential / 1000),
    N / (baseSequential / 1000),
    'setImmediate x2',
    'calls/s',
    '>= 0.5x',
  );
  const [oursBurst, baseBurst] = await paired(
    () =>
      new Promise<void>((resolve) => {
        let left = N;
        const callback = (): void => {
          if (--left === 0) resolve();
        };
        for (let i = 0; i < N; i++) XAsyncRun({ queue: q, callback }, work);
      }),
    () =>
      new Promise<void>((resolve) => {
        let left = N;
        const callback = (): void => {
          if (--left === 0) resolve();
        };
        const hop = (): void => {
          setImmediate(callback);
        };
        for (let i = 0; i < N; i++) setImmediate(hop);
      }),
  );
  close(q);
  report(
    '1b. XAsyncRun round trips, ThreadPool/ThreadPool, 100k in flight at once',
    N / (oursBurst / 1000),
    N / (baseBurst / 1000),
    'setImmediate x2',
    'calls/s',
    'reported',
  );
}

// 2. Manual queue: submit then dispatch 1M callbacks vs an array-backed FIFO of closures
async function manualQueue(): Promise<void> {
  const N = 1_000_000;
  const q = queue(XTaskQueueDispatchMode.Manual, XTaskQueueDispatchMode.Manual);
  let sink = 0;
  const cb = (): void => {
    sink++;
  };
  const [ours, base] = await paired(
    () => {
      for (let i = 0; i < N; i++) XTaskQueueSubmitCallback(q, XTaskQueuePort.Work, undefined, cb);
      while (XTaskQueueDispatch(q, XTaskQueuePort.Work, 0)) {
        /* drain */
      }
    },
    () => {
      const fifo: (() => void)[] = [];
      let head = 0;
      for (let i = 0; i < N; i++) fifo.push(() => cb());
      while (head < fifo.length) fifo[head++]!();
    },
  );
  close(q);
  if (sink !== 2 * ROUNDS * N) throw new Error('lost callbacks');
  report('2. Manual queue submit+dispatch, 1M callbacks', N / (ours / 1000), N / (base / 1000), 'array FIFO of closures', 'items/s', '>= 0.3x');
}

// 3. XAsyncRun on Immediate/Immediate vs await Promise.resolve() per call
async function immediate(): Promise<void> {
  const N = 200_000;
  const q = queue(XTaskQueueDispatchMode.Immediate, XTaskQueueDispatchMode.Immediate);
  const block: XAsyncBlock = { queue: q, callback: () => undefined };
  const work = (): number => S_OK;
  const [ours, base] = await paired(
    () => {
      for (let i = 0; i < N; i++) XAsyncRun(block, work);
    },
    async () => {
      for (let i = 0; i < N; i++) await Promise.resolve();
    },
  );
  close(q);
  report('3. XAsyncRun, Immediate/Immediate', N / (ours / 1000), N / (base / 1000), 'await Promise.resolve()', 'calls/s', '>= 0.3x');
}

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

// 4. bytes per in-flight call vs a pending Promise holding a closure
function memory(): void {
  const N = 100_000;
  const q = queue(XTaskQueueDispatchMode.Manual, XTaskQueueDispatchMode.Manual);
  const work = (): number => S_OK;
  let before = heapAfterGc();
  const blocks: XAsyncBlock[] = [];
  for (let i = 0; i < N; i++) {
    const b: XAsyncBlock = { queue: q };
    XAsyncRun(b, work);
    blocks.push(b);
  }
  const ours = (heapAfterGc() - before) / N;
  before = heapAfterGc();
  const resolvers: (() => void)[] = [];
  const promises: Promise<number>[] = [];
  for (let i = 0; i < N; i++) promises.push(new Promise<number>((resolve) => resolvers.push(() => resolve(i))));
  const base = (heapAfterGc() - before) / N;
  for (const r of resolvers) r();
  close(q);
  console.log(
    `4. memory per in-flight call (100k started, not run): ${ours.toFixed(0)} B vs pending Promise+closure ${base.toFixed(0)} B = ${(ours / base).toFixed(2)}x the baseline's bytes (target <= 3x)` +
      ` [${blocks.length + promises.length} kept]`,
  );
}

// 5. 100k delayed callbacks, delays 0-50 ms: none early, all fire (checked in a first pass); then
//    CPU per item, ours vs bare setTimeout, with the same shared callback on both sides.
async function delayed(): Promise<void> {
  const N = 100_000;
  const delays = Array.from({ length: N }, (_, i) => (i * 7919) % 51);
  const q = queue(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.ThreadPool);
  let early = 0;
  let fired = 0;
  await new Promise<void>((done) => {
    let left = N;
    for (let i = 0; i < N; i++) {
      const due = performance.now() + delays[i]!;
      XTaskQueueSubmitDelayedCallback(q, XTaskQueuePort.Work, delays[i]!, undefined, () => {
        fired++;
        if (performance.now() < due) early++;
        if (--left === 0) done();
      });
    }
  });
  const cpu = async (schedule: (delay: number, callback: () => void) => void): Promise<number> => {
    gc();
    const c0 = process.cpuUsage();
    await new Promise<void>((done) => {
      let left = N;
      const callback = (): void => {
        if (--left === 0) done();
      };
      for (let i = 0; i < N; i++) schedule(delays[i]!, callback);
    });
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / N;
  };
  // Rounds alternate ours and the baseline so both see the same machine; the median pair is reported.
  const pairs: [number, number][] = [];
  for (let round = 0; round < 7; round++) {
    const ours = await cpu((delay, callback) => XTaskQueueSubmitDelayedCallback(q, XTaskQueuePort.Work, delay, undefined, callback));
    const base = await cpu((delay, callback) => setTimeout(callback, delay));
    pairs.push([ours, base]);
  }
  pairs.sort((a, b) => a[0] / a[1] - b[0] / b[1]);
  const [ours, base] = pairs[pairs.length >> 1]!;
  close(q);
  console.log(
    `5. 100k delayed callbacks (0-50 ms): fired ${fired}/${N}, early ${early}; CPU ${ours.toFixed(2)} us/item vs setTimeout ${base.toFixed(2)} us/item = ${(ours / base).toFixed(2)}x the baseline's cost (median of 7 paired rounds; target <= 2x)`,
  );
}

// 6. 1M sequential calls: heap after == heap before within 5%
function leak(): void {
  const N = 1_000_000;
  const q = queue(XTaskQueueDispatchMode.Immediate, XTaskQueueDispatchMode.Immediate);
  const block: XAsyncBlock = { queue: q, callback: () => undefined };
  const work = (): number => S_OK;
  for (let i = 0; i < 10_000; i++) XAsyncRun(block, work); // warm up
  const before = heapAfterGc();
  for (let i = 0; i < N; i++) XAsyncRun(block, work);
  const after = heapAfterGc();
  close(q);
  console.log(
    `6. 1M sequential calls: heap ${(before / 1e6).toFixed(2)} MB before, ${(after / 1e6).toFixed(2)} MB after = ${(after / before).toFixed(3)}x (target within 5%: 0.95x-1.05x)`,
  );
}

await roundTrip();
await manualQueue();
await immediate();
memory();
await delayed();
leak();
