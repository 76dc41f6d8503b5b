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
  // One warm-up round of each side first (as compareRates does), so no figure times the JIT.
  reused();
  fresh();
  await base();
  const figures: [string, () => Promise<void> | void, () => Promise<void> | void, string, number][] = [
    ['3a. XAsyncRun, Immediate/Immediate, reused block', reused, base, 'await Promise.resolve()', 0.3],
    ['3b. XAsyncRun, Immediate/Immediate, fresh block per call', fresh, base, 'await Promise.resolve()', 0.3],
    ['3c. fresh block per call vs reused block', fresh, reused, 'reused block', 0.9],
  ];
  for (const [name, ours, baseline, baseName, target] of figures) {
    const [oursMs, baseMs] = await paired(ours, baseline);
    figure(name, rate(oursMs), rate(baseMs), baseName, 'calls/s', { op: '>=', value: target });
  }
  close(q);
}

await immediate();
