/**
 * S7: the synchronous polling variant (samples.md §2 S7). Xbox-GDK-Samples
 * `Kits/PlayFabGDK/PlayFabResources.cpp` (ported in ./PlayFabResources.ts): every call on a stack
 * `XAsyncBlock async{}` with no queue and no callback, waited on with `XAsyncGetStatus(&async, true)`,
 * its result read with the ResultSize / Result pair. The kit's game code, as the PlayFab samples run it:
 * construct (Initialize → RequestXUserToken), LoginToPlayFab, read the entity key, destroy (Cleanup).
 * Then RequestXUserToken again on `@gdkts/xuser`'s emulated console (./PlayFabXUser.ts). `pnpm sample S7`
 * @module
 */
import { XUSER_SANDBOX } from '@gdkts/xuser/testing';
import { PlayFabResources, user } from './PlayFabResources.js';
import { PlayFabXUserMain } from './PlayFabXUser.js';
import { runProgram } from './runSample.js';

await runProgram((output) => {
  // native: m_playFabResources = std::make_unique<PlayFabResources>(titleId, xuser);
  const resources = new PlayFabResources('A1B2C', user(), output);
  output.Log(`GetXboxToken() = ${resources.GetXboxToken()}`);
  resources.LoginToPlayFab();
  const key = resources.GetPlayerEntityKey()!;
  output.Log(`GetPlayerEntityKey() = { id: ${key.id}, type: ${key.type} }`);
  resources.Destroy(); // native: m_playFabResources.reset();
});

// The same RequestXUserToken on the XUser emulation (real keys and promises: the real host).
await runProgram(async (output) => {
  output.Log('-- RequestXUserToken on @gdkts/xuser --');
  await PlayFabXUserMain(output.Log);
}, XUSER_SANDBOX);
