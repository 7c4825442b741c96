/** Mann–Whitney U test, normal approximation. @module */
import { mannWhitneyPooled } from "./_ranks.ts";

/** Result of {@linkcode mannWhitney}. */
export interface MannWhitneyResult {
  /** U of sample a against b: pairs with a > b plus ½ per tie (so AUC = U / (na·nb)). */
  readonly statistic: number;
  /** Two-sided p, tie-corrected variance and continuity correction; NaN when all values are tied. */
  readonly pValue: number;
  /** Sample sizes `[a, b]`. */
  readonly n: readonly [number, number];
}

/**
 * Mann–Whitney U (Wilcoxon rank-sum) test. Matches `scipy.stats.mannwhitneyu(a, b,
 * alternative="two-sided", use_continuity=True, method="asymptotic")` and R `wilcox.test(a, b,
 * exact = FALSE, correct = TRUE)`.
 *
 * @param a first sample
 * @param b second sample
 * @returns U (for a), two-sided p and sizes
 * @throws {RangeError} when a sample is empty or holds a NaN
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { mannWhitney } from "./mann_whitney.ts";
 * const r = mannWhitney([3, 4, 5], [1, 2, 3]);
 * assert.equal(r.statistic, 8.5);
 * ```
 */
export function mannWhitney(a: ArrayLike<number>, b: ArrayLike<number>): MannWhitneyResult {
  if (a.length === 0 || b.length === 0) throw new RangeError("Cannot run a Mann-Whitney test: a sample is empty");
  const n = a.length + b.length;
  const pooled = new Float64Array(n);
  for (let i = 0; i < a.length; i++) pooled[i] = a[i]!;
  for (let i = 0; i < b.length; i++) pooled[a.length + i] = b[i]!;
  if (pooled.some(Number.isNaN)) throw new RangeError("Cannot run a Mann-Whitney test: a sample holds NaN");
  const r = mannWhitneyPooled(pooled, a.length, new Float64Array(n), new Uint32Array(n));
  return { ...r, n: [a.length, b.length] };
}
