/**
 * Figure 2a: log-scaled p-value histograms per endpoint (columns) and modality (rows).
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import { ENDPOINT_ORDER, endpointLabel, orderBy } from "./_labels.ts";
import { emptyFigure, figureHtml, type FigureTextOptions, plotMarkup } from "./_plot.ts";
import type { PvalueBin } from "./pvalue_bins.ts";

/** Options of {@linkcode pvalueHistogram}. */
export interface PvalueHistogramOptions extends FigureTextOptions {
  /**
   * Significance line.
   * @default 0.05
   */
  readonly alpha?: number;
  /**
   * Width in px.
   * @default 1100
   */
  readonly width?: number;
}

/**
 * Draw the bins of {@linkcode pvalueBins} as histograms on a log p axis, faceted by endpoint and
 * modality, with a dashed line at `alpha`.
 *
 * @param bins histogram bins
 * @param options id, title, caption note, alpha, width
 * @returns a `<figure>` HTML string with inline SVG
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { pvalueHistogram } from "./pvalue_histogram.ts";
 * const html = pvalueHistogram([{ endpoint: "os2y", modality: "CT", p1: 0.01, p2: 0.1, count: 7 }]);
 * assert.match(html, /id="fig-2a"/);
 * assert.match(html, /<svg/);
 * ```
 */
export function pvalueHistogram(bins: readonly PvalueBin[], options: PvalueHistogramOptions = {}): string {
  const { id = "fig-2a", title = "Figure 2a. Distribution of t-test p-values", alpha = 0.05, width = 1100 } = options;
  if (bins.length === 0) return emptyFigure(id, title, "No t-test results in this run.");
  const modalities = new Set(bins.map((b) => b.modality)).size;
  const endpoints = [...new Set(bins.map((b) => b.endpoint))].sort(orderBy(ENDPOINT_ORDER));
  const low = Math.round(Math.log10(Math.min(...bins.map((b) => b.p1))));
  const step = Math.max(1, Math.ceil(-low / 4));
  const decades = Array.from({ length: Math.floor(-low / step) + 1 }, (_, i) => 10 ** (-i * step));
  const svg = plotMarkup({
    width,
    height: 60 + 190 * modalities,
    marginRight: 50,
    marginLeft: 60,
    x: { type: "log", label: "t-test p-value (log scale)", labelAnchor: "center", tickFormat: "~g", ticks: decades },
    y: { label: "features (count)", labelAnchor: "center", grid: true },
    fx: { domain: endpoints, padding: 0.12, label: null, tickFormat: endpointLabel },
    fy: { label: null },
    marks: [
      Plot.rectY(bins, {
        x1: "p1",
        x2: "p2",
        y: "count",
        fx: "endpoint",
        fy: "modality",
        fill: "#4269d0",
        inset: 0.5,
        title: (b: PvalueBin) =>
          `${b.modality} ${b.endpoint}: ${b.count} features with ${b.p1.toPrecision(2)} ≤ p < ${b.p2.toPrecision(2)}`,
      }),
      Plot.ruleY([0]),
      Plot.ruleX([alpha], { stroke: "#d62728", strokeDasharray: "4,3", strokeWidth: 1.5 }),
    ],
  });
  const total = bins.reduce((s, b) => s + b.count, 0);
  const caption = `Counts of two-sample t-test p-values, one per feature, in logarithmic bins for each endpoint ` +
    `(columns) and modality (rows); ${total} tests in all. Dashed red line: p = ${alpha}.` +
    (options.note ? ` ${options.note}` : "");
  return figureHtml(id, title, svg, caption);
}
