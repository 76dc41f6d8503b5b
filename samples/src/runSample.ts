/**
 * Runs one XAsyncExamples sample as a program: in the runtime sandbox the tests use (virtual clock,
 * four pool threads), printing each line the sample logs, then destroying the sample (joining its
 * threads, terminating its queues) and failing when anything leaked.
 * @module
 */
import { openRuntimeSandbox, type VirtualHost } from '@gdkts/xasync/testing';
import { SAMPLE_SANDBOX, runUntilSettled } from './helpers.js';
import { XAsyncExamples, createSample, type SampleHarness } from './XAsyncExamples.js';

export { runReadyTasks, runUntil, runUntilSettled } from './helpers.js';

/** What a sample's body receives. */
export interface SampleRun {
  /** The sample object (`Log` prints as well as records). */
  readonly sample: SampleHarness['sample'];
  /** The main window's message queue (for a UI thread's message loop). */
  readonly ui: SampleHarness['ui'];
  /** The virtual host the sample runs on. */
  readonly host: VirtualHost;
}

/**
 * Runs `body` (which creates the XAsyncExamples and drives one test) and tears everything down.
 * @param body - [in] starts the sample's test and returns once it finished.
 * @returns once the sample was destroyed; sets a failing exit code for leaks or errors.
 */
export async function runSample(body: (run: SampleRun) => Promise<XAsyncExamples>): Promise<void> {
  const sandbox = openRuntimeSandbox(SAMPLE_SANDBOX);
  const { sample, ui } = createSample(() => sandbox.host.now());
  const record = sample.Log;
  sample.Log = (line) => {
    record(line);
    console.log(line);
  };
  try {
    const examples = await body({ sample, ui, host: sandbox.host });
    await runUntilSettled(sandbox.host, examples.Destroy());
  } finally {
    XAsyncExamples.s_singleton = null;
    const problems = sandbox.end();
    if (problems.length > 0) {
      console.error(problems.join('\n'));
      process.exitCode = 1;
    }
  }
}
