/**
 * The hooks a Node script gets without writing its own (xuser-xal.md §0 "XAL flavour": the web-view
 * and storage hooks are required unless the title opts into these): a storage hook backed by one
 * JSON file in a directory, written atomically (a temporary file renamed over the old one, so a
 * crash mid-write never loses the cached user), and a web view that plays the browser on the
 * emulator's sign-in page. Both are ordinary handlers: pass them to the `…Set…` functions, or
 * replace them with your own.
 *
 * @module
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { currentXalEmulator, XAL_EMULATOR_AUTHORIZE_URL, type XalEmulator } from './XalEmulator.js';
import {
  XalPlatformStorageClearComplete,
  XalPlatformStorageReadComplete,
  XalPlatformStorageWriteComplete,
  XalPlatformWebShowUrlComplete,
} from './XalPlatform.js';
import {
  XalPlatformOperationResult,
  XalShowUrlType,
  type XalPlatformStorageEventHandlers,
  type XalPlatformWebShowUrlEventHandler,
} from './types.js';

/** The file the storage handlers keep in their directory. */
const STORAGE_FILE = 'xal-storage.json';

/**
 * Storage hook handlers over `<dataDir>/xal-storage.json` (keys → base64 values). Operations run
 * one at a time, in the order XAL raised them; a key never written reads as Success with no data.
 *
 * @param dataDir - [in] the directory (created when missing).
 * @returns handlers for `XalPlatformStorageSetEventHandlers`.
 * @throws TypeError when `dataDir` is not a non-empty string.
 * @example
 * ```ts no-check
 * XalPlatformStorageSetEventHandlers(null, createFileStorageHandlers('./.xal'));
 * ```
 */
export function createFileStorageHandlers(dataDir: string): XalPlatformStorageEventHandlers {
  if (typeof dataDir !== 'string' || dataDir === '')
    throw new TypeError(
      `Expected \`dataDir\` to be a non-empty string, got \`${String(dataDir)}\` (${typeof dataDir})`,
    );
  const file = join(dataDir, STORAGE_FILE);
  let chain: Promise<unknown> = Promise.resolve();
  let writes = 0;
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const next = chain.then(step, step);
    chain = next.catch(() => undefined);
    return next;
  };
  const load = async (): Promise<Record<string, string>> => {
    try {
      const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
  };
  const store = async (entries: Record<string, string>): Promise<void> => {
    await mkdir(dataDir, { recursive: true });
    const temp = `${file}.${process.pid}.${writes++}.tmp`;
    await writeFile(temp, JSON.stringify(entries), 'utf8');
    await rename(temp, file);
  };
  return {
    context: null,
    write: (_context, _userIdentifier, operation, key, dataSize, data) => {
      const bytes = Buffer.from(data.subarray(0, dataSize)).toString('base64');
      void serial(async () => store({ ...(await load()), [key]: bytes })).then(
        () => XalPlatformStorageWriteComplete(operation, XalPlatformOperationResult.Success),
        () => XalPlatformStorageWriteComplete(operation, XalPlatformOperationResult.Failure),
      );
    },
    read: (_context, _userIdentifier, operation, key) => {
      void serial(load).then(
        (entries) => {
          const value = Object.hasOwn(entries, key) ? entries[key] : undefined;
          const bytes = typeof value === 'string' ? new Uint8Array(Buffer.from(value, 'base64')) : null;
          XalPlatformStorageReadComplete(operation, XalPlatformOperationResult.Success, bytes?.length ?? 0, bytes);
        },
        () => XalPlatformStorageReadComplete(operation, XalPlatformOperationResult.Failure, 0, null),
      );
    },
    clear: (_context, _userIdentifier, operation, key) => {
      void serial(async () => {
        const entries = await load();
        if (!Object.hasOwn(entries, key)) return;
        delete entries[key];
        await store(entries);
      }).then(
        () => XalPlatformStorageClearComplete(operation, XalPlatformOperationResult.Success),
        () => XalPlatformStorageClearComplete(operation, XalPlatformOperationResult.Failure),
      );
    },
  };
}

/** Options of {@link createEmulatorWebViewHandler}. */
export interface EmulatorWebViewOptions {
  /** The emulator whose sign-in page the view plays. Default: the installed one at each event. */
  readonly emulator?: XalEmulator;
  /**
   * Which account signs in: a XUID, or a function of the user identifier. Default: the emulator's
   * first account (on the live service's page with no account listed, the one the page preselects).
   */
  readonly account?: string | ((userIdentifier: number) => string | undefined);
}

/**
 * A web-view handler that completes every page: the sign-in page (the emulator's, or the live
 * service's when the emulator has a `liveUrl`) signs in an account of the emulator (its redirect
 * carries the code, see {@link XalEmulator.signInOnPage}); the live service's account page is
 * confirmed ({@link XalEmulator.fixOnPage}); cookie removal and the emulator's account pages complete
 * Success with the final URL at once (a shared system browser, xuser-xal.md §2.3).
 *
 * @param options - [in, optional] the emulator and the account to sign in.
 * @returns a handler for `XalPlatformWebSetEventHandler`.
 * @example
 * ```ts no-check
 * XalPlatformWebSetEventHandler(null, null, createEmulatorWebViewHandler({ account: alice.xuid }));
 * ```
 */
export function createEmulatorWebViewHandler(options: EmulatorWebViewOptions = {}): XalPlatformWebShowUrlEventHandler {
  return (_context, userIdentifier, operation, startUrl, finalUrl, showUrlType) => {
    const emulator = options.emulator ?? currentXalEmulator();
    if (showUrlType !== XalShowUrlType.Normal) {
      // the live service's account page is confirmed as a person would; other pages just complete
      if (emulator?.liveUrl !== undefined && startUrl.startsWith(`${emulator.liveUrl}/account/fix?`)) {
        emulator.fixOnPage(startUrl).then(
          (redirect) => XalPlatformWebShowUrlComplete(operation, XalPlatformOperationResult.Success, redirect),
          () => XalPlatformWebShowUrlComplete(operation, XalPlatformOperationResult.Failure, null),
        );
      } else XalPlatformWebShowUrlComplete(operation, XalPlatformOperationResult.Success, finalUrl);
      return;
    }
    const account = typeof options.account === 'function' ? options.account(userIdentifier) : options.account;
    const live = emulator?.liveUrl !== undefined && startUrl.startsWith(`${emulator.liveUrl}/signin?`);
    if (emulator === null || (!live && !startUrl.startsWith(XAL_EMULATOR_AUTHORIZE_URL))) {
      XalPlatformWebShowUrlComplete(operation, XalPlatformOperationResult.Failure, null);
      return;
    }
    const choice = account === undefined ? {} : { xuid: account };
    if (live) {
      emulator.signInOnPage(startUrl, choice).then(
        (redirect) => XalPlatformWebShowUrlComplete(operation, XalPlatformOperationResult.Success, redirect),
        () => XalPlatformWebShowUrlComplete(operation, XalPlatformOperationResult.Failure, null),
      );
      return;
    }
    try {
      XalPlatformWebShowUrlComplete(
        operation,
        XalPlatformOperationResult.Success,
        emulator.authorize(startUrl, choice),
      );
    } catch {
      XalPlatformWebShowUrlComplete(operation, XalPlatformOperationResult.Failure, null);
    }
  };
}
