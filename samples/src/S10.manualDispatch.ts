/**
 * S10: manual dispatch, monitors, message loop, termination (samples.md §2 S10), the listings ported
 * in ./TaskQueueHowTos.ts run one after another on emulated threads: "Creating a manual task queue"
 * (a thread per port dispatching with INFINITE until the queue terminates), "Using a task queue with
 * a Windows message loop" (a click, the monitor posting WM_QUEUE_COMPLETION, WM_CLOSE terminating
 * the queue), libHttpClient's Win32-Http `main` (monitor-driven background threads), and "Using the
 * process task queue" (replaced, read back as a duplicate, then nulled). Each `printf` is printed as
 * is; `[thread]` lines say which emulated thread ran what. `pnpm sample S10`
 * @module
 */
import { XTaskQueueCloseHandle, XTaskQueuePort, type XTaskQueueHandle } from '@gdkts/xasync';
import { PostMessage, WM_CLOSE, WM_LBUTTONDOWN, runUntil, runUntilSettled, startThread } from './helpers.js';
import { runProgram } from './runSample.js';
import {
  UsingProcessTaskQueue,
  Win32HttpMain,
  httpLog,
  machine,
  resetMessageLoop,
  runListing,
  seen,
  setBackgroundWorkPort,
  startUiThread,
} from './TaskQueueHowTos.js';

await runProgram(async (output, sandbox) => {
  const { host } = sandbox;
  machine.output = output;
  machine.host = host;

  output.Log('-- "Creating a manual task queue"');
  const terminated = await runListing(host, 'awaitable');
  output.Log(`XTaskQueueTerminate (awaited) -> ${terminated === 0 ? 'S_OK' : terminated}`);

  output.Log('-- "Using a task queue with a Windows message loop" (BackgroundWork on the Completion port, as listed)');
  setBackgroundWorkPort(XTaskQueuePort.Completion);
  const ui = startUiThread(WM_LBUTTONDOWN); // the user clicks
  await runUntil(host, () => (ui.window()?.text ?? '') !== '');
  output.Log(`window text: ${ui.window()!.text}`);
  PostMessage(ui.window()!, WM_CLOSE); // the user closes the window
  await runUntilSettled(host, ui.thread);
  for (const line of seen) output.Log(`[thread] ${line}`);
  output.Log(`window destroyed: ${ui.window()!.destroyed}`);
  resetMessageLoop();

  output.Log('-- libHttpClient Samples/Win32-Http: main');
  output.Log(`main returned ${await runUntilSettled(host, startThread('main', Win32HttpMain))}`);
  for (const line of httpLog) output.Log(`[thread] ${line}`);

  output.Log('-- "Using the process task queue"');
  const leaked: XTaskQueueHandle[] = [];
  UsingProcessTaskQueue(leaked);
  await runUntil(host, () => output.lines.at(-1) === 'Work callback invoked.'); // the work on the original process queue
  for (const handle of leaked) XTaskQueueCloseHandle(handle); // native: the listing leaks them
});
