// The README's example, run as written (with the test console's issuer and relying parties, so
// no RSA keys are generated here).
import { expect, it } from 'vitest';
import { out, XAsyncGetStatusAsync, type XAsyncBlock } from '@gdkts/xasync';
import {
  XGameRuntimeInitialize,
  XGameRuntimeUninitialize,
  XUserAddAsync,
  XUserAddOptions,
  XUserAddResult,
  XUserCloseHandle,
  XUserGetTokenAndSignatureAsync,
  XUserGetTokenAndSignatureResultSize,
  XUserGetTokenAndSignatureResult,
  type XUserHandle,
  type XUserGetTokenAndSignatureData,
} from '@gdkts/xuser';
import { createEmulatedConsole, testWorld } from '@gdkts/xuser/testing';
import { useLeakCheck } from './helpers/console.js';

useLeakCheck();

it('the README example runs', async () => {
  const { issuer } = await testWorld();
  await createEmulatedConsole({
    titleId: 0x1234abcd,
    configDirectory: null,
    issuer,
    accounts: [{ gamertag: 'Alice' }],
    endpoints: {
      SignaturePolicies: [{ Version: 1, MaxBodyBytes: 8192 }],
      EndPoints: [
        {
          Protocol: 'https',
          Host: 'api.contoso.com',
          HostType: 'fqdn',
          RelyingParty: 'rp://contoso.com/',
          TokenType: 'JWT',
          SignaturePolicyIndex: 0,
        },
      ],
    },
  });
  XGameRuntimeInitialize();

  const add: XAsyncBlock = {};
  XUserAddAsync(XUserAddOptions.AddDefaultUserSilently, add);
  await XAsyncGetStatusAsync(add);
  const user = out<XUserHandle | null>(null);
  XUserAddResult(add, user);

  const request: XAsyncBlock = {};
  XUserGetTokenAndSignatureAsync(user.value, 0, 'GET', 'https://api.contoso.com/v1/items', 0, null, 0, null, request);
  await XAsyncGetStatusAsync(request);
  const size = out(0);
  XUserGetTokenAndSignatureResultSize(request, size);
  const data = out<XUserGetTokenAndSignatureData | null>(null);
  XUserGetTokenAndSignatureResult(request, size.value, new Uint8Array(size.value), data, null);
  expect([data.value?.token.slice(0, 9), data.value?.signature !== null]).toEqual(['XBL3.0 x=', true]);

  XUserCloseHandle(user.value);
  XGameRuntimeUninitialize();
});
