/**
 * `xal.h`: initialization, cleanup and the global getters (xuser-xal.md §2.2, §2.7). The args
 * struct decides the flavour: a platform struct (Win32, Android, iOS, macOS, Generic) is XAL's own
 * behaviour with the `0x8923…` codes; an empty struct is the GDK flavour of `xal_gsdk_impl.h`, whose
 * calls follow XUser and whose `E_XAL_*` codes take their GDK aliases (xuser-xal.md §0).
 *
 * @module
 */
import {
  E_INVALIDARG,
  E_NOT_SUFFICIENT_BUFFER,
  E_POINTER,
  E_XAL_ALREADYINITIALIZED,
  E_XAL_INVALIDAPPCONFIGURATION,
  E_XAL_MALFORMEDCLIENTID,
  E_XAL_MISMATCHEDTITLEANDCLIENTIDS,
  E_XAL_MISSINGCLIENTID,
  E_XAL_MISSINGPLATFORMEVENTHANDLER,
  E_XAL_MISSINGTITLEID,
  E_XAL_NOTINITIALIZED,
  E_XAL_USERSETNOTEMPTY,
  S_OK,
  type HRESULT,
} from '@gdkts/hresult';
import { UserSession } from '@gdkts/identity';
import {
  out,
  XAsyncGetStatus,
  XTaskQueueCloseHandle,
  XTaskQueueDuplicateHandle,
  type Out,
  type XAsyncBlock,
  type XTaskQueueHandle,
} from '@gdkts/xasync';
import { beginPromiseCall, utf8Size, writeUtf8 } from '@gdkts/xasync/provider';
import {
  isBoolean,
  isBuffer,
  isOut,
  isQueueArgument,
  isString,
  isUint32,
  readStruct,
  writeOut,
} from './internal/args.js';
import { hooks } from './internal/hooks.js';
import { xal, type XalRuntime } from './internal/runtime.js';
import { hookUi, type SignInConfig } from './internal/signIn.js';
import { learnAccount } from './internal/sisu.js';
import { callsDrained, changeHandlers, users } from './internal/users.js';
import { deliverChange } from './internal/changes.js';
import { currentXalEmulator, isWellFormedClientId } from './XalEmulator.js';
import { XalPlatformOperationResult, type XalInitArgs, type XalPlatform } from './types.js';

const PLATFORMS: readonly string[] = ['Win32', 'Android', 'iOS', 'macOS', 'Generic'];
const FIELDS = [
  'platform',
  'clientId',
  'titleId',
  'sandbox',
  'disableDiagnosticTelemetry',
  'correlationVector',
  'flags',
  'thirdPartyConsentCount',
  'thirdPartyConsents',
  'redirectUri',
  'ucsConsentCount',
  'ucsConsents',
  'maxSignedInUsers',
  'useRemoteAuth',
  'deviceInfo',
  'telemetryInfo',
  'javaVM',
  'appContext',
] as const;
/** Users a platform's XAL holds at once: the soft single-user model of the mobile and PC guides; Generic: 4 unless `maxSignedInUsers`. */
const DEFAULT_GENERIC_USERS = 4;
/** The GDK flavour's user limit (an emulated console). */
const GDK_MAX_USERS = 4;

const optionalString = (v: unknown): boolean => v === undefined || v === null || typeof v === 'string';
const optionalBool = (v: unknown): boolean => v === undefined || isBoolean(v);
const optionalUint32 = (v: unknown): boolean => v === undefined || isUint32(v);

/** A count + string array pair, with C's rule: the array holds at least `count` strings. */
function consentList(count: unknown, list: unknown): readonly string[] | undefined {
  const n = count ?? 0;
  if (!isUint32(n)) return undefined;
  if (n === 0) return [];
  if (!Array.isArray(list) || list.length < n) return undefined;
  const names = list.slice(0, n);
  return names.every(isString) ? Object.freeze(names) : undefined;
}

/**
 * Mirrors `XalInitialize`: validates the args, checks the required hooks, and binds XAL to the
 * installed {@link XalEmulator}. Required hooks in this emulation: web view and storage on Win32,
 * Android, iOS and macOS; on Generic storage, crypto and date/time, plus the web view (or, with
 * `useRemoteAuth`, remote connect). The GDK flavour needs none.
 *
 * @param args - [in] a platform args struct (`platform` names it), or an empty object for the GDK flavour.
 * @param internalWorkQueue - [in, optional] the queue for XAL's internal work (only its Work side); duplicated, closed by cleanup.
 * @returns `S_OK` (the GDK flavour: always, also when already initialized); `E_INVALIDARG` (not an
 * object, an unknown `platform`, fields of the wrong kind, not a queue); `E_XAL_ALREADYINITIALIZED`;
 * `E_XAL_MISSINGCLIENTID`; `E_XAL_MALFORMEDCLIENTID`; `E_XAL_MISSINGTITLEID`;
 * `E_XAL_MISSINGPLATFORMEVENTHANDLER`; `E_XAL_MISMATCHEDTITLEANDCLIENTIDS` (the client id or the
 * title id is the emulator's, the other is not); `E_XAL_INVALIDAPPCONFIGURATION` (no emulator, or
 * neither id is its).
 */
export function XalInitialize(args: XalInitArgs, internalWorkQueue: XTaskQueueHandle | null): HRESULT {
  const a = readStruct(args, FIELDS);
  if (a === undefined || !isQueueArgument(internalWorkQueue)) return E_INVALIDARG;
  const present = FIELDS.filter((k) => k !== 'platform' && a[k] !== undefined);
  const gdk = (a.platform === undefined || a.platform === 'GDK') && present.length === 0;
  if (gdk) {
    if (xal.runtime?.flavour === 'gdk' && !xal.runtime.cleaning) return S_OK;
    if (xal.runtime !== null) return E_XAL_ALREADYINITIALIZED;
    return start(internalWorkQueue ?? null, 'gdk', 'GDK', null);
  }
  if (typeof a.platform !== 'string' || !PLATFORMS.includes(a.platform)) return E_INVALIDARG;
  if (xal.runtime !== null) return E_XAL_ALREADYINITIALIZED;
  const platform = a.platform as XalPlatform;
  if (a.clientId === undefined || a.clientId === null || a.clientId === '') return E_XAL_MISSINGCLIENTID;
  if (typeof a.clientId !== 'string') return E_INVALIDARG;
  if (!isWellFormedClientId(a.clientId)) return E_XAL_MALFORMEDCLIENTID;
  if (a.titleId === undefined || a.titleId === 0) return E_XAL_MISSINGTITLEID;
  if (!isUint32(a.titleId)) return E_INVALIDARG;
  if (!optionalString(a.sandbox) || !optionalString(a.correlationVector) || !optionalString(a.redirectUri))
    return E_INVALIDARG;
  if (
    !optionalBool(a.disableDiagnosticTelemetry) ||
    !optionalBool(a.useRemoteAuth) ||
    !optionalUint32(a.flags) ||
    !optionalUint32(a.maxSignedInUsers)
  )
    return E_INVALIDARG;
  const ucsConsents = consentList(a.ucsConsentCount, a.ucsConsents);
  if (ucsConsents === undefined || consentList(a.thirdPartyConsentCount, a.thirdPartyConsents) === undefined)
    return E_INVALIDARG;
  const generic = platform === 'Generic';
  const useRemoteAuth = generic && a.useRemoteAuth === true;
  const missing =
    hooks.storage === null ||
    (useRemoteAuth ? hooks.remoteConnect === null : hooks.web === null) ||
    (generic && (hooks.crypto === null || hooks.dateTime === null));
  if (missing) return E_XAL_MISSINGPLATFORMEVENTHANDLER;
  return start(internalWorkQueue ?? null, 'native', platform, {
    clientId: a.clientId,
    titleId: a.titleId,
    sandbox: typeof a.sandbox === 'string' && a.sandbox !== '' ? a.sandbox : null,
    redirectUri:
      typeof a.redirectUri === 'string' && a.redirectUri !== '' ? a.redirectUri : `ms-xal-${a.clientId}://auth`,
    flags: (a.flags as number | undefined) ?? 0,
    maxUsers: generic ? (a.maxSignedInUsers as number | undefined) || DEFAULT_GENERIC_USERS : 1,
    useRemoteAuth,
    ucsConsents,
  });
}

interface NativeConfig {
  readonly clientId: string;
  readonly titleId: number;
  readonly sandbox: string | null;
  readonly redirectUri: string;
  readonly flags: number;
  readonly maxUsers: number;
  readonly useRemoteAuth: boolean;
  readonly ucsConsents: readonly string[];
}

/** The Generic clock: the date/time callback's seconds + milliseconds; `Date.now` when it fails. */
function genericNow(): number {
  const dt = hooks.dateTime;
  if (dt === null) return Date.now();
  const seconds = out(0n);
  const ms = out(0);
  if (dt.timestamp(dt.context, seconds, ms) !== XalPlatformOperationResult.Success) return Date.now();
  return Number(seconds.value) * 1000 + ms.value;
}

function start(
  queue: XTaskQueueHandle | null,
  flavour: 'native' | 'gdk',
  platform: XalPlatform | 'GDK',
  config: NativeConfig | null,
): HRESULT {
  const emulator = currentXalEmulator();
  if (emulator === null) return E_XAL_INVALIDAPPCONFIGURATION;
  if (config !== null) {
    const clientMatches = config.clientId.toLowerCase() === emulator.clientId.toLowerCase();
    const titleMatches = config.titleId === emulator.title.titleId;
    if (clientMatches !== titleMatches) return E_XAL_MISMATCHEDTITLEANDCLIENTIDS;
    if (!clientMatches) return E_XAL_INVALIDAPPCONFIGURATION;
  }
  let dup: XTaskQueueHandle | null = null;
  if (queue !== null) {
    const copy = out<XTaskQueueHandle | null>(null);
    if (XTaskQueueDuplicateHandle(queue, copy) !== S_OK) return E_INVALIDARG;
    dup = copy.value;
  }
  const generic = platform === 'Generic';
  const now = generic ? genericNow : (emulator.now ?? Date.now);
  const signIn: SignInConfig | null =
    config === null
      ? null
      : {
          emulator,
          clientId: config.clientId,
          redirectUri: config.redirectUri,
          flags: config.flags,
          useRemoteAuth: config.useRemoteAuth,
          generic,
          learn: (profile) => learnAccount(emulator, session, profile),
        };
  const session = new UserSession({
    xsts: emulator.xsts,
    title: emulator.title,
    device: emulator.device,
    // a platform XAL signs accounts in itself (web view); the GDK console has them signed in
    accounts: emulator.accounts.map((account) => ({ account, signedIn: config === null })),
    ...(config === null && emulator.defaultUser !== undefined ? { defaultUser: emulator.defaultUser } : {}),
    maxUsers: config?.maxUsers ?? GDK_MAX_USERS,
    ui: config === null ? (emulator.ui ?? (() => ({ outcome: 'completed' }))) : hookUi(signIn as SignInConfig),
    now,
    ...(emulator.signOutTimeoutMs === undefined ? {} : { signOutTimeoutMs: emulator.signOutTimeoutMs }),
  });
  const runtime: XalRuntime = {
    flavour,
    platform,
    clientId: config?.clientId ?? emulator.clientId,
    titleId: emulator.title.titleId,
    sandbox: config?.sandbox ?? emulator.title.sandbox,
    redirectUri: config?.redirectUri ?? '',
    maxUsers: session.maxUsers,
    flags: config?.flags ?? 0,
    useRemoteAuth: config?.useRemoteAuth ?? false,
    ucsConsents: config?.ucsConsents ?? [],
    emulator,
    session,
    signIn,
    queue: dup,
    cleaning: false,
  };
  session.onChange(deliverChange);
  xal.runtime = runtime;
  return S_OK;
}

/**
 * Mirrors `XalCleanupAsync`: waits for XAL's calls in flight, then releases everything: XAL is as
 * if never initialized (no queue, call state or user object is left). Call it once every user handle
 * is closed. The GDK flavour completes at once (`xal_gsdk_impl.h`).
 * @param asyncBlock - [in,out] the caller's block.
 * @returns `S_OK`; `E_XAL_NOTINITIALIZED`; `E_XAL_USERSETNOTEMPTY` (a user handle is still open:
 * nothing starts); what `XAsyncBegin` returns for a bad block.
 */
export function XalCleanupAsync(asyncBlock: XAsyncBlock): HRESULT {
  const runtime = xal.runtime;
  if (runtime === null || runtime.cleaning) return E_XAL_NOTINITIALIZED;
  if (runtime.flavour !== 'gdk' && users.liveCount > 0) return E_XAL_USERSETNOTEMPTY;
  // not counted as a call in flight: it waits for those
  const hr = beginPromiseCall(asyncBlock, XalCleanupAsync, 'XalCleanupAsync', async () => {
    // from here on XAL answers as not initialized; a cleanup canceled before this point changes nothing
    if (runtime.flavour !== 'gdk') runtime.cleaning = true;
    if (runtime.flavour === 'gdk') {
      if (users.liveCount === 0) finish(runtime); // else the console keeps its users
    } else {
      await callsDrained();
      finish(runtime);
    }
    return {};
  });
  return hr;
}

function finish(runtime: XalRuntime): void {
  runtime.session.close();
  changeHandlers.clear();
  if (runtime.queue !== null) XTaskQueueCloseHandle(runtime.queue);
  if (xal.runtime === runtime) xal.runtime = null;
}

/**
 * Mirrors `XalCleanupResult`: the cleanup's status.
 * @param asyncBlock - [in] the block given to {@link XalCleanupAsync}.
 * @returns `XAsyncGetStatus(asyncBlock, false)`: `S_OK`, `E_PENDING`, or the failure.
 */
export function XalCleanupResult(asyncBlock: XAsyncBlock): HRESULT {
  return XAsyncGetStatus(asyncBlock, false);
}

function initialized(): XalRuntime | undefined {
  const runtime = xal.runtime;
  return runtime !== null && !runtime.cleaning ? runtime : undefined;
}

/**
 * Mirrors `XalGetMaxUsers`.
 * @param maxUsers - [out] how many users may be added at once.
 * @returns `S_OK`; `E_POINTER`; `E_XAL_NOTINITIALIZED`.
 */
export function XalGetMaxUsers(maxUsers: Out<number>): HRESULT {
  if (!isOut(maxUsers)) return E_POINTER;
  const runtime = initialized();
  if (runtime === undefined) return E_XAL_NOTINITIALIZED;
  return writeOut(maxUsers, runtime.maxUsers) ? S_OK : E_POINTER;
}

/**
 * Mirrors `XalGetTitleId`.
 * @param titleId - [out] the title id.
 * @returns `S_OK`; `E_POINTER`; `E_XAL_NOTINITIALIZED`.
 */
export function XalGetTitleId(titleId: Out<number>): HRESULT {
  if (!isOut(titleId)) return E_POINTER;
  const runtime = initialized();
  if (runtime === undefined) return E_XAL_NOTINITIALIZED;
  return writeOut(titleId, runtime.titleId) ? S_OK : E_POINTER;
}

/**
 * Mirrors `XalGetSandboxSize`.
 * @returns the sandbox's UTF-8 size including the NUL; 0 when XAL is not initialized.
 */
export function XalGetSandboxSize(): number {
  const runtime = initialized();
  return runtime === undefined ? 0 : utf8Size(runtime.sandbox);
}

/**
 * Mirrors `XalGetSandbox`: the sandbox as a NUL-terminated UTF-8 string.
 * @param sandboxSize - [in] the buffer's size (at least {@link XalGetSandboxSize}).
 * @param sandbox - [out] receives the string.
 * @param sandboxUsed - [out, optional] receives the bytes written, NUL included.
 * @returns `S_OK`; `E_INVALIDARG` (a bad buffer); `E_NOT_SUFFICIENT_BUFFER`; `E_POINTER`; `E_XAL_NOTINITIALIZED`.
 */
export function XalGetSandbox(sandboxSize: number, sandbox: Uint8Array, sandboxUsed: Out<number> | null): HRESULT {
  if (sandboxUsed !== null && sandboxUsed !== undefined && !isOut(sandboxUsed)) return E_POINTER;
  if (!isBuffer(sandboxSize, sandbox)) return E_INVALIDARG;
  const runtime = initialized();
  if (runtime === undefined) return E_XAL_NOTINITIALIZED;
  const size = utf8Size(runtime.sandbox);
  if (sandboxSize < size) return E_NOT_SUFFICIENT_BUFFER;
  writeUtf8(sandbox, 0, runtime.sandbox);
  if (sandboxUsed !== null && sandboxUsed !== undefined) writeOut(sandboxUsed, size);
  return S_OK;
}
