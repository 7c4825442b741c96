/** DeLong's test between two correlated AUCs. @module */
import { covariance, placements } from "./_placements.ts";
import { normalUpper } from "./_special.ts";

/** Result of {@linkcode delongTest}. */
export interface DelongTestResult {
  /** AUC of scores a and of scores b. */
  readonly estimate: readonly [number, number];
  /** AUC(a) − AUC(b). */
  readonly difference: number;
  /** Standard error of the difference (NaN when the variance is 0). */
  readonly standardError: number;
  /** z = difference / SE. */
  readonly statistic: number;
  /** Two-sided p-value; NaN when the two scores give identical placements. */
  readonly pValue: number;
}

/**
 * Paired DeLong test of two ROC AUCs measured on the same subjects (e.g. U-Net signature vs TLG),
 * as pROC `roc.test(r1, r2, method = "delong", paired = TRUE)`: z = (A − B) / √(var A + var B −
 * 2 cov(A, B)) with placement-value covariances (DeLong, DeLong & Clarke-Pearson 1988).
 *
 * @param labels 1 = case, 0 = control, NaN = excluded
 * @param scores the two score vectors `[a, b]`, each aligned with labels
 * @returns both AUCs, difference, z and two-sided p
 * @throws {RangeError} on unequal lengths, NaN scores or a missing class
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { delongTest } from "./delong_test.ts";
 * const y = [0, 0, 0, 1, 1, 1, 0, 1];
 * const r = delongTest(y, [[1, 2, 3, 4, 5, 6, 2.5, 3.5], [3, 1, 2, 2, 4, 1, 5, 6]]);
 * assert.ok(r.estimate[0] > r.estimate[1]);
 * assert.ok(r.pValue > 0 && r.pValue < 1);
 * ```
 */
export function delongTest(
  labels: ArrayLike<number>,
  scores: readonly [ArrayLike<number>, ArrayLike<number>],
): DelongTestResult {
  const a = placements(labels, scores[0], "run a DeLong test");
  const b = placements(labels, scores[1], "run a DeLong test");
  const n1 = a.nCases;
  const n0 = a.nControls;
  const aucA = a.u / (n1 * n0);
  const aucB = b.u / (n1 * n0);
  const v = (covariance(a.v10, a.v10) + covariance(b.v10, b.v10) - 2 * covariance(a.v10, b.v10)) / n1 +
    (covariance(a.v01, a.v01) + covariance(b.v01, b.v01) - 2 * covariance(a.v01, b.v01)) / n0;
  const difference = aucA - aucB;
  const statistic = v > 0 ? difference / Math.sqrt(v) : NaN;
  return {
    estimate: [aucA, aucB],
    difference,
    standardError: v > 0 ? Math.sqrt(v) : NaN,
    statistic,
    pValue: Number.isNaN(statistic) ? NaN : Math.min(1, 2 * normalUpper(Math.abs(statistic))),
  };
}
