/**
 * The statistics files the stages exchange and `deepmarker stats` writes, declared once: every
 * writer and reader of `ttest.csv`, `inclusion.csv`, `selected.csv`, `metrics.csv`, `roc.csv`,
 * `km.csv` and `tlg_correlation.csv` goes through these.
 *
 * @example Round trip
 * ```ts
 * import assert from "node:assert/strict";
 * import { selectedTable } from "./stats_tables.ts";
 * const rows = [{ endpoint: "os2y", rank: 1, feature: "C001", probability: 0.9 }];
 * assert.deepEqual(selectedTable.parse(selectedTable.format(rows), "selected.csv"), rows);
 * ```
 *
 * @module
 */
import { csvTable, type RowOf } from "./csv_table.ts";

/** `ttest.csv`: the screening test of one feature for one endpoint, with its BH q-value. */
export const ttestTable = csvTable("ttest.csv", {
  feature: "string",
  endpoint: "string",
  nEvent: "number",
  nNoEvent: "number",
  statistic: "number",
  df: "number",
  p: "number",
  q: "number",
});
/** One row of `ttest.csv`. */
export type TTestRecord = RowOf<typeof ttestTable.columns>;

/** `inclusion.csv`: bootstrap LASSO inclusion of every feature selected at least once. */
export const inclusionTable = csvTable("inclusion.csv", {
  feature: "string",
  endpoint: "string",
  probability: "number",
  meanAbsCoefficient: "number",
  index: "number",
});
/** One row of `inclusion.csv`. */
export type InclusionRecord = RowOf<typeof inclusionTable.columns>;

/** `selected.csv`: the top-k features per endpoint, rank 1 first. */
export const selectedTable = csvTable("selected.csv", {
  endpoint: "string",
  rank: "number",
  feature: "string",
  probability: "number",
});
/** One row of `selected.csv`. */
export type SelectedRecord = RowOf<typeof selectedTable.columns>;

/** `metrics.csv`: a metric of a model under a protocol, with its 95 % interval. */
export const metricsTable = csvTable("metrics.csv", {
  endpoint: "string",
  model: "string",
  protocol: "string",
  metric: "string",
  mean: "number",
  lower: "number",
  upper: "number",
});
/** One row of `metrics.csv`. */
export type MetricRecord = RowOf<typeof metricsTable.columns>;

/** `roc.csv`: the pooled ROC curve of a model under a protocol. */
export const rocTable = csvTable("roc.csv", {
  endpoint: "string",
  model: "string",
  protocol: "string",
  fpr: "number",
  tpr: "number",
});
/** One row of `roc.csv`. */
export type RocRecord = RowOf<typeof rocTable.columns>;

/** `km.csv`: Kaplan–Meier steps by predicted risk group. */
export const kmTable = csvTable("km.csv", {
  endpoint: "string",
  group: "string",
  time: "number",
  survival: "number",
  lower: "number",
  upper: "number",
  nRisk: "number",
});
/** One row of `km.csv`. */
export type KmRecord = RowOf<typeof kmTable.columns>;

/** `tlg_correlation.csv`: Pearson correlation of each selected feature with TLG. */
export const tlgCorrelationTable = csvTable("tlg_correlation.csv", {
  endpoint: "string",
  feature: "string",
  r: "number",
  r2: "number",
  p: "number",
});
/** One row of `tlg_correlation.csv`. */
export type TlgCorrelationRecord = RowOf<typeof tlgCorrelationTable.columns>;

/** `risk.csv`: each patient's U-Net signature score (log-odds of the endpoint's logistic model on it). */
export const riskTable = csvTable("risk.csv", {
  endpoint: "string",
  patient: "string",
  risk: "number",
});
/** One row of `risk.csv`. */
export type RiskRecord = RowOf<typeof riskTable.columns>;

/** `signature.csv`: each patient's value of each selected U-Net feature. */
export const signatureTable = csvTable("signature.csv", {
  endpoint: "string",
  patient: "string",
  feature: "string",
  value: "number",
});
/** One row of `signature.csv`. */
export type SignatureRecord = RowOf<typeof signatureTable.columns>;

/** `truth_correlation.csv` (synthetic cohorts): a selected feature's (or TLG's) correlation with a true driver. */
export const truthCorrelationTable = csvTable("truth_correlation.csv", {
  endpoint: "string",
  feature: "string",
  driver: "string",
  r: "number",
  p: "number",
});
/** One row of `truth_correlation.csv`. */
export type TruthCorrelationRecord = RowOf<typeof truthCorrelationTable.columns>;
