// pnpm bench tokenAndSignature: XalUserGetTokenAndSignatureSilentlyAsync with a cached token — the
// whole native round (Async on an Immediate queue, completion callback, ResultSize, Result into the
// caller's buffer, the fresh ECDSA P-256 request signature) — against raw crypto.sign over a
// payload of the same size, in the same process. Target >= 0.7x.
import { generateKeyPairSync, sign } from 'node:crypto';
import { Account } from '@gdkts/xboxlive';
import {
  XAsyncGetStatusAsync,
  XTaskQueueCreate,
  XTaskQueueDispatchMode,
  out,
  type XAsyncBlock,
  type XTaskQueueHandle,
} from '@gdkts/xasync';
import {
  XalAddUserWithUiAsync,
  XalAddUserWithUiResult,
  XalInitialize,
  XalPlatformStorageSetEventHandlers,
  XalPlatformWebSetEventHandler,
  XalUserGetTokenAndSignatureSilentlyAsync,
  XalUserGetTokenAndSignatureSilentlyResult,
  XalUserGetTokenAndSignatureSilentlyResultSize,
  createEmulatorWebViewHandler,
  useXalEmulator,
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
import { compareRates } from '../../../scripts/bench/harness.js';

const world = await createXalTestWorld();
useXalEmulator(world.createEmulator([new Account({ gamertag: 'Alice' })]));
XalPlatformWebSetEventHandler(null, null, createEmulatorWebViewHandler());
XalPlatformStorageSetEventHandlers(null, memoryStorageHandlers());
XalInitialize({ platform: 'Win32', clientId: TEST_CLIENT_ID, titleId: TEST_TITLE_ID }, null);
const add: XAsyncBlock = {};
XalAddUserWithUiAsync(0, add);
await XAsyncGetStatusAsync(add);
const added = out<XalUserHandle | null>(null);
XalAddUserWithUiResult(add, added);
const user = added.value as XalUserHandle;

const q = out<XTaskQueueHandle | null>(null);
XTaskQueueCreate(XTaskQueueDispatchMode.Immediate, XTaskQueueDispatchMode.Immediate, q);
const headers = [{ name: 'Content-Type', value: 'application/json' }];
const body = Buffer.from(JSON.stringify({ player: 'alice', score: 12345 }));
const args = {
  method: 'POST',
  url: TEST_SEED_URL,
  headerCount: 1,
  headers,
  bodySize: body.length,
  body,
};
let lastSize = 0;
let buffer = new Uint8Array(0); // the title keeps one result buffer, grown when a result needs more
const block: XAsyncBlock = {
  queue: q.value,
  callback: (b) => {
    const size = out(0);
    XalUserGetTokenAndSignatureSilentlyResultSize(b, size);
    const data = out<XalUserGetTokenAndSignatureData | null>(null);
    if (buffer.length < size.value) buffer = new Uint8Array(size.value * 2);
    XalUserGetTokenAndSignatureSilentlyResult(b, size.value, buffer, data, null);
    if (data.value === null || data.value.signatureSize === 0) throw new Error('expected a signed result');
    lastSize = size.value;
  },
};
// warm the cache (one XSTS fetch); every measured call is a cache hit that completes inline
const warm: XAsyncBlock = {};
XalUserGetTokenAndSignatureSilentlyAsync(user, args, warm);
await XAsyncGetStatusAsync(warm);
XalUserGetTokenAndSignatureSilentlyAsync(user, args, block);

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const payload = Buffer.alloc(lastSize, 7);
await compareRates(
  'XAL token+signature (cached)',
  () => XalUserGetTokenAndSignatureSilentlyAsync(user, args, block),
  'crypto.sign',
  () => sign('sha256', payload, { key: privateKey, dsaEncoding: 'ieee-p1363' }),
  3000,
  '>= 0.7x',
);
