// pnpm bench: figure 1 of the xasync runtime, as a ratio against a baseline measured in this process.
import { S_OK, XAsyncRun, XTaskQueueDispatchMode, type XAsyncBlock } from '@gdkts/xasync';
import { figure, paired } from '../../../scripts/bench/harness.js';
import { queue, close } from './queues.js';

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
  figure(
    '1a. XAsyncRun round trips, ThreadPool/ThreadPool, 100k in sequence',
    N / (oursSequential / 1000),
    N / (baseSequential / 1000),
    'setImmediate x2',
    'calls/s',
    { op: '>=', value: 0.65 },
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
  figure(
    '1b. XAsyncRun round trips, ThreadPool/ThreadPool, 100k in flight at once',
    N / (oursBurst / 1000),
    N / (baseBurst / 1000),
    'setImmediate x2',
    'calls/s',
    { op: '>=', value: 0.7 },
  );
}

await roundTrip();
