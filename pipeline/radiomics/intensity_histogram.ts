/**
 * IBSI intensity-histogram family (`ih_*`, IBSI 1 §3.4).
 *
 * @module
 */
import { firstOrder } from "./_first_order.ts";
import type { RadiomicsFeature } from "./prepare_roi.ts";

/**
 * Intensity-histogram features of discretised grey levels (1…Ng). The histogram runs over
 * every level 1…max (empty bins included) for mode and gradients; the first/last gradient is the
 * one-sided difference. A tied mode resolves to the lowest level.
 *
 * @param levels grey levels of the voxels in the intensity mask
 * @returns 23 features `ih_mean` … `ih_min_grad_g`
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { intensityHistogram } from "./intensity_histogram.ts";
 * const f = Object.fromEntries(intensityHistogram([1, 1, 2, 4]).map((r) => [r.tag, r.value]));
 * assert.equal(f.ih_mode, 1);
 * assert.equal(f.ih_uniformity, 0.375);
 * ```
 */
export function intensityHistogram(levels: ArrayLike<number>): RadiomicsFeature[] {
  const n = levels.length;
  let ng = 0;
  for (let i = 0; i < n; i++) ng = Math.max(ng, levels[i]!);
  const h = new Float64Array(ng + 1);
  for (let i = 0; i < n; i++) h[levels[i]!]!++;
  let mode = 1;
  let entropy = 0;
  let uniformity = 0;
  for (let g = 1; g <= ng; g++) {
    if (h[g]! > h[mode]!) mode = g;
    const p = h[g]! / n;
    if (p > 0) entropy -= p * Math.log2(p), uniformity += p * p;
  }
  const grad = (g: number) =>
    ng === 1 ? 0 : g === 1 ? h[2]! - h[1]! : g === ng ? h[ng]! - h[ng - 1]! : (h[g + 1]! - h[g - 1]!) / 2;
  let maxG = 1;
  let minG = 1;
  for (let g = 1; g <= ng; g++) {
    if (grad(g) > grad(maxG)) maxG = g;
    if (grad(g) < grad(minG)) minG = g;
  }
  const f = firstOrder(levels);
  const ordered = ["mean", "var", "skew", "kurt", "median", "min", "p10", "p90", "max"];
  return [
    ...ordered.map((k) => ({ tag: `ih_${k}`, value: f[k]! })),
    { tag: "ih_mode", value: mode },
    ...["iqr", "range", "mad", "rmad", "medad", "cov", "qcod"].map((k) => ({ tag: `ih_${k}`, value: f[k]! })),
    { tag: "ih_entropy", value: entropy },
    { tag: "ih_uniformity", value: uniformity },
    { tag: "ih_max_grad", value: grad(maxG) },
    { tag: "ih_max_grad_g", value: maxG },
    { tag: "ih_min_grad", value: grad(minG) },
    { tag: "ih_min_grad_g", value: minG },
  ];
}
