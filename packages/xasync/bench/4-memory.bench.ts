// pnpm bench: figure 4 of the xasync runtime, as a ratio against a baseline measured in this process.
import { S_OK, XAsyncRun, XTaskQueueDispatchMode, type XAsyncBlock } from '@gdkts/xasync';
import { figure, heapAfterGc } from '../../../scripts/bench/harness.js';
import { queue, close } from './queues.js';

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
  figure(
    `4. memory per in-flight call (100k started, not run) [${blocks.length + promises.length} kept]`,
    ours,
    base,
    'pending Promise+closure',
    'B',
    { op: '<=', value: 1.15 },
  );
}

memory();
