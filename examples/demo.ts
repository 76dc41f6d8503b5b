// gdkts demo: runs each section (xasync; then Xbox Live: the emulated service, a web service that
// verifies tokens, the XUser and XAL seeds), records the xasync trace across all of them, and ends with the
// pictures of the recorded run (an ASCII timeline here; Chrome trace JSON, SVG and Mermaid files
// in out/, or in $GDKTS_DEMO_OUT).
// Run with: npx --yes pnpm@10.34.9 demo
import { fileURLToPath } from 'node:url';
import { startTraceRecording } from '@gdkts/xasync/trace';
import { showPictures } from './demo/pictures.js';
import { liveDemo } from './demo/live.js';
import { xasyncDemo } from './demo/xasync.js';

const outDir = process.env['GDKTS_DEMO_OUT'] || fileURLToPath(new URL('../out/', import.meta.url));

const sections: (() => Promise<void>)[] = [xasyncDemo, liveDemo];

const recording = startTraceRecording({ limit: 50_000 });
try {
  for (const section of sections) await section();
} finally {
  const run = recording.stop();
  showPictures(run, outDir);
}
