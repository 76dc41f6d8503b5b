/**
 * S6: token and signature against a web service (samples.md §2 S6). Xbox-GDK-Samples `SimpleHttp.cpp`
 * with `LiveResources.cpp` and `HttpManager.cpp` (ported in ./SimpleHttp.ts), calling a real custom
 * game service on 127.0.0.1 that verifies the token and signature (`startTestClaimsService` of `@gdkts/xuser/testing`): a rejected
 * token is retried with `ForceRefresh`, up to four times. `pnpm sample S6`
 * @module
 */
import { XUSER_SANDBOX } from '@gdkts/xuser/testing';
import { runProgram } from './runSample.js';
import { SimpleHttpMain } from './SimpleHttp.js';

await runProgram(async (output) => {
  await SimpleHttpMain(output.Log);
}, XUSER_SANDBOX);
