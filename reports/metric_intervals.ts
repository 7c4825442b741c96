/**
 * Figure 3 preparation: metric rows with 95 % intervals, filtered and put in display order.
 *
 * @module
 */

import { ENDPOINT_ORDER, METRIC_ORDER, MODEL_ORDER, modelLabel, orderBy, PROTOCOL_ORDER } from "./_labels.ts";
import type { MetricRow } from "./report_data.ts";

/** A metric row with the model's display name. */
export interface MetricInterval extends MetricRow {
  /** Display name of the model (`U-Net features`, `TLG`, …). */
  readonly modelLabel: string;
}

/** Options of {@linkcode metricIntervals}. */
export interface MetricIntervalsOptions {
  /**
   * Keep only these protocols (all when absent).
   * @default undefined
   */
  readonly protocols?: readonly string[];
  /**
   * Keep only these metrics (all when absent).
   * @default undefined
   */
  readonly metrics?: readonly string[];
}

/**
 * Filter metric rows and sort them by protocol, endpoint, metric and model in the paper's order
 * (unknown ids after, alphabetically). Rows whose mean is NaN are dropped; NaN bounds are kept
 * (drawn without an interval).
 *
 * @param rows metric rows
 * @param options protocols and metrics to keep
 * @returns ordered rows with model labels
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { metricIntervals } from "./metric_intervals.ts";
 * const row = (model: string, protocol: string) =>
 *   ({ endpoint: "os2y", model, protocol, metric: "auc", mean: 0.7, lower: 0.6, upper: 0.8 });
 * const out = metricIntervals([row("tlg", "bootstrap-nested"), row("unet", "bootstrap-nested"), row("unet", "kfold")],
 *   { protocols: ["bootstrap-nested"] });
 * assert.deepEqual(out.map((r) => r.modelLabel), ["U-Net features", "TLG"]);
 * ```
 */
export function metricIntervals(rows: readonly MetricRow[], options: MetricIntervalsOptions = {}): MetricInterval[] {
  const { protocols, metrics } = options;
  const p = orderBy(PROTOCOL_ORDER);
  const e = orderBy(ENDPOINT_ORDER);
  const m = orderBy(METRIC_ORDER);
  const o = orderBy(MODEL_ORDER);
  return rows
    .filter((r) =>
      !Number.isNaN(r.mean) && (!protocols || protocols.includes(r.protocol)) &&
      (!metrics || metrics.includes(r.metric))
    )
    .map((r) => ({ ...r, modelLabel: modelLabel(r.model) }))
    .sort((a, b) =>
      p(a.protocol, b.protocol) || e(a.endpoint, b.endpoint) || m(a.metric, b.metric) || o(a.model, b.model)
    );
}
