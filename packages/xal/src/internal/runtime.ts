// XAL's process-global state: the initialized runtime (flavour, configuration, the identity
// session), the HRESULT of each E_XAL_* name in the current flavour, and the count of XAL calls in
// flight (xuser-xal.md §0 "XAL flavour", "Lifetimes"; §2.2; §2.7).
import { lookupHResultName, XAL_GDK_ALIASES, type HRESULT } from '@gdkts/hresult';
import type { UserSession } from '@gdkts/identity';
import type { XTaskQueueHandle } from '@gdkts/xasync';
import type { XalEmulator } from '../XalEmulator.js';
import type { XalPlatform } from '../types.js';
import type { SignInConfig } from './signIn.js';

/** Which XAL the title linked: a platform's own, or the GDK's forwards to XUser. */
export type XalFlavour = 'native' | 'gdk';

/** What `XalInitialize` set up. */
export interface XalRuntime {
  readonly flavour: XalFlavour;
  readonly platform: XalPlatform | 'GDK';
  readonly clientId: string;
  readonly titleId: number;
  readonly sandbox: string;
  readonly redirectUri: string;
  readonly maxUsers: number;
  readonly flags: number;
  readonly useRemoteAuth: boolean;
  readonly ucsConsents: readonly string[];
  readonly emulator: XalEmulator;
  readonly session: UserSession;
  /** The web-view sign-in configuration; `null` in the GDK flavour. */
  readonly signIn: SignInConfig | null;
  /** A duplicate of `internalWorkQueue`, closed by cleanup; `null` for the process queue. */
  readonly queue: XTaskQueueHandle | null;
  /** Set once `XalCleanupAsync` started: XAL then answers as not initialized. */
  cleaning: boolean;
}

/** The mutable module state (one object, so tests and cleanup see the same cell). */
export const xal: { runtime: XalRuntime | null; callsInFlight: number } = { runtime: null, callsInFlight: 0 };

/**
 * The runtime when XAL is initialized and not cleaning up.
 * @returns the runtime, or `undefined`.
 */
export function live(): XalRuntime | undefined {
  const runtime = xal.runtime;
  return runtime !== null && !runtime.cleaning ? runtime : undefined;
}

const aliasValues = new Map<HRESULT, HRESULT>();
for (const [name, alias] of Object.entries(XAL_GDK_ALIASES)) {
  const from = lookupHResultName(name)?.value;
  const to = lookupHResultName(alias)?.value;
  if (from !== undefined && to !== undefined) aliasValues.set(from, to);
}

/**
 * An `E_XAL_*` code as the current flavour spells it: the GDK alias of `XAL_GDK_ALIASES` under the
 * GDK flavour, the `0x8923…` value otherwise (xuser-xal.md §2.8).
 * @param hr - [in] an HRESULT (E_XAL_* or any other).
 * @param flavour - [in] the flavour; default the initialized one.
 * @returns the HRESULT to return.
 */
export function xalCode(hr: HRESULT, flavour: XalFlavour | undefined = xal.runtime?.flavour): HRESULT {
  return flavour === 'gdk' ? (aliasValues.get(hr) ?? hr) : hr;
}
