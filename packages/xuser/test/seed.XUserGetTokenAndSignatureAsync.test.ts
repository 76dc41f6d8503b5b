// The seed's example (seeds/001_f1d4c4cea53c4dd5.txt, the XUserGetTokenAndSignatureAsync reference
// page) ported line for line: RequestTokenAsync with the two static headers, RequestTokenComplete
// with ResultSize, Result and the `signature != nullptr` check. The token and signature it logs
// then authenticate a request to a real custom web service on loopback that verifies them with the
// relying-party verifier and answers with the verified claims.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILED, S_OK, SUCCEEDED, type HRESULT } from '@gdkts/hresult';
import { XTaskQueueCloseHandle, XTaskQueueCreate, XTaskQueueDispatchMode, out } from '@gdkts/xasync';
import type { XAsyncBlock, XTaskQueueHandle } from '@gdkts/xasync';
import {
  XUserAddAsync,
  XUserAddOptions,
  XUserAddResult,
  XUserCloseHandle,
  XUserGetTokenAndSignatureAsync,
  XUserGetTokenAndSignatureOptions,
  XUserGetTokenAndSignatureResult,
  XUserGetTokenAndSignatureResultSize,
} from '@gdkts/xuser';
import type { XUserGetTokenAndSignatureData, XUserGetTokenAndSignatureHttpHeader, XUserHandle } from '@gdkts/xuser';
import { bootTestConsole } from '@gdkts/xuser/testing';
import { call, useLeakCheck } from './helpers/console.js';
import { startTestClaimsService, testEndpointsWith } from '@gdkts/xuser/testing';
import type { ClaimsServer } from '@gdkts/xboxlive/verify';

useLeakCheck();

// The sample's logging macros and its log.
const appLog = {
  lines: [] as string[],
  AddLog(format: string, ...args: string[]): void {
    let i = 0;
    this.lines.push(format.replace(/%s/g, () => args[i++] ?? '').replace(/\n$/, ''));
  },
};
const failures: HRESULT[] = [];
function SUCCEEDED_LOG(hr: HRESULT): boolean {
  if (FAILED(hr)) failures.push(hr);
  return SUCCEEDED(hr);
}
function LOG_IF_FAILED(hr: HRESULT): void {
  if (FAILED(hr)) failures.push(hr);
}
class ReturnIfFailed extends Error {
  constructor(readonly hr: HRESULT) {
    super(`0x${(hr >>> 0).toString(16)}`);
  }
}
function RETURN_IF_FAILED(hr: HRESULT): void {
  if (FAILED(hr)) throw new ReturnIfFailed(hr);
}

class User {
  readonly _handle: XUserHandle;
  completed: () => void = () => undefined;
  constructor(handle: XUserHandle) {
    this._handle = handle;
  }

  RequestTokenComplete(abResult: XAsyncBlock): HRESULT {
    try {
      const bufferSize = out(0);
      RETURN_IF_FAILED(XUserGetTokenAndSignatureResultSize(abResult, bufferSize));

      const buffer = new Uint8Array(bufferSize.value);
      const data = out<XUserGetTokenAndSignatureData | null>(null);
      if (SUCCEEDED_LOG(XUserGetTokenAndSignatureResult(abResult, buffer.length, buffer, data, null /*bufferUsed*/))) {
        appLog.AddLog('Token: %s\n', data.value!.token);
        if (data.value!.signature !== null) {
          appLog.AddLog('Signature: %s\n', data.value!.signature);
        }
      }

      return S_OK;
    } catch (error) {
      if (error instanceof ReturnIfFailed) return error.hr;
      throw error;
    } finally {
      this.completed();
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

    if (
      SUCCEEDED_LOG(
        XUserGetTokenAndSignatureAsync(this._handle, options, 'GET', url, headers.length, headers, 0, null, asyncBlock),
      )
    ) {
      // The call succeeded, so the callback owns the block now.
    }

    return S_OK;
  }
}

let service: ClaimsServer;
beforeAll(async () => {
  service = await startTestClaimsService();
});
afterAll(async () => {
  await service.close();
});

function logged(prefix: string): string | undefined {
  return appLog.lines.find((line) => line.startsWith(prefix))?.slice(prefix.length);
}

describe('seed 001: XUserGetTokenAndSignatureAsync example', () => {
  it.each([false, true])(
    'RequestTokenAsync(queue, url, forceRefresh=%s) → a token and signature the web service verifies',
    async (forceRefresh) => {
      const console = await bootTestConsole({
        accounts: [{ gamertag: 'SeedPlayer', xuid: '2814749767106561' }],
        endpoints: testEndpointsWith(service.port),
      });
      const added = await call((b) => XUserAddAsync(XUserAddOptions.AddDefaultUserSilently, b));
      const handle = out<XUserHandle | null>(null);
      expect(XUserAddResult(added, handle)).toBe(S_OK);
      const queue = out<XTaskQueueHandle | null>(null);
      expect(XTaskQueueCreate(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.ThreadPool, queue)).toBe(S_OK);

      appLog.lines.length = 0;
      failures.length = 0;
      const user = new User(handle.value!);
      const done = new Promise<void>((resolve) => (user.completed = resolve));
      const url = `${service.origin}/api/getclaims?who=me`;
      expect(user.RequestTokenAsync(queue.value, url, forceRefresh)).toBe(S_OK);
      await done;
      expect(failures).toEqual([]);

      const token = logged('Token: ');
      const signature = logged('Signature: ');
      expect(token).toMatch(/^XBL3\.0 x=\d+;/);
      expect(signature).toMatch(/^[A-Za-z0-9+/]+=*$/);

      const response = await fetch(url, {
        headers: { Accept: 'application/json', Why: 'Because', Authorization: token!, Signature: signature! },
      });
      expect(response.status).toBe(200);
      const claims = (await response.json()) as {
        audience: string;
        users: { xid: string; gtg: string }[];
        title: { tid: string };
      };
      expect(claims.audience).toBe('rp://contoso.test/');
      expect(claims.users[0]).toMatchObject({ xid: '2814749767106561', gtg: 'SeedPlayer' });
      expect(claims.title.tid).toBe(String(console.title.titleId));

      // The signature covers `Why`: the same token with another value is refused.
      const tampered = await fetch(url, {
        headers: { Accept: 'application/json', Why: 'Not', Authorization: token!, Signature: signature! },
      });
      expect(tampered.status).toBe(401);
      await tampered.body?.cancel();

      XTaskQueueCloseHandle(queue.value!);
      XUserCloseHandle(handle.value);
    },
  );
});
