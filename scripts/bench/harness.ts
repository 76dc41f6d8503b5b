// The one bench harness of the repository (scripts/bench.mjs runs every packages/*/bench/*.bench.ts
// as a process of its own, with --expose-gc). Every time-based figure is a ratio against a baseline
// measured in the same process: `paired` times the two in alternating rounds, so both see the same
// (noisy, shared) machine, and returns the round whose ratio is the median.

/** A full garbage collection when Node runs with --expose-gc; nothing otherwise. */
export const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);

/** A number with a k/M suffix, for reports. */
export const fmt = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(1);

/** Rounds per pair: odd, so the median is one round. */
export const ROUNDS = 7;

/** Milliseconds `fn` takes, after a garbage collection. */
export async function timed(fn: () => Promise<void> | void): Promise<number> {
  gc();
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * Times `ours` and `base` in alternating rounds (so both see the same machine, which is noisy
 * here) and returns the pair, in ms, whose ratio is the median.
 */
export async function paired(
  ours: () => Promise<void> | void,
  base: () => Promise<void> | void,
): Promise<[number, number]> {
  const pairs: [number, number][] = [];
  for (let round = 0; round < ROUNDS; round++) pairs.push([await timed(ours), await timed(base)]);
  pairs.sort((a, b) => a[0] / a[1] - b[0] / b[1]);
  return pairs[pairs.length >> 1]!;
}

/**
 * A round of `count` calls of `op` (its argument is the call's index). A call that returns a
 * promise is awaited before the next; a synchronous one is not, so a synchronous baseline pays no
 * microtask per call.
 */
export function repeat(count: number, op: (index: number) => unknown): () => Promise<void> {
  return async () => {
    for (let index = 0; index < count; index++) {
      const result = op(index);
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') await result;
    }
  };
}

/**
 * Prints `name: X unit vs baseName Y unit = R x (target …)`, then `ok` or `MISS` when the target
 * is written `>= Tx` or `<= Tx`.
 *
 * @param higherIsBetter - true for rates (ops/s), false for costs (ms, bytes): the ratio is always
 *   "ours is R times as good as the baseline".
 */
export function report(
  name: string,
  ours: number,
  base: number,
  baseName: string,
  unit: string,
  target: string,
  higherIsBetter = true,
): void {
  const ratio = higherIsBetter ? ours / base : base / ours;
  // A target written `>= 0.7x` or `<= 1.15x` is checked, and a miss said plainly.
  const parsed = /^(>=|<=) ?(\d+(?:\.\d+)?)x$/.exec(target);
  const verdict =
    parsed === null ? '' : met(ratio, { op: parsed[1] as Target['op'], value: Number(parsed[2]) }) ? ' ok' : ' MISS';
  console.log(
    `${name}: ${fmt(ours)} ${unit} vs ${baseName} ${fmt(base)} ${unit} = ${ratio.toFixed(2)}x (target ${target})${verdict}`,
  );
}

/**
 * Measures `ours` against `base` as operations per second: `paired` rounds of `count` calls each
 * (after one warm-up round of each), reported with {@link report}.
 *
 * @returns the median ratio ours / base.
 */
export async function compareRates(
  name: string,
  ours: (index: number) => unknown,
  baseName: string,
  base: (index: number) => unknown,
  count: number,
  target: string,
): Promise<number> {
  const oursRound = repeat(count, ours);
  const baseRound = repeat(count, base);
  await oursRound();
  await baseRound();
  const [oursMs, baseMs] = await paired(oursRound, baseRound);
  const oursRate = (count * 1000) / oursMs;
  const baseRate = (count * 1000) / baseMs;
  report(name, oursRate, baseRate, baseName, 'ops/s', target);
  return oursRate / baseRate;
}

/** Heap in use after two full collections, in bytes. */
export function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** A figure's target: its ratio ours / baseline must be at least (`>=`) or at most (`<=`) `value`. */
export interface Target {
  readonly op: '>=' | '<=';
  readonly value: number;
}

/** Whether `ratio` meets `target`. */
export function met(ratio: number, target: Target): boolean {
  return target.op === '>=' ? ratio >= target.value : ratio <= target.value;
}

/**
 * Prints `name: X unit vs baseName Y unit = R x (target >= T x) ok`, or `… MISS` when the ratio
 * ours / base misses the target (rates: `>=`; costs such as bytes or µs per item: `<=`).
 *
 * @returns the ratio ours / base.
 */
export function figure(
  name: string,
  ours: number,
  base: number,
  baseName: string,
  unit: string,
  target: Target,
): number {
  const ratio = ours / base;
  const digits = (n: number): string => (n >= 100 ? fmt(n) : n.toFixed(2));
  console.log(
    `${name}: ${digits(ours)} ${unit} vs ${baseName} ${digits(base)} ${unit} = ${ratio.toFixed(2)}x (target ${target.op} ${target.value}x) ${met(ratio, target) ? 'ok' : 'MISS'}`,
  );
  return ratio;
}
