/**
 * Figure 3: accuracy, sensitivity, specificity and ROC AUC with 95 % intervals per model and
 * endpoint, for one evaluation protocol.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import { endpointLabel, METRIC_ORDER, metricLabel, modelColors, orderBy, protocolLabel } from "./_labels.ts";
import { emptyFigure, figureHtml, type FigureTextOptions, formatNumber, plotMarkup } from "./_plot.ts";
import type { MetricInterval } from "./metric_intervals.ts";

/** Options of {@linkcode metricFigure}. */
export interface MetricFigureOptions extends FigureTextOptions {
  /**
   * Width in px.
   * @default 1100
   */
  readonly width?: number;
  /**
   * Height of one endpoint row in px.
   * @default 90
   */
  readonly rowHeight?: number;
}

/**
 * Draw each metric's mean (dot) and 95 % interval (bar) per model, metrics in columns and
 * endpoints in rows, on a shared 0–1 axis with a dotted chance line at 0.5. Rows of several
 * protocols are drawn together; filter with {@linkcode metricIntervals} to show one.
 *
 * @param rows output of {@linkcode metricIntervals}
 * @param options id, title, caption note, size
 * @returns a `<figure>` HTML string with inline SVG and a colour legend
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { metricFigure } from "./metric_figure.ts";
 * const html = metricFigure([{ endpoint: "os2y", model: "unet", modelLabel: "U-Net features",
 *   protocol: "kfold", metric: "auc", mean: 0.71, lower: 0.6, upper: 0.8 }], { id: "fig-3-kfold" });
 * assert.match(html, /id="fig-3-kfold"/);
 * assert.match(html, /U-Net features/);
 * ```
 */
export function metricFigure(rows: readonly MetricInterval[], options: MetricFigureOptions = {}): string {
  const protocols = [...new Set(rows.map((r) => r.protocol))];
  const { id = "fig-3", title = "Figure 3. Prediction performance with 95 % intervals" } = options;
  const { width = 1100, rowHeight = 90 } = options;
  if (rows.length === 0) return emptyFigure(id, title, "No metrics for this protocol in this run.");
  const endpoints = [...new Set(rows.map((r) => r.endpoint))];
  const colors = modelColors(rows.map((r) => r.modelLabel));
  const metrics = [...new Set(rows.map((r) => r.metric))].sort(orderBy(METRIC_ORDER));
  const tip = (r: MetricInterval) =>
    `${r.modelLabel}, ${r.endpoint}, ${metricLabel(r.metric)}: ${formatNumber(r.mean)} ` +
    `(95 % interval ${formatNumber(r.lower)}–${formatNumber(r.upper)})`;
  const svg = plotMarkup({
    width,
    height: 50 + rowHeight * endpoints.length,
    marginLeft: 120,
    marginRight: 90,
    x: { domain: [0, 1], label: "estimate (proportion; AUC 0–1)", labelAnchor: "center", grid: true, ticks: 5 },
    y: { domain: colors.domain, axis: null, padding: 0.3 },
    fx: { domain: metrics, padding: 0.12, label: null, tickFormat: metricLabel },
    fy: { domain: endpoints, label: null, tickFormat: endpointLabel },
    color: { ...colors, legend: true },
    marks: [
      Plot.ruleX([0.5], { stroke: "#999", strokeDasharray: "2,3" }),
      Plot.ruleY(rows, {
        fx: "metric",
        fy: "endpoint",
        y: "modelLabel",
        x1: "lower",
        x2: "upper",
        stroke: "modelLabel",
        strokeWidth: 2.5,
      }),
      Plot.dot(rows, {
        fx: "metric",
        fy: "endpoint",
        y: "modelLabel",
        x: "mean",
        fill: "modelLabel",
        r: 4,
        title: tip,
      }),
      Plot.frame({ stroke: "#ddd" }),
    ],
  });
  const caption = `Mean over resamples (dot) and 95 % interval (bar) of each metric for U-Net bottleneck features, ` +
    `TLG alone, the radiomic baseline and, where it ran, the end-to-end CNN; dotted line: 0.5. Protocol: ${
      protocols.map(protocolLabel).join("; ")
    }.` +
    (options.note ? ` ${options.note}` : "");
  return figureHtml(id, title, svg, caption);
}
