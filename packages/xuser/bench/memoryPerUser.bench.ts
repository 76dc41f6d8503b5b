// pnpm bench memoryPerUser: heap per signed-in user holding one cached token (10k users added with
// XUserAddByIdWithUiAsync, each with one XUserGetTokenAndSignatureAsync), and the heap change
// across 100k further requests served from the cache (it must not grow).
import { XAsyncGetStatusAsync, XTaskQueueCreate, XTaskQueueDispatchMode, out } from '@gdkts/xasync';
import type { XAsyncBlock, XTaskQueueHandle } from '@gdkts/xasync';
import {
  XGameRuntimeInitialize,
  XUserAddByIdWithUiAsync,
  XUserAddByIdWithUiResult,
  XUserGetTokenAndSignatureAsync,
  XUserGetTokenAndSignatureResult,
  XUserGetTokenAndSignatureResultSize,
} from '@gdkts/xuser';
import type { XUserGetTokenAndSignatureData, XUserHandle } from '@gdkts/xuser';
import { fmt, heapAfterGc } from '../../../scripts/bench/harness.js';
import { createTestConsole } from '@gdkts/xuser/testing';

const USERS = 10_000;
const REQUESTS = 100_000;
// A path on *.contoso.test, which the test console maps to the contoso relying party.
const URL = 'https://api.contoso.test/v1/matches/42/scores?season=3';
const emulated = await createTestConsole({
  maxUsers: USERS,
  accounts: Array.from({ length: USERS }, (_, i) => ({ gamertag: `Player${i}` })),
});
XGameRuntimeInitialize();
const size = out(0);
const data = out<XUserGetTokenAndSignatureData | null>(null);
const take = (block: XAsyncBlock): void => {
  XUserGetTokenAndSignatureResultSize(block, size);
  XUserGetTokenAndSignatureResult(block, size.value, new Uint8Array(size.value), data, null);
};

const before = heapAfterGc();
const users: XUserHandle[] = [];
for (const account of emulated.accounts) {
  const add: XAsyncBlock = {};
  XUserAddByIdWithUiAsync(BigInt(account.xuid), add);
  await XAsyncGetStatusAsync(add);
  const user = out<XUserHandle | null>(null);
  XUserAddByIdWithUiResult(add, user);
  users.push(user.value!);
  const token: XAsyncBlock = {};
  XUserGetTokenAndSignatureAsync(user.value, 0, 'GET', URL, 0, null, 0, null, token);
  await XAsyncGetStatusAsync(token);
  take(token);
}
const withUsers = heapAfterGc();
if (emulated.session!.cachedTokenCount !== USERS) throw new Error('expected one cached token per user');
process.stdout.write(
  `memory per signed-in user with a cached token (${fmt(USERS)} users): ${Math.round((withUsers - before) / USERS)} bytes (token ${data.value!.tokenSize} bytes)\n`,
);

const queue = out<XTaskQueueHandle | null>(null);
XTaskQueueCreate(XTaskQueueDispatchMode.Immediate, XTaskQueueDispatchMode.Immediate, queue);
const block: XAsyncBlock = { queue: queue.value, callback: take };
const fetches = emulated.session!.tokenFetchCount;
for (let i = 0; i < REQUESTS; i++)
  XUserGetTokenAndSignatureAsync(users[i % USERS]!, 0, 'GET', URL, 0, null, 0, null, block);
const after = heapAfterGc();
if (emulated.session!.tokenFetchCount !== fetches)
  throw new Error('expected every request to be served from the cache');
process.stdout.write(
  `heap change across ${fmt(REQUESTS)} cached requests: ${Math.max(0, after - withUsers)} bytes growth (${((after - withUsers) / REQUESTS).toFixed(2)} bytes per request; target: no growth)\n`,
);
process.exit(0);
