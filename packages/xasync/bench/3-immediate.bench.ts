// pnpm bench: figure 3 of the xasync runtime, as a ratio against a baseline measured in this process.
import { S_OK, XAsyncRun, XTaskQueueDispatchMode, type XAsyncBlock } from '@gdkts/xasync';
import { figure, paired } from '../../../scripts/bench/harness.js';
import { queue, close } from './queues.js';

// 3a. XAsyncRun on Immediate/Immediate, one block reused, vs await Promise.resolve() per call;
// 3b. the same with a fresh block per call, vs await Promise.resolve() and vs 3a.
async function immediate(): Promise<void> {
  const N = 200_000;
  const q = queue(XTaskQueueDispatchMode.Immediate, XTaskQueueDispatchMode.Immediate);
  const callback = (): undefined => undefined;
  const block: XAsyncBlock = { queue: q, callback };
  const work = (): number => S_OK;
  const base = async (): Promise<void> => {
    for (let i = 0; i < N; i++) await Promise.resolve();
  };
  const reused = (): void => {
    for (let i = 0; i < N; i++) XAsyncRun(block, work);
  };
  const fresh = (): void => {
    for (let i = 0; i < N; i++) XAsyncRun({ queue: q, callback }, work);
  };
  const rate = (ms: number): number => N / (ms / 1000);
  const [oursReused, baseReused] = await paired(reused, base);
  figure(
    '3a. XAsyncRun, Immediate/Immediate, reused block',
    rate(oursReused),
    rate(baseReused),
    'await Promise.resolve()',
    'calls/s',
    { op: '>=', value: 0.3 },
  );
  const [oursFresh, baseFresh] = await paired(fresh, base);
  figure(
    '3b. XAsyncRun, Immediate/Immediate, fresh block per call',
    rate(oursFresh),
    rate(baseFresh),
    'await Promise.resolve()',
    'calls/s',
    { op: '>=', value: 0.3 },
  );
  const [freshVsReused, reusedVsFresh] = await paired(fresh, reused);
  figure(
    '3c. fresh block per call vs reused block',
    rate(freshVsReused),
    rate(reusedVsFresh),
    'reused block',
    'calls/s',
    { op: '>=', value: 0.9 },
  );
  close(q);
}

await immediate();
