/**
 * S4 — SimpleUserModel (samples.md §2 S4): ../src/SimpleUserModel.ts on the emulated console, in-process,
 * with XUser's live counters checked after the run (every handle closed, both registrations gone, the
 * runtime uninitialized). Every call the native sample wraps in `DX::ThrowIfFailed` throws here on a
 * failed HRESULT, so a run that gets through asserts each of them returned S_OK. The lines show the
 * device-association callback (the system pairing controller 1 at sign-in; its unpairing, which starts
 * `LoopFindControllerForUserWithUiAsync`) and the loop: the dismissed find-controller UI answers
 * E_ABORT, the loop starts the call again, the next prompt pairs controller 2 (the callback's change
 * arrives before the call's completion, on the same Completion port) and the result names it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useRuntimeSandbox } from '@gdkts/xasync/testing';
import { XUSER_SANDBOX, uninitializeGameRuntime } from '@gdkts/xuser/testing';
import { createOutput } from '../src/helpers.js';
import { SimpleUserModelMain } from '../src/SimpleUserModel.js';
import { S4_LINES, samePicture } from './expectedOutput.js';

useRuntimeSandbox({ beforeEach, afterEach }, XUSER_SANDBOX);
afterEach(() => uninitializeGameRuntime()); // runs before the sandbox's check, whatever a failed test left

describe('S4 — SimpleUserModel: silent sign-in, change events, two-step gamer picture, controller pairing', () => {
  it('signs in silently, shows gamertag and picture, refreshes both on Gamertag / GamerPicture, re-pairs a controller', async () => {
    const { lines, Log } = createOutput();
    await SimpleUserModelMain(Log);
    expect(lines.map(samePicture)).toEqual(S4_LINES);
  });
});
