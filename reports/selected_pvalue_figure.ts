/**
 * Figure 2c: p-values of LASSO-selected features against all other features, per endpoint.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import { ENDPOINT_ORDER, endpointLabel, orderBy } from "./_labels.ts";
import { emptyFigure, figureHtml, type FigureTextOptions, plotMarkup } from "./_plot.ts";
import type { SelectedPvalueRow } from "./selected_vs_other.ts";

/** Options of {@linkcode selectedPvalueFigure}. */
export interface SelectedPvalueFigureOptions extends FigureTextOptions {
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
 * Draw one tick per feature on a log p axis, selected features in red above the others in grey,
 * one row pair per endpoint, with a dashed line at `alpha`.
 *
 * @param rows output of {@linkcode selectedVsOther}
 * @param options id, title, caption note, alpha, width
 * @returns a `<figure>` HTML string with inline SVG
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { selectedPvalueFigure } from "./selected_pvalue_figure.ts";
 * const html = selectedPvalueFigure([{ endpoint: "os2y", feature: "C1", modality: "CT", p: 0.01, group: "selected" }]);
 * assert.match(html, /id="fig-2c"/);
 * ```
 */
export function selectedPvalueFigure(
  rows: readonly SelectedPvalueRow[],
  options: SelectedPvalueFigureOptions = {},
): string {
  const { id = "fig-2c", title = "Figure 2c. p-values of LASSO-selected vs other features" } = options;
  const { alpha = 0.05, width = 1100 } = options;
  if (rows.length === 0) return emptyFigure(id, title, "No t-test results in this run.");
  const endpoints = [...new Set(rows.map((r) => r.endpoint))].sort(orderBy(ENDPOINT_ORDER));
  const nSel = rows.filter((r) => r.group === "selected").length;
  const svg = plotMarkup({
    width,
    height: 40 + 70 * endpoints.length,
    marginLeft: 80,
    marginRight: 90,
    x: { type: "log", label: "t-test p-value (log scale)", labelAnchor: "center", tickFormat: "~g", ticks: 6 },
    y: { domain: ["selected", "other"], label: null },
    fy: { domain: endpoints, label: null, tickFormat: endpointLabel },
    color: { domain: ["selected", "other"], range: ["#d62728", "#999"] },
    marks: [
      Plot.tickX(rows.filter((r) => r.group === "other"), {
        x: (r: SelectedPvalueRow) => Math.max(r.p, 1e-300),
        y: "group",
        fy: "endpoint",
        stroke: "group",
        strokeOpacity: 0.25,
      }),
      Plot.tickX(rows.filter((r) => r.group === "selected"), {
        x: (r: SelectedPvalueRow) => Math.max(r.p, 1e-300),
        y: "group",
        fy: "endpoint",
        stroke: "group",
        strokeWidth: 2,
        title: (r: SelectedPvalueRow) => `${r.feature} (${r.endpoint}): p = ${r.p.toPrecision(3)}`,
      }),
      Plot.ruleX([alpha], { stroke: "#d62728", strokeDasharray: "4,3" }),
    ],
  });
  const caption = `Each tick is one feature's t-test p-value: the ${nSel} features selected by bootstrap LASSO ` +
    `(red, all endpoints) against the other features (grey; thinned to evenly spaced order statistics when there are many). ` +
    `Dashed line: p = ${alpha}.` + (options.note ? ` ${options.note}` : "");
  return figureHtml(id, title, svg, caption);
}
