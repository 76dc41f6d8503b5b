/**
 * `Registrations` and `TokenTable` (`@gdkts/xasync/provider`): bigint tokens, the limit,
 * delivery through a queue, and `unregister(token, wait)` with its awaitable twin.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { E_ABORT, E_HANDLE, E_OUTOFMEMORY, E_POINTER, S_OK, XTaskQueuePort, XTaskQueueTerminate, out, type XTaskQueueRegistrationToken } from '@gdkts/xasync';
import { Registrations, TokenTable } from '@gdkts/xasync/provider';
import { deferred } from '@gdkts/xasync/testing';
import { dispatchCompletion, settle } from './helpers/calls.js';
import { pump, useRuntimeSandbox } from '@gdkts/xasync/testing';

const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, { virtualHost: false });
const { createQueue } = sandbox;

interface Handler {
  readonly name: string;
  readonly calls: string[];
}

function token(): { value: XTaskQueueRegistrationToken } {
  return out<XTaskQueueRegistrationToken>({ token: 0n });
}

describe('TokenTable', () => {
  it('hands out bigint tokens from 1, never reused, and E_OUTOFMEMORY at the limit', () => {
    const t = new TokenTable<string>(2);
    expect(t.add('a')).toBe(1n);
    expect(t.add('b')).toBe(2n);
    expect(t.add('c')).toBe(E_OUTOFMEMORY);
    expect(t.delete(1n)).toBe(true);
    expect(t.delete(1n)).toBe(false);
    expect(t.add('c')).toBe(3n);
    expect([...t.entries()]).toEqual([
      [2n, 'b'],
      [3n, 'c'],
    ]);
    expect(t.get(3n)).toBe('c');
    expect(t.get(1n)).toBeUndefined();
  });
});

describe('Registrations', () => {
  it('writes { token } and returns E_POINTER without an out-parameter, E_OUTOFMEMORY past the limit', () => {
    const regs = new Registrations<Handler>({ limit: 1 });
    expect(regs.register({ name: 'x', calls: [] }, null as never)).toBe(E_POINTER);
    const t = token();
    expect(regs.register({ name: 'a', calls: [] }, t)).toBe(S_OK);
    expect(typeof t.value.token).toBe('bigint');
    expect(regs.register({ name: 'b', calls: [] }, token())).toBe(E_OUTOFMEMORY);
    expect(regs.get(t.value)?.name).toBe('a');
    expect(regs.size).toBe(1);
  });

  it('runs nothing for a registration once unregistered, and reads bad tokens as unknown', () => {
    const regs = new Registrations<Handler>();
    const t = token();
    const h = { name: 'a', calls: [] as string[] };
    regs.register(h, t);
    expect(regs.invoke(t.value, (r) => r.calls.push('one'))).toBe(1);
    expect(regs.unregister(t.value, false)).toBe(true);
    expect(regs.invoke(t.value, (r) => r.calls.push('two'))).toBeUndefined();
    expect(h.calls).toEqual(['one']);
    expect(regs.unregister(t.value, true)).toBe(false); // unknown now
    for (const bad of [null, 'token', { token: 1 }, {}, 7n]) expect(regs.unregister(bad as never, true)).toBe(false);
  });

  it('unregister from inside its own callback: false with wait=false, false with wait=true (cannot finish), removed when it returns', () => {
    const regs = new Registrations<Handler>();
    const t = token();
    regs.register({ name: 'a', calls: [] }, t);
    const answers: boolean[] = [];
    regs.invoke(t.value, () => {
      answers.push(regs.unregister(t.value, false));
      expect(regs.isRunning(t.value)).toBe(true);
    });
    expect(answers).toEqual([false]);
    expect(regs.isRunning(t.value)).toBe(false);
    expect(regs.entries()).toEqual([]);

    const t2 = token();
    regs.register({ name: 'b', calls: [] }, t2);
    regs.invoke(t2.value, () => answers.push(regs.unregister(t2.value, true)));
    expect(answers).toEqual([false, false]);
    expect(regs.size).toBe(0);
  });

  it('unregisterAsync resolves only after an awaiting callback settled; the blocking wait returns false for it', async () => {
    const regs = new Registrations<Handler>();
    const t = token();
    regs.register({ name: 'a', calls: [] }, t);
    const gate = deferred<void>();
    const running = regs.invoke(t.value, () => gate.promise);
    expect(regs.isRunning(t.value)).toBe(true);
    expect(regs.unregister(t.value, true)).toBe(false); // a Promise cannot settle while the caller blocks
    let done = false;
    const unregistered = regs.unregisterAsync(t.value).then((v) => {
      done = v;
    });
    await settle();
    expect(done).toBe(false);
    gate.resolve();
    await running;
    await unregistered;
    expect(done).toBe(true);
    expect(regs.isRunning(t.value)).toBe(false);
  });

  it('delivers through XTaskQueueSubmitCallback on the registrant queue, skipping one unregistered meanwhile', () => {
    const q = createQueue();
    const regs = new Registrations<Handler>();
    const a = { name: 'a', calls: [] as string[] };
    const b = { name: 'b', calls: [] as string[] };
    const ta = token();
    const tb = token();
    regs.register(a, ta);
    regs.register(b, tb);
    for (const [t, r] of regs.entries()) {
      expect(regs.submit(q, XTaskQueuePort.Completion, t, (reg, canceled) => void reg.calls.push(`${r.name}:${canceled}`))).toBe(S_OK);
    }
    expect(a.calls).toEqual([]); // queued, not run
    regs.unregister(tb.value, false);
    expect(pump(q)).toBe(2);
    expect(a.calls).toEqual(['a:false']);
    expect(b.calls).toEqual([]);
  });

  it('submit answers the queue HRESULT: E_HANDLE for a fake queue, E_ABORT for a terminated one', () => {
    const q = createQueue();
    const regs = new Registrations<Handler>();
    const t = token();
    regs.register({ name: 'a', calls: [] }, t);
    expect(regs.submit('queue' as never, XTaskQueuePort.Completion, t.value, () => undefined)).toBe(E_HANDLE);
    XTaskQueueTerminate(q, false, undefined, null);
    pump(q);
    expect(regs.submit(q, XTaskQueuePort.Completion, t.value, () => undefined)).toBe(E_ABORT);
    expect(dispatchCompletion(q)).toBe(false);
  });

  it('clear unregisters everything', () => {
    const regs = new Registrations<Handler>();
    regs.register({ name: 'a', calls: [] }, token());
    regs.register({ name: 'b', calls: [] }, token());
    regs.clear();
    expect(regs.size).toBe(0);
    expect(regs.entries()).toEqual([]);
  });
});
