// pnpm bench: figure 2 of the xasync runtime, as a ratio against a baseline measured in this process.
import { XTaskQueueDispatch, XTaskQueueDispatchMode, XTaskQueuePort, XTaskQueueSubmitCallback } from '@gdkts/xasync';
import { figure, ROUNDS, paired } from '../../../scripts/bench/harness.js';
import { queue, close } from './queues.js';

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
  figure(
    '2. Manual queue submit+dispatch, 1M callbacks',
    N / (ours / 1000),
    N / (base / 1000),
    'array FIFO of closures',
    'items/s',
    { op: '>=', value: 1.5 },
  );
}

await manualQueue();
