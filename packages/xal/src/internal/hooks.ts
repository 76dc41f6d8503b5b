// The platform hooks the title set (xal_platform.h) and how XAL raises them: each event is
// submitted to the hook's queue (its Completion port; `null` = the process queue) with a fresh
// XalPlatformOperation that the title completes once (xuser-xal.md §2.3).
import { XTaskQueuePort, XTaskQueueSubmitCallback, type XTaskQueueHandle } from '@gdkts/xasync';
import { SUCCEEDED } from '@gdkts/hresult';
import {
  XalPlatformOperationResult,
  XalSpopOperationResult,
  type XalHttpHeader,
  type XalPlatformCryptoCallbacks,
  type XalPlatformDateTimeCallbacks,
  type XalPlatformOperation,
  type XalPlatformRemoteConnectEventHandlers,
  type XalPlatformSpopPromptEventHandler,
  type XalPlatformStorageEventHandlers,
  type XalPlatformWebShowUrlEventHandler,
  type XalShowUrlType,
} from '../types.js';

/** The kinds of operation, each completed by its own function. */
export type OperationKind = 'web' | 'storageWrite' | 'storageRead' | 'storageClear' | 'remoteConnect' | 'spop';

/** What a title's `…Complete` call hands back. */
export interface OperationCompletion {
  readonly result: number;
  readonly url?: string | null;
  readonly data?: Uint8Array | null;
}

/** One outstanding operation. */
export interface OperationRecord {
  readonly kind: OperationKind;
  readonly settle: (completion: OperationCompletion) => void;
  /** Remote connect: cancels the flow (XalPlatformRemoteConnectCancelPrompt). */
  cancel?: () => void;
}

/** The object behind an XalPlatformOperation; the `#record` brand cannot be forged. */
class PlatformOperation {
  readonly #record: OperationRecord;
  constructor(record: OperationRecord) {
    this.#record = record;
  }
  static recordOf(value: unknown): OperationRecord | undefined {
    return typeof value === 'object' && value !== null && #record in value ? value.#record : undefined;
  }
}

const outstanding = new Set<OperationRecord>();

/**
 * Operations raised and not yet completed: 0 after a test that completed every hook.
 * @returns the count.
 */
export function outstandingOperationCount(): number {
  return outstanding.size;
}

/**
 * A new operation and the Promise its completion settles.
 * @param kind - [in] which `…Complete` function ends it.
 * @returns the handle and the Promise.
 */
export function startOperation(kind: OperationKind): { readonly operation: XalPlatformOperation; readonly record: OperationRecord; readonly done: Promise<OperationCompletion> } {
  let settle: (c: OperationCompletion) => void = () => undefined;
  const done = new Promise<OperationCompletion>((resolve) => {
    settle = resolve;
  });
  const record: OperationRecord = {
    kind,
    settle: (completion) => {
      if (!outstanding.delete(record)) return;
      settle(completion);
    },
  };
  outstanding.add(record);
  return { operation: Object.freeze(new PlatformOperation(record)) as unknown as XalPlatformOperation, record, done };
}

/**
 * The outstanding operation behind a handle, when it is of `kind`.
 * @param operation - [in] any value.
 * @param kind - [in] the kind the caller completes.
 * @returns the record, or `undefined` for anything else (spent, foreign, another kind).
 */
export function operationOf(operation: unknown, kind: OperationKind): OperationRecord | undefined {
  const record = PlatformOperation.recordOf(operation);
  return record !== undefined && record.kind === kind && outstanding.has(record) ? record : undefined;
}

/** The hooks the title set. */
export const hooks: {
  web: { readonly queue: XTaskQueueHandle | null; readonly context: unknown; readonly handler: XalPlatformWebShowUrlEventHandler } | null;
  storage: { readonly queue: XTaskQueueHandle | null; readonly handlers: Readonly<XalPlatformStorageEventHandlers> } | null;
  remoteConnect: { readonly queue: XTaskQueueHandle | null; readonly handlers: Readonly<XalPlatformRemoteConnectEventHandlers> } | null;
  spop: { readonly queue: XTaskQueueHandle | null; readonly context: unknown; readonly handler: XalPlatformSpopPromptEventHandler } | null;
  crypto: Readonly<XalPlatformCryptoCallbacks> | null;
  dateTime: Readonly<XalPlatformDateTimeCallbacks> | null;
} = { web: null, storage: null, remoteConnect: null, spop: null, crypto: null, dateTime: null };

/**
 * Runs `invoke` on the Completion port of `queue`; a refused submit or a terminating queue settles
 * the operation with Failure, as does a handler that throws.
 */
function raise(queue: XTaskQueueHandle | null, record: OperationRecord, invoke: () => void): void {
  const hr = XTaskQueueSubmitCallback(queue, XTaskQueuePort.Completion, undefined, (_context, canceled) => {
    if (canceled) {
      record.settle({ result: XalPlatformOperationResult.Failure });
      return;
    }
    try {
      invoke();
    } catch {
      record.settle({ result: XalPlatformOperationResult.Failure });
    }
  });
  if (!SUCCEEDED(hr)) record.settle({ result: XalPlatformOperationResult.Failure });
}

/**
 * Raises one event: a new operation of `kind`, `invoke(operation)` on the hook's queue; a missing
 * hook settles at once with `missing`.
 */
function request(kind: OperationKind, hook: { readonly queue: XTaskQueueHandle | null } | null, invoke: (operation: XalPlatformOperation) => void, missing: number = XalPlatformOperationResult.Failure): Promise<OperationCompletion> {
  const { operation, record, done } = startOperation(kind);
  if (hook === null) record.settle({ result: missing });
  else raise(hook.queue, record, () => invoke(operation));
  return done;
}

/**
 * Raises the web-view hook and waits for `XalPlatformWebShowUrlComplete`.
 * @returns the result and the final URL the title reported.
 */
export function showUrl(userIdentifier: number, startUrl: string, finalUrl: string, type: XalShowUrlType, headers: readonly XalHttpHeader[] = []): Promise<OperationCompletion> {
  const web = hooks.web;
  const copies = Object.freeze(headers.map((h) => Object.freeze({ name: h.name, value: h.value })));
  return request('web', web, (op) => web?.handler(web.context, userIdentifier, op, startUrl, finalUrl, type, copies.length, copies));
}

/** Raises the storage write hook (the title gets its own copy of the bytes). */
export function storageWrite(userIdentifier: number, key: string, data: Uint8Array): Promise<OperationCompletion> {
  const storage = hooks.storage;
  return request('storageWrite', storage, (op) => storage?.handlers.write(storage.handlers.context, userIdentifier, op, key, data.length, data.slice()));
}

/** Raises the storage read hook. */
export function storageRead(userIdentifier: number, key: string): Promise<OperationCompletion> {
  const storage = hooks.storage;
  return request('storageRead', storage, (op) => storage?.handlers.read(storage.handlers.context, userIdentifier, op, key));
}

/** Raises the storage clear hook. */
export function storageClear(userIdentifier: number, key: string): Promise<OperationCompletion> {
  const storage = hooks.storage;
  return request('storageClear', storage, (op) => storage?.handlers.clear(storage.handlers.context, userIdentifier, op, key));
}

/**
 * Raises the remote-connect show prompt; `signedIn` settles the flow with Success (or Failure).
 * `XalPlatformRemoteConnectCancelPrompt` settles it with Canceled. The close prompt is raised in
 * every case before the Promise settles.
 */
export function remoteConnect(userIdentifier: number, url: string, code: string, qrCode: Uint8Array, signedIn: Promise<unknown>, cancel: () => void): Promise<OperationCompletion> {
  const remote = hooks.remoteConnect;
  const { operation, record, done } = startOperation('remoteConnect');
  if (remote === null) {
    record.settle({ result: XalPlatformOperationResult.Failure });
    return done;
  }
  let ended: OperationCompletion | undefined;
  const finish = (completion: OperationCompletion): void => {
    if (ended !== undefined) return;
    ended = completion;
    // the close prompt still fires, then the flow ends (xuser-xal.md §2.3 "Cancel ⇒ … close still raised")
    raise(remote.queue, record, () => {
      remote.handlers.close(remote.handlers.context, userIdentifier, operation);
      record.settle(completion);
    });
  };
  record.cancel = () => {
    cancel();
    finish({ result: XalPlatformOperationResult.Canceled });
  };
  void signedIn.then(() => finish({ result: XalPlatformOperationResult.Success }));
  raise(remote.queue, record, () => remote.handlers.show(remote.handlers.context, userIdentifier, operation, url, code, qrCode.length, qrCode.slice()));
  return done;
}

/** Raises the SPOP prompt; a missing hook answers SignInHere. */
export function spopPrompt(userIdentifier: number, modernGamertag: string, suffix: string | null): Promise<OperationCompletion> {
  const spop = hooks.spop;
  return request('spop', spop, (op) => spop?.handler(spop.context, userIdentifier, op, modernGamertag, suffix), XalSpopOperationResult.SignInHere);
}
