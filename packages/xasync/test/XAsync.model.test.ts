/**
 * Model-based property tests (fc.commands): random sequences of XAsyncBegin / Schedule / Complete /
 * Cancel / GetResult / GetStatus(wait) and XTaskQueueDispatch / Submit / Terminate / CloseHandle
 * against a small reference model of the call state machine and of termination (xasync-semantics.md §2, §3,
 * §4.7). The fast-check seed is printed by vitest.setup.ts on every run.
 *
 * - Manual/Manual queues under the virtual host: every step is deterministic, so the model predicts
 *   every HRESULT, every status, every callback (with its `canceled` flag) in order, the provider
 *   ops of every call and the live-state count.
 * - Thread-pool queues under the virtual host with a seeded start-order shuffle: the order is not
 *   predicted; the invariants are checked instead.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_FAIL,
  E_HANDLE,
  E_ILLEGAL_METHOD_CALL,
  E_INVALIDARG,
  E_NOT_SUFFICIENT_BUFFER,
  E_NOT_SUPPORTED,
  E_PENDING,
  E_POSSIBLE_DEADLOCK,
  E_UNEXPECTED,
  FAILED,
  S_FALSE,
  S_OK,
  XAsyncBegin,
  XAsyncCancel,
  XAsyncComplete,
  XAsyncGetResult,
  XAsyncGetResultSize,
  XAsyncGetStatus,
  XAsyncOp,
  XAsyncSchedule,
  XTaskQueueCloseHandle,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueueDuplicateHandle,
  XTaskQueuePort,
  XTaskQueueSubmitCallback,
  XTaskQueueSubmitDelayedCallback,
  XTaskQueueTerminate,
  out,
  type HRESULT,
  type XAsyncBlock,
  type XAsyncProvider,
  type XTaskQueueHandle,
} from '@gdkts/xasync';
import { openRuntimeSandbox, type RuntimeSandbox, type VirtualHost } from '@gdkts/xasync/testing';
import {
  makeProvider,
  providerBehaviour,
  type ProviderBehaviour,
  type ProviderLog,
} from '@gdkts/xasync/testing/properties';
import { expectCleanupRules, finalStatusesOf, hex } from './helpers/model.js';

const { Manual, ThreadPool, SerializedThreadPool, Immediate } = XTaskQueueDispatchMode;
const { Work, Completion } = XTaskQueuePort;
const Status = { Active: 0, Canceled: 1, Terminating: 2, Terminated: 3 } as const;

const SLOTS = 3;
const QUEUES = 2;
/** Every delayed item of the Manual model waits this long; Advance moves time further. */
const DELAY = 10;
const ADVANCE = 100;
const BEGIN_FAILURE = 0x8009beef | 0;
const DOWORK_FAILURE = 0x8009abcd | 0;
const WRONG_IDENTITY = Symbol('not the identity');

// ---------------------------------------------------------------------------------------------
// The scripted provider of the Manual model

type BeginAct = 'none' | 'schedule' | 'complete' | 'fail';
type WorkAct = 'complete' | 'pending' | 'fail' | 'noComplete' | 'reschedule' | 'throw';

/** What one call's provider does, op by op. */
interface CallSpec {
  readonly begin: BeginAct;
  /** DoWork behaviours, used in turn (cycling). */
  readonly work: readonly WorkAct[];
  readonly honourCancel: boolean;
  readonly result: HRESULT;
  readonly size: number;
  readonly withCallback: boolean;
}

const callSpec: fc.Arbitrary<CallSpec> = fc.record({
  begin: fc.constantFrom<BeginAct>('none', 'schedule', 'schedule', 'schedule', 'complete', 'fail'),
  work: fc.array(
    fc.constantFrom<WorkAct>('complete', 'complete', 'pending', 'fail', 'noComplete', 'reschedule', 'throw'),
    {
      minLength: 1,
      maxLength: 3,
    },
  ),
  honourCancel: fc.boolean(),
  result: fc.constantFrom(S_OK, S_OK, S_FALSE, 0x12345678, E_FAIL, DOWORK_FAILURE),
  size: fc.constantFrom(0, 0, 1, 4, 16),
  withCallback: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

/** The byte a call's GetResult op writes. */
const tagOf = (id: number): number => (id * 37 + 11) & 0xff;

// ---------------------------------------------------------------------------------------------
// The reference model

interface MCall {
  readonly id: number;
  readonly slot: number;
  readonly q: number;
  readonly spec: CallSpec;
  status: HRESULT;
  completed: boolean;
  payload: number;
  /** The state is attached to the block (the block is in use). */
  attached: boolean;
  handedOut: boolean;
  schedulePending: boolean;
  /** Worker items queued or delayed (each holds a reference). */
  items: number;
  completionQueued: boolean;
  signaled: boolean;
  suspension: boolean;
  dead: boolean;
  /** The provider ops expected so far, Cleanup left out (its timing is checked by rules). */
  readonly ops: number[];
  workIndex: number;
}

type MRecord =
  | { readonly kind: 'none' }
  | { readonly kind: 'failed'; readonly status: HRESULT }
  | { readonly kind: 'call'; readonly call: MCall };
type MItem =
  { readonly kind: 'worker' | 'completion'; readonly call: MCall } | { readonly kind: 'user'; readonly id: number };

interface MPort {
  status: number;
  readonly fifo: MItem[];
  delayed: MItem[];
  readonly markers: number[];
}

interface MQueue {
  closed: boolean;
  readonly ports: readonly [MPort, MPort];
  suspensions: number;
  parked: number[];
}

const newPort = (): MPort => ({ status: Status.Active, fifo: [], delayed: [], markers: [] });

class Model {
  readonly slots: MRecord[] = Array.from({ length: SLOTS }, (): MRecord => ({ kind: 'none' }));
  readonly queues: MQueue[] = Array.from({ length: QUEUES }, (): MQueue => ({
    closed: false,
    ports: [newPort(), newPort()],
    suspensions: 0,
    parked: [],
  }));
  readonly calls: MCall[] = [];
  /** Callbacks in the order they must run: `cb<id>=<status>`, `u<id>` (`u<id>!` canceled), `t<id>`. */
  readonly log: string[] = [];
  readonly users: number[] = [];
  readonly terminations: number[] = [];
  nextCall = 0;
  nextUser = 0;
  nextTermination = 0;

  callIn(slot: number): MCall | undefined {
    const rec = this.slots[slot]!;
    return rec.kind === 'call' ? rec.call : undefined;
  }

  /** `XAsyncGetStatus(block, false)`. */
  status(slot: number): HRESULT {
    const rec = this.slots[slot]!;
    return rec.kind === 'none' ? S_OK : rec.kind === 'failed' ? rec.status : rec.call.status;
  }

  /** `XAsyncGetResultSize`'s size. */
  resultSize(slot: number): number {
    const c = this.callIn(slot);
    return c !== undefined && c.attached && c.completed && !FAILED(c.status) && !c.handedOut ? c.payload : 0;
  }

  begin(id: number, slot: number, q: number, spec: CallSpec): HRESULT {
    if (this.callIn(slot)?.attached === true) return E_INVALIDARG;
    const queue = this.queues[q]!;
    const fail = queue.closed ? E_HANDLE : queue.ports[Work].status >= Status.Terminating ? E_ABORT : S_OK;
    if (fail !== S_OK) {
      this.slots[slot] = { kind: 'failed', status: fail };
      return fail;
    }
    const call: MCall = {
      id,
      slot,
      q,
      spec,
      status: E_PENDING,
      completed: false,
      payload: 0,
      attached: true,
      handedOut: false,
      schedulePending: false,
      items: 0,
      completionQueued: false,
      signaled: false,
      suspension: true,
      dead: false,
      ops: [XAsyncOp.Begin],
      workIndex: 0,
    };
    this.calls.push(call);
    this.slots[slot] = { kind: 'call', call };
    queue.suspensions++;
    if (spec.begin === 'schedule') this.submitWorker(call, 0);
    else if (spec.begin === 'complete') this.complete(call, spec.result, spec.size);
    else if (spec.begin === 'fail') this.complete(call, BEGIN_FAILURE, 0);
    return S_OK;
  }

  /** The state's schedule (also from inside the provider). */
  submitWorker(call: MCall, delay: number): HRESULT {
    if (call.schedulePending) return E_UNEXPECTED;
    call.schedulePending = true; // stays set when the submission fails (libHttpClient quirk)
    const port = this.queues[call.q]!.ports[Work];
    if (port.status >= Status.Terminating) return E_ABORT;
    call.items++;
    (delay === 0 ? port.fifo : port.delayed).push({ kind: 'worker', call });
    return S_OK;
  }

  /** `XAsyncSchedule(block, delay)`. */
  schedule(slot: number, delay: number): HRESULT {
    const rec = this.slots[slot]!;
    if (rec.kind === 'none') return E_INVALIDARG;
    if (rec.kind === 'failed') return rec.status;
    const call = rec.call;
    if (FAILED(call.status) && call.status !== E_PENDING) return call.status;
    if (!call.attached) return E_INVALIDARG;
    return this.submitWorker(call, delay);
  }

  complete(call: MCall, hr: HRESULT, size: number): void {
    if (hr === E_PENDING || call.completed) return;
    call.completed = true;
    call.status = hr;
    const keep = !FAILED(hr) && size > 0;
    call.payload = keep ? size : 0;
    if (!keep) call.attached = false;
    if (call.spec.withCallback) {
      call.completionQueued = true;
      this.queues[call.q]!.ports[Completion].fifo.push({ kind: 'completion', call });
    } else this.signal(call);
  }

  signal(call: MCall): void {
    call.signaled = true;
    if (!call.suspension) return;
    call.suspension = false;
    const queue = this.queues[call.q]!;
    if (--queue.suspensions === 0 && queue.parked.length > 0) {
      queue.ports[Work].markers.push(...queue.parked);
      queue.parked = [];
    }
  }

  /** `XAsyncCancel(block)`: the Cancel op runs while the state is attached. */
  cancel(call: MCall | undefined): void {
    if (call === undefined || !call.attached) return;
    call.ops.push(XAsyncOp.Cancel);
    if (call.spec.honourCancel) this.complete(call, E_ABORT, 0);
  }

  /** `XAsyncGetResult`: the HRESULT, what `bufferUsed` receives (undefined: untouched), whether the op ran. */
  getResult(
    slot: number,
    rightIdentity: boolean,
    buffer: number | null,
  ): { hr: HRESULT; used: number | undefined; op: boolean } {
    const status = this.status(slot);
    const call = this.callIn(slot);
    if (status === E_PENDING || FAILED(status)) return { hr: status, used: undefined, op: false };
    if (call?.handedOut === true) return { hr: E_ILLEGAL_METHOD_CALL, used: undefined, op: false };
    if (call === undefined || !call.attached) return { hr: status, used: 0, op: false };
    let result: { hr: HRESULT; used: number | undefined; op: boolean };
    if (!rightIdentity) result = { hr: E_INVALIDARG, used: undefined, op: false };
    else if (call.payload === 0) result = { hr: E_NOT_SUPPORTED, used: undefined, op: false };
    else if (buffer === null) result = { hr: E_INVALIDARG, used: undefined, op: false };
    else if (buffer < call.payload) result = { hr: E_NOT_SUFFICIENT_BUFFER, used: undefined, op: false };
    else {
      call.ops.push(XAsyncOp.GetResult);
      result = { hr: S_OK, used: call.payload, op: true };
    }
    call.handedOut = true;
    call.attached = false;
    return result;
  }

  /** `XAsyncGetStatus(block, true)` on Manual queues: a wait only the caller could end is a deadlock. */
  wait(slot: number): HRESULT {
    const call = this.callIn(slot);
    return call !== undefined && call.attached && !call.signaled ? E_POSSIBLE_DEADLOCK : this.status(slot);
  }

  submit(q: number, port: 0 | 1, delay: number, id: number): HRESULT {
    const queue = this.queues[q]!;
    if (queue.closed) return E_HANDLE;
    const p = queue.ports[port];
    if (p.status >= Status.Terminating) return E_ABORT;
    (delay === 0 ? p.fifo : p.delayed).push({ kind: 'user', id });
    this.users.push(id);
    return S_OK;
  }

  terminate(q: number, id: number): HRESULT {
    const queue = this.queues[q]!;
    if (queue.closed) return E_HANDLE;
    this.terminations.push(id);
    const [work, completion] = queue.ports;
    work.status = Math.max(work.status, Status.Canceled);
    completion.status = Math.max(completion.status, Status.Canceled);
    this.beginPortTermination(work);
    if (queue.suspensions > 0) queue.parked.push(id);
    else work.markers.push(id);
    return S_OK;
  }

  private beginPortTermination(port: MPort): void {
    port.status = Math.max(port.status, Status.Terminating);
    port.fifo.push(...port.delayed);
    port.delayed = [];
  }

  /** `XTaskQueueDispatch(queue, port, 0)`. */
  dispatch(q: number, port: 0 | 1): boolean {
    const queue = this.queues[q]!;
    const p = queue.ports[port];
    const item = p.fifo.shift();
    if (item !== undefined) {
      this.run(item, p.status !== Status.Active);
      return true;
    }
    for (let id = p.markers.shift(); id !== undefined; id = p.markers.shift()) {
      p.status = Status.Terminated;
      if (port === Work) {
        this.beginPortTermination(queue.ports[Completion]);
        queue.ports[Completion].markers.push(id);
      } else this.log.push(`t${id}`);
    }
    return false;
  }

  private run(item: MItem, canceled: boolean): void {
    if (item.kind === 'user') {
      this.log.push(`u${item.id}${canceled ? '!' : ''}`);
      return;
    }
    const call = item.call;
    if (item.kind === 'completion') {
      this.log.push(`cb${call.id}=${hex(this.status(call.slot))}`);
      call.completionQueued = false;
      this.signal(call);
      return;
    }
    call.schedulePending = false;
    if (canceled) {
      this.cancel(call);
      if (call.status !== E_ABORT) this.complete(call, E_ABORT, 0);
    } else if (!call.completed) {
      const act = call.spec.work[call.workIndex++ % call.spec.work.length]!;
      call.ops.push(XAsyncOp.DoWork);
      let hr: HRESULT = S_OK;
      if (act === 'complete') this.complete(call, call.spec.result, call.spec.size);
      else if (act === 'pending') hr = E_PENDING;
      else if (act === 'fail') hr = DOWORK_FAILURE;
      else if (act === 'throw') hr = E_FAIL;
      else if (act === 'reschedule') {
        this.submitWorker(call, 0);
        hr = E_PENDING;
      }
      if (hr !== E_PENDING) {
        if (FAILED(hr)) this.complete(call, hr, 0);
        else if (!call.completed) this.complete(call, E_UNEXPECTED, 0);
      }
    }
    call.items--;
  }

  /** The virtual clock passed every delayed item's due time: promoted in submission order. */
  advance(): void {
    for (const queue of this.queues) {
      for (const p of queue.ports) {
        p.fifo.push(...p.delayed);
        p.delayed = [];
      }
    }
  }

  /** A state dies (and must have been cleaned up) once nothing references it. */
  settle(): void {
    for (const c of this.calls) if (!c.dead && !c.attached && c.items === 0 && !c.completionQueued) c.dead = true;
  }

  idle(): boolean {
    return this.queues.every(
      (q) => q.parked.length === 0 && q.ports.every((p) => p.fifo.length + p.delayed.length + p.markers.length === 0),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The real system

interface RCall {
  readonly identity: object;
  readonly ops: number[];
  readonly overlaps: string[];
  lastStatus: HRESULT | undefined;
}

class Real {
  readonly sandbox: RuntimeSandbox = openRuntimeSandbox();
  readonly host: VirtualHost = this.sandbox.host;
  /** What the sandbox found when it ended (set by `dispose`). */
  problems: string[] = [];
  /** `handle`: given to blocks, terminated and closed by commands; `drain`: the game thread's own handle. */
  readonly queues: { readonly handle: XTaskQueueHandle; readonly drain: XTaskQueueHandle }[] = [];
  readonly blocks: XAsyncBlock[] = Array.from({ length: SLOTS }, (): XAsyncBlock => ({}));
  readonly calls = new Map<number, RCall>();
  readonly log: string[] = [];

  constructor() {
    for (let i = 0; i < QUEUES; i++) {
      const handle = this.sandbox.createQueue(Manual, Manual);
      const drain = out<XTaskQueueHandle | null>(null);
      expect(XTaskQueueDuplicateHandle(handle, drain)).toBe(S_OK);
      this.queues.push({ handle, drain: drain.value! });
    }
  }

  /** A provider doing what `spec` says, logging its ops and Cleanup-rule violations. */
  provider(id: number, spec: CallSpec): XAsyncProvider {
    const rc: RCall = { identity: { call: id }, ops: [], overlaps: [], lastStatus: undefined };
    this.calls.set(id, rc);
    let running = 0;
    let workIndex = 0;
    return (op, data) => {
      rc.ops.push(op);
      if (rc.ops.includes(XAsyncOp.Cleanup) && (op !== XAsyncOp.Cleanup || running > 0))
        rc.overlaps.push(`op ${op} with Cleanup`);
      running++;
      try {
        switch (op) {
          case XAsyncOp.Begin:
            if (spec.begin === 'schedule') return XAsyncSchedule(data.async, 0);
            if (spec.begin === 'complete') XAsyncComplete(data.async, spec.result, spec.size);
            return spec.begin === 'fail' ? BEGIN_FAILURE : S_OK;
          case XAsyncOp.DoWork: {
            const act = spec.work[workIndex++ % spec.work.length];
            if (act === 'complete') XAsyncComplete(data.async, spec.result, spec.size);
            if (act === 'reschedule') return XAsyncSchedule(data.async, 0) === S_OK ? E_PENDING : E_FAIL;
            if (act === 'throw') throw new Error('DoWork failed');
            return act === 'pending' ? E_PENDING : act === 'fail' ? DOWORK_FAILURE : S_OK;
          }
          case XAsyncOp.Cancel:
            if (spec.honourCancel) XAsyncComplete(data.async, E_ABORT, 0);
            return S_OK;
          case XAsyncOp.GetResult:
            data.buffer!.fill(tagOf(id), 0, data.bufferSize);
            return S_OK;
          default:
            return S_OK;
        }
      } finally {
        running--;
      }
    };
  }

  /** Closes every handle and restores the real host (whatever happened). */
  dispose(): void {
    for (const q of this.queues) {
      XTaskQueueCloseHandle(q.handle);
      XTaskQueueCloseHandle(q.drain);
    }
    this.problems = this.sandbox.end();
  }
}

/** The model's view after a command: compared with the real system. */
function verify(m: Model, r: Real): void {
  m.settle();
  expect(r.log, 'callbacks run, in order').toEqual(m.log);
  for (let slot = 0; slot < SLOTS; slot++) {
    const block = r.blocks[slot]!;
    const status = XAsyncGetStatus(block, false);
    expect(hex(status), `status of slot ${slot}`).toBe(hex(m.status(slot)));
    const size = out(-1);
    expect(hex(XAsyncGetResultSize(block, size))).toBe(hex(status));
    expect(size.value, `result size of slot ${slot}`).toBe(m.resultSize(slot));
    const call = m.callIn(slot);
    if (call !== undefined) {
      // E_PENDING, then one final value that never changes
      const rc = r.calls.get(call.id)!;
      if (rc.lastStatus !== undefined && rc.lastStatus !== E_PENDING)
        expect(hex(status), `call ${call.id} status changed`).toBe(hex(rc.lastStatus));
      rc.lastStatus = status;
    }
  }
  for (const call of m.calls) {
    const rc = r.calls.get(call.id)!;
    expect(rc.overlaps, `call ${call.id}`).toEqual([]);
    expect(
      rc.ops.filter((op) => op !== XAsyncOp.Cleanup),
      `provider ops of call ${call.id}`,
    ).toEqual(call.ops);
    const cleanups = rc.ops.filter((op) => op === XAsyncOp.Cleanup).length;
    expect(cleanups, `Cleanups of call ${call.id}`).toBeLessThanOrEqual(1);
    if (call.dead) expect(cleanups, `call ${call.id} died without Cleanup`).toBe(1);
    if (!call.completed || call.attached) expect(cleanups, `call ${call.id} cleaned up while live`).toBe(0);
  }
  expect(r.sandbox.leaks().states, 'live async states').toBe(m.calls.filter((c) => !c.dead).length);
  expect(r.host.errors).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Commands

type Act = (m: Model, r: Real) => void;

class Step implements fc.Command<Model, Real> {
  constructor(
    private readonly label: string,
    private readonly act: Act,
  ) {}
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    this.act(m, r);
    verify(m, r);
  }
  toString(): string {
    return this.label;
  }
}

const slotArb = fc.integer({ min: 0, max: SLOTS - 1 });
const queueArb = fc.integer({ min: 0, max: QUEUES - 1 });
const portArb = fc.constantFrom<0 | 1>(Work, Completion);

function begin(slot: number, q: number, spec: CallSpec): Act {
  return (m, r) => {
    const id = m.nextCall++;
    const block = r.blocks[slot]!;
    if (m.callIn(slot)?.attached !== true) {
      block.queue = r.queues[q]!.handle;
      block.callback = spec.withCallback
        ? (b) =>
            r.log.push(b === block ? `cb${id}=${hex(XAsyncGetStatus(b, false))}` : `cb${id}: not the caller's block`)
        : null;
    }
    const provider = r.provider(id, spec);
    const hr = XAsyncBegin(block, { context: id }, r.calls.get(id)!.identity, `Call${id}`, provider);
    expect(hex(hr), 'XAsyncBegin').toBe(hex(m.begin(id, slot, q, spec)));
  };
}

function schedule(slot: number, delay: number): Act {
  return (m, r) =>
    expect(hex(XAsyncSchedule(r.blocks[slot]!, delay)), 'XAsyncSchedule').toBe(hex(m.schedule(slot, delay)));
}

function complete(slot: number, hr: HRESULT, size: number): Act {
  return (m, r) => {
    XAsyncComplete(r.blocks[slot]!, hr, size);
    const call = m.callIn(slot);
    if (call !== undefined) m.complete(call, hr, size);
  };
}

function cancel(slot: number): Act {
  return (m, r) => {
    XAsyncCancel(r.blocks[slot]!);
    m.cancel(m.callIn(slot));
  };
}

type BufferKind = 'null' | 'small' | 'exact' | 'large';

function getResult(slot: number, rightIdentity: boolean, kind: BufferKind, withUsed: boolean): Act {
  return (m, r) => {
    const block = r.blocks[slot]!;
    const size = out(0);
    XAsyncGetResultSize(block, size);
    const n = size.value;
    const length = kind === 'small' ? Math.max(0, n - 1) : kind === 'exact' ? n : n + 8;
    const buffer = kind === 'null' ? null : new Uint8Array(length);
    const used = withUsed ? out(-1) : null;
    const call = m.callIn(slot);
    const identity = rightIdentity && call !== undefined ? r.calls.get(call.id)!.identity : WRONG_IDENTITY;
    const hr = XAsyncGetResult(block, identity, buffer === null ? 0 : length, buffer, used);
    const expected = m.getResult(slot, rightIdentity && call !== undefined, buffer === null ? null : length);
    expect(hex(hr), 'XAsyncGetResult').toBe(hex(expected.hr));
    if (used !== null) expect(used.value, 'bufferUsed').toBe(expected.used ?? -1);
    if (expected.op)
      expect([...buffer!.subarray(0, call!.payload)]).toEqual(new Array<number>(call!.payload).fill(tagOf(call!.id)));
  };
}

function wait(slot: number): Act {
  return (m, r) => expect(hex(XAsyncGetStatus(r.blocks[slot]!, true)), 'XAsyncGetStatus(wait)').toBe(hex(m.wait(slot)));
}

function dispatch(q: number, port: 0 | 1): Act {
  return (m, r) =>
    expect(XTaskQueueDispatch(r.queues[q]!.drain, port, 0), `dispatch queue ${q} port ${port}`).toBe(
      m.dispatch(q, port),
    );
}

function submit(q: number, port: 0 | 1, delay: number): Act {
  return (m, r) => {
    const id = m.nextUser++;
    const cb = (context: unknown, canceled: boolean): void => {
      r.log.push(`u${String(context)}${canceled ? '!' : ''}`);
    };
    const hr = XTaskQueueSubmitDelayedCallback(r.queues[q]!.handle, port, delay, id, cb);
    expect(hex(hr), 'XTaskQueueSubmitDelayedCallback').toBe(hex(m.submit(q, port, delay, id)));
  };
}

function terminate(q: number): Act {
  return (m, r) => {
    const id = m.nextTermination++;
    const hr = XTaskQueueTerminate(r.queues[q]!.handle, false, id, (context) => r.log.push(`t${String(context)}`));
    expect(hex(hr), 'XTaskQueueTerminate').toBe(hex(m.terminate(q, id)));
  };
}

function close(q: number): Act {
  return (m, r) => {
    XTaskQueueCloseHandle(r.queues[q]!.handle);
    m.queues[q]!.closed = true;
  };
}

const advance: Act = (m, r) => {
  r.host.advance(ADVANCE);
  m.advance();
};

const manualCommands = [
  fc
    .tuple(slotArb, queueArb, callSpec)
    .map(([s, q, spec]) => new Step(`Begin(${s}, q${q}, ${JSON.stringify(spec)})`, begin(s, q, spec))),
  fc.tuple(slotArb, fc.constantFrom(0, 0, DELAY)).map(([s, d]) => new Step(`Schedule(${s}, ${d})`, schedule(s, d))),
  fc
    .tuple(slotArb, fc.constantFrom(S_OK, S_FALSE, E_FAIL, E_ABORT, E_PENDING), fc.constantFrom(0, 3, 8))
    .map(([s, hr, n]) => new Step(`Complete(${s}, ${hex(hr)}, ${n})`, complete(s, hr, n))),
  slotArb.map((s) => new Step(`Cancel(${s})`, cancel(s))),
  fc
    .tuple(
      slotArb,
      fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      fc.constantFrom<BufferKind>('null', 'small', 'exact', 'exact', 'large'),
      fc.boolean(),
    )
    .map(
      ([s, id, kind, used]) =>
        new Step(
          `GetResult(${s}, ${id ? 'identity' : 'wrong identity'}, ${kind}, ${used})`,
          getResult(s, id, kind, used),
        ),
    ),
  slotArb.map((s) => new Step(`Wait(${s})`, wait(s))),
  fc
    .tuple(queueArb, portArb)
    .map(([q, p]) => new Step(`Dispatch(q${q}, ${p === Work ? 'Work' : 'Completion'})`, dispatch(q, p))),
  fc
    .tuple(queueArb, portArb)
    .map(([q, p]) => new Step(`Dispatch(q${q}, ${p === Work ? 'Work' : 'Completion'})`, dispatch(q, p))),
  fc
    .tuple(queueArb, portArb, fc.constantFrom(0, 0, DELAY))
    .map(([q, p, d]) => new Step(`Submit(q${q}, ${p}, ${d})`, submit(q, p, d))),
  queueArb.map((q) => new Step(`Terminate(q${q})`, terminate(q))),
  queueArb.map((q) => new Step(`Close(q${q})`, close(q))),
  fc.constant(new Step('Advance', advance)),
];

/** Ends every call (complete the pending, fetch the payloads), then pumps until the model is idle. */
function drain(m: Model, r: Real): void {
  for (let round = 0; round < 20; round++) {
    for (let slot = 0; slot < SLOTS; slot++) {
      const call = m.callIn(slot);
      if (call?.attached !== true) continue;
      new Step('drain', call.completed ? getResult(slot, true, 'exact', true) : complete(slot, E_ABORT, 0)).run(m, r);
    }
    new Step('drain', advance).run(m, r);
    for (let pass = 0; pass < 1000; pass++) {
      let ran = false;
      for (let q = 0; q < QUEUES; q++) {
        for (const port of [Work, Completion] as const) {
          const p = m.queues[q]!.ports[port];
          ran ||= p.fifo.length + p.markers.length > 0;
          new Step('drain', dispatch(q, port)).run(m, r);
        }
      }
      if (!ran) break;
    }
    m.settle();
    if (m.idle() && m.calls.every((c) => c.dead)) return;
  }
  throw new Error('the model did not drain');
}

describe('model: Manual/Manual queues, every step predicted', () => {
  it('Begin/Schedule/Complete/Cancel/GetResult/Wait/Dispatch/Submit/Terminate/Close/Advance follow the model', () => {
    fc.assert(
      fc.property(fc.commands(manualCommands, { maxCommands: 60 }), (cmds) => {
        const r = new Real();
        try {
          const m = new Model();
          fc.modelRun(() => ({ model: m, real: r }), cmds);
          drain(m, r);
          // every started call: callback exactly once (when it has one), Cleanup exactly once
          for (const call of m.calls) {
            const callbacks = r.log.filter((e) => e.startsWith(`cb${call.id}=`) || e.startsWith(`cb${call.id}:`));
            expect(callbacks, `callbacks of call ${call.id}`).toHaveLength(call.spec.withCallback ? 1 : 0);
            expect(
              r.calls.get(call.id)!.ops.filter((op) => op === XAsyncOp.Cleanup),
              `Cleanup of call ${call.id}`,
            ).toHaveLength(1);
            expect(call.status, `call ${call.id} still pending`).not.toBe(E_PENDING);
          }
          // every accepted queue callback exactly once; every termination callback exactly once
          for (const id of m.users)
            expect(
              r.log.filter((e) => e === `u${id}` || e === `u${id}!`),
              `callback u${id}`,
            ).toHaveLength(1);
          for (const id of m.terminations)
            expect(
              r.log.filter((e) => e === `t${id}`),
              `termination t${id}`,
            ).toHaveLength(1);
          expect(r.sandbox.leaks().states, 'live async states').toBe(0);
        } finally {
          r.dispose();
        }
        expect(r.problems, 'live task queues').toEqual([]);
      }),
    );
  });

  it('terminate calls every pending callback exactly once with canceled = true, then the termination callback', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(portArb, fc.constantFrom(0, DELAY)), { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(callSpec, fc.integer({ min: 0, max: 2 })), { maxLength: 3 }),
        (items, calls) => {
          const r = new Real();
          try {
            const m = new Model();
            const steps: Step[] = [];
            calls.forEach(([spec, slot]) => steps.push(new Step('Begin', begin(slot, 0, spec))));
            items.forEach(([port, delay]) => steps.push(new Step('Submit', submit(0, port, delay))));
            steps.push(new Step('Terminate', terminate(0)));
            for (const step of steps) step.run(m, r);
            drain(m, r);
            const termination = r.log.indexOf('t0');
            expect(termination).toBe(r.log.length - 1);
            // every queue callback accepted before Terminate ran once, canceled
            for (const id of m.users) expect(r.log).toContain(`u${id}!`);
            // every call begun before Terminate ended (canceled unless it completed first)
            for (const call of m.calls) expect(call.status).not.toBe(E_PENDING);
          } finally {
            r.dispose();
          }
          expect(r.problems, 'live task queues').toEqual([]);
        },
      ),
      { numRuns: 50 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Thread-pool variant: start order shuffled by a seed, checked by invariants

interface TPCall {
  readonly slot: number;
  readonly behaviour: ProviderBehaviour;
  readonly log: ProviderLog;
  readonly identity: object;
  readonly withCallback: boolean;
  callbacks: number;
  handedOut: boolean;
  lastStatus: HRESULT;
}

class PoolReal {
  readonly host: VirtualHost;
  readonly sandbox: RuntimeSandbox;
  /** What the sandbox found when it ended (set by `dispose`). */
  problems: string[] = [];
  readonly handles: XTaskQueueHandle[];
  readonly closed: boolean[];
  readonly terminated: boolean[];
  readonly blocks: XAsyncBlock[] = Array.from({ length: SLOTS }, (): XAsyncBlock => ({}));
  readonly current: (TPCall | undefined)[] = new Array<TPCall | undefined>(SLOTS).fill(undefined);
  readonly calls: TPCall[] = [];
  readonly users: { readonly q: number; runs: number }[] = [];
  readonly terminations: number[] = [];
  readonly violations: string[] = [];

  constructor(seed: number, modes: readonly (readonly [XTaskQueueDispatchMode, XTaskQueueDispatchMode])[]) {
    this.sandbox = openRuntimeSandbox({ shuffleSeed: seed });
    this.host = this.sandbox.host;
    this.handles = modes.map(([w, c]) => this.sandbox.createQueue(w, c));
    this.closed = modes.map(() => false);
    this.terminated = modes.map(() => false);
  }

  dispose(): void {
    this.handles.forEach((h, i) => {
      if (!this.closed[i]) XTaskQueueCloseHandle(h);
    });
    this.problems = this.sandbox.end();
  }
}

/** Per-step invariants that hold whatever the interleaving. */
function verifyPool(r: PoolReal): void {
  expect(r.violations).toEqual([]);
  expect(r.host.errors).toEqual([]);
  for (const call of r.calls) {
    expect(call.callbacks, 'completion routine ran more than once').toBeLessThanOrEqual(1);
    expectCleanupRules(call.log, false);
  }
  for (let slot = 0; slot < SLOTS; slot++) {
    const call = r.current[slot];
    if (call === undefined) continue;
    const status = XAsyncGetStatus(r.blocks[slot]!, false);
    if (call.lastStatus !== E_PENDING) expect(hex(status), 'a final status never changes').toBe(hex(call.lastStatus));
    call.lastStatus = status;
    if (status !== E_PENDING) expect(finalStatusesOf(call.behaviour).map(hex)).toContain(hex(status));
  }
}

class PoolStep implements fc.Command<object, PoolReal> {
  constructor(
    private readonly label: string,
    private readonly act: (r: PoolReal) => void,
  ) {}
  check(): boolean {
    return true;
  }
  run(_m: object, r: PoolReal): void {
    this.act(r);
    verifyPool(r);
  }
  toString(): string {
    return this.label;
  }
}

/** Whether the block is in use: pending, or a payload waiting. */
function inUse(block: XAsyncBlock): boolean {
  const size = out(0);
  const status = XAsyncGetResultSize(block, size);
  return status === E_PENDING || size.value > 0;
}

function poolBegin(slot: number, q: number, behaviour: ProviderBehaviour, withCallback: boolean) {
  return (r: PoolReal): void => {
    const block = r.blocks[slot]!;
    const busy = inUse(block);
    const expected = busy ? E_INVALIDARG : r.closed[q] ? E_HANDLE : r.terminated[q] ? E_ABORT : S_OK;
    const { provider, log } = makeProvider(behaviour);
    const call: TPCall = {
      slot,
      behaviour,
      log,
      identity: { slot },
      withCallback,
      callbacks: 0,
      handedOut: false,
      lastStatus: E_PENDING,
    };
    if (!busy) {
      block.queue = r.handles[q]!;
      block.callback = withCallback
        ? (b) => {
            call.callbacks++;
            if (r.current[slot] === call && XAsyncGetStatus(b, false) === E_PENDING)
              r.violations.push('callback before the status was final');
          }
        : null;
      r.current[slot] = call;
    }
    const hr = XAsyncBegin(block, undefined, call.identity, 'PoolCall', provider);
    expect(hex(hr), 'XAsyncBegin').toBe(hex(expected));
    if (hr === S_OK) r.calls.push(call);
    else if (!busy) r.current[slot] = undefined;
  };
}

function poolGetResult(slot: number) {
  return (r: PoolReal): void => {
    const block = r.blocks[slot]!;
    const call = r.current[slot];
    const size = out(0);
    const status = XAsyncGetResultSize(block, size);
    const buffer = new Uint8Array(size.value + 2);
    const used = out(-1);
    const hr = XAsyncGetResult(block, call?.identity, buffer.length, buffer, used);
    if (status === E_PENDING || FAILED(status)) expect(hex(hr)).toBe(hex(status));
    else if (call !== undefined && call.handedOut)
      expect(hex(hr), 'payload is one-shot').toBe(hex(E_ILLEGAL_METHOD_CALL));
    else if (size.value > 0) {
      expect(hex(hr)).toBe(hex(S_OK));
      expect(used.value).toBe(size.value);
      expect(buffer.subarray(0, size.value).every((b) => b === 0xab)).toBe(true);
      call!.handedOut = true;
      expect(hex(XAsyncGetResult(block, call!.identity, buffer.length, buffer, used)), 'payload is one-shot').toBe(
        hex(E_ILLEGAL_METHOD_CALL),
      );
    } else {
      expect(hex(hr)).toBe(hex(status));
      expect(used.value).toBe(0);
    }
  };
}

function poolSubmit(q: number, port: 0 | 1) {
  return (r: PoolReal): void => {
    const item = { q, runs: 0 };
    const hr = XTaskQueueSubmitCallback(r.handles[q]!, port, undefined, (_c, canceled) => {
      item.runs++;
      if (canceled !== r.terminated[q])
        r.violations.push(`callback canceled=${canceled} but terminated=${r.terminated[q]}`);
    });
    if (r.closed[q]) expect(hex(hr)).toBe(hex(E_HANDLE));
    else if (r.terminated[q] && port === Work) expect(hex(hr)).toBe(hex(E_ABORT));
    else if (!r.terminated[q]) expect(hex(hr)).toBe(hex(S_OK));
    else expect([S_OK, E_ABORT].map(hex)).toContain(hex(hr)); // Completion: accepted until its turn to terminate
    if (hr === S_OK) r.users.push(item);
  };
}

function poolTerminate(q: number) {
  return (r: PoolReal): void => {
    const id = r.terminations.length;
    r.terminations.push(0);
    const hr = XTaskQueueTerminate(r.handles[q]!, false, id, (context) => {
      r.terminations[context as number]!++;
    });
    expect(hex(hr)).toBe(hex(r.closed[q] ? E_HANDLE : S_OK));
    if (r.closed[q]) r.terminations.pop();
    else r.terminated[q] = true;
  };
}

const poolModes = fc.tuple(
  fc.constantFrom(ThreadPool, SerializedThreadPool, Immediate),
  fc.constantFrom(ThreadPool, SerializedThreadPool, Immediate),
);

const poolCommands = [
  fc
    .tuple(slotArb, queueArb, providerBehaviour({ maxDelayMs: 20 }), fc.boolean())
    .map(
      ([s, q, b, cb]) =>
        new PoolStep(`Begin(${s}, q${q}, ${JSON.stringify(b)}, callback: ${cb})`, poolBegin(s, q, b, cb)),
    ),
  slotArb.map((s) => new PoolStep(`Cancel(${s})`, (r) => XAsyncCancel(r.blocks[s]!))),
  slotArb.map((s) => new PoolStep(`GetResult(${s})`, poolGetResult(s))),
  fc.integer({ min: 1, max: 4 }).map((n) => new PoolStep(`RunTasks(${n})`, (r) => void r.host.runTasks(n))),
  fc.integer({ min: 1, max: 4 }).map((n) => new PoolStep(`RunTasks(${n})`, (r) => void r.host.runTasks(n))),
  fc.integer({ min: 0, max: 30 }).map((ms) => new PoolStep(`Advance(${ms})`, (r) => r.host.advance(ms))),
  fc.tuple(queueArb, portArb).map(([q, p]) => new PoolStep(`Submit(q${q}, ${p})`, poolSubmit(q, p))),
  queueArb.map((q) => new PoolStep(`Terminate(q${q})`, poolTerminate(q))),
  queueArb.map(
    (q) =>
      new PoolStep(`Close(q${q})`, (r) => {
        XTaskQueueCloseHandle(r.handles[q]!);
        r.closed[q] = true;
      }),
  ),
];

describe('model: thread-pool queues, start order shuffled by seed', () => {
  it('callbacks once, Cleanup once, statuses final once, payload one-shot, terminate cancels, nothing leaks', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.tuple(poolModes, poolModes),
        fc.commands(poolCommands, { maxCommands: 40 }),
        (seed, modes, cmds) => {
          const r = new PoolReal(seed, modes);
          try {
            fc.modelRun(() => ({ model: {}, real: r }), cmds);
            // end every call: cancel what still runs, let everything run, fetch payloads
            for (const block of r.blocks) XAsyncCancel(block);
            r.host.runAll();
            for (let slot = 0; slot < SLOTS; slot++) poolGetResult(slot)(r);
            r.host.runAll();
            verifyPool(r);
            for (const call of r.calls) {
              expect(call.callbacks, 'completion routine ran once').toBe(call.withCallback ? 1 : 0);
              expectCleanupRules(call.log, true);
            }
            for (const slot of r.current.keys()) expect(XAsyncGetStatus(r.blocks[slot]!, false)).not.toBe(E_PENDING);
            for (const item of r.users) expect(item.runs, 'queue callback ran once').toBe(1);
            for (const n of r.terminations) expect(n, 'termination callback ran once').toBe(1);
            expect(r.sandbox.leaks().states, 'live async states').toBe(0);
          } finally {
            r.dispose();
          }
          expect(r.problems, 'live task queues').toEqual([]);
        },
      ),
      { numRuns: 50 },
    );
  });
});
