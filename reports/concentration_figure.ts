/**
 * Known truth for the saliency maps (synthetic cohorts): how much of each method's positive saliency falls in
 * each truth region — the tumour, the tumour-touching vessel (a driver of the synthetic outcome), the other
 * vessels, the ring around the tumour — relative to the region's share of the crop.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { saliencyMethodLabel } from "./_labels.ts";
import { emptyFigure, figureHtml, type FigureTextOptions, plotMarkup } from "./_plot.ts";
import type { ConcentrationRow } from "./report_data.ts";

/**
 * Bars: mean concentration ratio per region and method over the visualised patients (dots: each patient), one
 * row per modality; the rule at 1 is "no concentration".
 *
 * @param rows `concentration.json` rows
 * @param options id, title, note
 * @returns a `<figure>` with inline SVG (a short note when there are no rows)
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { concentrationFigure } from "./concentration_figure.ts";
 * const html = concentrationFigure([
 *   { modality: "ct", patient: "S1", method: "guided", region: "tumour", ratio: 3.2, volumeShare: 0.02 },
 * ]);
 * assert.match(html, /id="fig-concentration"/);
 * assert.match(html, /<svg/);
 * ```
 */
export function concentrationFigure(rows: readonly ConcentrationRow[], options: FigureTextOptions = {}): string {
  const { id = "fig-concentration", title = "Where the saliency falls: known-truth regions" } = options;
  const finite = rows.filter((r) => Number.isFinite(r.ratio)).map((r) => ({
    ...r,
    modality: r.modality.toUpperCase(),
    label: saliencyMethodLabel(r.method),
  }));
  if (finite.length === 0) {
    return emptyFigure(id, title, "No known-truth regions in this run (not a synthetic cohort).");
  }
  const groups = new Map<string, typeof finite>();
  for (const r of finite) {
    const k = `${r.modality}|${r.region}|${r.label}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const means = [...groups.values()].map((g) => ({ ...g[0]!, ratio: g.reduce((s, r) => s + r.ratio, 0) / g.length }));
  const regions = [...new Set(finite.map((r) => r.region))];
  const svg = plotMarkup({
    width: 900,
    height: 80 + 200 * new Set(finite.map((r) => r.modality)).size,
    marginLeft: 60,
    x: { axis: null },
    y: { label: "positive-saliency share ÷ volume share", grid: true, labelAnchor: "center" },
    fx: { domain: regions, label: null, padding: 0.15 },
    fy: { label: null },
    color: { legend: true, domain: [...new Set(finite.map((r) => r.label))] },
    marks: [
      Plot.barY(means, {
        fx: "region",
        fy: "modality",
        x: "label",
        y: "ratio",
        fill: "label",
        title: (r: { label: string; region: string; ratio: number }) =>
          `${r.label}, ${r.region}: ${r.ratio.toFixed(2)}×`,
      }),
      Plot.dot(finite, { fx: "region", fy: "modality", x: "label", y: "ratio", stroke: "#111", r: 2.5 }),
      Plot.ruleY([1], { stroke: "#d62728", strokeDasharray: "4,3" }),
    ],
  });
  const patients = new Set(finite.map((r) => r.patient)).size;
  const caption = `Concentration of each map's positive saliency (values > 0: brightening the voxel raises P(death)) ` +
    `in each known-truth region of the synthetic patients: the share of the positive mass inside the region over ` +
    `the region's share of the crop, bars the mean over the ${patients} visualised patients (dots: each patient; ` +
    `regions absent from a patient's crop are left out). Dashed line: 1 = no concentration. A map that also ` +
    `concentrates on vessels the outcome does not depend on follows image structure, not the outcome.` +
    (options.note ? ` ${options.note}` : "");
  return figureHtml(id, title, svg, caption);
}
