/**
 * S8: the GDK XUser reference listings (samples.md §2 S8), ported in ./XUserReference.ts, on the
 * emulated console: AddUser / AddUserComplete with `unique_ptr` block ownership, a refused option
 * combination, the change handler (guest dropped on SignedOut, a deferral on SigningOut, the
 * picture reloaded on GamerPicture), UnregisterForChanges. `pnpm sample S8`
 * @module
 */
import { XUSER_SANDBOX } from '@gdkts/xuser/testing';
import { runProgram } from './runSample.js';
import { XUserReferenceMain } from './XUserReference.js';

await runProgram((output) => XUserReferenceMain(output.Log), XUSER_SANDBOX);
