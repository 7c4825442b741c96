/**
 * ROC curves with pointwise 95 % bands per endpoint and model, for one evaluation protocol.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import { endpointLabel, modelColors, modelLabel, protocolLabel } from "./_labels.ts";
import { emptyFigure, figureHtml, type FigureTextOptions, plotMarkup } from "./_plot.ts";
import type { RocBandPoint } from "./roc_bands.ts";

/** Options of {@linkcode rocFigure}. */
export interface RocFigureOptions extends FigureTextOptions {
  /**
   * Width in px.
   * @default 1100
   */
  readonly width?: number;
}

/**
 * Draw mean ROC curves (lines) with their bands (shaded), one panel per endpoint, one colour per
 * model, and the chance diagonal.
 *
 * @param points output of {@linkcode rocBands}
 * @param options id, title, caption note, width
 * @returns a `<figure>` HTML string with inline SVG and a colour legend
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { rocFigure } from "./roc_figure.ts";
 * const pt = (fpr: number) => ({ endpoint: "os2y", model: "tlg", protocol: "kfold", fpr, tpr: fpr,
 *   lower: fpr, upper: fpr, resamples: 1 });
 * assert.match(rocFigure([pt(0), pt(1)]), /id="fig-roc"/);
 * ```
 */
export function rocFigure(points: readonly RocBandPoint[], options: RocFigureOptions = {}): string {
  const { id = "fig-roc", title = "ROC curves with 95 % bands", width = 1100 } = options;
  if (points.length === 0) return emptyFigure(id, title, "No ROC curves for this protocol in this run.");
  const rows = points.map((p) => ({ ...p, modelLabel: modelLabel(p.model) }));
  const endpoints = [...new Set(rows.map((r) => r.endpoint))];
  const panel = Math.min(280, (width - 60) / endpoints.length);
  const svg = plotMarkup({
    width: 60 + panel * endpoints.length,
    height: panel + 60,
    marginLeft: 56,
    x: { domain: [0, 1], label: "false positive rate (1 − specificity)", labelAnchor: "center", ticks: 5 },
    y: { domain: [0, 1], label: "true positive rate (sensitivity)", labelAnchor: "center", ticks: 5, grid: true },
    fx: { padding: 0.15, domain: endpoints, label: null, tickFormat: endpointLabel },
    color: { ...modelColors(rows.map((r) => r.modelLabel)), legend: true },
    marks: [
      Plot.line([[0, 0], [1, 1]], { stroke: "#aaa", strokeDasharray: "3,3" }),
      Plot.areaY(rows, { x: "fpr", y1: "lower", y2: "upper", fx: "endpoint", fill: "modelLabel", fillOpacity: 0.15 }),
      Plot.line(rows, { x: "fpr", y: "tpr", fx: "endpoint", stroke: "modelLabel", strokeWidth: 2 }),
      Plot.frame({ stroke: "#ddd" }),
    ],
  });
  const protocols = [...new Set(rows.map((r) => r.protocol))];
  const n = Math.max(...rows.map((r) => r.resamples));
  const curve = n > 1
    ? `Mean ROC curve over ${n} resample test sets (vertical averaging) with pointwise 95 % band`
    : "ROC curve of the test-set predictions pooled over all resamples (no per-resample band stored)";
  const caption = `${curve}; ` +
    `dashed diagonal: chance. Protocol: ${protocols.map(protocolLabel).join("; ")}.` +
    (options.note ? ` ${options.note}` : "");
  return figureHtml(id, title, svg, caption);
}
