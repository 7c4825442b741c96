/**
 * IBSI intensity-statistics family (`stat_*`, IBSI 1 §3.3).
 *
 * @module
 */
import { firstOrder } from "./_first_order.ts";
import type { RadiomicsFeature } from "./prepare_roi.ts";

/**
 * Intensity statistics of the ROI's (re-segmented) voxel intensities. Variance is the biased
 * (population) variance, kurtosis is excess kurtosis, percentiles interpolate linearly.
 *
 * @param values intensities of the voxels in the intensity mask
 * @returns 18 features `stat_mean` … `stat_rms`
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { intensityStatistics } from "./intensity_statistics.ts";
 * const f = Object.fromEntries(intensityStatistics([1, 2, 3, 4]).map((r) => [r.tag, r.value]));
 * assert.equal(f.stat_mean, 2.5);
 * assert.equal(f.stat_energy, 30);
 * ```
 */
export function intensityStatistics(values: ArrayLike<number>): RadiomicsFeature[] {
  const f = firstOrder(values);
  let energy = 0;
  for (let i = 0; i < values.length; i++) energy += values[i]! * values[i]!;
  return [
    ...Object.entries(f).map(([k, v]) => ({ tag: `stat_${k}`, value: v })),
    { tag: "stat_energy", value: energy },
    { tag: "stat_rms", value: Math.sqrt(energy / values.length) },
  ];
}
