// pnpm bench: figure 6 of the xasync runtime, as a ratio against a baseline measured in this process.
import { S_OK, XAsyncRun, XTaskQueueDispatchMode, type XAsyncBlock } from '@gdkts/xasync';
import { heapAfterGc } from '../../../scripts/bench/harness.js';
import { queue, close } from './queues.js';

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
  const ratio = after / before;
  console.log(
    `6. 1M sequential calls: heap ${(before / 1e6).toFixed(2)} MB before, ${(after / 1e6).toFixed(2)} MB after = ${ratio.toFixed(3)}x (target 0.95x-1.05x) ${ratio >= 0.95 && ratio <= 1.05 ? 'ok' : 'MISS'}`,
  );
}

leak();
