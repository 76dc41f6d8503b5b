// Ports of the XUser samples S4–S8 (samples.md §2): the calls, arguments and order of the
// originals, with their log lines as the observable output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E_ABORT, E_GAMEUSER_NO_DEFAULT_USER, E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED, E_GAMEUSER_USER_NOT_IN_SANDBOX, FAILED, S_OK, SUCCEEDED, type HRESULT } from '@gdkts/hresult';
import {
  XAsyncCancel,
  XAsyncGetStatus,
  XAsyncGetStatusAsync,
  XTaskQueueCloseHandle,
  XTaskQueueCreate,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
  XTaskQueueTerminate,
  out,
} from '@gdkts/xasync';
import type { XAsyncBlock, XTaskQueueHandle, XTaskQueueRegistrationToken } from '@gdkts/xasync';
import {
  XUserAddAsync,
  XUserAddOptions,
  XUserAddResult,
  XUserChangeEvent,
  XUserCloseHandle,
  XUserCloseSignOutDeferralHandle,
  XUserCompare,
  XUserFindUserByLocalId,
  XUserGamerPictureSize,
  XUserGamertagComponent,
  XUserGamertagComponentUniqueModernMaxBytes,
  XUserGetGamerPictureAsync,
  XUserGetGamerPictureResult,
  XUserGetGamerPictureResultSize,
  XUserGetGamertag,
  XUserGetIsGuest,
  XUserGetLocalId,
  XUserGetSignOutDeferral,
  XUserGetTokenAndSignatureAsync,
  XUserGetTokenAndSignatureOptions,
  XUserGetTokenAndSignatureResult,
  XUserGetTokenAndSignatureResultSize,
  XUserRegisterForChangeEvent,
  XUserUnregisterForChangeEvent,
} from '@gdkts/xuser';
import type { XUserGetTokenAndSignatureData, XUserHandle, XUserLocalId, XUserSignOutDeferralHandle } from '@gdkts/xuser';
import { Account } from '@gdkts/xboxlive';
import { boot, useLeakCheck } from './helpers/console.js';
import { endpointsFor, startClaimsService } from './helpers/service.js';
import type { ClaimsService } from './helpers/service.js';

useLeakCheck();

const hex = (hr: number): string => `0x${(hr >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function createQueue(work: XTaskQueueDispatchMode, completion: XTaskQueueDispatchMode): XTaskQueueHandle {
  const q = out<XTaskQueueHandle | null>(null);
  expect(XTaskQueueCreate(work, completion, q)).toBe(S_OK);
  return q.value!;
}

/** Runs frames (one completion dispatch each, as S4's Update) until `done()` or 500 frames. */
async function frames(queue: XTaskQueueHandle, done: () => boolean, drainEachFrame = false): Promise<number> {
  let n = 0;
  while (!done() && n < 500) {
    if (drainEachFrame) while (XTaskQueueDispatch(queue, XTaskQueuePort.Completion, 0));
    else XTaskQueueDispatch(queue, XTaskQueuePort.Completion, 0);
    await tick();
    n++;
  }
  expect(done()).toBe(true);
  return n;
}

let service: ClaimsService;
beforeAll(async () => {
  service = await startClaimsService();
});
afterAll(async () => {
  await service.close();
});

describe('S4 — SimpleUserModel: silent sign-in, change events, two-step gamer picture', () => {
  it('signs in silently, shows gamertag and picture, refreshes both on Gamertag / GamerPicture', async () => {
    const console = await boot({ accounts: [{ gamertag: 'Simple', modernGamertag: 'Simple', modernGamertagSuffix: '42' }] });
    const log: string[] = [];
    // Constructor
    const q = createQueue(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.Manual);
    let user: XUserHandle | null = null;
    let localId: bigint | undefined;
    let pictureBytes = 0;
    const UpdateUserUIData = (): void => {
      const buffer = new Uint8Array(XUserGamertagComponentUniqueModernMaxBytes + 1);
      const used = out(0);
      expect(XUserGetGamertag(user, XUserGamertagComponent.UniqueModern, buffer.length, buffer, used)).toBe(S_OK);
      log.push(`gamertag: ${new TextDecoder().decode(buffer.subarray(0, used.value - 1))}`);
      const block: XAsyncBlock = {
        queue: q,
        callback: (b) => {
          const size = out(0);
          expect(XUserGetGamerPictureResultSize(b, size)).toBe(S_OK);
          const data = new Uint8Array(size.value);
          const used2 = out(0);
          expect(XUserGetGamerPictureResult(b, size.value, data, used2)).toBe(S_OK);
          pictureBytes = used2.value;
          log.push(`picture: ${used2.value} bytes`);
        },
      };
      expect(XUserGetGamerPictureAsync(user, XUserGamerPictureSize.Medium, block)).toBe(S_OK);
    };
    const token = out<XTaskQueueRegistrationToken | null>(null);
    expect(
      XUserRegisterForChangeEvent(q, null, (_ctx, id, event) => {
        log.push(`UserChangeEventCallback() : userLocalId = 0x${id.value.toString(16)}, event = ${event}`);
        if (id.value !== localId) return;
        if (event === XUserChangeEvent.SignedInAgain || event === XUserChangeEvent.SignedOut || event === XUserChangeEvent.SigningOut) throw new Error('unexpected under the simple user model');
        if (event === XUserChangeEvent.Gamertag || event === XUserChangeEvent.GamerPicture) UpdateUserUIData();
      }, token),
    ).toBe(S_OK);
    // SignInDefaultUser
    const block: XAsyncBlock = {
      queue: q,
      callback: (b) => {
        const handle = out<XUserHandle | null>(null);
        expect(XUserAddResult(b, handle)).toBe(S_OK); // guaranteed under the simple user model
        user = handle.value;
        const id = out<XUserLocalId | null>(null);
        XUserGetLocalId(user, id);
        localId = id.value!.value;
        UpdateUserUIData();
      },
    };
    expect(XUserAddAsync(XUserAddOptions.AddDefaultUserSilently, block)).toBe(S_OK);
    await frames(q, () => pictureBytes > 0);
    console.account('Simple')!.update({ modernGamertag: 'Simpler', modernGamertagSuffix: '7' });
    pictureBytes = 0;
    await frames(q, () => pictureBytes > 0);
    console.changeGamerPicture('Simple');
    pictureBytes = 0;
    await frames(q, () => pictureBytes > 0);
    const id = `0x${localId!.toString(16)}`;
    expect(log).toEqual([
      'gamertag: Simple#42',
      expect.stringMatching(/^picture: \d+ bytes$/),
      `UserChangeEventCallback() : userLocalId = ${id}, event = 3`,
      'gamertag: Simpler#7',
      expect.stringMatching(/^picture: \d+ bytes$/),
      `UserChangeEventCallback() : userLocalId = ${id}, event = 4`,
      'gamertag: Simpler#7',
      expect.stringMatching(/^picture: \d+ bytes$/),
    ]);
    // Destructor
    XUserUnregisterForChangeEvent(token.value!, false);
    XTaskQueueTerminate(q, false, null, null);
    XTaskQueueDispatch(q, XTaskQueuePort.Completion, 0xffffffff);
    XTaskQueueCloseHandle(q);
    XUserCloseHandle(user);
  });
});

describe('S5 — UserManagement: UI fallback, de-duplication, cancelled picture, deferral', () => {
  it('default sign-in fails with NO_DEFAULT_USER, the UI sign-in picks a user, a second sign-in de-duplicates', async () => {
    const one = new Account({ gamertag: 'Player One' });
    const two = new Account({ gamertag: 'Player Two' });
    const pick = { outcome: 'completed' as const, xuid: two.xuid };
    const console = await boot({ accounts: [one, two], signOutTimeoutMs: 3_600_000, ui: [pick, { outcome: 'dismissed' }, pick] });
    const log: string[] = [];
    const q = createQueue(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.Manual);
    const users: XUserHandle[] = [];
    let inProgress = false;
    const results: HRESULT[] = [];
    const TryStartSignInAsync = (autoDefault: boolean, allowGuests: boolean): boolean => {
      if (inProgress) return false;
      const options = autoDefault ? XUserAddOptions.AddDefaultUserSilently : allowGuests ? XUserAddOptions.AllowGuests : XUserAddOptions.None;
      const block: XAsyncBlock = {
        queue: q,
        callback: (b) => {
          const handle = out<XUserHandle | null>(null);
          const hr = XUserAddResult(b, handle);
          const id = out<XUserLocalId | null>(null);
          if (SUCCEEDED(hr)) XUserGetLocalId(handle.value, id);
          log.push(`Sign-in Callback : UserLocalId: ${id.value?.value.toString(16) ?? '0'}, Result = ${hex(hr)}`);
          if (SUCCEEDED(hr)) {
            const existing = users.find((u) => XUserCompare(u, handle.value) === 0);
            if (existing !== undefined) XUserCloseHandle(handle.value);
            else users.push(handle.value!);
          }
          inProgress = false;
          results.push(hr);
          // GameScreenTitle::NotifySignInResult
          if (autoDefault && hr === E_GAMEUSER_NO_DEFAULT_USER) TryStartSignInAsync(false, false);
          else if (hr === E_ABORT) log.push('no user: the picker was dismissed');
        },
      };
      const hr = XUserAddAsync(options, block);
      if (SUCCEEDED(hr)) inProgress = true;
      return SUCCEEDED(hr);
    };
    const q2 = q;
    expect(TryStartSignInAsync(true, false)).toBe(true);
    await frames(q2, () => results.length === 2, true);
    expect(TryStartSignInAsync(false, false)).toBe(true);
    await frames(q2, () => results.length === 3, true);
    expect(TryStartSignInAsync(false, true)).toBe(true);
    await frames(q2, () => results.length === 4, true);
    expect(results).toEqual([E_GAMEUSER_NO_DEFAULT_USER, S_OK, E_ABORT, S_OK]);
    expect(users).toHaveLength(1); // the second Player Two sign-in was de-duplicated with XUserCompare
    expect(log[0]).toBe(`Sign-in Callback : UserLocalId: 0, Result = ${hex(E_GAMEUSER_NO_DEFAULT_USER)}`);
    expect(log).toContain('no user: the picker was dismissed');

    // Gamer picture with cancel: the aborted call still fires its callback, which returns early.
    const aborted = new Set<XAsyncBlock>();
    const pictureLog: string[] = [];
    const picBlock: XAsyncBlock = {
      queue: q2,
      callback: (b) => {
        if (aborted.has(b)) return void pictureLog.push(`aborted callback fired: ${hex(XAsyncGetStatus(b, false))}`);
        pictureLog.push('picture');
      },
    };
    expect(XUserGetGamerPictureAsync(users[0]!, XUserGamerPictureSize.Small, picBlock)).toBe(S_OK);
    pictureLog.push('Aborting gamerpic request…');
    aborted.add(picBlock);
    XAsyncCancel(picBlock);
    await frames(q2, () => pictureLog.length === 2, true);
    expect(pictureLog).toEqual(['Aborting gamerpic request…', `aborted callback fired: ${hex(E_ABORT)}`]);

    // SigningOut: take a deferral, hold it, close it; SignedOut: notify the screen, then remove the user.
    const changeLog: string[] = [];
    let held: XUserSignOutDeferralHandle | null = null;
    const token = out<XTaskQueueRegistrationToken | null>(null);
    XUserRegisterForChangeEvent(q2, null, (_c, id, event) => {
      if (event === XUserChangeEvent.SigningOut) {
        const d = out<XUserSignOutDeferralHandle | null>(null);
        const hr = XUserGetSignOutDeferral(d);
        changeLog.push(`SigningOut deferral: ${hex(hr)}`);
        held = d.value;
      } else if (event === XUserChangeEvent.SignedOut) {
        changeLog.push('screen notified of sign-out');
        const found = out<XUserHandle | null>(null);
        XUserFindUserByLocalId(id, found);
        const index = users.findIndex((u) => XUserCompare(u, found.value) === 0);
        XUserCloseHandle(found.value);
        if (index >= 0) XUserCloseHandle(users.splice(index, 1)[0]!);
        changeLog.push('user removed');
      }
    }, token);
    const signedOut = console.signOut(two.xuid);
    await frames(q2, () => held !== null, true);
    XUserCloseSignOutDeferralHandle(held!); // the sample holds it 5 s; the hold is the point, not the time
    await signedOut;
    await frames(q2, () => changeLog.length === 3, true);
    expect(changeLog).toEqual(['SigningOut deferral: 0x00000000', 'screen notified of sign-out', 'user removed']);
    expect(users).toHaveLength(0);
    XUserUnregisterForChangeEvent(token.value!, true);
    XTaskQueueCloseHandle(q2);
  });
});

describe('S6 — SimpleHttp: token and signature against a custom game service, 401 → ForceRefresh', () => {
  it('two silent sign-ins in flight adopt the same user twice; the request carries Authorization/Signature; 401s retry with ForceRefresh up to 4 times', async () => {
    const console = await boot({ accounts: [{ gamertag: 'HttpUser' }, { gamertag: 'Wrong Sandbox', sandboxes: ['XDKS.1'] }], defaultUser: 'HttpUser', endpoints: endpointsFor(service) });
    const q = createQueue(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.Manual);
    let current: XUserHandle | null = null;
    let userChanged = 0;
    const SetCurrentUser = (handle: XUserHandle | null): void => {
      if (current === null || XUserCompare(current, handle) === 0) {
        XUserCloseHandle(current);
        current = handle;
        userChanged++;
      } else XUserCloseHandle(handle);
    };
    const signInResults: HRESULT[] = [];
    const SignInSilently = (): void => {
      const block: XAsyncBlock = {
        queue: q,
        callback: (b) => {
          const handle = out<XUserHandle | null>(null);
          let hr = XUserAddResult(b, handle);
          if (hr === E_GAMEUSER_USER_NOT_IN_SANDBOX) hr = E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED;
          signInResults.push(hr);
          if (SUCCEEDED(hr)) SetCurrentUser(handle.value);
        },
      };
      expect(XUserAddAsync(XUserAddOptions.AddDefaultUserSilently, block)).toBe(S_OK);
    };
    SignInSilently(); // LiveResources::Initialize
    SignInSilently(); // LoginToXboxLive(true)
    await frames(q, () => signInResults.length === 2, true);
    expect(userChanged).toBe(2); // the user-changed callback fires twice, as in the sample

    const log: string[] = [];
    let lastStatus = 0;
    let retries = 0;
    let finished: Promise<void> = Promise.resolve();
    const url = `${service.origin}/api/getclaims`;
    const headers = [
      { name: 'X-XBL-Contract-Version', value: '2' },
      { name: 'Content-Type', value: 'application/json' },
    ];
    const body = new TextEncoder().encode('{"query":"claims"}');
    const BeginAuthorization = (): HRESULT => {
      const block: XAsyncBlock = {
        callback: (b) => {
          const size = out(0);
          const hr = XUserGetTokenAndSignatureResultSize(b, size);
          if (FAILED(hr)) return void log.push(`Error during XUserGetTokenAndSignatureResultSize: ${hex(hr)}`);
          const buffer = new Uint8Array(size.value);
          const data = out<XUserGetTokenAndSignatureData | null>(null);
          if (FAILED(XUserGetTokenAndSignatureResult(b, size.value, buffer, data, out(0)))) return;
          const send: Record<string, string> = { 'X-XBL-Contract-Version': '2', 'Content-Type': 'application/json', Authorization: data.value!.token };
          if (data.value!.signature !== null) send['Signature'] = data.value!.signature;
          finished = fetch(url, { method: 'POST', headers: send, body }).then(async (response) => {
            lastStatus = response.status;
            const text = await response.text();
            if (response.status === 401 && retries < 4) {
              retries++;
              BeginAuthorization();
              return;
            }
            log.push(`status ${response.status}, body ${text.length} bytes`, 'Request completed.');
          });
        },
      };
      const options = lastStatus === 401 ? XUserGetTokenAndSignatureOptions.ForceRefresh : XUserGetTokenAndSignatureOptions.None;
      return XUserGetTokenAndSignatureAsync(current, options, 'POST', url, headers.length, headers, body.length, body, block);
    };
    const fetchesBefore = console.session!.tokenFetchCount;
    service.rejectNext(2);
    expect(BeginAuthorization()).toBe(S_OK);
    for (let i = 0; i < 200 && !log.includes('Request completed.'); i++) {
      await finished;
      await tick();
    }
    expect(retries).toBe(2);
    expect(console.session!.tokenFetchCount - fetchesBefore).toBe(3); // the first request fetches the token; each retry forces a fresh one
    expect(log).toEqual([expect.stringMatching(/^status 200, body \d+ bytes$/), 'Request completed.']);

    // Five 401s: four retries, then the 401 goes to the caller.
    log.length = 0;
    retries = 0;
    lastStatus = 0;
    service.rejectNext(5);
    expect(BeginAuthorization()).toBe(S_OK);
    for (let i = 0; i < 400 && !log.includes('Request completed.'); i++) {
      await finished;
      await tick();
    }
    expect(retries).toBe(4);
    expect(log).toEqual(['status 401, body 0 bytes', 'Request completed.']);
    XUserCloseHandle(current);
    XTaskQueueCloseHandle(q);
  });
});

describe('S7 — PlayFab kit: a stack block, no queue, no callback, waited on', () => {
  it('RequestXUserToken with ForceRefresh for https://playfabapi.com', async () => {
    await boot({
      accounts: [{ gamertag: 'Fab' }],
      endpoints: { EndPoints: [{ Protocol: 'https', Host: 'playfabapi.com', HostType: 'fqdn', RelyingParty: 'rp://contoso.test/', TokenType: 'JWT' }] },
    });
    const add: XAsyncBlock = {};
    expect(XUserAddAsync(XUserAddOptions.AddDefaultUserSilently, add)).toBe(S_OK);
    expect(await XAsyncGetStatusAsync(add)).toBe(S_OK);
    const user = out<XUserHandle | null>(null);
    expect(XUserAddResult(add, user)).toBe(S_OK);

    const log: string[] = ['Calling XUserGetTokenAndSignatureAsync'];
    const async: XAsyncBlock = {};
    let hr = XUserGetTokenAndSignatureAsync(user.value, XUserGetTokenAndSignatureOptions.ForceRefresh, 'GET', 'https://playfabapi.com', 0, null, 0, null, async);
    // XAsyncGetStatus(&async, true) cannot block a JS thread while the work awaits a Promise:
    // the port waits with the awaitable twin (samples.md §6 "Blocking calls").
    if (SUCCEEDED(hr)) hr = await XAsyncGetStatusAsync(async);
    let data: XUserGetTokenAndSignatureData | null = null;
    if (SUCCEEDED(hr)) {
      const size = out(0);
      hr = XUserGetTokenAndSignatureResultSize(async, size);
      if (SUCCEEDED(hr)) {
        const buffer = new Uint8Array(size.value);
        log.push('Calling XUserGetTokenAndSignatureResult');
        const d = out<XUserGetTokenAndSignatureData | null>(null);
        hr = XUserGetTokenAndSignatureResult(async, size.value, buffer, d, null);
        data = d.value;
      }
    }
    if (FAILED(hr)) log.push(`Error calling XUserGetTokenAndSignatureResult : ${hex(hr)}`);
    expect(log).toEqual(['Calling XUserGetTokenAndSignatureAsync', 'Calling XUserGetTokenAndSignatureResult']);
    expect(data?.token).toMatch(/^XBL3\.0 x=\d+;/);
    expect(data?.signature).toBeNull(); // the PlayFab endpoint has no signature policy here
    XUserCloseHandle(user.value);
  });
});

describe('S8 — XUser reference listings', () => {
  it('AddUser / AddUserComplete, UserChangeEventHandler (guest dropped on SignedOut, deferral on SigningOut), UnregisterForChanges', async () => {
    const console = await boot({ accounts: [{ gamertag: 'Host' }, { gamertag: 'Guest', guest: true }], defaultUser: 'Host', signOutTimeoutMs: 3_600_000 });
    const guest = console.account('Guest')!;
    const q = createQueue(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.Manual);
    const log: string[] = [];
    const users = new Map<bigint, XUserHandle>();
    let pending = 0;
    const AddUserComplete = (b: XAsyncBlock): void => {
      pending--;
      const handle = out<XUserHandle | null>(null);
      if (FAILED(XUserAddResult(b, handle))) return void log.push('AddUser failed');
      const id = out<XUserLocalId | null>(null);
      XUserGetLocalId(handle.value, id);
      if (users.has(id.value!.value)) {
        log.push('User already in list');
        XUserCloseHandle(handle.value);
        return;
      }
      users.set(id.value!.value, handle.value!);
      log.push('LoadGamerPicAsync');
    };
    const AddUser = (allowGuests: boolean, silent: boolean): HRESULT => {
      let options: number = XUserAddOptions.None;
      if (allowGuests) options |= XUserAddOptions.AllowGuests;
      if (silent) options |= XUserAddOptions.AddDefaultUserSilently;
      const block: XAsyncBlock = { queue: q, context: null, callback: AddUserComplete };
      const hr = XUserAddAsync(options, block);
      if (SUCCEEDED(hr)) pending++; // the unique_ptr is released to the callback
      return hr;
    };
    expect(AddUser(false, true)).toBe(S_OK);
    await frames(q, () => pending === 0, true);
    expect(AddUser(false, true)).toBe(S_OK);
    await frames(q, () => pending === 0, true);
    expect(AddUser(true, true)).toBeLessThan(0); // AllowGuests with AddDefaultUserSilently: the start fails, the caller deletes the block
    const second = await boot({ accounts: [console.account('Host')!, guest], defaultUser: 'Host', signOutTimeoutMs: 3_600_000, ui: [{ outcome: 'completed', xuid: guest.xuid }] });
    users.clear();
    expect(AddUser(false, true)).toBe(S_OK);
    expect(AddUser(true, false)).toBe(S_OK);
    await frames(q, () => pending === 0, true);
    expect(log).toEqual(['LoadGamerPicAsync', 'User already in list', 'LoadGamerPicAsync', 'LoadGamerPicAsync']);

    // UserChangeEventHandler
    let deferral: XUserSignOutDeferralHandle | null = null;
    const token = out<XTaskQueueRegistrationToken | null>(null);
    XUserRegisterForChangeEvent(q, null, (_c, id, event) => {
      const handle = users.get(id.value);
      if (handle === undefined) return;
      const isGuest = out(false);
      XUserGetIsGuest(handle, isGuest);
      if (isGuest.value && event === XUserChangeEvent.SignedOut) {
        XUserCloseHandle(handle);
        users.delete(id.value);
        log.push('guest dropped');
      } else if (event === XUserChangeEvent.SigningOut) {
        const d = out<XUserSignOutDeferralHandle | null>(null);
        if (SUCCEEDED(XUserGetSignOutDeferral(d))) deferral = d.value;
        log.push('deferral taken');
      } else if (event === XUserChangeEvent.GamerPicture) log.push('LoadGamerPicAsync');
    }, token);
    const signedOut = second.signOut(guest.xuid);
    await frames(q, () => deferral !== null, true);
    XUserCloseSignOutDeferralHandle(deferral!); // the detached thread's 5 s hold, ended
    await signedOut;
    await frames(q, () => log.includes('guest dropped'), true);
    second.changeGamerPicture('Host');
    await frames(q, () => log.at(-1) === 'LoadGamerPicAsync', true);
    expect(log.slice(4)).toEqual(['deferral taken', 'guest dropped', 'LoadGamerPicAsync']);
    expect(XUserUnregisterForChangeEvent(token.value!, false)).toBe(true); // UnregisterForChanges
    for (const handle of users.values()) XUserCloseHandle(handle);
    XTaskQueueCloseHandle(q);
  });
});
