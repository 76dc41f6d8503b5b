// Shared setup for the XTaskQueue tests (the sandbox and pump come from `@gdkts/xasync/testing`):
// small wrappers that assert the HRESULT of the calls a test only uses as set-up.
import { expect } from 'vitest';
import {
  S_OK,
  XTaskQueueCreateComposite,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueueDuplicateHandle,
  XTaskQueueGetPort,
  XTaskQueuePort,
  XTaskQueueRegisterMonitor,
  XTaskQueueRegisterWaiter,
  XTaskQueueSubmitDelayedCallback,
  out,
  type XTaskQueueCallback,
  type XTaskQueueHandle,
  type XTaskQueueMonitorCallback,
  type XTaskQueuePortHandle,
  type XTaskQueueRegistrationToken,
  type XWaitHandle,
} from '@gdkts/xasync';
import { deferred, type Deferred } from '@gdkts/xasync/testing';

export const { Manual, ThreadPool, SerializedThreadPool, Immediate } = XTaskQueueDispatchMode;
export const { Work, Completion } = XTaskQueuePort;

export function getPort(queue: XTaskQueueHandle | null, port: XTaskQueuePort): XTaskQueuePortHandle {
  const p = out<XTaskQueuePortHandle | null>(null);
  expect(XTaskQueueGetPort(queue, port, p)).toBe(S_OK);
  return p.value!;
}

export function createComposite(
  workPort: XTaskQueuePortHandle,
  completionPort: XTaskQueuePortHandle,
): XTaskQueueHandle {
  const q = out<XTaskQueueHandle | null>(null);
  expect(XTaskQueueCreateComposite(workPort, completionPort, q)).toBe(S_OK);
  return q.value!;
}

export function duplicate(queue: XTaskQueueHandle): XTaskQueueHandle {
  const q = out<XTaskQueueHandle | null>(null);
  expect(XTaskQueueDuplicateHandle(queue, q)).toBe(S_OK);
  return q.value!;
}

export function submit(
  queue: XTaskQueueHandle | null,
  port: XTaskQueuePort,
  callback: XTaskQueueCallback,
  delayMs = 0,
): void {
  expect(XTaskQueueSubmitDelayedCallback(queue, port, delayMs, undefined, callback)).toBe(S_OK);
}

export function registerMonitor(
  queue: XTaskQueueHandle,
  callback: XTaskQueueMonitorCallback,
): XTaskQueueRegistrationToken {
  const token = out<XTaskQueueRegistrationToken>({ token: 0n });
  expect(XTaskQueueRegisterMonitor(queue, undefined, callback, token)).toBe(S_OK);
  return token.value;
}

export function registerWaiter(
  queue: XTaskQueueHandle,
  port: XTaskQueuePort,
  event: XWaitHandle,
  callback: XTaskQueueCallback,
): XTaskQueueRegistrationToken {
  const token = out<XTaskQueueRegistrationToken>({ token: 0n });
  expect(XTaskQueueRegisterWaiter(queue, port, event, undefined, callback, token)).toBe(S_OK);
  return token.value;
}

/** Dispatches `port` (no wait) until nothing more runs. @returns how many callbacks ran. */
export function dispatchAll(queue: XTaskQueueHandle, port: XTaskQueuePort): number {
  let n = 0;
  while (XTaskQueueDispatch(queue, port, 0)) n++;
  return n;
}

/**
 * Records callback invocations in order: `name` when run normally, `name!` when run with
 * `canceled = true`.
 */
export class CallLog {
  readonly calls: string[] = [];

  /** A queue callback that logs `name` and then runs `then`. */
  cb(name: string, then?: (canceled: boolean) => void): XTaskQueueCallback {
    return (_context, canceled) => {
      this.calls.push(canceled ? `${name}!` : name);
      then?.(canceled);
    };
  }

  /** Logs a plain event (a termination callback, a monitor, a marker in the test). */
  note(name: string): void {
    this.calls.push(name);
  }

  take(): string[] {
    return this.calls.splice(0);
  }
}

export { deferred, type Deferred };

/**
 * Submits to the Work port a Promise-returning callback (JS only) that waits for the returned gate,
 * then submits `completion` (logged by that name) to the Completion port.
 */
export function submitGatedWork(queue: XTaskQueueHandle, log: CallLog): Deferred<void> {
  const gate = deferred();
  const work = async (): Promise<void> => {
    await gate.promise;
    submit(queue, Completion, log.cb('completion'));
  };
  submit(queue, Work, work as XTaskQueueCallback);
  return gate;
}

/** Lets pending Promise reactions run (no macrotask, no time passes). */
export async function flushMicrotasks(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
