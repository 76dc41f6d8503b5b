/**
 * S1: a custom GDK-style API, completions pumped by the game loop (samples.md §2 S1).
 * Xbox-GDK-Samples XAsyncExamples.cpp `StartTest_CustomGDKStyleAPIs` (ported in ./XAsyncExamples.ts),
 * run as the sample's game loop runs it: every frame the thread pool runs, then `Update` dispatches
 * one completion from the Manual Completion port. Time is the virtual clock: the run is the same
 * every time. `pnpm sample S1`
 * @module
 */
import { XAsyncExamples } from './XAsyncExamples.js';
import { runSample, runReadyTasks } from './runSample.js';

await runSample(async ({ sample, host }) => {
  const examples = new XAsyncExamples(sample);
  examples.StartTest_CustomGDKStyleAPIs();
  while (examples.m_testInProgress) {
    await runReadyTasks(host); // the thread pool's turn
    examples.Update(1 / 60); // the game loop's frame
  }
  return examples;
});
