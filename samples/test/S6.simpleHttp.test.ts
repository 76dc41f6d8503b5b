/**
 * S6 — SimpleHttp (samples.md §2 S6): ../src/SimpleHttp.ts in-process against the real claims
 * service on 127.0.0.1, XUser's live counters checked after the run. The two silent sign-ins in
 * flight adopt the same user twice (the user-changed callback fires twice, as in the sample); the
 * request carries Authorization and Signature and the service verifies them (its claims name the
 * user); two rejected tokens cost two ForceRefresh retries and three token fetches; five rejections
 * cost four retries, then the 401 goes to the caller.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useRuntimeSandbox } from '@gdkts/xasync/testing';
import { XUSER_SANDBOX, uninitializeGameRuntime } from '@gdkts/xuser/testing';
import { createOutput } from '../src/helpers.js';
import { SimpleHttpMain } from '../src/SimpleHttp.js';
import { S6_LINES, sameBodySize } from './expectedOutput.js';

useRuntimeSandbox({ beforeEach, afterEach }, XUSER_SANDBOX);
afterEach(() => uninitializeGameRuntime()); // runs before the sandbox's check, whatever a failed test left

describe('S6 — SimpleHttp: token and signature against a custom game service, 401 → ForceRefresh', () => {
  it('two silent sign-ins in flight adopt the same user twice; the request carries Authorization/Signature; 401s retry with ForceRefresh up to 4 times', async () => {
    const { lines, Log } = createOutput();
    const run = await SimpleHttpMain(Log);
    expect(lines.map(sameBodySize)).toEqual(S6_LINES);
    expect(lines.filter((l) => l.startsWith('user changed:'))).toHaveLength(2);
    // The first request fetches the token; each retry forces a fresh one.
    expect(run.tokenFetches).toBe(3);
    expect(run.statuses).toEqual([401, 401, 200, 401, 401, 401, 401, 401]);
  });
});
