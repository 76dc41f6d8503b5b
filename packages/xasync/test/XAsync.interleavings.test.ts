/**
 * fc.scheduler runs: with `installSchedulerHost`, every ready thread-pool callback is a task the
 * scheduler starts when it likes, and the work's own Promises and timers are scheduled too, so each
 * run explores one of the orders native pool threads allow. The fast-check seed is printed by
 * vitest.setup.ts on every run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_FAIL,
  E_PENDING,
  S_FALSE,
  S_OK,
  XAsyncBegin,
  XAsyncCancel,
  XAsyncGetResult,
  XAsyncGetResultSize,
  XAsyncGetStatus,
  XAsyncRun,
  XTaskQueueCloseHandle,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
  XTaskQueueSubmitCallback,
  XTaskQueueTerminate,
  out,
  type HRESULT,
  type XAsyncBlock,
  type XTaskQueueCallback,
} from '@gdkts/xasync';
import { installSchedulerHost, openRuntimeSandbox } from '@gdkts/xasync/testing';
import { makeProvider, providerBehaviour, type ProviderBehaviour } from '@gdkts/xasync/testing/properties';
import { deferred, expectCleanupRules, finalStatusesOf, hex } from './helpers/model.js';

const { ThreadPool, SerializedThreadPool, Immediate } = XTaskQueueDispatchMode;
const poolModes = fc.constantFrom(ThreadPool, SerializedThreadPool);
const completionModes = fc.constantFrom(ThreadPool, SerializedThreadPool, Immediate);
const POOL_SIZE = 2;

describe('XAsyncRun under any pool interleaving', () => {
  const work = fc.record({
    async: fc.boolean(),
    result: fc.constantFrom(S_OK, S_FALSE, 0x12345678, E_FAIL, E_ABORT),
  });

  it('each callback runs once and sees the final status; serialized work never overlaps; at most poolSize busy', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        poolModes,
        completionModes,
        fc.array(work, { minLength: 1, maxLength: 6 }),
        async (s, workMode, completionMode, works) => {
          const sandbox = openRuntimeSandbox({ virtualHost: false, poolSize: POOL_SIZE });
          const host = installSchedulerHost(s);
          try {
            const q = sandbox.createQueue(workMode, completionMode);
            let running = 0;
            let maxRunning = 0;
            const calls = works.map((w, i) => {
              const done = deferred();
              const call = { callbacks: 0, statusInCallback: E_PENDING as HRESULT, done, block: {} as XAsyncBlock };
              call.block = {
                queue: q,
                callback: (b) => {
                  call.callbacks++;
                  call.statusInCallback = XAsyncGetStatus(b, false);
                  done.resolve();
                },
              };
              const hr = XAsyncRun(call.block, () => {
                running++;
                maxRunning = Math.max(maxRunning, running);
                if (!w.async) {
                  running--;
                  return w.result;
                }
                return s.schedule(Promise.resolve(w.result), `work ${i} settles`).then((v) => {
                  running--;
                  return v;
                });
              });
              expect(hex(hr)).toBe(hex(S_OK));
              expect(XAsyncGetStatus(call.block, false), 'pool work never runs inside the submitting call').toBe(
                E_PENDING,
              );
              return call;
            });
            await s.waitFor(Promise.all(calls.map((c) => c.done.promise)));
            works.forEach((w, i) => {
              const call = calls[i]!;
              expect(call.callbacks, `callback of call ${i}`).toBe(1);
              expect(hex(call.statusInCallback), `status visible in callback ${i}`).toBe(hex(w.result));
              expect(hex(XAsyncGetStatus(call.block, false))).toBe(hex(w.result));
            });
            expect(maxRunning).toBeLessThanOrEqual(workMode === SerializedThreadPool ? 1 : POOL_SIZE);
            XTaskQueueCloseHandle(q);
            await s.waitIdle();
            expect(calls.every((c) => c.callbacks === 1)).toBe(true);
            expect(host.errors).toEqual([]);
          } finally {
            host();
          }
          expect(sandbox.end()).toEqual([]);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('provider calls under any interleaving of pool work, timers, Cancel and Terminate', () => {
  const callArb = fc.record({ behaviour: providerBehaviour({ maxDelayMs: 30 }), cancel: fc.boolean() });

  /** The status a call ends with when nothing cancels it. */
  const uncanceledStatus = (b: ProviderBehaviour): HRESULT =>
    b.completeIn !== 'begin' && b.throwsInDoWork ? E_FAIL : b.result;

  it('each call finishes once, Cleanup once after its last op, payload delivered once, terminate completes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.constantFrom(ThreadPool, SerializedThreadPool, Immediate),
        completionModes,
        fc.array(callArb, { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        async (s, workMode, completionMode, specs, terminate) => {
          const sandbox = openRuntimeSandbox({ virtualHost: false });
          const host = installSchedulerHost(s, { virtualTime: true });
          try {
            const q = sandbox.createQueue(workMode, completionMode);
            // the scheduled Cancel / Terminate steps, awaited once the scheduler ran them (a failed expect surfaces)
            const scheduled: Promise<void>[] = [];
            const calls = specs.map(({ behaviour, cancel }, i) => {
              const { provider, log } = makeProvider(behaviour);
              const identity = { call: i };
              const done = deferred();
              const call = {
                behaviour,
                cancel,
                log,
                done,
                callbacks: 0,
                status: E_PENDING as HRESULT,
                payload: -1,
                block: {} as XAsyncBlock,
              };
              call.block = {
                queue: q,
                callback: (b) => {
                  call.callbacks++;
                  call.status = XAsyncGetStatus(b, false);
                  const size = out(0);
                  XAsyncGetResultSize(b, size);
                  if (size.value > 0) {
                    const buffer = new Uint8Array(size.value);
                    const hr = XAsyncGetResult(b, identity, size.value, buffer, null);
                    call.payload = hr === S_OK && buffer.every((x) => x === 0xab) ? size.value : -2;
                  }
                  done.resolve();
                },
              };
              expect(hex(XAsyncBegin(call.block, undefined, identity, 'ScheduledCall', provider))).toBe(hex(S_OK));
              if (cancel)
                scheduled.push(s.schedule(Promise.resolve(), `cancel ${i}`).then(() => XAsyncCancel(call.block)));
              return call;
            });
            const terminated = deferred();
            let terminations = 0;
            if (terminate) {
              scheduled.push(
                s.schedule(Promise.resolve(), 'terminate').then(() => {
                  const hr = XTaskQueueTerminate(q, false, undefined, () => {
                    terminations++;
                    terminated.resolve();
                  });
                  expect(hex(hr)).toBe(hex(S_OK));
                }),
              );
            }
            await s.waitIdle();
            await Promise.all(scheduled);
            // what only a cancel can end ends now
            for (const call of calls) XAsyncCancel(call.block);
            await s.waitFor(Promise.all(calls.map((c) => c.done.promise)));
            if (terminate) await s.waitFor(terminated.promise);
            XTaskQueueCloseHandle(q);
            await s.waitIdle();
            for (const [i, call] of calls.entries()) {
              const what = `call ${i} ${JSON.stringify(call.behaviour)}`;
              expect(call.callbacks, what).toBe(1);
              expect(finalStatusesOf(call.behaviour).map(hex), what).toContain(hex(call.status));
              expect(hex(XAsyncGetStatus(call.block, false)), what).toBe(hex(call.status));
              if (!call.cancel && !terminate && call.behaviour.completeIn !== 'never-until-cancel') {
                expect(hex(call.status), what).toBe(hex(uncanceledStatus(call.behaviour)));
              }
              if (call.status >= 0 && call.behaviour.payloadSize > 0)
                expect(call.payload, what).toBe(call.behaviour.payloadSize);
              expectCleanupRules(call.log, true, what);
            }
            expect(terminations).toBe(terminate ? 1 : 0);
            expect(host.errors).toEqual([]);
          } finally {
            host();
          }
          expect(sandbox.end()).toEqual([]);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('queue callbacks under any interleaving', () => {
  it('SerializedThreadPool runs callbacks one at a time in FIFO order, Promise-holding ones included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), async (s, holds) => {
        const sandbox = openRuntimeSandbox({ virtualHost: false });
        const host = installSchedulerHost(s);
        try {
          const q = sandbox.createQueue(SerializedThreadPool, SerializedThreadPool);
          const order: number[] = [];
          let running = 0;
          let overlaps = 0;
          holds.forEach((hold, i) => {
            const cb = ((): unknown => {
              if (running++ > 0) overlaps++;
              order.push(i);
              if (!hold) {
                running--;
                return undefined;
              }
              return s.schedule(Promise.resolve(), `callback ${i} settles`).then(() => {
                running--;
              });
            }) as XTaskQueueCallback;
            expect(XTaskQueueSubmitCallback(q, XTaskQueuePort.Work, undefined, cb)).toBe(S_OK);
          });
          await s.waitIdle();
          expect(order).toEqual(holds.map((_, i) => i));
          expect(overlaps).toBe(0);
          XTaskQueueCloseHandle(q);
          await s.waitIdle();
          expect(host.errors).toEqual([]);
        } finally {
          host();
        }
        expect(sandbox.end()).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  it('terminating a pool queue at any point calls each pending callback exactly once, canceled after Terminate', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        poolModes,
        poolModes,
        fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 8 }),
        async (s, w, c, ports) => {
          const sandbox = openRuntimeSandbox({ virtualHost: false });
          const host = installSchedulerHost(s);
          try {
            const q = sandbox.createQueue(w, c);
            let terminated = false;
            const runs = ports.map(() => [] as boolean[]);
            const wrong: string[] = [];
            ports.forEach((port, i) => {
              const hr = XTaskQueueSubmitCallback(q, port as XTaskQueuePort, undefined, (_ctx, canceled) => {
                runs[i]!.push(canceled);
                if (canceled !== terminated)
                  wrong.push(`callback ${i}: canceled=${canceled}, terminated=${terminated}`);
              });
              expect(hr).toBe(S_OK);
            });
            const done = deferred();
            const terminating = s.schedule(Promise.resolve(), 'terminate').then(() => {
              terminated = true;
              expect(XTaskQueueTerminate(q, false, undefined, () => done.resolve())).toBe(S_OK);
            });
            await s.waitFor(Promise.all([terminating, done.promise]));
            expect(wrong).toEqual([]);
            expect(runs.map((r) => r.length)).toEqual(ports.map(() => 1));
            XTaskQueueCloseHandle(q);
            await s.waitIdle();
          } finally {
            host();
          }
          expect(sandbox.end()).toEqual([]);
        },
      ),
      { numRuns: 50 },
    );
  });
});
