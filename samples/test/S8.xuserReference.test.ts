/**
 * S8 — the XUser reference listings (samples.md §2 S8): ../src/XUserReference.ts in-process on the
 * emulated console, XUser's live counters checked after the run (every handle the listings got
 * closed once, the deferral closed, the registration gone). The lines are exact: AddUser starts and
 * their HRESULTs (the AllowGuests + AddDefaultUserSilently combination refused at the start), the
 * second silent add finding the user already listed, the guest dropped on SignedOut after the
 * deferral SigningOut took, the picture reloaded on GamerPicture, the unregistration.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useRuntimeSandbox } from '@gdkts/xasync/testing';
import { XUSER_SANDBOX, uninitializeGameRuntime } from '@gdkts/xuser/testing';
import { createOutput } from '../src/helpers.js';
import { XUserReferenceMain } from '../src/XUserReference.js';
import { S8_LINES } from './expectedOutput.js';

useRuntimeSandbox({ beforeEach, afterEach }, XUSER_SANDBOX);
afterEach(() => uninitializeGameRuntime()); // runs before the sandbox's check, whatever a failed test left

describe('S8 — XUser reference listings', () => {
  it('AddUser / AddUserComplete, UserChangeEventHandler (guest dropped on SignedOut, deferral on SigningOut), UnregisterForChanges', async () => {
    const { lines, Log } = createOutput();
    await XUserReferenceMain(Log);
    expect(lines).toEqual(S8_LINES);
  });
});
