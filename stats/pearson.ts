/** Pearson correlation with its t-test and Fisher-z interval. @module */
import { normalQuantile, studentTwoSided } from "./_special.ts";

/** Options for {@linkcode pearson}. */
export interface PearsonOptions {
  /**
   * Confidence level of the Fisher-z interval.
   * @default {0.95}
   */
  readonly confidenceLevel?: number;
}

/** Result of {@linkcode pearson}. */
export interface PearsonResult {
  /** Correlation coefficient r; NaN when either variable is constant. */
  readonly estimate: number;
  /** R² = r². */
  readonly rSquared: number;
  /** t = r √((n − 2)/(1 − r²)). */
  readonly statistic: number;
  /** n − 2. */
  readonly df: number;
  /** Two-sided p-value. */
  readonly pValue: number;
  /** Fisher-z interval tanh(atanh r ± z/√(n − 3)); NaN when n < 4. */
  readonly ci: readonly [number, number];
  /** Number of pairs. */
  readonly n: number;
}

/**
 * Pearson correlation, matching `scipy.stats.pearsonr` and R `cor.test` (two-pass centred sums).
 *
 * @param x first variable
 * @param y second variable
 * @param options confidence level
 * @returns r, R², t, df, p, interval and n
 * @throws {RangeError} on unequal lengths, fewer than 3 pairs, or a non-finite value
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { pearson } from "./pearson.ts";
 * const r = pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
 * assert.ok(Math.abs(r.estimate - 0.7745966692414834) < 1e-12);
 * ```
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>, options: PearsonOptions = {}): PearsonResult {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`Cannot correlate: ${n} x values but ${y.length} y values`);
  if (n < 3) throw new RangeError(`Cannot correlate: ${n} pairs, expected at least 3`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) {
      throw new RangeError(`Cannot correlate: pair ${i} is not finite`);
    }
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  const df = n - 2;
  const statistic = r * Math.sqrt(df / ((1 - r) * (1 + r)));
  const level = options.confidenceLevel ?? 0.95;
  const half = n > 3 ? normalQuantile(1 - (1 - level) / 2) / Math.sqrt(n - 3) : NaN;
  const z = Math.atanh(r);
  return {
    estimate: r,
    rSquared: r * r,
    statistic,
    df,
    pValue: Number.isNaN(r) ? NaN : studentTwoSided(statistic, df),
    ci: [Math.tanh(z - half), Math.tanh(z + half)],
    n,
  };
}
