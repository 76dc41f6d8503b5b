// User handles, deferral handles, change registrations and XAL's async calls, on the provider kit
// (xuser-xal.md §2.5, §2.7; issue 6 kit: HandleTable, Registrations, beginPromiseCall).
import {
  E_ABORT,
  E_GAMERUNTIME_INVALID_HANDLE,
  E_INVALIDARG,
  E_POINTER,
  FAILED,
  SUCCEEDED,
  type HRESULT,
} from '@gdkts/hresult';
import type { SessionUser, SignOutDeferral, UserChangeEvent } from '@gdkts/identity';
import { XAsyncGetResult, type Out, type XAsyncBlock, type XTaskQueueHandle } from '@gdkts/xasync';
import {
  beginPromiseCall,
  HandleTable,
  Registrations,
  type PayloadWriter,
  type PromiseCallOptions,
  type PromiseCallStart,
} from '@gdkts/xasync/provider';
import type { XalSignoutDeferralHandle, XalUserChangeEventHandler, XalUserHandle } from '../types.js';
import { isOut, writeOut } from './args.js';
import { xal } from './runtime.js';

/** What a user handle stands for: a user of the session, or the device user. */
export interface UserEntry {
  /** The session's user; `null` for the device user. */
  readonly user: SessionUser | null;
  /** The identifier the title passed when adding the user (echoed to hooks). */
  readonly userIdentifier: number;
}

/** XalUserHandle: every handle holds the user in the session's set (the slot frees at the last close). */
export const users = new HandleTable<UserEntry, XalUserHandle>({
  kind: 'XalUserHandle',
  invalidHandle: E_INVALIDARG,
  onCreate: (entry) => {
    if (entry.user !== null) xal.runtime?.session.retain(entry.user);
  },
  onLastClose: (entry) => {
    if (entry.user !== null) xal.runtime?.session.release(entry.user);
  },
});

/**
 * The entry behind a user handle, or the HRESULT: `E_INVALIDARG` for null and (non-GDK) any other
 * non-handle; the GDK flavour answers XUser's `E_GAMERUNTIME_INVALID_HANDLE` for a closed or foreign
 * handle, as `XalUserHandle` is `XUserHandle` there (xuser-xal.md §0 "When the token call fails").
 */
export function resolveUser(handle: unknown): UserEntry | HRESULT {
  const entry = users.resolve(handle);
  if (typeof entry === 'number' && handle !== null && handle !== undefined && xal.runtime?.flavour === 'gdk')
    return E_GAMERUNTIME_INVALID_HANDLE;
  return entry;
}

/** XalSignoutDeferralHandle: closing the last handle completes the deferral. */
export const deferrals = new HandleTable<SignOutDeferral, XalSignoutDeferralHandle>({
  kind: 'XalSignoutDeferralHandle',
  invalidHandle: E_INVALIDARG,
  onLastClose: (deferral) => deferral.complete(),
});

/** One `XalUserRegisterChangeEventHandler` registration. */
export interface ChangeRegistration {
  readonly queue: XTaskQueueHandle | null;
  readonly context: unknown;
  readonly handler: XalUserChangeEventHandler;
}

/** The change-event registrations. */
export const changeHandlers = new Registrations<ChangeRegistration>();

/** The SigningOut event whose handler runs now (deferrals may be taken). */
export const signingOut: { event: UserChangeEvent | null } = { event: null };

const drainWaiters = new Set<() => void>();

/**
 * Resolves once no XAL call is in flight.
 * @returns a Promise.
 */
export function callsDrained(): Promise<void> {
  if (xal.callsInFlight === 0) return Promise.resolve();
  return new Promise((resolve) => drainWaiters.add(resolve));
}

/** Ends one counted call: the last one out wakes the cleanup waiting for them. */
function endCall(): void {
  if (--xal.callsInFlight === 0) {
    for (const resolve of [...drainWaiters]) resolve();
    drainWaiters.clear();
  }
}

/** The options of a call with nothing of its own to clean up (one object for all of them). */
const COUNTED: PromiseCallOptions = Object.freeze({ onCleanup: endCall });

/**
 * Begins an XAL async call on the kit's promise-backed provider, counted as in flight until its
 * Cleanup op (XalCleanupAsync waits for them). A failed begin never reaches the provider (no
 * Cleanup op follows), so it ends the call here.
 */
export function beginXalCall(
  asyncBlock: XAsyncBlock,
  identity: unknown,
  name: string,
  start: PromiseCallStart,
  onCleanup?: () => void,
): HRESULT {
  xal.callsInFlight++;
  const options: PromiseCallOptions =
    onCleanup === undefined
      ? COUNTED
      : {
          onCleanup: () => {
            onCleanup();
            endCall();
          },
        };
  const hr = beginPromiseCall(asyncBlock, identity, name, start, options);
  if (FAILED(hr)) {
    onCleanup?.();
    endCall();
  }
  return hr;
}

let handoff: XalUserHandle | null = null;

const ABORTED = Symbol('aborted');

/** Settles with {@link ABORTED} when `signal` aborts (`XAsyncCancel` after the work started). */
function aborted(signal: AbortSignal): Promise<typeof ABORTED> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(ABORTED);
    else signal.addEventListener('abort', () => resolve(ABORTED), { once: true });
  });
}

/**
 * A call whose result is a new user handle: the handle is made when the work succeeds, handed out
 * once by the `…Result` function, and closed by the Cleanup op when never fetched.
 */
export function beginUserCall(
  asyncBlock: XAsyncBlock,
  identity: unknown,
  name: string,
  work: (signal: AbortSignal) => Promise<UserEntry | HRESULT>,
): HRESULT {
  let made: XalUserHandle | null = null;
  let taken = false;
  const payload: PayloadWriter = {
    size: 8,
    write: () => {
      taken = true;
      handoff = made;
    },
  };
  return beginXalCall(
    asyncBlock,
    identity,
    name,
    async ({ signal }) => {
      const pending = work(signal);
      const outcome = await Promise.race([pending, aborted(signal)]);
      if (outcome === ABORTED) {
        // a user the work still admits is let go again (held and released once)
        pending.then(
          (late) => {
            if (typeof late !== 'number') users.close(users.create(late));
          },
          () => undefined, // the call already completed with E_ABORT
        );
        return { hr: E_ABORT };
      }
      if (typeof outcome === 'number') return { hr: outcome };
      made = users.create(outcome);
      return { payload };
    },
    () => {
      if (!taken && made !== null) users.close(made);
    },
  );
}

/**
 * The `…Result` of a {@link beginUserCall}: the handle, once.
 * @returns what `XAsyncGetResult` returns; `E_POINTER` without an out-parameter.
 */
export function takeUserResult(
  asyncBlock: XAsyncBlock,
  identity: unknown,
  newUser: Out<XalUserHandle | null>,
): HRESULT {
  if (!isOut(newUser)) return E_POINTER;
  writeOut(newUser, null);
  handoff = null;
  const hr = XAsyncGetResult(asyncBlock, identity, 8, new Uint8Array(8), null);
  const handle = handoff;
  handoff = null;
  if (SUCCEEDED(hr) && handle !== null && !writeOut(newUser, handle)) {
    users.close(handle);
    return E_POINTER;
  }
  return hr;
}
