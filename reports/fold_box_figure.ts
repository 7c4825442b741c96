/**
 * The journal version's Figure 2: per endpoint, box plots over the cross-validation folds of
 * accuracy, sensitivity, specificity and ROC AUC for each model (U-Net features, TLG, radiomics and
 * the end-to-end CNN), with every fold's value drawn as a point.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import {
  ENDPOINT_ORDER,
  endpointLabel,
  METRIC_ORDER,
  metricLabel,
  MODEL_ORDER,
  modelColors,
  modelLabel,
  orderBy,
  protocolLabel,
} from "./_labels.ts";
import { emptyFigure, figureHtml, type FigureTextOptions, formatNumber, plotMarkup } from "./_plot.ts";
import type { SplitMetricRow } from "./report_data.ts";

/** Options of {@linkcode foldBoxFigure}. */
export interface FoldBoxFigureOptions extends FigureTextOptions {
  /**
   * Width in px.
   * @default 1100
   */
  readonly width?: number;
  /**
   * Height of one endpoint row in px.
   * @default 110
   */
  readonly rowHeight?: number;
}

/**
 * Draw one box per model, metric and endpoint over the folds (median, quartiles, whiskers to the most
 * extreme fold within 1.5 IQR), with each fold as a dot; metrics in columns, endpoints in rows, a
 * dotted line at 0.5. Folds whose metric is undefined (a test fold with one class) are left out.
 *
 * @param rows per-split metrics of one k-fold protocol
 * @param options id, title, caption note, size
 * @returns a `<figure>` HTML string with inline SVG and a colour legend
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { foldBoxFigure } from "./fold_box_figure.ts";
 * const row = (model: string, split: number, auc: number) => ({ endpoint: "os2y", model, protocol: "kfold-nested",
 *   split, nTest: 10, accuracy: 0.6, sensitivity: 0.5, specificity: 0.7, auc });
 * const html = foldBoxFigure([row("unet", 0, 0.7), row("unet", 1, 0.8), row("cnn", 0, 0.5), row("cnn", 1, 0.6)]);
 * assert.match(html, /id="fig-cv-box"/);
 * assert.match(html, /CNN \(end to end\)/);
 * ```
 */
export function foldBoxFigure(rows: readonly SplitMetricRow[], options: FoldBoxFigureOptions = {}): string {
  const { id = "fig-cv-box", title = "Figure 2 (journal). Metrics over the cross-validation folds" } = options;
  const { width = 1100, rowHeight = 110 } = options;
  const points = rows.flatMap((r) =>
    METRIC_ORDER.map((metric) => ({
      endpoint: r.endpoint,
      model: r.model,
      modelLabel: modelLabel(r.model),
      metric,
      split: r.split,
      value: r[metric],
    }))
  ).filter((p) => !Number.isNaN(p.value))
    .sort((a, b) => orderBy(MODEL_ORDER)(a.model, b.model));
  if (points.length === 0) return emptyFigure(id, title, "No per-fold metrics in this run.");
  const endpoints = [...new Set(points.map((p) => p.endpoint))].sort(orderBy(ENDPOINT_ORDER));
  const colors = modelColors(points.map((p) => p.modelLabel));
  const folds = new Set(rows.map((r) => r.split)).size;
  const svg = plotMarkup({
    width,
    height: 50 + rowHeight * endpoints.length,
    marginLeft: 120,
    marginRight: 90,
    x: { domain: [0, 1], label: "value over folds (proportion; AUC 0–1)", labelAnchor: "center", grid: true, ticks: 5 },
    y: { domain: colors.domain, axis: null, padding: 0.2 },
    fx: { domain: [...METRIC_ORDER], padding: 0.12, label: null, tickFormat: metricLabel },
    fy: { domain: endpoints, label: null, tickFormat: endpointLabel },
    color: { ...colors, legend: true },
    marks: [
      Plot.ruleX([0.5], { stroke: "#999", strokeDasharray: "2,3" }),
      Plot.boxX(points, {
        x: "value",
        y: "modelLabel",
        fx: "metric",
        fy: "endpoint",
        fill: "modelLabel",
        fillOpacity: 0.35,
        stroke: "modelLabel",
        r: 0,
      }),
      Plot.dot(points, {
        x: "value",
        y: "modelLabel",
        fx: "metric",
        fy: "endpoint",
        fill: "modelLabel",
        stroke: "white",
        strokeWidth: 0.5,
        r: 2.5,
        title: (p: (typeof points)[number]) =>
          `${p.modelLabel}, ${endpointLabel(p.endpoint)}, fold ${p.split + 1}: ${metricLabel(p.metric)} ${
            formatNumber(p.value)
          }`,
      }),
      Plot.frame({ stroke: "#ddd" }),
    ],
  });
  const protocols = [...new Set(rows.map((r) => r.protocol))];
  const caption = `Box plots over ${folds} cross-validation folds (box: quartiles and median; whiskers: 1.5 IQR) of ` +
    `each model's test-fold metrics; dots: the individual folds. Every model is tested on the same folds. ` +
    `Protocol: ${protocols.map(protocolLabel).join("; ")}.` + (options.note ? ` ${options.note}` : "");
  return figureHtml(id, title, svg, caption);
}
