import fc from 'fast-check';

// scripts/test.mjs picks one seed per run and prints it; a bare `vitest` run picks and prints its own.
const fromEnv = process.env['FC_SEED'];
const seed =
  fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) | 0 : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
if (fromEnv === undefined || fromEnv === '') console.log(`fast-check seed: ${seed} (replay with FC_SEED=${seed})`);
fc.configureGlobal({ seed, numRuns: Number(process.env['FC_NUM_RUNS'] ?? 100) });
