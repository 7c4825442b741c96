/**
 * Static HTML reports of deepmarker runs: typed inputs read from a run folder, pure preparation
 * functions (bins, intersections, bands, steps, table rows), one module per figure returning an
 * HTML string with inline SVG (Observable Plot rendered through linkedom), and the page writers.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { pvalueBins, pvalueHistogram } from "./mod.ts";
 * const row = (feature: string, p: number) =>
 *   ({ feature, endpoint: "os2y", nEvent: 9, nNoEvent: 11, statistic: 1, df: 18, p, q: p });
 * const html = pvalueHistogram(pvalueBins([row("C00001", 0.003), row("P00002", 0.4)]));
 * assert.match(html, /<figure class="figure" id="fig-2a">/);
 * ```
 *
 * @module
 */

export * from "./report_data.ts";
export * from "./load_report_data.ts";
export * from "./pvalue_bins.ts";
export * from "./upset_intersections.ts";
export * from "./selected_vs_other.ts";
export * from "./metric_intervals.ts";
export * from "./roc_bands.ts";
export * from "./km_steps.ts";
export * from "./selected_feature_rows.ts";
export * from "./slice_images.ts";
export * from "./pvalue_histogram.ts";
export * from "./upset_figure.ts";
export * from "./selected_pvalue_figure.ts";
export * from "./metric_figure.ts";
export * from "./fold_box_figure.ts";
export * from "./roc_figure.ts";
export * from "./km_figure.ts";
export * from "./saliency_panel.ts";
export * from "./sortable_table.ts";
export * from "./render_report.ts";
export * from "./render_experiment_report.ts";
export * from "./signature_overlap.ts";
export * from "./runs_index.ts";
export * from "./saliency_check_figure.ts";
export * from "./signature_agreement.ts";
export * from "./concentration_figure.ts";
export * from "./variant_figure.ts";
