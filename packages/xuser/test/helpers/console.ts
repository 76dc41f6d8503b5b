// The emulated console every xuser test starts from: one token issuer and the relying parties made
// once per test file (RSA keys are slow), a title whose endpoint configuration maps
// *.contoso.test (signed, policy covering the `Why` header), nosig.contoso.test (no signature) and
// the platform default *.xboxlive.com; a fresh console and runtime per test.
import { afterEach, beforeEach, expect } from 'vitest';
import { DEFAULT_SIGNATURE_POLICY, RelyingParty, TokenIssuer } from '@gdkts/xboxlive';
import type { EndpointConfiguration } from '@gdkts/xboxlive';
import {
  XAsyncGetStatus,
  XTaskQueueCreate,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
  out,
  type HRESULT,
  type XAsyncBlock,
  type XTaskQueueHandle,
} from '@gdkts/xasync';
import { useRuntimeSandbox } from '@gdkts/xasync/testing';
import type { RuntimeSandbox } from '@gdkts/xasync/testing';
import {
  XGameRuntimeInitialize,
  XGameRuntimeUninitialize,
  XUserAddAsync,
  XUserAddOptions,
  XUserAddResult,
} from '@gdkts/xuser';
import type { XUserHandle } from '@gdkts/xuser';
import { createEmulatedConsole, xuserLiveCounts } from '@gdkts/xuser/testing';
import type { EmulatedConsole, EmulatedConsoleOptions } from '@gdkts/xuser/testing';

export const RP = 'rp://contoso.test/';
export const SIGNED_URL = 'https://api.contoso.test/v1/items?page=2';
export const UNSIGNED_URL = 'https://nosig.contoso.test/v1/items';
export const UNMAPPED_URL = 'https://example.org/anything';
export const TITLE_ID = 0x1234abcd;
export const SIGNED_POLICY = Object.freeze({ Version: 1, MaxBodyBytes: 8192, ExtraHeaders: Object.freeze(['Why']) });

export const ENDPOINTS: EndpointConfiguration = {
  SignaturePolicies: [DEFAULT_SIGNATURE_POLICY, SIGNED_POLICY],
  EndPoints: [
    { Protocol: 'https', Host: 'nosig.contoso.test', HostType: 'fqdn', RelyingParty: RP, TokenType: 'JWT' },
    {
      Protocol: 'https',
      Host: '*.contoso.test',
      HostType: 'wildcard',
      RelyingParty: RP,
      TokenType: 'JWT',
      SignaturePolicyIndex: 1,
    },
  ],
};

let shared: Promise<{ issuer: TokenIssuer; relyingParties: RelyingParty[] }> | undefined;

/** The file's issuer and relying parties (made once). */
export function sharedWorld(): Promise<{ issuer: TokenIssuer; relyingParties: RelyingParty[] }> {
  shared ??= (async () => {
    const [issuer, contoso, xboxlive] = await Promise.all([
      TokenIssuer.create(),
      RelyingParty.create({ audience: RP, publisherId: 'contoso', userClaims: ['xid', 'gtg', 'agg', 'prv', 'ptx'] }),
      RelyingParty.create({ audience: 'http://xboxlive.com', publisherId: 'microsoft' }),
    ]);
    return { issuer, relyingParties: [contoso, xboxlive] };
  })();
  return shared;
}

/** A console with the shared world, installed for the next XGameRuntimeInitialize. */
export async function makeConsole(options: EmulatedConsoleOptions = {}): Promise<EmulatedConsole> {
  const { issuer, relyingParties } = await sharedWorld();
  return createEmulatedConsole({
    titleId: TITLE_ID,
    configDirectory: null,
    endpoints: ENDPOINTS,
    issuer,
    relyingParties,
    ...options,
  });
}

/** A console and a freshly initialized runtime (an earlier one is uninitialized first). */
export async function boot(options: EmulatedConsoleOptions = {}): Promise<EmulatedConsole> {
  const console = await makeConsole(options);
  while (xuserLiveCounts().initialized) XGameRuntimeUninitialize();
  expect(XGameRuntimeInitialize()).toBe(0);
  return console;
}

/**
 * The shipped test sandbox for every test of the file (real host: these tests use real promises,
 * sockets and keys), with XUser's own live counters; after each test the runtime is uninitialized
 * and calls it aborted get to finish before the sandbox compares the counters with their baseline.
 */
export function useLeakCheck(): RuntimeSandbox {
  const sandbox = useRuntimeSandbox(
    { beforeEach, afterEach },
    {
      virtualHost: false,
      counters: {
        'XUser runtimes': () => (xuserLiveCounts().initialized ? 1 : 0),
        'XUser user handles': () => xuserLiveCounts().userHandles,
        'XUser deferral handles': () => xuserLiveCounts().deferralHandles,
        'XUser registrations': () => xuserLiveCounts().registrations,
      },
    },
  );
  // Registered after the sandbox's own hook, so it runs first (after-hooks run in reverse order).
  afterEach(async () => {
    while (xuserLiveCounts().initialized) XGameRuntimeUninitialize();
    await settleCalls(sandbox);
  });
  return sandbox;
}

/** Lets calls that are finishing (cleanups on the thread pool, aborted calls) end: waits until none is live, or 500 turns. */
export async function settleCalls(sandbox: RuntimeSandbox): Promise<void> {
  for (let i = 0; i < 500 && sandbox.leaks().states > 0; i++)
    await new Promise((r) => (i % 2 === 0 ? setImmediate(r) : setTimeout(r, 0)));
}

/** Starts a call on a fresh block and resolves with the block once its callback ran. */
export function call(
  start: (block: XAsyncBlock) => HRESULT,
  queue: XTaskQueueHandle | null = null,
): Promise<XAsyncBlock> {
  return new Promise((resolve, reject) => {
    const block: XAsyncBlock = { queue, callback: (b) => resolve(b) };
    const hr = start(block);
    if (hr < 0) reject(new Error(`start failed: 0x${(hr >>> 0).toString(16)}`));
  });
}

/** The call's status once complete. */
export async function status(start: (block: XAsyncBlock) => HRESULT): Promise<HRESULT> {
  return XAsyncGetStatus(await call(start), false);
}

/** Adds the default user silently and answers its handle (the test closes it). */
export async function addDefault(): Promise<XUserHandle> {
  const block = await call((b) => XUserAddAsync(XUserAddOptions.AddDefaultUserSilently, b));
  const user = out<XUserHandle | null>(null);
  expect(XUserAddResult(block, user)).toBe(0);
  return user.value!;
}

/** A ThreadPool/Manual queue: callbacks on its Completion port run only when the test dispatches them. */
export function manualQueue(): XTaskQueueHandle {
  const q = out<XTaskQueueHandle | null>(null);
  expect(XTaskQueueCreate(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.Manual, q)).toBe(0);
  return q.value!;
}

/** Runs every callback waiting on the queue's Completion port; answers how many ran. */
export function drain(queue: XTaskQueueHandle): number {
  let n = 0;
  while (XTaskQueueDispatch(queue, XTaskQueuePort.Completion, 0)) n++;
  return n;
}
