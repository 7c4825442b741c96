/**
 * Table preparation: one row per selected feature with its p-value, inclusion probability and
 * correlation with TLG.
 *
 * @module
 */

import { ENDPOINT_ORDER, featureModality, orderBy } from "./_labels.ts";
import type { ReportData } from "./report_data.ts";

/** One row of the selected-features table; missing values are NaN. */
export interface SelectedFeatureRow {
  readonly endpoint: string;
  readonly rank: number;
  readonly feature: string;
  readonly modality: string;
  /** t-test p-value. */
  readonly p: number;
  /** Benjamini–Hochberg q-value. */
  readonly q: number;
  /** LASSO inclusion probability. */
  readonly probability: number;
  /** Pearson r with TLG. */
  readonly r: number;
  /** p-value of r. */
  readonly rP: number;
}

/**
 * Join the selected features of each endpoint with their t-test, inclusion and TLG-correlation
 * rows (by endpoint and feature).
 *
 * @param data the run's tables
 * @returns rows ordered by endpoint then rank
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { selectedFeatureRows } from "./selected_feature_rows.ts";
 * const rows = selectedFeatureRows({
 *   selected: [{ endpoint: "os2y", rank: 1, feature: "P00012", probability: 0.8 }],
 *   ttest: [{ feature: "P00012", endpoint: "os2y", nEvent: 5, nNoEvent: 5, statistic: 3, df: 8, p: 0.01, q: 0.2 }],
 *   inclusion: [{ feature: "P00012", endpoint: "os2y", probability: 0.8, meanAbsCoefficient: 0.3, index: 12 }],
 *   tlgCorrelation: [],
 * });
 * assert.equal(rows[0]!.modality, "PET");
 * assert.equal(rows[0]!.probability, 0.8);
 * assert.ok(Number.isNaN(rows[0]!.r));
 * ```
 */
export function selectedFeatureRows(
  data: Pick<ReportData, "selected" | "ttest" | "inclusion" | "tlgCorrelation">,
): SelectedFeatureRow[] {
  const key = (endpoint: string, feature: string) => `${endpoint}\u0000${feature}`;
  const tt = new Map(data.ttest.map((r) => [key(r.endpoint, r.feature), r]));
  const inc = new Map(data.inclusion.map((r) => [key(r.endpoint, r.feature), r]));
  const cor = new Map(data.tlgCorrelation.map((r) => [key(r.endpoint, r.feature), r]));
  const e = orderBy(ENDPOINT_ORDER);
  return [...data.selected]
    .sort((a, b) => e(a.endpoint, b.endpoint) || a.rank - b.rank)
    .map((s) => {
      const k = key(s.endpoint, s.feature);
      const t = tt.get(k);
      const c = cor.get(k);
      return {
        endpoint: s.endpoint,
        rank: s.rank,
        feature: s.feature,
        modality: featureModality(s.feature),
        p: t?.p ?? NaN,
        q: t?.q ?? NaN,
        probability: inc.get(k)?.probability ?? NaN,
        r: c?.r ?? NaN,
        rP: c?.p ?? NaN,
      };
    });
}
