// Seed 000 (shared/seeds/000_f7de3eeebedd79d4.txt, "Using Xbox Live tokens for custom web service
// authentication") as written: fill a XalUserGetTokenAndSignatureArgs (method, url, headers, body,
// forceRefresh, allUsers), call XalUserGetTokenAndSignatureSilentlyAsync, and in the completion
// read ResultSize, Result, and use the signature only when signatureSize > 0. XAL gets its tokens
// from the emulated Xbox Live over HTTP through SISU, as the real library does: device
// authentication, `/authenticate`, the sign-in page in the web view, `/authorize`, then XSTS, each
// call printed as it happens. The web service refuses the token once; forceRefresh
// true (only then, as the seed says) gets a new one, which it accepts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUCCEEDED } from '@gdkts/hresult';
import { XAsyncGetStatus, out, type HRESULT, type XAsyncBlock } from '@gdkts/xasync';
import {
  XalAddUserWithUiAsync,
  XalAddUserWithUiResult,
  XalCleanupAsync,
  XalEmulator,
  XalGamertagComponent,
  XalInitialize,
  XalPlatformStorageClearEventHandlers,
  XalPlatformStorageSetEventHandlers,
  XalPlatformWebClearEventHandler,
  XalPlatformWebSetEventHandler,
  XalShowUrlType,
  XalTryAddDefaultUserSilentlyAsync,
  XalTryAddDefaultUserSilentlyResult,
  XalUserCloseHandle,
  XalUserGetGamertag,
  XalUserGetGamertagSize,
  XalUserGetId,
  XalUserGetTokenAndSignatureSilentlyAsync,
  XalUserGetTokenAndSignatureSilentlyResult,
  XalUserGetTokenAndSignatureSilentlyResultSize,
  createEmulatorWebViewHandler,
  createFileStorageHandlers,
  useXalEmulator,
  type XalHttpHeader,
  type XalPlatformWebShowUrlEventHandler,
  type XalUserGetTokenAndSignatureArgs,
  type XalUserGetTokenAndSignatureData,
  type XalUserHandle,
} from '@gdkts/xal';
import { Device, type Account, type Title } from '@gdkts/xboxlive';
import type { RunningService } from '@gdkts/xboxlive-service';
import { tokenFlow, type TokenAndSignature, type WebService } from './http.js';
import { bold, dim, heading, hr, say } from './output.js';
import { printTokenBuffer } from './tokenBuffer.js';

const CLIENT_ID = '000000004C26A1F0';

/** The seed's data: a request with headers and a body. */
const data = { Body: new TextEncoder().encode('{"score":42}') };
const headers: XalHttpHeader[] = [
  { name: 'Accept', value: 'application/json' },
  { name: 'Content-Type', value: 'application/json' },
];

const showUrlTypeName = (type: XalShowUrlType): string =>
  `XalShowUrlType::${Object.entries(XalShowUrlType).find(([, value]) => value === type)?.[0] ?? type}`;

/** Starts an XAL call and resolves with its block once its completion callback ran. */
function completion(start: (block: XAsyncBlock) => HRESULT, name: string): Promise<XAsyncBlock> {
  return new Promise((resolve) => {
    const block: XAsyncBlock = { callback: resolve };
    say(`${name} -> ${hr(start(block))}`);
  });
}

/** The seed's flow: fill the args, call, and read the result in the completion callback. */
function requestToken(user: XalUserHandle, url: string, forceRefresh: boolean): Promise<TokenAndSignature> {
  say(bold(`XalUserGetTokenAndSignatureSilentlyAsync, forceRefresh ${forceRefresh}`));
  return new Promise((resolve, reject) => {
    // 1. Create a XalUserGetTokenAndSignatureArgs object
    const tokenAndSigArgs: XalUserGetTokenAndSignatureArgs = {};
    tokenAndSigArgs.method = 'GET';
    tokenAndSigArgs.url = url;
    tokenAndSigArgs.headerCount = headers.length;
    tokenAndSigArgs.headers = headers;
    tokenAndSigArgs.bodySize = data.Body.length;
    tokenAndSigArgs.body = data.Body;
    tokenAndSigArgs.forceRefresh = forceRefresh;
    tokenAndSigArgs.allUsers = false;
    say(
      dim(
        `  tokenAndSigArgs = { method "GET", url, headerCount ${headers.length}, bodySize ${data.Body.length}, forceRefresh ${forceRefresh}, allUsers false }`,
      ),
    );
    // 2. Call XalUserGetTokenAndSignatureSilentlyAsync to get the partner token
    const async: XAsyncBlock = {
      callback: (block) => {
        const bufferSize = out(0);
        const sizeHr = XalUserGetTokenAndSignatureSilentlyResultSize(block, bufferSize);
        say(
          `  XalUserGetTokenAndSignatureSilentlyResultSize(async, &bufferSize) -> ${hr(sizeHr)}, bufferSize ${bufferSize.value}`,
        );
        if (!SUCCEEDED(sizeHr)) return reject(new Error('XalUserGetTokenAndSignatureSilentlyResultSize failed'));
        const buffer = new Uint8Array(bufferSize.value);
        const result = out<XalUserGetTokenAndSignatureData | null>(null);
        const used = out(0);
        const resultHr = XalUserGetTokenAndSignatureSilentlyResult(block, bufferSize.value, buffer, result, used);
        say(
          `  XalUserGetTokenAndSignatureSilentlyResult(async, ${bufferSize.value}, buffer, &result, &used) -> ${hr(resultHr)}, used ${used.value}`,
        );
        if (!SUCCEEDED(resultHr) || result.value === null)
          return reject(new Error('XalUserGetTokenAndSignatureSilentlyResult failed'));
        const r = result.value;
        printTokenBuffer(buffer, bufferSize.value, r, 'result');
        say(
          `  signatureSize ${r.signatureSize} > 0: ${r.signatureSize > 0}, so the request carries a Signature header`,
        );
        resolve({ token: r.token, signature: r.signatureSize > 0 ? r.signature : null });
      },
    };
    const started = XalUserGetTokenAndSignatureSilentlyAsync(user, tokenAndSigArgs, async);
    say(`  XalUserGetTokenAndSignatureSilentlyAsync(user, &tokenAndSigArgs, async) -> ${hr(started)}`);
  });
}

export interface XalSeedWorld {
  readonly live: RunningService;
  readonly web: WebService;
  readonly title: Title;
  readonly account: Account;
}

export async function xalSeed({ live, web, title, account }: XalSeedWorld): Promise<void> {
  heading('XAL (Win32), seed 000: a partner token for your own web service');
  // The Xbox Live side XAL talks to: the emulated service over HTTP, every call printed.
  const device = new Device();
  const logged: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(String(input instanceof Request ? input.url : input));
    say(dim(`    [XAL -> emulated Xbox Live] ${init?.method ?? 'GET'} ${url.pathname} -> ${response.status}`));
    return response;
  };
  useXalEmulator(
    new XalEmulator({ liveUrl: live.url, fetch: logged, title, clientId: CLIENT_ID, device, accounts: [account] }),
  );
  say(dim(`XAL signs in to ${live.url} over HTTP as the real library does (SISU), and gets its tokens there`));

  // The platform hooks: a web view that signs in on the emulated sign-in page, storage in a file.
  const dataDir = mkdtempSync(join(tmpdir(), 'gdkts-demo-xal-'));
  const webView = createEmulatorWebViewHandler();
  const showUrl: XalPlatformWebShowUrlEventHandler = (
    context,
    userIdentifier,
    operation,
    startUrl,
    finalUrl,
    type,
    headerCount,
    urlHeaders,
  ) => {
    say(dim(`    [web view] ${new URL(startUrl).origin}${new URL(startUrl).pathname} (${showUrlTypeName(type)})`));
    webView(context, userIdentifier, operation, startUrl, finalUrl, type, headerCount, urlHeaders);
  };
  say(
    `XalPlatformWebSetEventHandler(nullptr, nullptr, webView) -> ${hr(XalPlatformWebSetEventHandler(null, null, showUrl))}`,
  );
  say(
    `XalPlatformStorageSetEventHandlers(nullptr, fileStorage) -> ${hr(XalPlatformStorageSetEventHandlers(null, createFileStorageHandlers(dataDir)))}`,
  );
  try {
    say(
      `XalInitialize({ Win32, clientId ${CLIENT_ID}, titleId ${title.titleId.toString(16).toUpperCase()} }, nullptr) -> ${hr(XalInitialize({ platform: 'Win32', clientId: CLIENT_ID, titleId: title.titleId }, null))}`,
    );

    // Sign-in: silently first (nothing cached on a first launch), then with the web view.
    const silent = await completion(
      (b) => XalTryAddDefaultUserSilentlyAsync(0, b),
      'XalTryAddDefaultUserSilentlyAsync(0, async)',
    );
    const none = out<XalUserHandle | null>(null);
    say(
      `  XalTryAddDefaultUserSilentlyResult(async, &user) -> ${hr(XalTryAddDefaultUserSilentlyResult(silent, none))}`,
    );
    const ui = await completion((b) => XalAddUserWithUiAsync(0, b), 'XalAddUserWithUiAsync(0, async)');
    const added = out<XalUserHandle | null>(null);
    say(`  XalAddUserWithUiResult(async, &user) -> ${hr(XalAddUserWithUiResult(ui, added))}`);
    const user = added.value!;
    const id = out(0n);
    const idHr = XalUserGetId(user, id);
    const size = XalUserGetGamertagSize(user, XalGamertagComponent.Classic);
    const gamertag = new Uint8Array(size);
    const tagHr = XalUserGetGamertag(user, XalGamertagComponent.Classic, size, gamertag, null);
    const tag = new TextDecoder().decode(gamertag.subarray(0, size - 1));
    say(
      `  XalUserGetId(user, &id) -> ${hr(idHr)}, ${id.value}; XalUserGetGamertag(user, Classic, ${size}, …) -> ${hr(tagHr)}, "${tag}"`,
    );
    say(`signed in: ${bold(tag)} (xuid ${id.value})`);

    const url = `${web.origin}/yourpath`;
    const call = { url, headers: Object.fromEntries(headers.map((h) => [h.name, h.value])), body: data.Body };
    await tokenFlow(
      web,
      call,
      (forceRefresh) => requestToken(user, url, forceRefresh),
      'the seed sets forceRefresh only now',
    );

    XalUserCloseHandle(user);
    say('XalUserCloseHandle(user)');
    const cleanup = await completion((b) => XalCleanupAsync(b), 'XalCleanupAsync(async)');
    say(`  XAsyncGetStatus(async, false) -> ${hr(XAsyncGetStatus(cleanup, false))}`);
  } finally {
    XalPlatformWebClearEventHandler();
    XalPlatformStorageClearEventHandlers();
    useXalEmulator(null);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
