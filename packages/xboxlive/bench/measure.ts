// Shared by sign.bench.ts and verify.bench.ts: throughput of an operation, measured in rounds that
// alternate with its baseline so both see the same machine state; the best round of each counts.

const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);
const fmt = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(1));

/** Operations per second of `op` over about `ms` milliseconds (after a garbage collection). */
async function opsPerSecond(op: () => unknown, ms: number): Promise<number> {
  gc();
  let count = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 64; i++) await op();
    count += 64;
    elapsed = performance.now() - t0;
  }
  return (count * 1000) / elapsed;
}

/**
 * Measures `ours` against `base` in `rounds` alternating rounds of `ms` each (after one warm-up
 * round), and prints `name: X ops/s vs baseName Y ops/s = R x (target …)`.
 *
 * @returns the ratio ours / base.
 */
export async function compare(
  name: string,
  ours: () => unknown,
  baseName: string,
  base: () => unknown,
  target: number,
  { rounds = 5, ms = 400 }: { rounds?: number; ms?: number } = {},
): Promise<number> {
  await opsPerSecond(ours, ms / 2);
  await opsPerSecond(base, ms / 2);
  let bestOurs = 0;
  let bestBase = 0;
  for (let i = 0; i < rounds; i++) {
    bestBase = Math.max(bestBase, await opsPerSecond(base, ms));
    bestOurs = Math.max(bestOurs, await opsPerSecond(ours, ms));
  }
  const ratio = bestOurs / bestBase;
  console.log(`${name}: ${fmt(bestOurs)} ops/s vs ${baseName} ${fmt(bestBase)} ops/s = ${ratio.toFixed(2)}x (target >= ${target}x)`);
  return ratio;
}
