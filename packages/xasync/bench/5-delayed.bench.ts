// pnpm bench: figure 5 of the xasync runtime, as a ratio against a baseline measured in this process.
import { XTaskQueueDispatchMode, XTaskQueuePort, XTaskQueueSubmitDelayedCallback } from '@gdkts/xasync';
import { figure, gc } from '../../../scripts/bench/harness.js';
import { queue, close } from './queues.js';

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
    const ours = await cpu((delay, callback) =>
      XTaskQueueSubmitDelayedCallback(q, XTaskQueuePort.Work, delay, undefined, callback),
    );
    const base = await cpu((delay, callback) => setTimeout(callback, delay));
    pairs.push([ours, base]);
  }
  pairs.sort((a, b) => a[0] / a[1] - b[0] / b[1]);
  const [ours, base] = pairs[pairs.length >> 1]!;
  close(q);
  if (fired !== N || early !== 0) console.log(`5. MISS: fired ${fired}/${N}, early ${early}`);
  figure(
    `5. 100k delayed callbacks (0-50 ms), CPU per item (fired ${fired}/${N}, early ${early})`,
    ours,
    base,
    'setTimeout',
    'us/item',
    { op: '<=', value: 1.7 },
  );
}

await delayed();
