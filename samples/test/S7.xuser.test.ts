/**
 * S7 on `@gdkts/xuser` (samples.md §2 S7): ../src/PlayFabXUser.ts's RequestXUserToken, in-process on
 * the emulated console, XUser's live counters checked after the run: a stack block with no queue and
 * no callback, ForceRefresh for https://playfabapi.com, waited on, then ResultSize / Result; the
 * token is an XBL3.0 one and, with no signature policy for the endpoint, the signature is null.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useRuntimeSandbox } from '@gdkts/xasync/testing';
import { XUSER_SANDBOX, uninitializeGameRuntime } from '@gdkts/xuser/testing';
import { createOutput } from '../src/helpers.js';
import { PlayFabXUserMain } from '../src/PlayFabXUser.js';
import { S7_XUSER_LINES } from './expectedOutput.js';

useRuntimeSandbox({ beforeEach, afterEach }, XUSER_SANDBOX);
afterEach(() => uninitializeGameRuntime()); // runs before the sandbox's check, whatever a failed test left

describe('S7 — PlayFab kit on XUser: a stack block, no queue, no callback, waited on', () => {
  it('RequestXUserToken with ForceRefresh for https://playfabapi.com', async () => {
    const { lines, Log } = createOutput();
    await PlayFabXUserMain(Log);
    expect(lines).toEqual(S7_XUSER_LINES);
  });
});
