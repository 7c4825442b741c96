/**
 * Kaplan–Meier survival curves with 95 % bands, one panel per endpoint.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import { emptyFigure, figureHtml, type FigureTextOptions, plotMarkup } from "./_plot.ts";
import type { KmStepsResult } from "./km_steps.ts";

/** Options of {@linkcode kmFigure}. */
export interface KmFigureOptions extends FigureTextOptions {
  /**
   * Width in px.
   * @default 1100
   */
  readonly width?: number;
}

/**
 * Draw Kaplan–Meier staircases (lines) and their 95 % intervals (shaded) per group, one panel per
 * endpoint (`os`, `dss`, …). Group sizes, when stored, go into the legend labels and caption.
 *
 * @param km output of {@linkcode kmSteps}
 * @param options id, title, caption note, width
 * @returns a `<figure>` HTML string with inline SVG and a colour legend
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { kmFigure } from "./km_figure.ts";
 * const s = (time: number, survival: number) => ({ endpoint: "os", group: "all", time, survival, lower: survival, upper: survival });
 * assert.match(kmFigure({ steps: [s(0, 1), s(5, 1), s(5, 0.5)], groups: [{ endpoint: "os", group: "all", n: 2 }] }), /id="fig-km"/);
 * ```
 */
export function kmFigure(km: KmStepsResult, options: KmFigureOptions = {}): string {
  const { id = "fig-km", title = "Kaplan–Meier survival by group", width = 1100 } = options;
  if (km.steps.length === 0) return emptyFigure(id, title, "No survival curves in this run.");
  const label = (g: string, e: string) => {
    const n = km.groups.find((x) => x.group === g && x.endpoint === e)?.n ?? NaN;
    return Number.isNaN(n) ? g : `${g} (n = ${n})`;
  };
  const same = km.groups.every((g) => g.n === km.groups.find((x) => x.group === g.group)?.n);
  const rows = km.steps.map((s) => ({ ...s, label: same ? label(s.group, s.endpoint) : s.group }));
  const endpoints = [...new Set(rows.map((r) => r.endpoint))];
  const svg = plotMarkup({
    width,
    height: 340,
    marginRight: 30,
    marginLeft: 56,
    x: { label: "time since treatment (months)", labelAnchor: "center", grid: true },
    y: { domain: [0, 1], label: "survival probability", labelAnchor: "center", grid: true },
    fx: { domain: endpoints, label: null, tickFormat: (e: string) => `${e.toUpperCase()}` },
    color: { legend: true },
    marks: [
      Plot.areaY(rows, { x: "time", y1: "lower", y2: "upper", fx: "endpoint", fill: "label", fillOpacity: 0.12 }),
      Plot.line(rows, { x: "time", y: "survival", fx: "endpoint", stroke: "label", strokeWidth: 2 }),
      Plot.frame({ stroke: "#ddd" }),
    ],
  });
  const sizes = km.groups.filter((g) => !Number.isNaN(g.n)).map((g) => `${g.endpoint} ${g.group}: n = ${g.n}`);
  const caption = `Kaplan–Meier estimate (line) with its 95 % interval (shaded) per group.` +
    (sizes.length ? ` ${sizes.join("; ")}.` : "") + (options.note ? ` ${options.note}` : "");
  return figureHtml(id, title, svg, caption);
}
