/** Vectorised two-group screening of every feature of a matrix. @module */
import type { FeatureMatrix } from "./feature_matrix.ts";
import { splitLabels, subsetMoments, tFromMoments } from "./_moments.ts";
import { mannWhitneyPooled } from "./_ranks.ts";

/** Which two-sample test {@linkcode screenFeatures} runs. */
export type ScreeningTest = "welch" | "student" | "mann-whitney";

/** Options for {@linkcode screenFeatures}. */
export interface ScreenFeaturesOptions {
  /**
   * The test: Welch's t (unequal variances), Student's t (pooled) or Mann–Whitney U.
   * @default {"welch"}
   */
  readonly test?: ScreeningTest;
}

/** Column-wise results, one entry per feature; group 1 = label 1 (event), group 0 = label 0. */
export interface ScreeningResult {
  /** The test that was run. */
  readonly test: ScreeningTest;
  /** Patients with label 1. */
  readonly nEvent: number;
  /** Patients with label 0. */
  readonly nNoEvent: number;
  /** t (mean1 − mean0 over its SE) or U of group 1; NaN for an excluded feature. */
  readonly statistic: Float64Array;
  /** Degrees of freedom (NaN for Mann–Whitney). */
  readonly df: Float64Array;
  /** Two-sided p-values; NaN for an excluded feature. */
  readonly pValue: Float64Array;
  /** Mean of group 1 and group 0. */
  readonly mean1: Float64Array;
  /** Mean of group 0. */
  readonly mean0: Float64Array;
  /** Unbiased variance of group 1. */
  readonly variance1: Float64Array;
  /** Unbiased variance of group 0. */
  readonly variance0: Float64Array;
  /** Features holding NaN/±Inf in an included row: all their fields are NaN. */
  readonly nonFinite: readonly number[];
  /** Features constant within both groups (zero standard error): statistic and p are NaN. */
  readonly degenerate: readonly number[];
}

/**
 * Two-sample test of every feature between label-1 and label-0 patients, in one pass over a
 * column-major matrix. Each feature matches `scipy.stats.ttest_ind(x[y==1], x[y==0], equal_var=…)`
 * (or `mannwhitneyu`, asymptotic, continuity-corrected). Rows with a NaN label are excluded
 * (see {@linkcode binaryEndpoint}); features with a non-finite value or zero variance are reported as
 * NaN and listed, never thrown on, so one bad feature cannot stop a 110,592-feature screen.
 *
 * @param matrix patients × features
 * @param labels per patient 1, 0 or NaN (excluded)
 * @param options which test
 * @returns per-feature statistic, df, p, group moments, and the excluded features
 * @throws {RangeError} when labels do not match the rows, or a group has fewer than 2 patients
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { featureMatrix, screenFeatures } from "./mod.ts";
 * const m = featureMatrix([[1, 2, 3, 4, 5, 6], [5, 5, 5, 5, 5, 5]]);
 * const r = screenFeatures(m, [0, 0, 0, 1, 1, 1]);
 * assert.ok(r.pValue[0]! < 0.05);
 * assert.deepEqual(r.degenerate, [1]);
 * ```
 */
export function screenFeatures(
  matrix: FeatureMatrix,
  labels: ArrayLike<number>,
  options: ScreenFeaturesOptions = {},
): ScreeningResult {
  const test = options.test ?? "welch";
  const { nRows, nCols, data } = matrix;
  if (labels.length !== nRows) {
    throw new RangeError(`Cannot screen features: ${labels.length} labels for ${nRows} rows`);
  }
  const { ones, zeros } = splitLabels(labels, "screen features");
  const n1 = ones.length;
  const n0 = zeros.length;
  if (n1 < 2 || n0 < 2) {
    throw new RangeError(
      `Cannot screen features: groups have ${n1} events and ${n0} non-events, expected at least 2 each`,
    );
  }
  const out = () => new Float64Array(nCols).fill(NaN);
  const statistic = out();
  const df = out();
  const pValue = out();
  const mean1 = out();
  const mean0 = out();
  const variance1 = out();
  const variance0 = out();
  const nonFinite: number[] = [];
  const degenerate: number[] = [];
  const pooled = new Float64Array(n1 + n0);
  const ranks = new Float64Array(n1 + n0);
  const order = new Uint32Array(n1 + n0);
  for (let j = 0; j < nCols; j++) {
    const off = j * nRows;
    let finite = true;
    for (let k = 0; k < n1; k++) if (!Number.isFinite(data[off + ones[k]!]!)) finite = false;
    for (let k = 0; k < n0; k++) if (!Number.isFinite(data[off + zeros[k]!]!)) finite = false;
    if (!finite) {
      nonFinite.push(j);
      continue;
    }
    const a = subsetMoments(data, off, ones);
    const b = subsetMoments(data, off, zeros);
    mean1[j] = a.mean;
    mean0[j] = b.mean;
    variance1[j] = a.variance;
    variance0[j] = b.variance;
    if (test === "mann-whitney") {
      for (let k = 0; k < n1; k++) pooled[k] = data[off + ones[k]!]!;
      for (let k = 0; k < n0; k++) pooled[n1 + k] = data[off + zeros[k]!]!;
      const r = mannWhitneyPooled(pooled, n1, ranks, order);
      statistic[j] = r.statistic;
      pValue[j] = r.pValue;
      if (Number.isNaN(r.pValue)) degenerate.push(j);
      continue;
    }
    const r = tFromMoments(a.mean, a.variance, n1, b.mean, b.variance, n0, test === "student");
    statistic[j] = r.statistic;
    df[j] = r.df;
    pValue[j] = r.pValue;
    if (Number.isNaN(r.statistic)) degenerate.push(j);
  }
  return {
    test,
    nEvent: n1,
    nNoEvent: n0,
    statistic,
    df,
    pValue,
    mean1,
    mean0,
    variance1,
    variance0,
    nonFinite,
    degenerate,
  };
}
