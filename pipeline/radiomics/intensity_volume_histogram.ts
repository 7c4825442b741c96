/**
 * IBSI intensity-volume histogram family (`ivh_*`, IBSI 1 §3.5).
 *
 * @module
 */
import type { RadiomicsFeature } from "./prepare_roi.ts";
import type { Discretisation } from "./settings.ts";

/** Options of {@linkcode intensityVolumeHistogram}. */
export interface IntensityVolumeHistogramOptions {
  /** Discretisation of the IVH; absent = the intensities are already discrete (step 1). */
  readonly bins?: Discretisation;
  /** Re-segmentation range: its ends bound the intensity fraction with a fixed bin size. */
  readonly range?: readonly [number, number];
}

/**
 * IVH features. Intensities are discretised (bin centres for a fixed bin size, bin numbers for a
 * fixed bin count); `ν(i)` is the volume fraction with intensity ≥ i on the grid of discretised
 * intensities between the minimum and maximum; `γ = (i − min)/(max − min)`.
 *
 * @param values intensities of the ROI voxels
 * @param options discretisation and range
 * @returns `ivh_v10`, `ivh_v90`, `ivh_i10`, `ivh_i90`, `ivh_diff_v10_v90`, `ivh_diff_i10_i90`, `ivh_auc`
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { intensityVolumeHistogram } from "./intensity_volume_histogram.ts";
 * const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
 * const f = Object.fromEntries(intensityVolumeHistogram(values).map((r) => [r.tag, r.value]));
 * assert.equal(f.ivh_i10, 10);
 * assert.equal(f.ivh_v90, 0.1);
 * ```
 */
export function intensityVolumeHistogram(
  values: ArrayLike<number>,
  options: IntensityVolumeHistogramOptions = {},
): RadiomicsFeature[] {
  const n = values.length;
  const { bins, range } = options;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) lo = Math.min(lo, values[i]!), hi = Math.max(hi, values[i]!);
  let step = 1;
  let xs = Float64Array.from(values);
  let gMin: number;
  let gMax: number;
  if (bins && "binSize" in bins) {
    const w = bins.binSize;
    const lower = range && Number.isFinite(range[0]) ? range[0] : lo;
    step = w;
    xs = xs.map((x) => lower + (Math.floor((x - lower) / w + 1e-9) + 0.5) * w);
    gMin = range && Number.isFinite(range[0]) ? lower + w / 2 : Math.min(...xs);
    gMax = range && Number.isFinite(range[1])
      ? lower + (Math.floor((range[1] - lower) / w) + 0.5) * w
      : Math.max(...xs);
  } else if (bins) {
    const ng = bins.binCount;
    xs = xs.map((x) => (hi === lo ? 1 : Math.min(ng, Math.floor(ng * (x - lo) / (hi - lo)) + 1)));
    gMin = 1, gMax = ng;
  } else {
    gMin = lo, gMax = hi;
  }
  xs.sort();
  // ν at each grid level: fraction of values ≥ level.
  const levels = Math.round((gMax - gMin) / step) + 1;
  const nu = new Float64Array(levels);
  let p = 0;
  for (let l = 0; l < levels; l++) {
    const i = gMin + l * step;
    while (p < n && xs[p]! < i - 1e-9 * step) p++;
    nu[l] = (n - p) / n;
  }
  const span = gMax - gMin;
  const vAt = (x: number) => {
    const t = gMin + x * span;
    let c = 0;
    for (let k = 0; k < n; k++) if (xs[k]! >= t - 1e-9) c++;
    return c / n;
  };
  const iAt = (x: number) => {
    for (let l = 0; l < levels; l++) if (nu[l]! <= x) return gMin + l * step;
    return gMax + step;
  };
  let auc = 0;
  for (let l = 1; l < levels; l++) auc += (nu[l - 1]! + nu[l]!) / 2 / (levels - 1);
  const v10 = vAt(0.1);
  const v90 = vAt(0.9);
  const i10 = iAt(0.1);
  const i90 = iAt(0.9);
  return [
    { tag: "ivh_v10", value: v10 },
    { tag: "ivh_v90", value: v90 },
    { tag: "ivh_i10", value: i10 },
    { tag: "ivh_i90", value: i90 },
    { tag: "ivh_diff_v10_v90", value: v10 - v90 },
    { tag: "ivh_diff_i10_i90", value: i10 - i90 },
    { tag: "ivh_auc", value: span > 0 ? auc : NaN },
  ];
}
