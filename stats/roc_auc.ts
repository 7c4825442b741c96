/** ROC AUC with DeLong's variance and confidence interval. @module */
import { covariance, placements } from "./_placements.ts";
import { normalQuantile } from "./_special.ts";

/** Options for {@linkcode rocAuc}. */
export interface RocAucOptions {
  /**
   * Confidence level of the DeLong interval.
   * @default {0.95}
   */
  readonly confidenceLevel?: number;
}

/** AUC, its DeLong variance and interval. */
export interface RocAucResult {
  /** Area under the ROC curve = U / (nCases · nControls); a higher score means "case". */
  readonly estimate: number;
  /** Mann–Whitney U of cases against controls. */
  readonly u: number;
  /** DeLong variance of the AUC; NaN when a group has a single subject. */
  readonly variance: number;
  /** DeLong interval, estimate ± z·√variance, clipped to [0, 1]. */
  readonly ci: readonly [number, number];
  /** Number of label-1 subjects. */
  readonly nCases: number;
  /** Number of label-0 subjects. */
  readonly nControls: number;
}

/**
 * Area under the ROC curve and its DeLong interval. Matches pROC `auc()`, `var(roc, method =
 * "delong")` and `ci.auc(roc, method = "delong")` with `levels = c(0, 1), direction = "<"`.
 * Rows with a NaN label are excluded.
 *
 * @param labels 1 = case, 0 = control, NaN = excluded
 * @param scores higher = more likely a case
 * @param options confidence level
 * @returns estimate, U, DeLong variance and interval, group sizes
 * @throws {RangeError} on unequal lengths, a NaN score, a label not 0/1/NaN, or a missing class
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { rocAuc } from "./roc_auc.ts";
 * const r = rocAuc([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.9]);
 * assert.equal(r.estimate, 8 / 9);
 * assert.ok(r.ci[0] < r.estimate && r.estimate < r.ci[1]);
 * ```
 */
export function rocAuc(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: RocAucOptions = {},
): RocAucResult {
  const level = options.confidenceLevel ?? 0.95;
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`Cannot compute an AUC interval: level is "${level}", expected (0, 1)`);
  }
  const p = placements(labels, scores, "compute an AUC");
  const estimate = p.u / (p.nCases * p.nControls);
  const variance = covariance(p.v10, p.v10) / p.nCases + covariance(p.v01, p.v01) / p.nControls;
  const half = normalQuantile(1 - (1 - level) / 2) * Math.sqrt(variance);
  return {
    estimate,
    u: p.u,
    variance,
    ci: [Math.max(0, estimate - half), Math.min(1, estimate + half)],
    nCases: p.nCases,
    nControls: p.nControls,
  };
}
