/**
 * S3: the dispatch-mode tour (samples.md §2 S3). Xbox-GDK-Samples XAsyncExamples.cpp, the tests a
 * player picks from the sample's menu, one after another on one XAsyncExamples (ported in
 * ./XAsyncExamples.ts): `SynchronousTaskQueue` (an Immediate process queue), `ManualAndMessageLoop`
 * (Manual ports, a monitor posting `WM_TASKQUEUEMONITOR` to the UI thread's message loop),
 * `SerializedAsync` (SerializedThreadPool), `ParallelFor` (Manual work, Immediate completion) and
 * `AdvancedUsage` (composite queue, duplicated handle, delayed callback, waiter). `pnpm sample S3`
 * @module
 */
import { DispatchMessage, GetMessage, PostQuitMessage, startThread, type MSG } from './helpers.js';
import { XAsyncExamples } from './XAsyncExamples.js';
import { runSample, runUntil, runUntilSettled } from './runSample.js';

await runSample(async ({ sample, ui, host }) => {
  const examples = new XAsyncExamples(sample);
  // The UI thread (Main.cpp): a GetMessage / DispatchMessage loop.
  const uiThread = startThread('UI thread', async () => {
    const msg = {} as MSG;
    while (await GetMessage(msg, ui)) DispatchMessage(msg);
  });
  const tests: ((x: XAsyncExamples) => void)[] = [
    (x) => x.StartTest_SynchronousTaskQueue(),
    (x) => x.StartTest_ManualAndMessageLoop(),
    (x) => x.StartTest_SerializedAsync(),
    (x) => x.StartTest_ParallelFor(),
    (x) => x.StartTest_AdvancedUsage(),
  ];
  for (const start of tests) {
    start(examples);
    await runUntil(host, () => !examples.m_testInProgress);
  }
  PostQuitMessage(ui, 0);
  await runUntilSettled(host, uiThread);
  return examples;
});
