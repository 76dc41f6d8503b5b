/**
 * Shared helpers of the model-based, interleaving, bad-input, `./testing` and trace tests: queue
 * creation, pumping Manual queues, provider-log checks and leak baselines.
 */
import { expect } from 'vitest';
import {
  E_ABORT,
  E_FAIL,
  XAsyncOp,
  XTaskQueueCreate,
  XTaskQueueDispatch,
  XTaskQueuePort,
  hresultToString,
  out,
  type HRESULT,
  type XTaskQueueDispatchMode,
  type XTaskQueueHandle,
} from '@gdkts/xasync';
import { liveAsyncStateCount, liveTaskQueueCount } from '@gdkts/xasync/testing';
import type { ProviderBehaviour, ProviderLog } from '@gdkts/xasync/testing/properties';

/** Prints an HRESULT for assertion messages. */
export const hex = (hr: HRESULT): string => hresultToString(hr);

/** Creates a queue; fails the test if that fails. */
export function newQueue(work: XTaskQueueDispatchMode, completion: XTaskQueueDispatchMode = work): XTaskQueueHandle {
  const q = out<XTaskQueueHandle | null>(null);
  const hr = XTaskQueueCreate(work, completion, q);
  if (hr !== 0 || q.value === null) throw new Error(`XTaskQueueCreate failed: ${hex(hr)}`);
  return q.value;
}

/**
 * Dispatches both ports of a queue (no wait) until two passes in a row run nothing (a pass that
 * runs nothing still processes termination steps). @returns how many callbacks ran.
 */
export function pumpQueue(queue: XTaskQueueHandle): number {
  let total = 0;
  for (let idle = 0; idle < 2; ) {
    let n = 0;
    while (XTaskQueueDispatch(queue, XTaskQueuePort.Work, 0)) n++;
    while (XTaskQueueDispatch(queue, XTaskQueuePort.Completion, 0)) n++;
    total += n;
    idle = n === 0 ? idle + 1 : 0;
  }
  return total;
}

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

/** The live counters now; `expectBack()` asserts both are back at these values. */
export function leakBaseline(): { readonly states: number; readonly queues: number; expectBack(): void } {
  const states = liveAsyncStateCount();
  const queues = liveTaskQueueCount();
  return {
    states,
    queues,
    expectBack(): void {
      expect(liveAsyncStateCount(), 'live async states').toBe(states);
      expect(liveTaskQueueCount(), 'live task queues').toBe(queues);
    },
  };
}

export { deferred, type Deferred } from '@gdkts/xasync/testing';
