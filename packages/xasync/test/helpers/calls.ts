/**
 * Shared helpers for the XAsync state-machine and promises-layer tests: a scripted provider that
 * logs its ops, and one-callback dispatch steps (the sandbox and `pump` come from
 * `@gdkts/xasync/testing`).
 */
import {
  E_PENDING,
  S_OK,
  XAsyncComplete,
  XAsyncOp,
  XAsyncSchedule,
  XTaskQueueDispatch,
  XTaskQueuePort,
  type HRESULT,
  type XAsyncBlock,
  type XAsyncProvider,
  type XAsyncProviderData,
  type XTaskQueueHandle,
} from '@gdkts/xasync';

/** The native op names, indexed by `XAsyncOp` value. */
export const opNames = ['Begin', 'DoWork', 'GetResult', 'Cancel', 'Cleanup'] as const;
export type OpName = (typeof opNames)[number];

/** Dispatches one Work callback of a Manual port. */
export function dispatchWork(queue: XTaskQueueHandle): boolean {
  return XTaskQueueDispatch(queue, XTaskQueuePort.Work, 0);
}

/**
 * Dispatches one Work callback, letting up to `timeoutMs` of emulated time pass for a delayed one
 * (the game thread blocking in `XTaskQueueDispatch(q, Work, timeout)`).
 */
export function dispatchWorkWithin(queue: XTaskQueueHandle, timeoutMs: number): boolean {
  return XTaskQueueDispatch(queue, XTaskQueuePort.Work, timeoutMs);
}

/** Dispatches one Completion callback of a Manual port. */
export function dispatchCompletion(queue: XTaskQueueHandle): boolean {
  return XTaskQueueDispatch(queue, XTaskQueuePort.Completion, 0);
}

/** Lets pending microtasks, and the pool callbacks a real host runs next, run: one real macrotask turn. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** What a scripted op does; returning nothing means `S_OK`. */
export type OpScript = (data: XAsyncProviderData) => HRESULT | void;

/** Per-op behaviour of {@link scriptedProvider}. Ops left out return `S_OK` and do nothing. */
export interface ProviderScript {
  begin?: OpScript;
  doWork?: OpScript;
  getResult?: OpScript;
  cancel?: OpScript;
  cleanup?: OpScript;
}

/** A provider that logs its ops (by name) into a shared log and checks Cleanup's rules. */
export interface ScriptedProvider {
  readonly provider: XAsyncProvider;
  /** The shared log: op names as each op starts, plus whatever the test pushes (e.g. `'CB'`). */
  readonly log: string[];
  /** The data object of every op, in order. */
  readonly data: XAsyncProviderData[];
  /** Ops that started while Cleanup ran, or Cleanup started while another op ran. Must stay empty. */
  readonly overlaps: string[];
  /** How many ops of each name ran. */
  count(op: OpName): number;
}

/** Makes a provider from a script. `log` may be shared with completion routines. */
export function scriptedProvider(script: ProviderScript, log: string[] = []): ScriptedProvider {
  const data: XAsyncProviderData[] = [];
  const overlaps: string[] = [];
  const running: OpName[] = [];
  const handlers: (OpScript | undefined)[] = [
    script.begin,
    script.doWork,
    script.getResult,
    script.cancel,
    script.cleanup,
  ];
  const provider: XAsyncProvider = (op, d) => {
    const name = opNames[op];
    log.push(name);
    data.push(d);
    if (name === 'Cleanup' ? running.length > 0 : running.includes('Cleanup'))
      overlaps.push(`${name} during ${running.join(',')}`);
    running.push(name);
    try {
      return handlers[op]?.(d) ?? S_OK;
    } finally {
      running.splice(running.lastIndexOf(name), 1);
    }
  };
  return { provider, log, data, overlaps, count: (op) => log.filter((e) => e === op).length };
}

/** Begin op that schedules DoWork (`delayInMs` later). */
export const scheduleIn =
  (delayInMs = 0): OpScript =>
  (d) =>
    XAsyncSchedule(d.async, delayInMs);

/** DoWork/Begin op that completes the call. */
export const completeWith =
  (hr: HRESULT, size = 0): OpScript =>
  (d) => {
    XAsyncComplete(d.async, hr, size);
  };

/** GetResult op that copies `payload` into the caller's buffer. */
export const copyOut =
  (payload: Uint8Array): OpScript =>
  (d) => {
    d.buffer!.set(payload);
  };

/**
 * The usual payload provider: Begin schedules, DoWork completes with `payload.length` bytes,
 * GetResult copies the payload. Cancel completes with `E_ABORT` when `honourCancel`.
 */
export function payloadProvider(payload: Uint8Array, log: string[] = [], honourCancel = false): ScriptedProvider {
  return scriptedProvider(
    {
      begin: scheduleIn(0),
      doWork: completeWith(S_OK, payload.length),
      getResult: copyOut(payload),
      ...(honourCancel ? { cancel: completeWith(0x80004004 | 0) } : {}),
    },
    log,
  );
}

/** A provider whose DoWork returns `E_PENDING` and whose call completes only when the test says so. */
export function pendingProvider(log: string[] = []): ScriptedProvider {
  return scriptedProvider({ begin: scheduleIn(0), doWork: () => E_PENDING }, log);
}

/** A block on `queue` whose completion routine logs `'CB'` (and runs `inside`, if given). */
export function loggingBlock(
  queue: XTaskQueueHandle | null,
  log: string[],
  inside?: (block: XAsyncBlock) => void,
): XAsyncBlock {
  return {
    queue,
    callback: (b) => {
      log.push('CB');
      inside?.(b);
    },
  };
}

/** An identity for `XAsyncBegin` / `XAsyncGetResult` (any value compared with `Object.is`). */
export const IDENTITY = Symbol('MyAsync');

/** `XAsyncOp` by name, for readability in assertions. */
export const Op = XAsyncOp;
