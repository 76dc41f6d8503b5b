/**
 * S5: the advanced user model (samples.md §2 S5). Xbox-GDK-Samples `UserManagement` `GameUser.cpp`
 * and `GameScreens.cpp` (ported in ./GameUserManager.ts) on the emulated console: the UI fallback
 * after `E_GAMEUSER_NO_DEFAULT_USER`, a dismissed picker (`E_ABORT`), `XUserCompare` de-duplication,
 * a cancelled gamer picture, a sign-out deferral. `pnpm sample S5`
 * @module
 */
import { XUSER_SANDBOX } from '@gdkts/xuser/testing';
import { UserManagementMain } from './GameUserManager.js';
import { runProgram } from './runSample.js';

await runProgram((output) => UserManagementMain(output.Log), XUSER_SANDBOX);
