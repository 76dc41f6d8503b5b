import { createServer, connect, type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { S_OK, XAsyncRun, XTaskQueueCloseHandle, XTaskQueueTerminate } from '@gdkts/xasync';
import { useRuntimeSandbox } from '@gdkts/xasync/testing';
import { ThreadPool } from './helpers/queues.js';

const vh = useRuntimeSandbox({ beforeEach, afterEach });

/** Resolves with what `probe()` returns once a loopback TCP echo of one byte came back. */
async function echoOnce(probe: () => number): Promise<number> {
  const server = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  try {
    return await new Promise<number>((answered, failed) => {
      const client = connect((server.address() as AddressInfo).port, '127.0.0.1', () => client.write('x'));
      client.once('data', () => {
        answered(probe());
        client.destroy();
      });
      client.once('error', failed);
    });
  } finally {
    await new Promise<void>((closed) => server.close(() => closed()));
  }
}

describe('the thread pool on the real host', () => {
  // Native pool threads drain ready work without sleeping; one macrotask here drains ready jobs for
  // a small budget, then yields: a timer and a socket are served while a 100k burst still runs.
  it('serves a timer and a loopback socket while a 100k burst of calls runs (no starvation)', async () => {
    vh.useRealHost();
    const q = vh.createQueue(ThreadPool, ThreadPool);
    const N = 100_000;
    let worked = 0;
    let completed = 0;
    const finished = new Promise<void>((done) => {
      const callback = (): void => {
        if (++completed === N) done();
      };
      const work = (): number => {
        worked++;
        return S_OK;
      };
      for (let i = 0; i < N; i++) expect(XAsyncRun({ queue: q, callback }, work)).toBe(S_OK);
    });
    const timer = new Promise<number>((fired) => setTimeout(() => fired(worked), 1));
    const echoed = echoOnce(() => worked);
    const [atTimer, atEcho] = await Promise.all([timer, echoed]);
    await finished;
    // Counts, not times: both were served before half the burst's work routines had run (a pump
    // per job would run every queued routine in one event-loop phase before either).
    expect(atTimer).toBeLessThan(N / 2);
    expect(atEcho).toBeLessThan(N / 2);
    expect(completed).toBe(N);
    expect(XTaskQueueTerminate(q, true, undefined, null)).toBe(S_OK);
    XTaskQueueCloseHandle(q);
  });
});
