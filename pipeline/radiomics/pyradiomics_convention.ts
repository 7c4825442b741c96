/**
 * `convention: pyradiomics`: PyRadiomics' first-order conventions and feature names applied to
 * the IBSI rows (the binning and mesh conventions live in `discretise` and `maskMesh`).
 *
 * @module
 */
import type { RadiomicsFeature } from "./prepare_roi.ts";
import { PYRADIOMICS_NAMES } from "./pyradiomics_names.ts";

/**
 * Rewrite IBSI rows the PyRadiomics way: kurtosis without the −3, Energy and RootMeanSquared of
 * the intensities plus `voxelArrayShift`, TotalEnergy (= Energy × voxel volume) added, and every
 * feature both tools compute named as PyRadiomics names it (`original_firstorder_Mean`; IBSI-only
 * features and filtered features keep their tags).
 *
 * @param rows IBSI rows
 * @param values intensities of the ROI voxels
 * @param voxelVolume mm³ per voxel
 * @param shift PyRadiomics' `voxelArrayShift`
 * @returns rows in PyRadiomics' conventions
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { toPyradiomicsConvention } from "./pyradiomics_convention.ts";
 * const ibsi = [{ tag: "stat_kurt", value: -1 }, { tag: "stat_energy", value: 10 }];
 * const rows = toPyradiomicsConvention(ibsi, [1, 3], 2, 1);
 * const f = Object.fromEntries(rows.map((r) => [r.tag, r.value]));
 * assert.equal(f.original_firstorder_Kurtosis, 2);
 * assert.equal(f.original_firstorder_Energy, 20);
 * assert.equal(f.original_firstorder_TotalEnergy, 40);
 * ```
 */
export function toPyradiomicsConvention(
  rows: readonly RadiomicsFeature[],
  values: ArrayLike<number>,
  voxelVolume: number,
  shift: number,
): RadiomicsFeature[] {
  let energy = 0;
  for (let i = 0; i < values.length; i++) energy += (values[i]! + shift) ** 2;
  const replaced = new Map<string, number>([
    ["stat_energy", energy],
    ["stat_total_energy", energy * voxelVolume],
    ["stat_rms", Math.sqrt(energy / values.length)],
  ]);
  const out: RadiomicsFeature[] = [];
  for (const r of rows) {
    let value = replaced.get(r.tag) ?? r.value;
    if (r.tag === "stat_kurt") value += 3;
    out.push({ tag: PYRADIOMICS_NAMES[r.tag] ?? r.tag, value });
    if (r.tag === "stat_energy") {
      out.push({ tag: PYRADIOMICS_NAMES.stat_total_energy!, value: replaced.get("stat_total_energy")! });
    }
  }
  return out;
}
