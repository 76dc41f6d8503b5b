/**
 * S5 — advanced user model (samples.md §2 S5): Xbox-GDK-Samples `Samples/System/UserManagement`
 * `GameUser.cpp` (`GameUserManager`) and `GameScreens.cpp` (`GameScreenTitle::NotifySignInResult`) on
 * `@gdkts/xuser`. A ThreadPool/Manual queue drained every frame (`while (XTaskQueueDispatch(q,
 * Completion, 0)) {}`); `XUserAddAsync` with `AddDefaultUserSilently` / `AllowGuests` / `None`;
 * `E_GAMEUSER_NO_DEFAULT_USER` → the UI; `E_ABORT` = the picker dismissed; `XUserCompare`
 * de-duplication; a gamer-picture request cancelled with `XAsyncCancel` whose callback still fires;
 * `SigningOut` → a sign-out deferral held, then closed; `SignedOut` → screen first, then the user
 * removed. Run it with `pnpm sample S5` (./S5.userManagement.ts); its test is
 * samples/test/S5.userManagement.test.ts.
 * @module
 */
import { E_ABORT, E_GAMEUSER_NO_DEFAULT_USER, FAILED, type HRESULT, SUCCEEDED, hresultHex } from '@gdkts/hresult';
import {
  XAsyncCancel,
  XAsyncGetStatus,
  XTaskQueueCloseHandle,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
  XTaskQueueTerminate,
  out,
  type XAsyncBlock,
  type XTaskQueueHandle,
  type XTaskQueueRegistrationToken,
} from '@gdkts/xasync';
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
  XUserGetGamerPictureAsync,
  XUserGetGamerPictureResult,
  XUserGetGamerPictureResultSize,
  XUserGetLocalId,
  XUserGetSignOutDeferral,
  XUserRegisterForChangeEvent,
  XUserUnregisterForChangeEvent,
  type XUserHandle,
  type XUserLocalId,
  type XUserSignOutDeferralHandle,
} from '@gdkts/xuser';
import { Account } from '@gdkts/xboxlive';
import { bootTestConsole, uninitializeGameRuntime } from '@gdkts/xuser/testing';
import { ThrowIfFailed, createQueue, runFrames } from './helpers.js';

const INFINITE = 0xffffffff;

/** `GameUserManager::SignInCallback`: the result of a sign-in, for the screen. */
export type SignInCallback = (hr: HRESULT, user: XUserHandle | null, autoDefault: boolean) => void;

/** GameUser.cpp's `GameUserManager` (its XUser parts). */
export class GameUserManager {
  readonly m_queue: XTaskQueueHandle;
  /** The signed-in users (native: `std::vector<std::shared_ptr<GameUser>>`). */
  readonly m_users: XUserHandle[] = [];
  m_signInInProgress = false;
  /** Pending gamer-picture requests by handle, and the ones being aborted. */
  readonly m_gamerPicRequests = new Map<number, XAsyncBlock>();
  readonly m_abortedGamerPicRequests = new Map<number, XAsyncBlock>();
  m_nextGamerPicHandle = 1;
  /** The deferral a `SigningOut` took (native: held by a detached thread for 5 s). */
  m_signOutDeferral: XUserSignOutDeferralHandle | null = null;
  /** Called with each `SignedOut` user before it is removed (the screens). */
  onSignedOut: (localId: XUserLocalId) => void = () => undefined;
  readonly m_userChangeEventToken = out<XTaskQueueRegistrationToken | null>(null);
  readonly Log: (line: string) => void;

  constructor(Log: (line: string) => void) {
    this.Log = Log;
    this.m_queue = createQueue(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.Manual);
    ThrowIfFailed(
      XUserRegisterForChangeEvent(
        this.m_queue,
        this,
        GameUserManager.UserChangeEventCallback,
        this.m_userChangeEventToken,
      ),
    );
  }

  /** native: `GameUserManager::~GameUserManager()`. */
  Destroy(): void {
    XUserUnregisterForChangeEvent(this.m_userChangeEventToken.value!, true);
    for (const user of this.m_users.splice(0)) XUserCloseHandle(user);
    XTaskQueueTerminate(this.m_queue, false, null, null);
    XTaskQueueDispatch(this.m_queue, XTaskQueuePort.Completion, INFINITE);
    XTaskQueueCloseHandle(this.m_queue);
  }

  /** native: `GameUserManager::Update`: drains the Completion port every frame. */
  Update(): void {
    while (XTaskQueueDispatch(this.m_queue, XTaskQueuePort.Completion, 0)); // native: while (…) {}
  }

  /**
   * native: `bool GameUserManager::TryStartSignInAsync(SignInCallback callback, bool autoDefault, bool allowGuests)`.
   * @returns false when a sign-in is already in progress or the start failed.
   */
  TryStartSignInAsync(callback: SignInCallback, autoDefault: boolean, allowGuests: boolean): boolean {
    if (this.m_signInInProgress) return false;
    // Default sign-in only makes sense with no users.
    if (autoDefault && this.m_users.length > 0) return false;

    let options: number = XUserAddOptions.None;
    if (autoDefault) options = XUserAddOptions.AddDefaultUserSilently;
    else if (allowGuests) options = XUserAddOptions.AllowGuests;

    const asyncBlock: XAsyncBlock = {}; // native: new XAsyncBlock{}
    asyncBlock.queue = this.m_queue;
    asyncBlock.context = this;
    asyncBlock.callback = (ab) => {
      const pThis = ab.context as GameUserManager;
      const newUser = out<XUserHandle | null>(null);
      const hr = XUserAddResult(ab, newUser);
      const localId = out<XUserLocalId | null>(null);
      if (SUCCEEDED(hr)) XUserGetLocalId(newUser.value, localId);
      pThis.Log(
        `Sign-in Callback : UserLocalId: ${localId.value?.value.toString(16) ?? '0'}, Result = ${hresultHex(hr)}`,
      );
      let user: XUserHandle | null = null;
      if (SUCCEEDED(hr)) {
        // De-duplicate: the same user may come back from a second sign-in.
        const existing = pThis.m_users.find((u) => XUserCompare(u, newUser.value) === 0);
        if (existing !== undefined) {
          pThis.Log('XUserCompare(existing, newUser) == 0: XUserCloseHandle(newUser), keeping the existing handle');
          XUserCloseHandle(newUser.value);
          user = existing;
        } else {
          pThis.m_users.push(newUser.value!);
          user = newUser.value;
        }
      }
      // Cleared before the callback, so it may start another sign-in.
      pThis.m_signInInProgress = false;
      callback(hr, user, autoDefault);
      // native: delete asyncBlock;
    };
    const hr = XUserAddAsync(options, asyncBlock);
    if (SUCCEEDED(hr)) this.m_signInInProgress = true;
    // native: else delete asyncBlock;
    return SUCCEEDED(hr);
  }

  /**
   * native: `GameUserManager::GetGamerPicAsync`: starts a request and answers its handle.
   * @returns the request's handle (0 when the start failed).
   */
  GetGamerPicAsync(user: XUserHandle, callback: (hr: HRESULT, data: Uint8Array | null) => void): number {
    const handle = this.m_nextGamerPicHandle++;
    const asyncBlock: XAsyncBlock = {};
    asyncBlock.queue = this.m_queue;
    asyncBlock.context = this;
    asyncBlock.callback = (ab) => {
      const pThis = ab.context as GameUserManager;
      // Aborted async operations still fire their callbacks.
      if (pThis.m_abortedGamerPicRequests.delete(handle)) {
        pThis.Log(`aborted callback fired: ${hresultHex(XAsyncGetStatus(ab, false))}`);
        return;
      }
      pThis.m_gamerPicRequests.delete(handle);
      const bufferSize = out(0);
      let hr = XUserGetGamerPictureResultSize(ab, bufferSize);
      if (FAILED(hr)) return callback(hr, null);
      const buffer = new Uint8Array(bufferSize.value);
      const bufferUsed = out(0);
      hr = XUserGetGamerPictureResult(ab, buffer.length, buffer, bufferUsed);
      callback(hr, SUCCEEDED(hr) ? buffer.subarray(0, bufferUsed.value) : null);
    };
    if (FAILED(XUserGetGamerPictureAsync(user, XUserGamerPictureSize.Small, asyncBlock))) return 0;
    this.m_gamerPicRequests.set(handle, asyncBlock);
    return handle;
  }

  /** native: `GameUserManager::CancelGamerPicRequest`. */
  CancelGamerPicRequest(handle: number): void {
    const asyncBlock = this.m_gamerPicRequests.get(handle);
    if (asyncBlock === undefined) return;
    this.m_gamerPicRequests.delete(handle);
    this.m_abortedGamerPicRequests.set(handle, asyncBlock);
    this.Log('Aborting gamerpic request…');
    XAsyncCancel(asyncBlock);
  }

  /** native: the detached thread's end: `Sleep(5000); XUserCloseSignOutDeferralHandle(deferral);`. */
  ReleaseSignOutDeferral(): void {
    if (this.m_signOutDeferral === null) return;
    XUserCloseSignOutDeferralHandle(this.m_signOutDeferral);
    this.m_signOutDeferral = null;
    this.Log('XUserCloseSignOutDeferralHandle');
  }

  /** native: `void CALLBACK GameUserManager::UserChangeEventCallback(void* context, XUserLocalId userLocalId, XUserChangeEvent event)`. */
  static UserChangeEventCallback(context: unknown, userLocalId: XUserLocalId, event: XUserChangeEvent): void {
    const pThis = context as GameUserManager;
    if (event === XUserChangeEvent.SigningOut) {
      const deferral = out<XUserSignOutDeferralHandle | null>(null);
      const hr = XUserGetSignOutDeferral(deferral);
      pThis.Log(`SigningOut deferral: ${hresultHex(hr)}`);
      if (SUCCEEDED(hr)) pThis.m_signOutDeferral = deferral.value; // held 5 s by a detached thread
    } else if (event === XUserChangeEvent.SignedOut) {
      pThis.onSignedOut(userLocalId); // the screens first
      const found = out<XUserHandle | null>(null);
      XUserFindUserByLocalId(userLocalId, found);
      const index = pThis.m_users.findIndex((u) => XUserCompare(u, found.value) === 0);
      XUserCloseHandle(found.value);
      if (index >= 0) XUserCloseHandle(pThis.m_users.splice(index, 1)[0]!);
      pThis.Log('user removed');
    }
  }
}

/**
 * The sample on the emulated console (two accounts, no default user; the picker picks Player Two,
 * is dismissed, picks Player Two again): the title screen's sign-in with its UI fallback, a
 * dismissed picker, a guest-allowing sign-in that de-duplicates, a cancelled gamer-picture request,
 * then Player Two signs out with a deferral.
 * @param Log - [in] the sample's log.
 * @returns once the manager was destroyed and the runtime uninitialized.
 */
export async function UserManagementMain(Log: (line: string) => void): Promise<void> {
  const one = new Account({ gamertag: 'Player One', xuid: '2814650000000001' });
  const two = new Account({ gamertag: 'Player Two', xuid: '2814650000000002' });
  const pick = { outcome: 'completed' as const, xuid: two.xuid };
  const console = await bootTestConsole({
    accounts: [one, two],
    signOutTimeoutMs: 3_600_000,
    ui: [pick, { outcome: 'dismissed' }, pick],
  });
  const manager = new GameUserManager(Log);
  try {
    const results: HRESULT[] = [];
    // GameScreenTitle::NotifySignInResult
    const NotifySignInResult: SignInCallback = (hr, _user, autoDefault) => {
      results.push(hr);
      if (SUCCEEDED(hr)) Log('screen: menu');
      else if (autoDefault && hr === E_GAMEUSER_NO_DEFAULT_USER) {
        Log(`screen: TryStartSignInAsync(None) = ${manager.TryStartSignInAsync(NotifySignInResult, false, false)}`);
      } else if (hr === E_ABORT) Log('no user: the picker was dismissed');
      else Log(`screen: sign-in failed ${hresultHex(hr)}`);
    };
    const signIn = async (autoDefault: boolean, allowGuests: boolean, count: number): Promise<void> => {
      const started = manager.TryStartSignInAsync(NotifySignInResult, autoDefault, allowGuests);
      Log(`TryStartSignInAsync(autoDefault=${autoDefault}, allowGuests=${allowGuests}) = ${started}`);
      await runFrames(
        () => manager.Update(),
        () => results.length === count,
      );
    };
    await signIn(true, false, 2); // no default user: the screen retries with the UI (Player Two)
    await signIn(false, false, 3); // the picker is dismissed
    await signIn(false, true, 4); // Player Two again: de-duplicated
    Log(`users: ${manager.m_users.length}`);

    // A gamer-picture request, cancelled at once: its callback still fires and returns early.
    let pictures = 0;
    const handle = manager.GetGamerPicAsync(manager.m_users[0]!, () => pictures++);
    manager.CancelGamerPicRequest(handle);
    await runFrames(
      () => manager.Update(),
      () => manager.m_abortedGamerPicRequests.size === 0,
    );
    Log(`pictures delivered: ${pictures}`);

    // Player Two signs out: SigningOut takes a deferral, held until released; then SignedOut.
    manager.onSignedOut = () => Log('screen notified of sign-out');
    const signedOut = console.signOut(two.xuid);
    await runFrames(
      () => manager.Update(),
      () => manager.m_signOutDeferral !== null,
    );
    manager.ReleaseSignOutDeferral(); // the sample holds it 5 s; the hold is the point, not the time
    await signedOut;
    await runFrames(
      () => manager.Update(),
      () => manager.m_users.length === 0,
    );
    Log(`users: ${manager.m_users.length}`);
  } finally {
    manager.Destroy();
    uninitializeGameRuntime();
  }
}
