/**
 * S12: XAL initialization, sign-in and a token request (samples.md §2 S12), as xbox-live-api's
 * ApiExplorer runs them (ported in ./ApiExplorerXal.ts) against the test world of
 * `@gdkts/xal/testing`: the first silent sign-in needs UI, the web view signs Alice in, the token for the
 * seed's URL comes back signed, sign-out raises SigningOut then SignedOut, cleanup ends XAL.
 * `pnpm sample S12`
 * @module
 */
import { useXalEmulator } from '@gdkts/xal';
import { XAL_SANDBOX } from '@gdkts/xal/testing';
import { ApiExplorerXal, makeXalEmulator } from './ApiExplorerXal.js';
import { runProgram } from './runSample.js';

await runProgram(async (output) => {
  useXalEmulator(await makeXalEmulator());
  try {
    await ApiExplorerXal(output.Log);
  } finally {
    useXalEmulator(null);
  }
}, XAL_SANDBOX);
