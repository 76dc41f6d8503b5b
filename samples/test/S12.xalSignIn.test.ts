/**
 * S12 — XAL sign-in and token request on a manual queue (samples.md §2 S12): the ApiExplorer flow of
 * ../src/ApiExplorerXal.ts against the test world of `@gdkts/xal/testing`, in-process, with XAL's
 * leak counters checked after the run. Every line is exact: the HRESULT each start returned, the
 * silent sign-in failing with E_XAL_UIREQUIRED (0x89235108) and the UI fallback, the web view's pages
 * (sign-in, then cookie removal on sign-out), the change events in order, nothing run before the
 * work thread and the game loop dispatch.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useXalEmulator } from '@gdkts/xal';
import { XAL_SANDBOX, resetXal } from '@gdkts/xal/testing';
import { useRuntimeSandbox } from '@gdkts/xasync/testing';
import { ApiExplorerXal, makeXalEmulator } from '../src/ApiExplorerXal.js';
import { createOutput } from '../src/helpers.js';
import { S12_LINES } from './expectedOutput.js';

beforeEach(() => resetXal());
afterEach(() => {
  resetXal();
  useXalEmulator(null);
}); // registered first: runs after the sandbox's leak check
useRuntimeSandbox({ beforeEach, afterEach }, XAL_SANDBOX);

describe('S12: XAL sign-in and token request on a manual queue', () => {
  it('runs the ApiExplorer flow with a work thread and a game-loop completion drain', async () => {
    useXalEmulator(await makeXalEmulator());
    const { lines, Log } = createOutput();
    await ApiExplorerXal(Log);
    expect(lines).toEqual(S12_LINES);
  });
});
