// pnpm bench: figure 3 of the xasync runtime, as a ratio against a baseline measured in this process.
import { S_OK, XAsyncRun, XTaskQueueDispatchMode, type XAsyncBlock } from '@gdkts/xasync';
import { report, paired } from '../../../scripts/bench/harness.js';
import { queue, close } from './queues.js';

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

await immediate();
