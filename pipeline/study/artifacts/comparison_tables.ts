/**
 * The files of the model comparison, declared once: every model's per-split metrics
 * (`split_metrics.csv`), its k-fold test predictions (`predictions.csv`), both written by `evaluate`
 * and `cnn`, and the paired comparisons `compare` writes (`comparisons.csv`).
 *
 * @example Round trip
 * ```ts
 * import assert from "node:assert/strict";
 * import { predictionsTable } from "./comparison_tables.ts";
 * const rows = [{ endpoint: "os2y", model: "cnn", protocol: "kfold-nested", split: 0, patient: "P1", label: 1, score: 0.7 }];
 * assert.deepEqual(predictionsTable.parse(predictionsTable.format(rows), "predictions.csv"), rows);
 * ```
 *
 * @module
 */
import { csvTable, type RowOf } from "./csv_table.ts";

/** `split_metrics.csv`: one model's test-set metrics in one split (fold or resample). */
export const splitMetricsTable = csvTable("split_metrics.csv", {
  endpoint: "string",
  model: "string",
  protocol: "string",
  split: "number",
  nTest: "number",
  accuracy: "number",
  sensitivity: "number",
  specificity: "number",
  auc: "number",
});
/** One row of `split_metrics.csv`. */
export type SplitMetricRecord = RowOf<typeof splitMetricsTable.columns>;

/** `predictions.csv`: each test patient's predicted probability, k-fold protocols only. */
export const predictionsTable = csvTable("predictions.csv", {
  endpoint: "string",
  model: "string",
  protocol: "string",
  split: "number",
  patient: "string",
  label: "number",
  score: "number",
});
/** One row of `predictions.csv`. */
export type PredictionRecord = RowOf<typeof predictionsTable.columns>;

/** `comparisons.csv`: the reference model against a comparator on the same test sets. */
export const comparisonsTable = csvTable("comparisons.csv", {
  endpoint: "string",
  protocol: "string",
  model: "string",
  comparator: "string",
  /** A fold number, `pooled` (DeLong on the out-of-fold predictions) or `resamples` (bootstrap). */
  split: "string",
  aucModel: "number",
  aucComparator: "number",
  difference: "number",
  lower: "number",
  upper: "number",
  z: "number",
  p: "number",
});
/** One row of `comparisons.csv`. */
export type ComparisonRecord = RowOf<typeof comparisonsTable.columns>;
