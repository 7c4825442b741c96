/**
 * The variants of a matrix experiment on one axis: per endpoint (rows), one panel per model (U-Net
 * features, then the comparators beside them), every variant's metric with its 95 % interval on a
 * shared 0–1 axis, so variants are compared by eye within a panel and against TLG, radiomics (and
 * the CNN) across panels.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { endpointLabel, metricLabel, MODEL_ORDER, modelColors, modelLabel, orderBy } from "./_labels.ts";
import { emptyFigure, figureHtml, type FigureTextOptions, formatNumber, plotMarkup } from "./_plot.ts";

/** One variant's metric for one endpoint and model. */
export interface VariantMetricRow {
  readonly variant: string;
  readonly endpoint: string;
  readonly model: string;
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
}

/** Options of {@linkcode variantFigure}. */
export interface VariantFigureOptions extends FigureTextOptions {
  /** Metric drawn (label only). @default "auc" */
  readonly metric?: string;
  /** Width in px. @default 1100 */
  readonly width?: number;
}

/**
 * Draw every variant's metric per endpoint and model on one axis.
 *
 * @param rows one row per variant, endpoint and model
 * @param options id, title, caption note, metric label, width
 * @returns a `<figure>` HTML string with inline SVG
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { variantFigure } from "./variant_figure.ts";
 * const html = variantFigure([
 *   { variant: "top_k=10", endpoint: "os2y", model: "unet", mean: 0.6, lower: 0.4, upper: 0.8 },
 *   { variant: "top_k=20", endpoint: "os2y", model: "unet", mean: 0.55, lower: 0.3, upper: 0.8 },
 * ], { id: "fig-variants" });
 * assert.match(html, /id="fig-variants"/);
 * assert.match(html, /top_k=20/);
 * ```
 */
export function variantFigure(rows: readonly VariantMetricRow[], options: VariantFigureOptions = {}): string {
  const { id = "fig-variants", metric = "auc", width = 1100 } = options;
  const title = options.title ?? `${metricLabel(metric)} of every variant, per endpoint, beside the comparators`;
  if (rows.length === 0) return emptyFigure(id, title, "No metrics stored for these variants.");
  const variants = [...new Set(rows.map((r) => r.variant))];
  const endpoints = [...new Set(rows.map((r) => r.endpoint))];
  const models = [...new Set(rows.map((r) => r.model))].sort(orderBy(MODEL_ORDER));
  const data = rows.map((r) => ({ ...r, modelLabel: modelLabel(r.model) }));
  const colors = modelColors(data.map((r) => r.modelLabel));
  const tip = (r: (typeof data)[number]) =>
    `${r.variant}, ${r.modelLabel}, ${endpointLabel(r.endpoint)}: ${formatNumber(r.mean)} ` +
    `(95 % interval ${formatNumber(r.lower)}–${formatNumber(r.upper)})`;
  const svg = plotMarkup({
    width,
    height: 60 + endpoints.length * (24 + 18 * variants.length),
    marginLeft: Math.min(260, 20 + 7 * Math.max(...variants.map((v) => v.length))),
    marginRight: 90,
    x: { domain: [0, 1], label: `${metricLabel(metric)} (mean, 95 % interval)`, grid: true, ticks: 5 },
    y: { domain: variants, label: null, padding: 0.3 },
    fx: { domain: models.map(modelLabel), label: null, padding: 0.08 },
    fy: { domain: endpoints, label: null, tickFormat: endpointLabel },
    color: colors,
    marks: [
      Plot.ruleX([0.5], { stroke: "#999", strokeDasharray: "2,3" }),
      Plot.ruleY(data, {
        fx: "modelLabel",
        fy: "endpoint",
        y: "variant",
        x1: "lower",
        x2: "upper",
        stroke: "modelLabel",
        strokeWidth: 2.5,
      }),
      Plot.dot(data, {
        fx: "modelLabel",
        fy: "endpoint",
        y: "variant",
        x: "mean",
        fill: "modelLabel",
        r: 4,
        title: tip,
      }),
      Plot.frame({ stroke: "#ddd" }),
    ],
  });
  const caption =
    `Each row is a variant; each panel a model (U-Net bottleneck features first, the comparators beside ` +
    `them); dot: mean over resamples, bar: 95 % interval; dotted line: 0.5.` + (options.note ? ` ${options.note}` : "");
  return figureHtml(id, title, svg, caption);
}
