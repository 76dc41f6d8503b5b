/**
 * S4: Simple User Model (samples.md §2 S4). Xbox-GDK-Samples `SimpleUserModel.cpp` (ported in
 * ./SimpleUserModel.ts) on the emulated console: silent sign-in of the default user, gamertag and
 * two-step gamer picture, both re-read on the `Gamertag` and `GamerPicture` change events, the
 * device-association callback and the find-controller loop when the user's controller is unpaired,
 * one completion dispatched per frame. `pnpm sample S4`
 * @module
 */
import { XUSER_SANDBOX } from '@gdkts/xuser/testing';
import { runProgram } from './runSample.js';
import { SimpleUserModelMain } from './SimpleUserModel.js';

await runProgram((output) => SimpleUserModelMain(output.Log), XUSER_SANDBOX);
