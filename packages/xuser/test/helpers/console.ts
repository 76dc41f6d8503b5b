// The vitest wiring of the xuser tests around the test console of `@gdkts/xuser/testing`
// (`bootTestConsole`): the per-test leak check, and the calls, queues and sign-in most tests make.
import { afterEach, beforeEach, expect } from 'vitest';
import {
  XAsyncGetStatus,
  XTaskQueueCreate,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
  out,
  type HRESULT,
  type XAsyncBlock,
  type XTaskQueueHandle,
} from '@gdkts/xasync';
import { useRuntimeSandbox } from '@gdkts/xasync/testing';
import type { RuntimeSandbox } from '@gdkts/xasync/testing';
import { XUserAddAsync, XUserAddOptions, XUserAddResult } from '@gdkts/xuser';
import type { XUserHandle } from '@gdkts/xuser';
import { XUSER_SANDBOX, uninitializeGameRuntime } from '@gdkts/xuser/testing';

/**
 * The shipped test sandbox for every test of the file with `XUSER_SANDBOX` (real host: these tests
 * use real promises, sockets and keys, and XUser's own live counters); after each test the runtime is uninitialized
 * and calls it aborted get to finish before the sandbox compares the counters with their baseline.
 */
export function useLeakCheck(): RuntimeSandbox {
  const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, XUSER_SANDBOX);
  // Registered after the sandbox's own hook, so it runs first (after-hooks run in reverse order).
  afterEach(async () => {
    uninitializeGameRuntime();
    await settleCalls(sandbox);
  });
  return sandbox;
}

/** Lets calls that are finishing (cleanups on the thread pool, aborted calls) end: waits until none is live, or 500 turns. */
export async function settleCalls(sandbox: RuntimeSandbox): Promise<void> {
  for (let i = 0; i < 500 && sandbox.leaks().states > 0; i++)
    await new Promise((r) => (i % 2 === 0 ? setImmediate(r) : setTimeout(r, 0)));
}

/** Starts a call on a fresh block and resolves with the block once its callback ran. */
export function call(
  start: (block: XAsyncBlock) => HRESULT,
  queue: XTaskQueueHandle | null = null,
): Promise<XAsyncBlock> {
  return new Promise((resolve, reject) => {
    const block: XAsyncBlock = { queue, callback: (b) => resolve(b) };
    const hr = start(block);
    if (hr < 0) reject(new Error(`start failed: 0x${(hr >>> 0).toString(16)}`));
  });
}

/** The call's status once complete. */
export async function status(start: (block: XAsyncBlock) => HRESULT): Promise<HRESULT> {
  return XAsyncGetStatus(await call(start), false);
}

/** Adds the default user silently and answers its handle (the test closes it). */
export async function addDefault(): Promise<XUserHandle> {
  const block = await call((b) => XUserAddAsync(XUserAddOptions.AddDefaultUserSilently, b));
  const user = out<XUserHandle | null>(null);
  expect(XUserAddResult(block, user)).toBe(0);
  return user.value!;
}

/** A ThreadPool/Manual queue: callbacks on its Completion port run only when the test dispatches them. */
export function manualQueue(): XTaskQueueHandle {
  const q = out<XTaskQueueHandle | null>(null);
  expect(XTaskQueueCreate(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.Manual, q)).toBe(0);
  return q.value!;
}

/** Runs every callback waiting on the queue's Completion port; answers how many ran. */
export function drain(queue: XTaskQueueHandle): number {
  let n = 0;
  while (XTaskQueueDispatch(queue, XTaskQueuePort.Completion, 0)) n++;
  return n;
}
