// The running game runtime's XUser state: one per XGameRuntimeInitialize … XGameRuntimeUninitialize,
// so every handle, registration and call of an earlier runtime is dead afterwards (xuser-xal.md §0
// "Lifetimes"). Module-private; the native faces reach it through current().
import { E_GAMERUNTIME_INVALID_HANDLE, E_GAMERUNTIME_NOT_INITIALIZED, type HRESULT } from '@gdkts/hresult';
import type {
  AudioEndpointEvent,
  DeviceAssociationEvent,
  SessionUser,
  SignOutDeferral,
  UserChangeEvent,
  UserSession,
} from '@gdkts/identity';
import { HandleTable, Registrations } from '@gdkts/xasync/provider';
import type { XTaskQueueHandle } from '@gdkts/xasync';
import type { EmulatedConsole } from '../EmulatedConsole.js';
import type {
  XUserChangeEventCallback,
  XUserDefaultAudioEndpointUtf16ChangedCallback,
  XUserDeviceAssociationChangedCallback,
  XUserHandle,
  XUserSignOutDeferralHandle,
} from '../types.js';

/** One registration of a callback with a queue and a context. */
export interface CallbackRegistration<C> {
  readonly queue: XTaskQueueHandle | null;
  readonly context: unknown;
  readonly callback: C;
}

/** One change-event registration. */
export type ChangeRegistration = CallbackRegistration<XUserChangeEventCallback>;

/** The session listeners a runtime hands its session's other events to. */
export interface RuntimeListeners {
  readonly change: (rt: Runtime, event: UserChangeEvent) => void;
  readonly device: (rt: Runtime, event: DeviceAssociationEvent) => void;
  readonly audio: (rt: Runtime, event: AudioEndpointEvent) => void;
}

/** The state of one initialized runtime. */
export interface Runtime {
  readonly console: EmulatedConsole;
  readonly session: UserSession;
  readonly users: HandleTable<SessionUser, XUserHandle>;
  readonly deferrals: HandleTable<SignOutDeferral, XUserSignOutDeferralHandle>;
  readonly changes: Registrations<ChangeRegistration>;
  readonly deviceAssociations: Registrations<CallbackRegistration<XUserDeviceAssociationChangedCallback>>;
  readonly audioEndpoints: Registrations<CallbackRegistration<XUserDefaultAudioEndpointUtf16ChangedCallback>>;
  /** Aborted by XGameRuntimeUninitialize: every call still running completes with E_ABORT. */
  readonly shutdown: AbortController;
  /** The SigningOut event whose callbacks are running now (XUserGetSignOutDeferral works only then). */
  signingOut: UserChangeEvent | undefined;
  /** Calls begun and not yet cleaned up. */
  calls: number;
  initCount: number;
  unsubscribe: () => void;
}

/** Every registration of a runtime (change events, device associations, audio endpoints). */
export function registrationCount(rt: Runtime): number {
  return rt.changes.size + rt.deviceAssociations.size + rt.audioEndpoints.size;
}

let runtime: Runtime | undefined;

/** The running runtime, or E_GAMERUNTIME_NOT_INITIALIZED. */
export function current(): Runtime | HRESULT {
  return runtime ?? E_GAMERUNTIME_NOT_INITIALIZED;
}

/** The running runtime without the error (for testing counters). */
export function peek(): Runtime | undefined {
  return runtime;
}

export function start(console: EmulatedConsole, listeners: RuntimeListeners): Runtime {
  const session = console.startSession();
  const rt: Runtime = {
    console,
    session,
    users: new HandleTable<SessionUser, XUserHandle>({
      kind: 'XUserHandle',
      invalidHandle: E_GAMERUNTIME_INVALID_HANDLE,
      onCreate: (user) => session.retain(user),
      onLastClose: (user) => session.release(user),
    }),
    deferrals: new HandleTable<SignOutDeferral, XUserSignOutDeferralHandle>({
      kind: 'XUserSignOutDeferralHandle',
      invalidHandle: E_GAMERUNTIME_INVALID_HANDLE,
      onLastClose: (deferral) => deferral.complete(),
    }),
    changes: new Registrations<ChangeRegistration>(),
    deviceAssociations: new Registrations(),
    audioEndpoints: new Registrations(),
    shutdown: new AbortController(),
    signingOut: undefined,
    calls: 0,
    initCount: 1,
    unsubscribe: () => undefined,
  };
  const ends = [
    session.onChange((event) => listeners.change(rt, event)),
    session.onDeviceAssociation((event) => listeners.device(rt, event)),
    session.onAudioEndpoint((event) => listeners.audio(rt, event)),
  ];
  rt.unsubscribe = () => {
    for (const end of ends) end();
  };
  runtime = rt;
  return rt;
}

export function stop(rt: Runtime): void {
  if (runtime === rt) runtime = undefined;
  rt.unsubscribe();
  rt.changes.clear();
  rt.deviceAssociations.clear();
  rt.audioEndpoints.clear();
  rt.shutdown.abort();
  rt.console.endSession();
}

/** What {@link untilAborted} answers when the call was cancelled or the runtime uninitialized. */
export const ABORTED: unique symbol = Symbol('aborted');

/**
 * Runs a piece of a call's work so that XAsyncCancel (the call's signal) and
 * XGameRuntimeUninitialize (the runtime's) end it with E_ABORT.
 */
export function untilAborted<T>(
  rt: Runtime,
  signal: AbortSignal,
  work: T | PromiseLike<T>,
): Promise<T | typeof ABORTED> | T {
  if (!(typeof work === 'object' && work !== null && typeof (work as { then?: unknown }).then === 'function'))
    return work as T;
  return new Promise<T | typeof ABORTED>((resolve, reject) => {
    const signals = [signal, rt.shutdown.signal];
    const onAbort = (): void => {
      for (const s of signals) s.removeEventListener('abort', onAbort);
      resolve(ABORTED);
    };
    if (signals.some((s) => s.aborted)) return resolve(ABORTED);
    for (const s of signals) s.addEventListener('abort', onAbort);
    (work as PromiseLike<T>).then(
      (value) => {
        for (const s of signals) s.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        for (const s of signals) s.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
