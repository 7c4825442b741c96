/** The paired difference of a statistic measured on the same resamples. @module */
import { quantileSorted } from "./_resample.ts";

/** Result of {@linkcode pairedDifference}. */
export interface PairedDifferenceResult {
  /** Mean of a − b over the resamples where both are defined. */
  readonly estimate: number;
  /** Percentile interval of a − b. */
  readonly ci: readonly [number, number];
  /** Two-sided share of resamples on the far side of 0: 2 · min(P(d ≤ 0), P(d ≥ 0)), at most 1. */
  readonly pValue: number;
  /** Resamples where both values are defined. */
  readonly n: number;
}

/**
 * Paired comparison of two models' statistic (e.g. test-set AUC) over the same resamples: the
 * per-resample difference a − b, its mean, percentile interval (R `quantile` type 7) and the
 * two-sided share of differences across 0 — the bootstrap counterpart of a paired test when the test
 * sets recur across resamples (so DeLong's independence does not hold). NaN pairs are left out;
 * with none left every field is NaN.
 *
 * @param a the first model's value per resample
 * @param b the second model's value per resample, same resamples
 * @param options interval level (@default 0.95)
 * @returns mean difference, interval, p and the number of pairs
 * @throws {RangeError} on unequal lengths or a level outside (0, 1)
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { pairedDifference } from "./paired_difference.ts";
 * const r = pairedDifference([0.8, 0.7, 0.9, NaN], [0.6, 0.65, 0.7, 0.5]);
 * assert.equal(r.n, 3);
 * assert.ok(Math.abs(r.estimate - 0.15) < 1e-12);
 * assert.equal(r.pValue, 0);
 * ```
 */
export function pairedDifference(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: { readonly confidenceLevel?: number } = {},
): PairedDifferenceResult {
  const level = options.confidenceLevel ?? 0.95;
  if (a.length !== b.length) throw new RangeError(`Cannot pair: lengths ${a.length} and ${b.length} differ`);
  if (!(level > 0 && level < 1)) throw new RangeError(`Cannot pair: level is "${level}", expected (0, 1)`);
  const d: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i]!) && !Number.isNaN(b[i]!)) d.push(a[i]! - b[i]!);
  if (d.length === 0) return { estimate: NaN, ci: [NaN, NaN], pValue: NaN, n: 0 };
  d.sort((x, y) => x - y);
  const below = d.filter((x) => x <= 0).length / d.length;
  const above = d.filter((x) => x >= 0).length / d.length;
  return {
    estimate: d.reduce((s, x) => s + x, 0) / d.length,
    ci: [quantileSorted(d, (1 - level) / 2), quantileSorted(d, 1 - (1 - level) / 2)],
    pValue: Math.min(1, 2 * Math.min(below, above)),
    n: d.length,
  };
}
