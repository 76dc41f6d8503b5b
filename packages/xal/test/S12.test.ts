// Sample S12 (samples.md): XAL initialization, sign-in, token request as ApiExplorer and the mobile
// guides run them — a Manual/Manual queue, a background "work thread" draining the Work port, a game
// loop draining the Completion port each frame; silent sign-in falling back to UI; gamertag and id;
// a token request; resolve with https://www.xboxlive.com; a change handler; sign-out; cleanup.
import { describe, expect, it } from 'vitest';
import { FAILED, S_OK, hresultHex, type HRESULT } from '@gdkts/hresult';
import { XTaskQueueCloseHandle, XTaskQueueCreate, XTaskQueueDispatch, XTaskQueueDispatchMode, XTaskQueuePort, XAsyncGetStatus, out, type XAsyncBlock, type XTaskQueueHandle } from '@gdkts/xasync';
import {
  XalAddUserWithUiAsync,
  XalAddUserWithUiResult,
  XalCleanupAsync,
  XalGamertagComponent,
  XalInitialize,
  XalSignOutUserAsync,
  XalSignOutUserAsyncIsPresent,
  XalSignOutUserResult,
  XalTryAddDefaultUserSilentlyAsync,
  XalTryAddDefaultUserSilentlyResult,
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
  useXalEmulator,
  type XalRegistrationToken,
  type XalUserGetTokenAndSignatureData,
  type XalUserHandle,
} from '@gdkts/xal';
import { installHooks, newHooks, useXalSandbox } from './helpers/title.js';
import { CLIENT_ID, SEED_URL, TITLE_ID, account, makeEmulator } from './helpers/world.js';

useXalSandbox();

describe('S12: XAL sign-in and token request on a manual queue', () => {
  it('runs the ApiExplorer flow with a work thread and a game-loop completion drain', async () => {
    const log: string[] = [];
    const alice = account('Alice');
    useXalEmulator(await makeEmulator([alice]));
    // 1. XTaskQueueCreate(Manual, Manual, &queue)
    const q = out<XTaskQueueHandle | null>(null);
    expect(XTaskQueueCreate(XTaskQueueDispatchMode.Manual, XTaskQueueDispatchMode.Manual, q)).toBe(S_OK);
    const queue = q.value as XTaskQueueHandle;
    const frame = async (): Promise<void> => {
      while (XTaskQueueDispatch(queue, XTaskQueuePort.Work, 0)); // the background work thread
      while (XTaskQueueDispatch(queue, XTaskQueuePort.Completion, 0)); // the game loop
      await new Promise((resolve) => setImmediate(resolve));
    };
    const until = async (done: () => boolean): Promise<void> => {
      for (let frames = 0; !done(); frames++) {
        if (frames > 10_000) throw new Error('the flow stalled');
        await frame();
      }
    };
    // 2. hooks on the same queue, then XalInitialize(&args, queue)
    const hooks = newHooks();
    installHooks(hooks, { queue });
    const hr = XalInitialize({ platform: 'Android', clientId: CLIENT_ID, titleId: TITLE_ID, sandbox: 'RETAIL', redirectUri: `ms-xal-${CLIENT_ID}://auth` }, queue);
    log.push(`XalInitialize: hr=${hresultHex(hr)}`);
    let user: XalUserHandle | null = null;
    const token = out<XalRegistrationToken>({ token: 0n });
    const changes: number[] = [];
    expect(XalUserRegisterChangeEventHandler(queue, null, (_c, _id, change) => changes.push(change), token)).toBe(S_OK);
    // 4. XalTryAddDefaultUserSilentlyAsync; on failure XalAddUserWithUiAsync
    let signedIn = false;
    const onUser = (name: string, result: (b: XAsyncBlock, u: { value: XalUserHandle | null }) => HRESULT) => (block: XAsyncBlock): void => {
      const added = out<XalUserHandle | null>(null);
      const status = result(block, added);
      log.push(`${name}: hr=${hresultHex(status)} user=${added.value === null ? 'null' : 'handle'}`);
      if (FAILED(status)) {
        expect(XalAddUserWithUiAsync(0, { queue, callback: onUser('XalAddUserWithUiResult', XalAddUserWithUiResult) })).toBe(S_OK);
        return;
      }
      if (user !== null) XalUserCloseHandle(user);
      user = added.value;
      signedIn = true;
    };
    expect(XalTryAddDefaultUserSilentlyAsync(0, { queue, callback: onUser('XalTryAddDefaultUserSilentlyResult', XalTryAddDefaultUserSilentlyResult) })).toBe(S_OK);
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(log).toHaveLength(1); // nothing runs until the work thread and the game loop dispatch
    await until(() => signedIn);
    const u = user as unknown as XalUserHandle;
    const size = XalUserGetGamertagSize(u, XalGamertagComponent.UniqueModern);
    const gamertag = new Uint8Array(size);
    expect(XalUserGetGamertag(u, XalGamertagComponent.UniqueModern, size, gamertag, null)).toBe(S_OK);
    const id = out(0n);
    expect(XalUserGetId(u, id)).toBe(S_OK);
    log.push(`gamertag=${new TextDecoder().decode(gamertag.subarray(0, size - 1))} xuid=${id.value}`);
    // 5. the token: args {method, url}, other fields zero
    let tokenLine: string | null = null;
    expect(
      XalUserGetTokenAndSignatureSilentlyAsync(u, { method: 'GET', url: SEED_URL }, {
        queue,
        callback: (block) => {
          const bufferSize = out(0);
          const status = XalUserGetTokenAndSignatureSilentlyResultSize(block, bufferSize);
          const buffer = new Uint8Array(bufferSize.value);
          const data = out<XalUserGetTokenAndSignatureData | null>(null);
          const r = XalUserGetTokenAndSignatureSilentlyResult(block, bufferSize.value, buffer, data, null);
          tokenLine = `token: hr=${hresultHex(status)} bufferSize=${bufferSize.value > 0 ? 'n' : 0} result=${hresultHex(r)} signed=${(data.value?.signatureSize ?? 0) > 0}`;
        },
      }),
    ).toBe(S_OK);
    await until(() => tokenLine !== null);
    log.push(tokenLine as unknown as string);
    // 6. resolve with "https://www.xboxlive.com", status read in the callback
    let resolved: HRESULT | null = null;
    expect(XalUserResolveIssueWithUiAsync(u, 'https://www.xboxlive.com', { queue, callback: (b) => (resolved = XAsyncGetStatus(b, false)) })).toBe(S_OK);
    await until(() => resolved !== null);
    log.push(`resolve: hr=${hresultHex(resolved as unknown as HRESULT)}`);
    // sign-out where present
    expect(XalSignOutUserAsyncIsPresent()).toBe(true);
    let signedOut: HRESULT | null = null;
    expect(XalSignOutUserAsync(u, { queue, callback: (b) => (signedOut = XalSignOutUserResult(b)) })).toBe(S_OK);
    await until(() => signedOut !== null && changes.length === 2);
    log.push(`signout: hr=${hresultHex(signedOut as unknown as HRESULT)}`);
    // cleanup: close the user, XalCleanupAsync, wait for it
    XalUserUnregisterChangeEventHandler(token.value);
    XalUserCloseHandle(u);
    let cleaned: HRESULT | null = null;
    expect(XalCleanupAsync({ queue, callback: (b) => (cleaned = XAsyncGetStatus(b, false)) })).toBe(S_OK);
    await until(() => cleaned !== null);
    log.push(`cleanup: hr=${hresultHex(cleaned as unknown as HRESULT)}`);
    XTaskQueueCloseHandle(queue);
    expect(log).toEqual([
      'XalInitialize: hr=0x00000000',
      'XalTryAddDefaultUserSilentlyResult: hr=0x89235108 user=null',
      'XalAddUserWithUiResult: hr=0x00000000 user=handle',
      `gamertag=Alice xuid=${alice.xuid}`,
      'token: hr=0x00000000 bufferSize=n result=0x00000000 signed=true',
      'resolve: hr=0x00000000',
      'signout: hr=0x00000000',
      'cleanup: hr=0x00000000',
    ]);
    expect(changes).toEqual([XalUserChangeType.SigningOut, XalUserChangeType.SignedOut]);
    expect(hooks.web.map((e) => e.type)).toEqual([0, 2]); // sign-in page, cookie removal
  });
});
