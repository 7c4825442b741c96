/**
 * Screening of one endpoint: a two-sample test of every feature, death vs survival group, with
 * Benjamini–Hochberg q-values. "Significant" means p < `alpha` (the paper's Fig. 2 reading).
 *
 * @module
 */
import { benjaminiHochberg } from "../../../stats/benjamini_hochberg.ts";
import type { FeatureMatrix } from "../../../stats/feature_matrix.ts";
import { screenFeatures, type ScreeningTest } from "../../../stats/screen_features.ts";
import type { TTestRecord } from "../artifacts/stats_tables.ts";

/** What {@linkcode screenEndpoint} returns. */
export interface EndpointScreening {
  /** One row per feature, in column order. */
  readonly rows: TTestRecord[];
  /** Features with p < alpha. */
  readonly significant: number;
  /** Features constant on the endpoint's patients (no test, p = NaN). */
  readonly degenerate: number;
}

/**
 * Screen every feature against one endpoint.
 *
 * @param matrix patients × features
 * @param names feature names (columns)
 * @param endpoint name and labels (1 event, 0 no event, NaN excluded)
 * @param options the test and the significance level
 * @returns the `ttest.csv` rows and counts
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { featureMatrix } from "../../../stats/mod.ts";
 * import { screenEndpoint } from "./screening.ts";
 * const y = [0, 0, 0, 1, 1, 1];
 * const s = screenEndpoint(featureMatrix([[1, 2, 1.5, 9, 8, 9.5]]), ["a"], { name: "os2y", labels: y },
 *   { test: "welch", alpha: 0.05 });
 * assert.equal(s.significant, 1);
 * assert.equal(s.rows[0]!.nEvent, 3);
 * ```
 */
export function screenEndpoint(
  matrix: FeatureMatrix,
  names: readonly string[],
  endpoint: { readonly name: string; readonly labels: ArrayLike<number> },
  options: { readonly test: ScreeningTest; readonly alpha: number },
): EndpointScreening {
  const s = screenFeatures(matrix, endpoint.labels, { test: options.test });
  const q = benjaminiHochberg(s.pValue);
  const rows: TTestRecord[] = [];
  let significant = 0;
  for (let j = 0; j < names.length; j++) {
    rows.push({
      feature: names[j]!,
      endpoint: endpoint.name,
      nEvent: s.nEvent,
      nNoEvent: s.nNoEvent,
      statistic: s.statistic[j]!,
      df: s.df[j]!,
      p: s.pValue[j]!,
      q: q[j]!,
    });
    if (s.pValue[j]! < options.alpha) significant++;
  }
  return { rows, significant, degenerate: s.degenerate.length };
}
