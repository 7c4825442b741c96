/** Two-sample t-test (Welch or Student). @module */
import { subsetMoments, tFromMoments } from "./_moments.ts";

/** Options for {@linkcode tTest}. */
export interface TTestOptions {
  /**
   * `false` = Welch's unequal-variance test (Welch–Satterthwaite df), `true` = Student's pooled test.
   * @default {false}
   */
  readonly equalVariance?: boolean;
}

/** Result of a two-sample t-test; statistic is (mean of a − mean of b) / standard error. */
export interface TTestResult {
  /** t statistic; NaN when both groups have zero variance. */
  readonly statistic: number;
  /** Degrees of freedom. */
  readonly df: number;
  /** Two-sided p-value. */
  readonly pValue: number;
  /** Mean of each group, `[a, b]`. */
  readonly mean: readonly [number, number];
  /** Unbiased (n−1) variance of each group, `[a, b]`. */
  readonly variance: readonly [number, number];
  /** Size of each group, `[a, b]`. */
  readonly n: readonly [number, number];
}

/**
 * Two-sample, two-sided t-test. Matches `scipy.stats.ttest_ind(a, b, equal_var=...)` and R
 * `t.test(a, b, var.equal = ...)`; the p-value uses the regularized incomplete beta upper tail.
 *
 * @param a first sample (≥ 2 finite values)
 * @param b second sample (≥ 2 finite values)
 * @param options Welch (default) or Student
 * @returns statistic, df, p-value and group moments; NaN statistic/p when both variances are 0
 * @throws {RangeError} when a sample has fewer than 2 values or a non-finite value
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { tTest } from "./t_test.ts";
 * const r = tTest([1, 2, 3, 4], [2, 4, 6, 8, 10]);
 * assert.ok(Math.abs(r.statistic - -3.5 / Math.sqrt(29 / 12)) < 1e-12);
 * assert.ok(r.pValue > 0.05 && r.pValue < 0.1);
 * ```
 */
export function tTest(a: ArrayLike<number>, b: ArrayLike<number>, options: TTestOptions = {}): TTestResult {
  for (const [s, name] of [[a, "a"], [b, "b"]] as const) {
    if (s.length < 2) {
      throw new RangeError(`Cannot run a t-test: sample ${name} has ${s.length} values, expected at least 2`);
    }
    for (let i = 0; i < s.length; i++) {
      if (!Number.isFinite(s[i]!)) throw new RangeError(`Cannot run a t-test: sample ${name}[${i}] is "${s[i]}"`);
    }
  }
  const ia = Uint32Array.from({ length: a.length }, (_, i) => i);
  const ib = Uint32Array.from({ length: b.length }, (_, i) => i);
  const ma = subsetMoments(a, 0, ia);
  const mb = subsetMoments(b, 0, ib);
  const r = tFromMoments(
    ma.mean,
    ma.variance,
    a.length,
    mb.mean,
    mb.variance,
    b.length,
    options.equalVariance ?? false,
  );
  return {
    ...r,
    mean: [ma.mean, mb.mean],
    variance: [ma.variance, mb.variance],
    n: [a.length, b.length],
  };
}
