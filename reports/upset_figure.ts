/**
 * Figure 2b: UpSet-style intersections of significant features across endpoints, per modality.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import { endpointLabel } from "./_labels.ts";
import { emptyFigure, figureHtml, type FigureTextOptions, plotMarkup } from "./_plot.ts";
import type { UpsetData } from "./upset_intersections.ts";

/** Options of {@linkcode upsetFigure}. */
export interface UpsetFigureOptions extends FigureTextOptions {
  /**
   * Most intersections drawn per modality (largest first).
   * @default 15
   */
  readonly maxIntersections?: number;
  /**
   * Threshold stated in the caption.
   * @default 0.05
   */
  readonly alpha?: number;
  /**
   * Width of each modality's panel in px.
   * @default 540
   */
  readonly width?: number;
}

/**
 * Draw exclusive-intersection counts as bars above a membership matrix (filled dot = the
 * intersection includes that endpoint), one panel per modality. Set sizes are in the row labels.
 *
 * @param upset output of {@linkcode upsetIntersections}
 * @param options id, title, caption note, panel size
 * @returns a `<figure>` HTML string with inline SVG
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { upsetFigure } from "./upset_figure.ts";
 * const html = upsetFigure({ endpoints: ["os2y"], sets: [{ modality: "CT", endpoint: "os2y", size: 3 }],
 *   intersections: [{ modality: "CT", endpoints: ["os2y"], key: "os2y", count: 3 }] });
 * assert.match(html, /id="fig-2b"/);
 * ```
 */
export function upsetFigure(upset: UpsetData, options: UpsetFigureOptions = {}): string {
  const { id = "fig-2b", title = "Figure 2b. Significant features shared across endpoints" } = options;
  const { maxIntersections = 15, alpha = 0.05, width = 540 } = options;
  if (upset.intersections.length === 0) return emptyFigure(id, title, `No feature has p < ${alpha} in any endpoint.`);
  const modalities = [...new Set(upset.intersections.map((i) => i.modality))];
  const panels = modalities.map((modality) => {
    const shown = upset.intersections.filter((i) => i.modality === modality).slice(0, maxIntersections);
    const domain = shown.map((i) => i.key);
    const size = new Map(upset.sets.filter((s) => s.modality === modality).map((s) => [s.endpoint, s.size]));
    const rowLabel = (e: string) => `${endpointLabel(e)} (${size.get(e) ?? 0})`;
    const x = { domain, axis: null, padding: 0.25 } as const;
    const bars = plotMarkup({
      width,
      height: 200,
      marginLeft: 130,
      marginBottom: 6,
      x,
      y: { label: `↑ ${modality} features (count)`, grid: true },
      marks: [
        Plot.barY(shown, {
          x: "key",
          y: "count",
          fill: "#4269d0",
          title: (i) => `${i.endpoints.join(" & ")}: ${i.count}`,
        }),
        Plot.text(shown, { x: "key", y: "count", text: "count", dy: -7 }),
        Plot.ruleY([0]),
      ],
    });
    const cells = shown.flatMap((i) =>
      upset.endpoints.map((e) => ({ key: i.key, endpoint: e, member: i.endpoints.includes(e) }))
    );
    const spans = shown.map((i) => ({
      key: i.key,
      first: i.endpoints[0]!,
      last: i.endpoints[i.endpoints.length - 1]!,
    }));
    const matrix = plotMarkup({
      width,
      height: 30 + 26 * upset.endpoints.length,
      marginLeft: 130,
      marginTop: 10,
      x,
      y: { domain: upset.endpoints, type: "point", label: null, tickFormat: rowLabel, padding: 0.6 },
      marks: [
        Plot.ruleX(spans, { x: "key", y1: "first", y2: "last", strokeWidth: 2 }),
        Plot.dot(cells, { x: "key", y: "endpoint", r: 5, fill: (c) => c.member ? "#222" : "#ddd" }),
      ],
    });
    return `<div class="upset-panel"><h4>${modality}</h4>${bars}${matrix}</div>`;
  });
  const caption = `Features with t-test p < ${alpha}, grouped by the exact set of endpoints in which they are ` +
    `significant (filled dots); bars count the features of each such group, largest ${maxIntersections} shown per ` +
    `modality. Row labels give each endpoint's total number of significant features.` +
    (options.note ? ` ${options.note}` : "");
  return figureHtml(id, title, `<div class="panels">${panels.join("")}</div>`, caption);
}
