// A title's platform hooks for the tests: a web view that plays the browser on the emulator's
// pages by a script, the in-memory storage hook of `@gdkts/xal/testing` logging into the test's
// hooks, Generic crypto/date-time callbacks, and the per-test sandbox (the shipped runtime sandbox
// with `XAL_SANDBOX`, XAL's leak counters).
import { afterAll, afterEach, beforeEach, expect } from 'vitest';
import {
  XalPlatformCryptoSetCallbacks,
  XalPlatformDateTimeSetCallbacks,
  XalPlatformOperationResult,
  XalPlatformStorageSetEventHandlers,
  XalPlatformWebSetEventHandler,
  XalPlatformWebShowUrlComplete,
  XalShowUrlType,
  currentXalEmulator,
  useXalEmulator,
  type XalEmulator,
  type XalHttpHeader,
  type XalPlatformOperation,
  type XalPlatformOperationResult as Result,
  type XalShowUrlType as UrlType,
} from '@gdkts/xal';
import { XAL_SANDBOX, memoryStorageHandlers, resetXal } from '@gdkts/xal/testing';
import { S_OK, type XTaskQueueHandle } from '@gdkts/xasync';
import { useRuntimeSandbox, type RuntimeSandbox } from '@gdkts/xasync/testing';
import { closeWorld } from './world.js';

/** One show-URL event the web view received. */
export interface WebEvent {
  readonly userIdentifier: number;
  readonly operation: XalPlatformOperation;
  readonly startUrl: string;
  readonly finalUrl: string;
  readonly type: UrlType;
  readonly headers: readonly XalHttpHeader[];
}

/** How the scripted browser answers a sign-in page. */
export type WebAnswer = { readonly xuid?: string } | 'cancel' | 'fail' | 'hold';

export interface TitleHooks {
  readonly web: WebEvent[];
  /** Answers for sign-in pages, in order; then the emulator's first account. */
  readonly script: WebAnswer[];
  /** Answers for account pages (NonAuthFlow), in order; then Success. */
  readonly fixScript: ('ok' | 'cancel' | 'fail')[];
  readonly storage: Map<string, Uint8Array>;
  readonly storageOps: string[];
  /** Held sign-in operations ('hold'). */
  readonly held: WebEvent[];
}

export function webHandler(hooks: TitleHooks, emulator: () => XalEmulator | null = currentXalEmulator) {
  return (
    _c: unknown,
    userIdentifier: number,
    operation: XalPlatformOperation,
    startUrl: string,
    finalUrl: string,
    type: UrlType,
    _n: number,
    headers: readonly XalHttpHeader[],
  ): void => {
    const event = { userIdentifier, operation, startUrl, finalUrl, type, headers };
    hooks.web.push(event);
    if (type === XalShowUrlType.NonAuthFlow) {
      const answer = hooks.fixScript.shift() ?? 'ok';
      const result: Result =
        answer === 'ok'
          ? XalPlatformOperationResult.Success
          : answer === 'cancel'
            ? XalPlatformOperationResult.Canceled
            : XalPlatformOperationResult.Failure;
      expect(XalPlatformWebShowUrlComplete(operation, result, finalUrl)).toBe(S_OK);
      return;
    }
    if (type !== XalShowUrlType.Normal) {
      expect(XalPlatformWebShowUrlComplete(operation, XalPlatformOperationResult.Success, finalUrl)).toBe(S_OK);
      return;
    }
    const answer = hooks.script.shift() ?? {};
    if (answer === 'hold') hooks.held.push(event);
    else if (answer === 'cancel') XalPlatformWebShowUrlComplete(operation, XalPlatformOperationResult.Canceled, null);
    else if (answer === 'fail') XalPlatformWebShowUrlComplete(operation, XalPlatformOperationResult.Failure, null);
    else
      XalPlatformWebShowUrlComplete(
        operation,
        XalPlatformOperationResult.Success,
        (emulator() as XalEmulator).authorize(startUrl, answer),
      );
  };
}

export function newHooks(): TitleHooks {
  return { web: [], script: [], fixScript: [], storage: new Map(), storageOps: [], held: [] };
}

/** Sets the web view and storage hooks (and the Generic callbacks) on the process queue. */
export function installHooks(
  hooks: TitleHooks,
  options: { readonly generic?: boolean; readonly queue?: XTaskQueueHandle | null } = {},
): void {
  const queue = options.queue ?? null;
  expect(XalPlatformWebSetEventHandler(queue, null, webHandler(hooks))).toBe(S_OK);
  expect(XalPlatformStorageSetEventHandlers(queue, memoryStorageHandlers(hooks.storage, hooks.storageOps))).toBe(S_OK);
  if (options.generic === true) {
    expect(
      XalPlatformCryptoSetCallbacks({
        uuid: (_c, result) => {
          result.value = {
            data1: 0x12345678,
            data2: 0x9abc,
            data3: 0x4def,
            data4: new Uint8Array([0x80, 1, 2, 3, 4, 5, 6, 7]),
          };
          return XalPlatformOperationResult.Success;
        },
        random: (_c, size, buffer) => {
          for (let i = 0; i < size; i++) buffer[i] = (i * 37 + 11) & 0xff;
          return XalPlatformOperationResult.Success;
        },
      }),
    ).toBe(S_OK);
    expect(
      XalPlatformDateTimeSetCallbacks({
        timestamp: (_c, seconds, ms) => {
          const now = Date.now();
          seconds.value = BigInt(Math.floor(now / 1000));
          ms.value = now % 1000;
          return XalPlatformOperationResult.Success;
        },
        timestampToComponents: () => XalPlatformOperationResult.Failure,
        componentsToTimestamp: () => XalPlatformOperationResult.Failure,
      }),
    ).toBe(S_OK);
  }
}

/**
 * Per test: the shipped runtime sandbox of `@gdkts/xasync/testing` with `XAL_SANDBOX` (the real
 * host: the tests use real HTTP servers and files; XAL's own leak counters, each back at 0 after the
 * test); XAL is reset (whatever a failed test left) and the emulator uninstalled after that.
 */
export function useXalSandbox(): RuntimeSandbox {
  beforeEach(() => resetXal());
  afterEach(() => {
    resetXal();
    useXalEmulator(null);
  }); // registered first: runs after the sandbox's check
  const sandbox = useRuntimeSandbox({ beforeEach, afterEach }, XAL_SANDBOX);
  afterAll(closeWorld);
  return sandbox;
}
