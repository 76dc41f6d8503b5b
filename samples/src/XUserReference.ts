/**
 * S8 — the GDK XUser reference listings (samples.md §2 S8) on `@gdkts/xuser`: the
 * `XUserAddResult` / `XUserCloseHandle` example (`AddUser`, `AddUserComplete`: a `unique_ptr`
 * block whose ownership passes to the callback on a successful start), and the
 * `XUserGetTokenAndSignatureAsync` example (`RequestTokenAsync`, `RequestTokenComplete`: two static
 * headers, `"GET"`, no body, ResultSize → buffer → Result, the signature only when not null), the
 * `XUserRegisterForChangeEvent` / `XUserChangeEvent` example (`UserChangeEventHandler`: a guest that
 * `SignedOut` is dropped at once, `SigningOut` takes a deferral a detached thread holds,
 * `GamerPicture` reloads the picture; `UnregisterForChanges`). Run it with `pnpm sample S8`
 * (./S8.xuserReference.ts); its test is samples/test/S8.xuserReference.test.ts.
 * @module
 */
import { FAILED, type HRESULT, SUCCEEDED, hresultHex } from '@gdkts/hresult';
import {
  XTaskQueueCloseHandle,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
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
  XUserGetIsGuest,
  XUserGetLocalId,
  XUserGetSignOutDeferral,
  XUserGetTokenAndSignatureAsync,
  XUserGetTokenAndSignatureOptions,
  XUserGetTokenAndSignatureResult,
  XUserGetTokenAndSignatureResultSize,
  XUserRegisterForChangeEvent,
  XUserUnregisterForChangeEvent,
  type XUserGetTokenAndSignatureData,
  type XUserGetTokenAndSignatureHttpHeader,
  type XUserHandle,
  type XUserLocalId,
  type XUserSignOutDeferralHandle,
} from '@gdkts/xuser';
import { Account } from '@gdkts/xboxlive';
import { bootTestConsole, uninitializeGameRuntime } from '@gdkts/xuser/testing';
import { ThrowIfFailed, createQueue, runFrames } from './helpers.js';

/** The listings' `this`: a queue, the users by local id, the change registration. */
export class XUserReference {
  readonly _queue: XTaskQueueHandle;
  /** native: `std::map<XUserLocalId, XUserHandle>` of owning handles. */
  readonly _users = new Map<bigint, XUserHandle>();
  /** Calls started whose callback has not run yet (the released `unique_ptr`s). */
  _pending = 0;
  _changeToken: XTaskQueueRegistrationToken | null = null;
  /** The deferral a detached thread holds (5 s natively). */
  _deferral: XUserSignOutDeferralHandle | null = null;
  /** How often `LoadGamerPicAsync` ran. */
  _pictureLoads = 0;
  readonly Log: (line: string) => void;

  constructor(Log: (line: string) => void) {
    this.Log = Log;
    this._queue = createQueue(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.Manual);
  }

  /** One frame: drains the Completion port. */
  Update(): void {
    while (XTaskQueueDispatch(this._queue, XTaskQueuePort.Completion, 0));
  }

  /** native: `HRESULT AddUser(bool allowGuests, bool silent)`. */
  AddUser(allowGuests: boolean, silent: boolean): HRESULT {
    // auto asyncBlock = std::make_unique<XAsyncBlock>(); ZeroMemory(asyncBlock.get(), sizeof(*asyncBlock));
    const asyncBlock: XAsyncBlock = {};
    asyncBlock.queue = this._queue;
    asyncBlock.context = this;
    asyncBlock.callback = (ab) => {
      // std::unique_ptr<XAsyncBlock> asyncBlockPtr{ asyncBlock }: the callback owns the block again.
      const pThis = ab.context as XUserReference;
      pThis._pending--;
      pThis.AddUserComplete(ab);
    };
    let options: number = XUserAddOptions.None;
    if (silent) options |= XUserAddOptions.AddDefaultUserSilently;
    if (allowGuests) options |= XUserAddOptions.AllowGuests;
    const hr = XUserAddAsync(options, asyncBlock);
    this.Log(`AddUser(allowGuests=${allowGuests}, silent=${silent}): hr=${hresultHex(hr)}`);
    // The call started: the callback owns the block now (asyncBlock.release()); else the unique_ptr deletes it.
    if (SUCCEEDED(hr)) this._pending++;
    return hr;
  }

  /** native: `void AddUserComplete(XAsyncBlock* asyncBlock)`. */
  AddUserComplete(asyncBlock: XAsyncBlock): void {
    const user = out<XUserHandle | null>(null);
    const hr = XUserAddResult(asyncBlock, user);
    if (FAILED(hr)) {
      this.Log(`AddUser failed: ${hresultHex(hr)}`);
      return;
    }
    const localId = out<XUserLocalId | null>(null);
    ThrowIfFailed(XUserGetLocalId(user.value, localId));
    if (this._users.has(localId.value!.value)) {
      this.Log('User already in list');
      XUserCloseHandle(user.value); // the owning wrapper goes out of scope
      return;
    }
    this._users.set(localId.value!.value, user.value!);
    this.LoadGamerPicAsync();
  }

  /** The listing's `LoadGamerPicAsync(_queue)` (the picture itself is S4's two-step). */
  LoadGamerPicAsync(): void {
    this._pictureLoads++;
    this.Log('LoadGamerPicAsync');
  }

  /**
   * native: `HRESULT RequestTokenAsync(XTaskQueueHandle queue, const char* url, bool forceRefresh)` (a
   * member of the listing's `User`, whose `_handle` is `user`).
   * @returns the start's HRESULT; the block belongs to the callback once it started.
   */
  RequestTokenAsync(user: XUserHandle, queue: XTaskQueueHandle, url: string, forceRefresh: boolean): HRESULT {
    const asyncBlock: XAsyncBlock = {}; // native: std::make_unique<XAsyncBlock>() + ZeroMemory
    asyncBlock.queue = queue;
    asyncBlock.context = this;
    asyncBlock.callback = (ab) => {
      const hr = (ab.context as XUserReference).RequestTokenComplete(ab); // LOG_IF_FAILED(…)
      if (FAILED(hr)) this.Log(`RequestTokenComplete failed: ${hresultHex(hr)}`);
      // native: delete ab;
    };
    let options: number = XUserGetTokenAndSignatureOptions.None;
    if (forceRefresh) options |= XUserGetTokenAndSignatureOptions.ForceRefresh; // WI_SET_FLAG
    const headers: readonly XUserGetTokenAndSignatureHttpHeader[] = [
      { name: 'Accept', value: 'application/json' },
      { name: 'Why', value: 'Because' },
    ];
    const hr = XUserGetTokenAndSignatureAsync(user, options, 'GET', url, headers.length, headers, 0, null, asyncBlock);
    this.Log(`RequestTokenAsync(${new URL(url).host}, forceRefresh=${forceRefresh}): hr=${hresultHex(hr)}`);
    if (SUCCEEDED(hr)) this._pending++; // asyncBlock.release(): the callback owns it
    return hr;
  }

  /** native: `HRESULT RequestTokenComplete(XAsyncBlock* abResult)`. */
  RequestTokenComplete(abResult: XAsyncBlock): HRESULT {
    this._pending--;
    const bufferSize = out(0);
    const hr = XUserGetTokenAndSignatureResultSize(abResult, bufferSize); // RETURN_IF_FAILED
    if (FAILED(hr)) return hr;
    const buffer = new Uint8Array(bufferSize.value); // std::vector<uint8_t> buffer(bufferSize)
    const data = out<XUserGetTokenAndSignatureData | null>(null);
    if (SUCCEEDED(XUserGetTokenAndSignatureResult(abResult, buffer.length, buffer, data, null /*bufferUsed*/))) {
      // native: appLog.AddLog("Token: %s\n", data->token) — shortened here: the token differs every run.
      this.Log(`Token: ${data.value!.token.slice(0, 'XBL3.0 x='.length)}<userhash>;<token>`);
      if (data.value!.signature !== null) this.Log('Signature: <signature>');
    }
    return 0;
  }

  /** native: `XUserRegisterForChangeEvent(_queue, this, UserChangeEventHandler, &_token)`. */
  RegisterForChanges(): void {
    const token = out<XTaskQueueRegistrationToken | null>(null);
    ThrowIfFailed(XUserRegisterForChangeEvent(this._queue, this, XUserReference.UserChangeEventHandler, token));
    this._changeToken = token.value;
  }

  /** native: `void UnregisterForChanges()`: `XUserUnregisterForChangeEvent(_token, false)`. */
  UnregisterForChanges(): boolean {
    const unregistered = XUserUnregisterForChangeEvent(this._changeToken!, false);
    this.Log(`XUserUnregisterForChangeEvent: ${unregistered}`);
    return unregistered;
  }

  /** native: `void CALLBACK UserChangeEventHandler(void* context, XUserLocalId userLocalId, XUserChangeEvent event)`. */
  static UserChangeEventHandler(context: unknown, userLocalId: XUserLocalId, event: XUserChangeEvent): void {
    const pThis = context as XUserReference;
    const user = pThis._users.get(userLocalId.value);
    if (user === undefined) return;
    const isGuest = out(false);
    ThrowIfFailed(XUserGetIsGuest(user, isGuest));
    if (isGuest.value && event === XUserChangeEvent.SignedOut) {
      // Guests are dropped as soon as they sign out.
      XUserCloseHandle(user);
      pThis._users.delete(userLocalId.value);
      pThis.Log('guest dropped');
    } else if (event === XUserChangeEvent.SigningOut) {
      // Hold a deferral on a detached thread: std::thread([deferral]{ Sleep(5000); XUserCloseSignOutDeferralHandle(deferral); }).detach();
      const deferral = out<XUserSignOutDeferralHandle | null>(null);
      if (SUCCEEDED(XUserGetSignOutDeferral(deferral))) pThis._deferral = deferral.value;
      pThis.Log('deferral taken');
    } else if (event === XUserChangeEvent.GamerPicture) {
      pThis.LoadGamerPicAsync();
    }
  }

  /** The detached thread's end: `XUserCloseSignOutDeferralHandle(deferral)`. */
  ReleaseDeferral(): void {
    if (this._deferral === null) return;
    XUserCloseSignOutDeferralHandle(this._deferral);
    this._deferral = null;
  }

  /** Closes every user handle (the owning wrappers), then the queue. */
  Destroy(): void {
    this.CloseUsers();
    XTaskQueueCloseHandle(this._queue);
  }

  /** Closes every user handle (the title restarts, or exits). */
  CloseUsers(): void {
    for (const user of this._users.values()) XUserCloseHandle(user);
    this._users.clear();
  }
}

/**
 * The listings on the emulated console: `Host` (the default user) and the guest `Guest`. AddUser
 * silently twice (the second finds the user already listed), then with AllowGuests +
 * AddDefaultUserSilently (refused at the start); RequestTokenAsync for a signed and an unsigned
 * endpoint; the title restarts with a picker that picks the
 * guest, and adds the default user and, with the UI, the guest; then the guest signs out (a deferral
 * is held, the guest dropped), the host's picture changes, and the listing unregisters.
 * @param Log - [in] the listings' log.
 * @returns once every handle and the queue are closed and the runtime uninitialized.
 */
export async function XUserReferenceMain(Log: (line: string) => void): Promise<void> {
  const host = new Account({ gamertag: 'Host', xuid: '2814650000000101' });
  const guest = new Account({ gamertag: 'Guest', xuid: '2814650000000102', guest: true });
  await bootTestConsole({ accounts: [host, guest], defaultUser: 'Host', signOutTimeoutMs: 3_600_000 });
  const listings = new XUserReference(Log);
  try {
    listings.AddUser(false, true);
    await runFrames(
      () => listings.Update(),
      () => listings._pending === 0,
    );
    listings.AddUser(false, true);
    await runFrames(
      () => listings.Update(),
      () => listings._pending === 0,
    );
    // AllowGuests cannot be combined with AddDefaultUserSilently: the start fails, the caller deletes the block.
    listings.AddUser(true, true);
    // RequestTokenAsync for a signed endpoint (its policy covers `Why`), then one without a signature policy.
    const [hostHandle] = listings._users.values();
    listings.RequestTokenAsync(hostHandle!, listings._queue, 'https://api.contoso.test/v1/items?page=2', false);
    await runFrames(
      () => listings.Update(),
      () => listings._pending === 0,
    );
    listings.RequestTokenAsync(hostHandle!, listings._queue, 'https://nosig.contoso.test/v1/items', true);
    await runFrames(
      () => listings.Update(),
      () => listings._pending === 0,
    );

    // The title restarts; this time the account picker picks the guest.
    listings.CloseUsers();
    const console = await bootTestConsole({
      accounts: [host, guest],
      defaultUser: 'Host',
      signOutTimeoutMs: 3_600_000,
      ui: [{ outcome: 'completed', xuid: guest.xuid }],
    });
    listings.AddUser(false, true);
    listings.AddUser(true, false);
    await runFrames(
      () => listings.Update(),
      () => listings._pending === 0,
    );

    listings.RegisterForChanges();
    const signedOut = console.signOut(guest.xuid);
    await runFrames(
      () => listings.Update(),
      () => listings._deferral !== null,
    );
    listings.ReleaseDeferral(); // the detached thread's 5 s hold, ended
    await signedOut;
    await runFrames(
      () => listings.Update(),
      () => listings._users.size === 1,
    );
    console.changeGamerPicture('Host');
    const loads = listings._pictureLoads;
    await runFrames(
      () => listings.Update(),
      () => listings._pictureLoads === loads + 1,
    );
    listings.UnregisterForChanges();
  } finally {
    listings.Destroy();
    uninitializeGameRuntime();
  }
}
