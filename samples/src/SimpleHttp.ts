/**
 * S6 — token and signature against a web service (samples.md §2 S6): Xbox-GDK-Samples
 * `Samples/Live/SimpleHttp/SimpleHttp.cpp` with `Kits/LiveTK/LiveResources.cpp` (sign-in) and
 * `Kits/ATGTK/HttpManager.cpp` (the authorized request) on `@gdkts/xuser`, calling the custom game
 * service of `startTestClaimsService` (`@gdkts/xuser/testing`) on loopback. Two silent sign-ins in flight adopt the same user twice;
 * each request gets `XUserGetTokenAndSignatureAsync` (headers + body) → ResultSize → Result, is sent with
 * `Authorization` and (when the relying party has a signature policy) `Signature`; a 401 re-runs the
 * token request with `ForceRefresh`, up to `m_maxRequestRetries` = 4 times, then goes to the caller.
 * Run it with `pnpm sample S6` (./S6.simpleHttp.ts); its test is samples/test/S6.simpleHttp.test.ts.
 * @module
 */
import {
  E_GAMEUSER_NO_DEFAULT_USER,
  E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED,
  E_GAMEUSER_USER_NOT_IN_SANDBOX,
  E_PENDING,
  FAILED,
  type HRESULT,
  SUCCEEDED,
  hresultHex,
} from '@gdkts/hresult';
import {
  XTaskQueueCloseHandle,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueueDuplicateHandle,
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
  XUserCompare,
  XUserFindUserByLocalId,
  XUserGamertagComponent,
  XUserGetGamertag,
  XUserGetId,
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
} from '@gdkts/xuser';
import { bootTestConsole, uninitializeGameRuntime } from '@gdkts/xuser/testing';
import { ThrowIfFailed, createQueue, flushMicrotasks } from './helpers.js';
import { startTestClaimsService, testEndpointsWith } from '@gdkts/xuser/testing';
import type { ClaimsServer } from '@gdkts/xboxlive/verify';

const INFINITE = 0xffffffff;

// ---------------------------------------------------------------------------------------------
// Kits/LiveTK/LiveResources.cpp
// ---------------------------------------------------------------------------------------------

/** LiveResources.cpp's `LiveResources`: the signed-in user of a title, kept current. */
export class LiveResources {
  readonly m_queue: XTaskQueueHandle;
  m_xboxLiveUser: XUserHandle | null = null;
  m_gamertag = '';
  m_xuid = 0n;
  /** The user-changed callback (SimpleHttp enables its buttons). */
  m_onUserChanged: (user: XUserHandle | null) => void = () => undefined;
  /** The error handler (SimpleHttp signs in with UI). */
  m_onError: (hr: HRESULT) => void = () => undefined;
  readonly m_userChangedEventToken = out<XTaskQueueRegistrationToken | null>(null);
  readonly Log: (line: string) => void;

  constructor(queue: XTaskQueueHandle, Log: (line: string) => void) {
    this.Log = Log;
    // if (queue) XTaskQueueDuplicateHandle(queue, &m_asyncQueue); else XTaskQueueCreate(ThreadPool, ThreadPool, &m_asyncQueue);
    const dup = out<XTaskQueueHandle | null>(null);
    ThrowIfFailed(XTaskQueueDuplicateHandle(queue, dup));
    this.m_queue = dup.value!;
    // native: XblInitialize({ m_asyncQueue, scid }) — no XSAPI here.
  }

  /** native: `LiveResources::Initialize()`: change events, then (autoManageUser) a silent sign-in. */
  Initialize(): void {
    ThrowIfFailed(
      XUserRegisterForChangeEvent(
        this.m_queue,
        this,
        (context, localId: XUserLocalId, event) => {
          const pThis = context as LiveResources;
          if (event === XUserChangeEvent.SignedInAgain) {
            const user = out<XUserHandle | null>(null);
            if (SUCCEEDED(XUserFindUserByLocalId(localId, user))) pThis.SetCurrentUser(user.value);
          } else if (event === XUserChangeEvent.SignedOut) {
            XUserCloseHandle(pThis.m_xboxLiveUser);
            pThis.m_xboxLiveUser = null;
            pThis.m_onUserChanged(null);
            pThis.SignInSilently(); // autoManageUser
          }
        },
        this.m_userChangedEventToken,
      ),
    );
    this.SignInSilently();
  }

  /** native: the destructor (`XblCleanupAsync(&stackBlock)` + wait is XSAPI's; not here). */
  Destroy(): void {
    XUserUnregisterForChangeEvent(this.m_userChangedEventToken.value!, false);
    XUserCloseHandle(this.m_xboxLiveUser);
    this.m_xboxLiveUser = null;
    XTaskQueueCloseHandle(this.m_queue);
  }

  /** native: `LiveResources::LoginToXboxLive(bool silentlyAttemptSingleUserSignin)`. */
  LoginToXboxLive(silentlyAttemptSingleUserSignin: boolean): void {
    if (silentlyAttemptSingleUserSignin) this.SignInSilently();
    else this.SignInWithUI();
  }

  SignInSilently(): void {
    this.SignIn(XUserAddOptions.AddDefaultUserSilently);
  }

  SignInWithUI(): void {
    this.SignIn(XUserAddOptions.AllowGuests);
  }

  private SignIn(options: XUserAddOptions): void {
    const asyncBlock: XAsyncBlock = {}; // native: std::make_unique<XAsyncBlock>()
    asyncBlock.queue = this.m_queue;
    asyncBlock.context = this;
    asyncBlock.callback = (ab) => (ab.context as LiveResources).HandleSignInResult(ab);
    const hr = XUserAddAsync(options, asyncBlock);
    this.Log(
      `XUserAddAsync(${options === XUserAddOptions.AllowGuests ? 'AllowGuests' : 'AddDefaultUserSilently'}): hr=${hresultHex(hr)}`,
    );
  }

  private HandleSignInResult(asyncBlock: XAsyncBlock): void {
    const newUser = out<XUserHandle | null>(null);
    let hr = XUserAddResult(asyncBlock, newUser);
    // 0x8015DC12: content isolation (the user is not in the title's sandbox).
    if (hr === E_GAMEUSER_USER_NOT_IN_SANDBOX) hr = E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED;
    this.Log(`XUserAddResult: hr=${hresultHex(hr)}`);
    if (SUCCEEDED(hr)) this.SetCurrentUser(newUser.value);
    else this.m_onError(hr);
  }

  /** Adopts `newHandle` when there was no user or it is the same user (`XUserCompare == 0`); else closes it. */
  SetCurrentUser(newHandle: XUserHandle | null): void {
    if (this.m_xboxLiveUser === null || XUserCompare(this.m_xboxLiveUser, newHandle) === 0) {
      XUserCloseHandle(this.m_xboxLiveUser);
      this.m_xboxLiveUser = newHandle;
      const gamertag = new Uint8Array(64);
      const used = out(0);
      ThrowIfFailed(XUserGetGamertag(newHandle, XUserGamertagComponent.Classic, gamertag.length, gamertag, used));
      this.m_gamertag = new TextDecoder().decode(gamertag.subarray(0, used.value - 1));
      const xuid = out(0n);
      ThrowIfFailed(XUserGetId(newHandle, xuid));
      this.m_xuid = xuid.value;
      this.m_onUserChanged(newHandle);
    } else {
      XUserCloseHandle(newHandle);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Kits/ATGTK/HttpManager.cpp
// ---------------------------------------------------------------------------------------------

/** An HTTP header (native: `HttpHeader`). */
export interface HttpHeader {
  readonly name: string;
  readonly value: string;
}

/** What the caller gets (native: `HttpResponse`). */
export interface HttpResponse {
  readonly statusCode: number;
  readonly body: string;
}

interface HttpRequest {
  readonly user: XUserHandle;
  readonly verb: string;
  readonly url: string;
  readonly headers: readonly HttpHeader[];
  readonly body: Uint8Array;
  readonly callback: (response: HttpResponse) => void;
  lastStatus: number;
  retries: number;
}

/** HttpManager.cpp's `HttpManager`: requests authorized with the user's Xbox Live token. */
export class HttpManager {
  readonly m_maxRequestRetries = 4;
  /** The send in flight (what the game loop waits on between frames). */
  m_inFlight: Promise<void> = Promise.resolve();
  readonly Log: (line: string) => void;

  constructor(Log: (line: string) => void) {
    this.Log = Log;
  }

  /**
   * native: `HRESULT HttpManager::MakeHttpRequestAsync(XUserHandle user, verb, url, headers, body, callback)`.
   * @returns `E_PENDING` once the authorization started (callers treat it as success), or the start's failure.
   */
  MakeHttpRequestAsync(
    user: XUserHandle,
    verb: string,
    url: string,
    headers: readonly HttpHeader[],
    body: Uint8Array,
    callback: (response: HttpResponse) => void,
  ): HRESULT {
    const request: HttpRequest = { user, verb, url, headers, body, callback, lastStatus: 0, retries: 0 };
    const hr = this.BeginAuthorization(request);
    return FAILED(hr) ? hr : E_PENDING;
  }

  private BeginAuthorization(request: HttpRequest): HRESULT {
    // No queue: the process task queue, so the callback runs on a thread-pool thread.
    const asyncBlock: XAsyncBlock = {};
    asyncBlock.context = this;
    asyncBlock.callback = (ab) => {
      const pThis = ab.context as HttpManager;
      const bufferSize = out(0);
      let hr = XUserGetTokenAndSignatureResultSize(ab, bufferSize);
      if (FAILED(hr)) {
        pThis.Log(`Error during XUserGetTokenAndSignatureResultSize: ${hresultHex(hr)}`);
        return; // native: delete asyncBlock
      }
      const buffer = new Uint8Array(bufferSize.value); // native: std::vector<uint8_t> buffer(bufferSize)
      const data = out<XUserGetTokenAndSignatureData | null>(null);
      const bufferUsed = out(0);
      hr = XUserGetTokenAndSignatureResult(ab, buffer.length, buffer, data, bufferUsed);
      if (SUCCEEDED(hr)) pThis.SendRequest(request, data.value!);
    };
    // The request headers, so that a signature policy can cover them.
    const headers: XUserGetTokenAndSignatureHttpHeader[] = request.headers.map(({ name, value }) => ({ name, value }));
    const options =
      request.lastStatus === 401
        ? XUserGetTokenAndSignatureOptions.ForceRefresh
        : XUserGetTokenAndSignatureOptions.None;
    const hr = XUserGetTokenAndSignatureAsync(
      request.user,
      options,
      request.verb,
      request.url,
      headers.length,
      headers,
      request.body.length,
      request.body,
      asyncBlock,
    );
    this.Log(
      `XUserGetTokenAndSignatureAsync(${options === XUserGetTokenAndSignatureOptions.ForceRefresh ? 'ForceRefresh' : 'None'}, ${request.verb}, ${new URL(request.url).pathname}): hr=${hresultHex(hr)}`,
    );
    return hr; // native: on failure, delete asyncBlock
  }

  private SendRequest(request: HttpRequest, data: XUserGetTokenAndSignatureData): void {
    const headers: Record<string, string> = {};
    for (const { name, value } of request.headers) headers[name] = value;
    headers['Authorization'] = data.token;
    // Null when the relying party has no signature policy.
    if (data.signature !== null) headers['Signature'] = data.signature;
    this.Log(
      `send: Authorization ${data.token.slice(0, 'XBL3.0 x='.length)}…, Signature ${data.signature === null ? 'none' : 'present'}`,
    );
    this.m_inFlight = fetch(request.url, { method: request.verb, headers, body: request.body }).then(
      async (response) => {
        const body = await response.text();
        this.Log(`HTTP ${response.status}`);
        request.lastStatus = response.status;
        if (response.status === 401 && request.retries < this.m_maxRequestRetries) {
          request.retries++;
          this.BeginAuthorization(request);
          return;
        }
        request.callback({ statusCode: response.status, body });
      },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Samples/Live/SimpleHttp/SimpleHttp.cpp
// ---------------------------------------------------------------------------------------------

/** SimpleHttp.cpp's `Sample` (its XUser and HTTP parts). */
export class Sample {
  readonly m_queue: XTaskQueueHandle;
  readonly m_liveResources: LiveResources;
  readonly m_httpManager: HttpManager;
  /** How often the user-changed callback fired. */
  m_userChanged = 0;
  m_requestsCompleted = 0;
  readonly Log: (line: string) => void;

  constructor(Log: (line: string) => void) {
    this.Log = Log;
    // DX::ThrowIfFailed(XTaskQueueCreate(XTaskQueueDispatchMode::ThreadPool, XTaskQueueDispatchMode::Manual, &m_mainAsyncQueue));
    this.m_queue = createQueue(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.Manual);
    this.m_liveResources = new LiveResources(this.m_queue, Log);
    this.m_httpManager = new HttpManager(Log);
    this.m_liveResources.m_onUserChanged = (user) => {
      if (user === null) return;
      this.m_userChanged++;
      this.Log(`user changed: ${this.m_liveResources.m_gamertag} (${this.m_liveResources.m_xuid})`); // buttons enabled
    };
    this.m_liveResources.m_onError = (hr) => {
      if (hr === E_GAMEUSER_NO_DEFAULT_USER || hr === E_GAMEUSER_RESOLVE_USER_ISSUE_REQUIRED)
        this.m_liveResources.SignInWithUI();
    };
  }

  /** native: `Sample::Initialize`. */
  Initialize(): void {
    this.m_liveResources.Initialize();
    this.m_liveResources.LoginToXboxLive(true);
  }

  /** native: the top of `Sample::Tick`. */
  Tick(): void {
    while (XTaskQueueDispatch(this.m_queue, XTaskQueuePort.Completion, 0)); // native: while (…) {}
  }

  /** native: the "Call custom game service" button: `POST /api/getclaims` with the two headers and a JSON body. */
  MakeGameServiceCall(origin: string): void {
    const hr = this.m_httpManager.MakeHttpRequestAsync(
      this.m_liveResources.m_xboxLiveUser!,
      'POST',
      `${origin}/api/getclaims`,
      [
        { name: 'X-XBL-Contract-Version', value: '2' },
        { name: 'Content-Type', value: 'application/json' },
      ],
      new TextEncoder().encode('{"query":"claims"}'),
      (response) => {
        this.Log(`status ${response.statusCode}, body ${response.body.length} bytes`);
        if (response.statusCode === 200) {
          const claims = JSON.parse(response.body) as { users?: { xid?: string; gtg?: string }[] };
          this.Log(`claims: xid=${claims.users?.[0]?.xid} gtg=${claims.users?.[0]?.gtg}`);
        }
        this.Log('Request completed.');
        this.m_requestsCompleted++;
      },
    );
    if (hr !== E_PENDING && FAILED(hr)) this.Log(`MakeHttpRequestAsync failed: ${hresultHex(hr)}`);
  }

  /** native: `Sample::~Sample`. */
  Destroy(): void {
    this.m_liveResources.Destroy();
    XTaskQueueTerminate(this.m_queue, false, null, null);
    XTaskQueueDispatch(this.m_queue, XTaskQueuePort.Completion, INFINITE);
    XTaskQueueCloseHandle(this.m_queue);
  }
}

/** The game loop: Tick, then wait for the send in flight and one event-loop turn, until `done()`. */
async function runTicks(sample: Sample, done: () => boolean): Promise<void> {
  for (let frame = 0; !done(); frame++) {
    if (frame > 400) throw new Error('SimpleHttp: the request never completed');
    sample.Tick();
    await sample.m_httpManager.m_inFlight;
    await flushMicrotasks();
  }
}

/** What {@link SimpleHttpMain} measured besides the log. */
export interface SimpleHttpRun {
  /** Token fetches of the user's session for the first request (one, then one per ForceRefresh). */
  readonly tokenFetches: number;
  /** The statuses the service answered, in order. */
  readonly statuses: readonly number[];
}

/**
 * The sample against the claims service: sign-in (two silent adds in flight), then the game-service
 * button twice: with the service rejecting the first two tokens (two ForceRefresh retries, then
 * 200), and rejecting five (four retries, then the 401 goes to the caller).
 * @param Log - [in] the sample's log.
 * @returns what the run measured; the service is closed and the runtime uninitialized.
 */
export async function SimpleHttpMain(Log: (line: string) => void): Promise<SimpleHttpRun> {
  const service: ClaimsServer = await startTestClaimsService();
  try {
    const console = await bootTestConsole({
      accounts: [
        { gamertag: 'HttpUser', xuid: '2814650000000042' },
        { gamertag: 'Wrong Sandbox', sandboxes: ['XDKS.1'] },
      ],
      defaultUser: 'HttpUser',
      endpoints: testEndpointsWith(service.port),
    });
    const sample = new Sample(Log);
    try {
      sample.Initialize();
      await runTicks(sample, () => sample.m_userChanged === 2); // the user-changed callback fires twice, as in the sample

      const fetchesBefore = console.session!.tokenFetchCount;
      service.rejectNext(2);
      sample.MakeGameServiceCall(service.origin);
      await runTicks(sample, () => sample.m_requestsCompleted === 1);
      const tokenFetches = console.session!.tokenFetchCount - fetchesBefore;
      Log(`token fetches: ${tokenFetches}`);

      service.rejectNext(5);
      sample.MakeGameServiceCall(service.origin);
      await runTicks(sample, () => sample.m_requestsCompleted === 2);
      return { tokenFetches, statuses: [...service.statuses] };
    } finally {
      sample.Destroy();
      uninitializeGameRuntime();
    }
  } finally {
    await service.close();
  }
}
