/**
 * Shared helpers of the model-based, interleaving, bad-input and `./testing` tests: HRESULT
 * printing and provider-log checks (the sandbox and `pump` come from `@gdkts/xasync/testing`).
 */
import { expect } from 'vitest';
import { E_ABORT, E_FAIL, XAsyncOp, hresultToString, type HRESULT } from '@gdkts/xasync';
import type { ProviderBehaviour, ProviderLog } from '@gdkts/xasync/testing/properties';

/** Prints an HRESULT for assertion messages. */
export const hex = (hr: HRESULT): string => hresultToString(hr);

/** The statuses a call made by `makeProvider(behaviour)` may end with. */
export function finalStatusesOf(behaviour: ProviderBehaviour): HRESULT[] {
  return [behaviour.result | 0, E_ABORT, E_FAIL];
}

/** How many times `op` appears in a provider log. */
export function countOps(ops: readonly number[], op: XAsyncOp): number {
  return ops.filter((o) => o === op).length;
}

/**
 * Cleanup's rules on a provider log: at most one Cleanup, nothing during or after it; with
 * `finished`, exactly one, as the last op, after Begin as the first.
 */
export function expectCleanupRules(log: ProviderLog, finished: boolean, what = 'provider'): void {
  expect(log.overlaps, `${what}: ops overlapping or after Cleanup`).toEqual([]);
  const cleanups = countOps(log.ops, XAsyncOp.Cleanup);
  expect(cleanups, `${what}: Cleanup count`).toBeLessThanOrEqual(1);
  if (cleanups === 1) expect(log.ops.at(-1), `${what}: Cleanup is the last op`).toBe(XAsyncOp.Cleanup);
  if (finished) {
    expect(cleanups, `${what}: Cleanup ran`).toBe(1);
    expect(log.ops[0], `${what}: Begin is the first op`).toBe(XAsyncOp.Begin);
  }
}

export { deferred, type Deferred } from '@gdkts/xasync/testing';
