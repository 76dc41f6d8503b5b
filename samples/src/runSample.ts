/**
 * Runs one XAsyncExamples sample as a program: in the runtime sandbox the tests use (virtual clock,
 * four pool threads), printing each line the sample logs, then destroying the sample (joining its
 * threads, terminating its queues) and failing when anything leaked.
 * @module
 */
import {
  openRuntimeSandbox,
  type RuntimeSandbox,
  type RuntimeSandboxOptions,
  type VirtualHost,
} from '@gdkts/xasync/testing';
import { SAMPLE_SANDBOX, createOutput, runUntilSettled, type SampleOutput } from './helpers.js';
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

/**
 * Runs a sample that is not an XAsyncExamples test as a program: in a runtime sandbox (by default
 * the tests' one: virtual clock, four pool threads), with an output log that prints every line,
 * then ends the sandbox and fails (exit code 1) when anything leaked or the body threw.
 * @param body - [in] the sample's `main`: gets the output log and the sandbox.
 * @param options - [in, optional] the sandbox (`{ virtualHost: false }` for samples on real sockets and keys).
 * @returns once the sandbox ended.
 */
export async function runProgram(
  body: (output: SampleOutput, sandbox: RuntimeSandbox) => Promise<void> | void,
  options: RuntimeSandboxOptions = SAMPLE_SANDBOX,
): Promise<void> {
  const sandbox = openRuntimeSandbox(options);
  const output = createOutput(options.virtualHost === false ? () => 0 : () => sandbox.host.now());
  const record = output.Log;
  output.Log = (line) => {
    record(line);
    console.log(line);
  };
  try {
    await body(output, sandbox);
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    const problems = sandbox.end();
    if (problems.length > 0) {
      console.error(problems.join('\n'));
      process.exitCode = 1;
    }
  }
}
