// Seed 001 (shared/seeds/001_f1d4c4cea53c4dd5.txt, the XUserGetTokenAndSignatureAsync reference
// page) as written: RequestTokenAsync with the two static headers, RequestTokenComplete with
// ResultSize, Result and the `signature != nullptr` check. Lines marked `demo:` only print what
// the calls returned. The token then authenticates the title's request to its web service; the
// service refuses it once, the title asks again with ForceRefresh, and the retry is accepted.
import { FAILED, SUCCEEDED, hresultToString } from '@gdkts/hresult';
import {
  S_OK,
  XTaskQueueCloseHandle,
  XTaskQueueCreate,
  XTaskQueueDispatchMode,
  XTaskQueueTerminate,
  out,
  type HRESULT,
  type XAsyncBlock,
  type XTaskQueueHandle,
} from '@gdkts/xasync';
import {
  XGameRuntimeInitialize,
  XGameRuntimeUninitialize,
  XUserAddAsync,
  XUserAddOptions,
  XUserAddResult,
  XUserCloseHandle,
  XUserGamertagComponent,
  XUserGamertagComponentClassicMaxBytes,
  XUserGetGamertag,
  XUserGetId,
  XUserGetTokenAndSignatureAsync,
  XUserGetTokenAndSignatureOptions,
  XUserGetTokenAndSignatureResult,
  XUserGetTokenAndSignatureResultSize,
  type XUserGetTokenAndSignatureData,
  type XUserGetTokenAndSignatureHttpHeader,
  type XUserHandle,
} from '@gdkts/xuser';
import type { EmulatedConsole } from '@gdkts/xuser/testing';
import { shorten, tokenFlow, type TokenAndSignature, type WebService } from './http.js';
import { bold, dim, heading, hr, say } from './output.js';
import { printTokenBuffer } from './tokenBuffer.js';

// The sample's log and logging macros.
const appLog = {
  AddLog(format: string, ...args: string[]): void {
    let i = 0;
    say(`  appLog: ${format.replace(/%s/g, () => shorten(args[i++] ?? '')).replace(/\n$/, '')}`);
  },
};
function SUCCEEDED_LOG(hr: HRESULT): boolean {
  if (FAILED(hr)) say(`  SUCCEEDED_LOG: ${hresultToString(hr)}`);
  return SUCCEEDED(hr);
}
function LOG_IF_FAILED(hr: HRESULT): void {
  if (FAILED(hr)) say(`  LOG_IF_FAILED: ${hresultToString(hr)}`);
}
class ReturnIfFailed extends Error {
  readonly hr: HRESULT;
  constructor(hr: HRESULT) {
    super(hresultToString(hr));
    this.hr = hr;
  }
}
function RETURN_IF_FAILED(hr: HRESULT): void {
  if (FAILED(hr)) throw new ReturnIfFailed(hr);
}

/** What the last RequestTokenComplete read (demo: for the request that follows). */
type Completed = TokenAndSignature;

class User {
  readonly _handle: XUserHandle;
  /** demo: resolves when RequestTokenComplete has run. */
  completed: (result: Completed | null) => void = () => undefined;
  constructor(handle: XUserHandle) {
    this._handle = handle;
  }

  RequestTokenComplete(abResult: XAsyncBlock): HRESULT {
    let completed: Completed | null = null;
    try {
      const bufferSize = out(0);
      RETURN_IF_FAILED(XUserGetTokenAndSignatureResultSize(abResult, bufferSize));
      say(
        `  XUserGetTokenAndSignatureResultSize(abResult, &bufferSize) -> ${hr(S_OK)}, bufferSize ${bufferSize.value}`,
      ); // demo:

      const buffer = new Uint8Array(bufferSize.value);
      const data = out<XUserGetTokenAndSignatureData | null>(null);
      const resultHr = XUserGetTokenAndSignatureResult(abResult, buffer.length, buffer, data, null /*bufferUsed*/);
      say(`  XUserGetTokenAndSignatureResult(abResult, ${buffer.length}, buffer, &data, nullptr) -> ${hr(resultHr)}`); // demo:
      if (SUCCEEDED_LOG(resultHr)) {
        printTokenBuffer(buffer, bufferSize.value, data.value!, 'data'); // demo:
        appLog.AddLog('Token: %s\n', data.value!.token);
        if (data.value!.signature !== null) {
          appLog.AddLog('Signature: %s\n', data.value!.signature);
        }
        completed = { token: data.value!.token, signature: data.value!.signature }; // demo:
      }

      return S_OK;
    } catch (error) {
      if (error instanceof ReturnIfFailed) return error.hr;
      throw error;
    } finally {
      this.completed(completed);
    }
  }

  RequestTokenAsync(queue: XTaskQueueHandle | null, url: string, forceRefresh: boolean): HRESULT {
    const asyncBlock: XAsyncBlock = {};
    asyncBlock.queue = queue;
    asyncBlock.context = this;
    asyncBlock.callback = (ab: XAsyncBlock) => {
      LOG_IF_FAILED((ab.context as User).RequestTokenComplete(ab));
      // delete ab: the block is garbage once the callback returns
    };

    let options: number = XUserGetTokenAndSignatureOptions.None;

    if (forceRefresh) {
      options |= XUserGetTokenAndSignatureOptions.ForceRefresh; // WI_SET_FLAG
    }

    const headers: readonly XUserGetTokenAndSignatureHttpHeader[] = [
      { name: 'Accept', value: 'application/json' },
      { name: 'Why', value: 'Because' },
    ];

    const started = XUserGetTokenAndSignatureAsync(
      this._handle,
      options,
      'GET',
      url,
      headers.length,
      headers,
      0,
      null,
      asyncBlock,
    );
    say(
      `  XUserGetTokenAndSignatureAsync(user, ${forceRefresh ? 'ForceRefresh' : 'None'}, "GET", url, 2, headers, 0, nullptr, async) -> ${hr(started)}`,
    ); // demo:
    if (SUCCEEDED_LOG(started)) {
      // The call succeeded, so the callback owns the block now.
    }

    return S_OK;
  }
}

/** demo: RequestTokenAsync, waiting for its RequestTokenComplete. */
function requestToken(user: User, queue: XTaskQueueHandle, url: string, forceRefresh: boolean): Promise<Completed> {
  say(`${bold(`RequestTokenAsync(queue, url, forceRefresh=${forceRefresh})`)}  ${dim(`url ${url}`)}`);
  return new Promise((resolve, reject) => {
    user.completed = (result) => (result === null ? reject(new Error('RequestTokenComplete failed')) : resolve(result));
    user.RequestTokenAsync(queue, url, forceRefresh);
  });
}

export async function xuserSeed({ console, web }: { console: EmulatedConsole; web: WebService }): Promise<void> {
  heading('XUser (GDK), seed 001: RequestTokenAsync');
  say(
    dim(
      `the emulated console gets its tokens from ${console.liveUrl ?? 'its world in process'} (device, title, user and XSTS calls)`,
    ),
  );
  say(`XGameRuntimeInitialize() -> ${hr(XGameRuntimeInitialize())}`);
  const queueOut = out<XTaskQueueHandle | null>(null);
  const { ThreadPool } = XTaskQueueDispatchMode;
  say(`XTaskQueueCreate(ThreadPool, ThreadPool, &queue) -> ${hr(XTaskQueueCreate(ThreadPool, ThreadPool, queueOut))}`);
  const queue = queueOut.value!;

  // Sign-in: the console's default user, silently.
  const added = await new Promise<XAsyncBlock>((resolve) => {
    const block: XAsyncBlock = { queue, callback: resolve };
    say(
      `XUserAddAsync(AddDefaultUserSilently, &async) -> ${hr(XUserAddAsync(XUserAddOptions.AddDefaultUserSilently, block))}`,
    );
  });
  const handle = out<XUserHandle | null>(null);
  say(`  XUserAddResult(async, &user) -> ${hr(XUserAddResult(added, handle))}`);
  const id = out(0n);
  const idHr = XUserGetId(handle.value, id);
  const gamertag = new Uint8Array(XUserGamertagComponentClassicMaxBytes);
  const used = out(0);
  const tagHr = XUserGetGamertag(handle.value, XUserGamertagComponent.Classic, gamertag.length, gamertag, used);
  const tag = new TextDecoder().decode(gamertag.subarray(0, used.value - 1));
  say(
    `  XUserGetId(user, &id) -> ${hr(idHr)}, ${id.value}; XUserGetGamertag(user, Classic, …) -> ${hr(tagHr)}, "${tag}"`,
  );
  say(`signed in: ${bold(tag)} (xuid ${id.value}) on console ${dim(console.device.id)}`);

  const user = new User(handle.value!);
  const url = `${web.origin}/api/getclaims?who=me`;
  const call = { url, headers: { Accept: 'application/json', Why: 'Because' }, body: null };
  await tokenFlow(
    web,
    call,
    (forceRefresh) => requestToken(user, queue, url, forceRefresh),
    'ask again with ForceRefresh (only then, as the XUser docs say)',
  );

  XUserCloseHandle(handle.value);
  say(`XUserCloseHandle(user)`);
  let terminateHr: HRESULT = S_OK;
  await new Promise<void>((resolve) => {
    terminateHr = XTaskQueueTerminate(queue, false, null, () => resolve());
  });
  say(`XTaskQueueTerminate(queue, false, …) -> ${hr(terminateHr)}, its callback ran; XTaskQueueCloseHandle(queue)`);
  XTaskQueueCloseHandle(queue);
  XGameRuntimeUninitialize();
  say('XGameRuntimeUninitialize()');
}
