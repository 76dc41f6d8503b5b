/**
 * S12 — XAL initialization, sign-in, token request (samples.md §2 S12): the flow of xbox-live-api's
 * ApiExplorer (`Tests/ApiExplorer/Tests/_luasetup_/xal/common.lua` + `setup.lua` driving
 * `APIs/apis_xal.cpp`) and of the mobile sign-in guides, on a Manual/Manual queue whose Work port a
 * background "work thread" drains and whose Completion port the game loop drains every frame:
 * XalInitialize (Android args, hooks on the same queue), silent sign-in falling back to the web UI,
 * gamertag and id, a token request with `{method, url}`, resolve-issue with
 * `https://www.xboxlive.com`, a change handler, sign-out, XalCleanupAsync; against the test world of
 * `@gdkts/xal/testing` with one account ({@link makeXalEmulator}), the title's web view logging each
 * page ({@link loggingWebView}) and its storage in memory. Run it with
 * `pnpm sample S12` (./S12.xalSignIn.ts); its test is samples/test/S12.xalSignIn.test.ts.
 * @module
 */
import { FAILED, hresultHex, type HRESULT } from '@gdkts/hresult';
import { Account } from '@gdkts/xboxlive';
import {
  XAsyncGetStatus,
  XTaskQueueCloseHandle,
  XTaskQueueCreate,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
  out,
  type XAsyncBlock,
  type XTaskQueueHandle,
} from '@gdkts/xasync';
import {
  XalAddUserWithUiAsync,
  XalAddUserWithUiResult,
  XalCleanupAsync,
  XalGamertagComponent,
  XalInitialize,
  XalPlatformStorageSetEventHandlers,
  XalPlatformWebSetEventHandler,
  XalSignOutUserAsync,
  XalSignOutUserAsyncIsPresent,
  XalSignOutUserResult,
  XalTryAddDefaultUserSilentlyAsync,
  XalTryAddDefaultUserSilentlyResult,
  XalShowUrlType,
  XalUserChangeType,
  XalUserCloseHandle,
  XalUserGetGamertag,
  XalUserGetGamertagSize,
  XalUserGetId,
  XalUserGetTokenAndSignatureSilentlyAsync,
  XalUserGetTokenAndSignatureSilentlyResult,
  XalUserGetTokenAndSignatureSilentlyResultSize,
  XalUserRegisterChangeEventHandler,
  XalUserResolveIssueWithUiAsync,
  XalUserUnregisterChangeEventHandler,
  createEmulatorWebViewHandler,
  type XalEmulator,
  type XalPlatformWebShowUrlEventHandler,
  type XalRegistrationToken,
  type XalUserGetTokenAndSignatureData,
  type XalUserHandle,
} from '@gdkts/xal';
import {
  TEST_CLIENT_ID,
  TEST_SEED_URL,
  TEST_TITLE_ID,
  createXalTestWorld,
  memoryStorageHandlers,
} from '@gdkts/xal/testing';

const changeName = (change: XalUserChangeType): string =>
  Object.entries(XalUserChangeType).find(([, value]) => value === change)?.[0] ?? String(change);

/** One event-loop turn: lets the emulator's promises (token service, web view) move on. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs the ApiExplorer XAL flow against the installed emulator, logging what it logs.
 * @param Log - [in] `LogToScreen` / `LogToFile`: one line each.
 * @returns once the queue is closed; rejects when the flow stalls.
 */
export async function ApiExplorerXal(Log: (line: string) => void): Promise<void> {
  // 1. XTaskQueueCreate(XTaskQueueDispatchMode::Manual, XTaskQueueDispatchMode::Manual, &queue)
  const q = out<XTaskQueueHandle | null>(null);
  Log(
    `XTaskQueueCreate: hr=${hresultHex(XTaskQueueCreate(XTaskQueueDispatchMode.Manual, XTaskQueueDispatchMode.Manual, q))}`,
  );
  const queue = q.value!;
  // StartManualDispatchThread: drain Work with timeout 0 (the background work thread), drain
  // Completion with timeout 0 (the game loop), then Sleep(10) — here one event-loop turn.
  const frame = async (): Promise<void> => {
    while (XTaskQueueDispatch(queue, XTaskQueuePort.Work, 0)); // the background work thread
    while (XTaskQueueDispatch(queue, XTaskQueuePort.Completion, 0)); // the game loop
    await turn();
  };
  const until = async (done: () => boolean): Promise<void> => {
    for (let frames = 0; !done(); frames++) {
      if (frames > 10_000) throw new Error('the flow stalled');
      await frame();
    }
  };

  // 2. XalPlatformWebSetEventHandler, XalPlatformStorageSetEventHandlers (on the same queue), then
  //    XalInitialize(&args, queue) with args { clientId, titleId, sandbox, redirectUri = "ms-xal-" + clientId + "://auth" }.
  Log(
    `XalPlatformWebSetEventHandler: hr=${hresultHex(XalPlatformWebSetEventHandler(queue, null, loggingWebView(Log)))}`,
  );
  Log(
    `XalPlatformStorageSetEventHandlers: hr=${hresultHex(XalPlatformStorageSetEventHandlers(queue, memoryStorageHandlers()))}`,
  );
  const hr = XalInitialize(
    {
      platform: 'Android',
      clientId: TEST_CLIENT_ID,
      titleId: TEST_TITLE_ID,
      sandbox: 'RETAIL',
      redirectUri: `ms-xal-${TEST_CLIENT_ID}://auth`,
    },
    queue,
  );
  Log(`XalInitialize: hr=${hresultHex(hr)}`);

  // XalUserRegisterChangeEventHandler(queue, context, handler, &token)
  let user: XalUserHandle | null = null;
  const token = out<XalRegistrationToken>({ token: 0n });
  const changes: XalUserChangeType[] = [];
  const registered = XalUserRegisterChangeEventHandler(
    queue,
    null,
    (_context, _userId, change) => {
      changes.push(change);
      Log(`XalUserChangeEventHandler: change=${changeName(change)}`);
    },
    token,
  );
  Log(`XalUserRegisterChangeEventHandler: hr=${hresultHex(registered)}`);

  // 4. XalTryAddDefaultUserSilentlyAsync(0u, asyncBlock.get()); the setup handler answers a failure
  //    with XalAddUserWithUiAsync(0u, asyncBlock.get()), whose callback reads its result the same way.
  let signedIn = false;
  const onUser =
    (name: string, result: (block: XAsyncBlock, user: { value: XalUserHandle | null }) => HRESULT) =>
    (asyncBlock: XAsyncBlock): void => {
      const newUser = out<XalUserHandle | null>(null);
      const status = result(asyncBlock, newUser);
      Log(`${name}: hr=${hresultHex(status)} user=${newUser.value === null ? 'null' : 'handle'}`);
      if (FAILED(status)) {
        const started = XalAddUserWithUiAsync(0, {
          queue,
          callback: onUser('XalAddUserWithUiResult', XalAddUserWithUiResult),
        });
        Log(`XalAddUserWithUiAsync: hr=${hresultHex(started)}`);
        return;
      }
      if (user !== null) XalUserCloseHandle(user); // close any previous user handle
      user = newUser.value;
      signedIn = true;
    };
  const silent = XalTryAddDefaultUserSilentlyAsync(0, {
    queue,
    callback: onUser('XalTryAddDefaultUserSilentlyResult', XalTryAddDefaultUserSilentlyResult),
  });
  Log(`XalTryAddDefaultUserSilentlyAsync: hr=${hresultHex(silent)}`);
  // Nothing runs until the work thread and the game loop dispatch.
  for (let i = 0; i < 5; i++) await turn();
  Log('(five event-loop turns without dispatching)');
  await until(() => signedIn);
  const u = user as unknown as XalUserHandle;
  // XalUserGetGamertag(user, XalGamertagComponent_UniqueModern, size, gamertag, nullptr); XalUserGetId(user, &xuid)
  const size = XalUserGetGamertagSize(u, XalGamertagComponent.UniqueModern);
  const gamertag = new Uint8Array(size);
  const gamertagHr = XalUserGetGamertag(u, XalGamertagComponent.UniqueModern, size, gamertag, null);
  const id = out(0n);
  const idHr = XalUserGetId(u, id);
  Log(`XalUserGetGamertag: hr=${hresultHex(gamertagHr)} XalUserGetId: hr=${hresultHex(idHr)}`);
  Log(`gamertag=${new TextDecoder().decode(gamertag.subarray(0, size - 1))} xuid=${id.value}`);

  // 5. XalUserGetTokenAndSignatureArgs args{}; args.method = "GET"; args.url = url; (other fields zero)
  let tokenLine: string | null = null;
  const tokenHr = XalUserGetTokenAndSignatureSilentlyAsync(
    u,
    { method: 'GET', url: TEST_SEED_URL },
    {
      queue,
      callback: (asyncBlock) => {
        const bufferSize = out(0);
        const status = XalUserGetTokenAndSignatureSilentlyResultSize(asyncBlock, bufferSize);
        const buffer = new Uint8Array(bufferSize.value);
        const data = out<XalUserGetTokenAndSignatureData | null>(null);
        const r = XalUserGetTokenAndSignatureSilentlyResult(asyncBlock, bufferSize.value, buffer, data, null);
        tokenLine = `token: hr=${hresultHex(status)} bufferSize=${bufferSize.value > 0 ? 'n' : 0} result=${hresultHex(r)} signed=${(data.value?.signatureSize ?? 0) > 0}`;
      },
    },
  );
  Log(`XalUserGetTokenAndSignatureSilentlyAsync: hr=${hresultHex(tokenHr)}`);
  await until(() => tokenLine !== null);
  Log(tokenLine as unknown as string);

  // 6. XalUserResolveIssueWithUiAsync(user, "https://www.xboxlive.com", block); XAsyncGetStatus(block, false) in the callback
  let resolved: HRESULT | null = null;
  const resolveHr = XalUserResolveIssueWithUiAsync(u, 'https://www.xboxlive.com', {
    queue,
    callback: (b) => (resolved = XAsyncGetStatus(b, false)),
  });
  Log(`XalUserResolveIssueWithUiAsync: hr=${hresultHex(resolveHr)}`);
  await until(() => resolved !== null);
  Log(`resolve: hr=${hresultHex(resolved as unknown as HRESULT)}`);

  // if (XalSignOutUserAsyncIsPresent()) XalSignOutUserAsync(user, block)
  Log(`XalSignOutUserAsyncIsPresent: ${XalSignOutUserAsyncIsPresent()}`);
  let signedOut: HRESULT | null = null;
  const signOutHr = XalSignOutUserAsync(u, { queue, callback: (b) => (signedOut = XalSignOutUserResult(b)) });
  Log(`XalSignOutUserAsync: hr=${hresultHex(signOutHr)}`);
  await until(() => signedOut !== null && changes.length === 2);
  Log(`signout: hr=${hresultHex(signedOut as unknown as HRESULT)}`);

  // Cleanup: close the user, XalCleanupAsync + wait (the game loop's dispatch is the wait), close the queue.
  XalUserUnregisterChangeEventHandler(token.value);
  XalUserCloseHandle(u);
  let cleaned: HRESULT | null = null;
  const cleanupHr = XalCleanupAsync({ queue, callback: (b) => (cleaned = XAsyncGetStatus(b, false)) });
  Log(`XalCleanupAsync: hr=${hresultHex(cleanupHr)}`);
  await until(() => cleaned !== null);
  Log(`cleanup: hr=${hresultHex(cleaned as unknown as HRESULT)}`);
  XTaskQueueCloseHandle(queue);
}

/** The XUID of the world's one account, `Alice` (fixed, so every run prints the same lines). */
export const ALICE_XUID = '2814660012345678';

/**
 * The emulated Xbox Live the flow signs in to: the test world of `@gdkts/xal/testing` (the seed's
 * service, signed with the default policy; the title; a device; XSTS in this process) with one
 * account, `Alice` ({@link ALICE_XUID}), signed in through the web view. Install it with `useXalEmulator`.
 * @returns the emulator.
 */
export async function makeXalEmulator(): Promise<XalEmulator> {
  const world = await createXalTestWorld();
  return world.createEmulator([new Account({ gamertag: 'Alice', xuid: ALICE_XUID })]);
}

const urlTypeName = (type: XalShowUrlType): string =>
  Object.entries(XalShowUrlType).find(([, value]) => value === type)?.[0] ?? String(type);

/**
 * The title's web view: logs `XalPlatformWebShowUrl: type=…` and answers as a shared system browser
 * (the sign-in page signs the account in; cookie removal completes at once).
 * @param Log - [in] where the line goes.
 * @returns the handler for `XalPlatformWebSetEventHandler`.
 */
export function loggingWebView(Log: (line: string) => void): XalPlatformWebShowUrlEventHandler {
  const browser = createEmulatorWebViewHandler();
  return (context, userIdentifier, operation, startUrl, finalUrl, showUrlType, headerCount, headers) => {
    Log(`XalPlatformWebShowUrl: type=${urlTypeName(showUrlType)}`);
    browser(context, userIdentifier, operation, startUrl, finalUrl, showUrlType, headerCount, headers);
  };
}
