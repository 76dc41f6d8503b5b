/**
 * S2: cancellation (samples.md §2 S2). Xbox-GDK-Samples XAsyncExamples.cpp `StartTest_Canceling`,
 * `CancelableInfiniteTaskAsync` (ported in ./XAsyncExamples.ts), on the process task queue: the
 * provider's work loops once per emulated second until another task calls `XAsyncCancel`, and the
 * completion callback reads `E_ABORT`. `pnpm sample S2`
 * @module
 */
import { XAsyncExamples } from './XAsyncExamples.js';
import { runSample, runUntil } from './runSample.js';

await runSample(async ({ sample, host }) => {
  const examples = new XAsyncExamples(sample);
  examples.StartTest_Canceling();
  await runUntil(host, () => !examples.m_testInProgress);
  return examples;
});
