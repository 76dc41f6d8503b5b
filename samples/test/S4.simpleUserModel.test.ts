/**
 * S4 — SimpleUserModel (samples.md §2 S4): ../src/SimpleUserModel.ts on the emulated console, in-process,
 * with XUser's live counters checked after the run (every handle closed, the registration gone, the
 * runtime uninitialized). Every call the native sample wraps in `DX::ThrowIfFailed` throws here on a
 * failed HRESULT, so a run that gets through asserts each of them returned S_OK.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useRuntimeSandbox } from '@gdkts/xasync/testing';
import { XUSER_SANDBOX, uninitializeGameRuntime } from '@gdkts/xuser/testing';
import { createOutput } from '../src/helpers.js';
import { SimpleUserModelMain } from '../src/SimpleUserModel.js';
import { S4_LINES, samePicture } from './expectedOutput.js';

useRuntimeSandbox({ beforeEach, afterEach }, XUSER_SANDBOX);
afterEach(() => uninitializeGameRuntime()); // runs before the sandbox's check, whatever a failed test left

describe('S4 — SimpleUserModel: silent sign-in, change events, two-step gamer picture', () => {
  it('signs in silently, shows gamertag and picture, refreshes both on Gamertag / GamerPicture', async () => {
    const { lines, Log } = createOutput();
    await SimpleUserModelMain(Log);
    expect(lines.map(samePicture)).toEqual(S4_LINES);
  });
});
