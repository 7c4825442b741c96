/**
 * IBSI grey-level distance-zone matrix family (`dzm_*`, IBSI 1 §3.9).
 *
 * @module
 */
import type { RadiomicsFeature } from "./prepare_roi.ts";
import { bump, type GreyVolume, roiCount, volumetric } from "./_texture.ts";
import { nameStats, sizeMatrixStats } from "./_size_matrix.ts";
import { zonesOf } from "./_zones.ts";

/** Options of {@linkcode gldzm}. */
export interface GldzmOptions {
  /** `3d` or `2d` (per slice; 2.5D merge). @default "3d" */
  readonly dimensions?: "2d" | "3d";
}

const NAMES = [
  "sde",
  "lde",
  "lgze",
  "hgze",
  "sdlge",
  "sdhge",
  "ldlge",
  "ldhge",
  "glnu",
  "glnu_norm",
  "zdnu",
  "zdnu_norm",
  "z_perc",
  "gl_var",
  "zd_var",
  "zd_entr",
];

/**
 * GLDZM features with IBSI tags (`dzm_sde_3D`, …): zones as in the GLSZM, each at the smallest
 * city-block distance of its voxels to the ROI edge (edge voxels at distance 1).
 *
 * @param g grey levels (0 = outside the ROI)
 * @param options dimensions
 * @returns 16 features per aggregation
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { gldzm } from "./gldzm.ts";
 * const g = { levels: Int32Array.from([1, 1, 2, 2]), dims: [4, 1, 1] as const, ng: 2 };
 * const f = Object.fromEntries(gldzm(g).map((r) => [r.tag, r.value]));
 * assert.equal(f.dzm_sde_3D, 1);
 * ```
 */
export function gldzm(g: GreyVolume, options: GldzmOptions = {}): RadiomicsFeature[] {
  return volumetric(g, options.dimensions ?? "3d", "dzm", (v) => {
    const m = new Map<number, number>();
    for (const z of zonesOf(v)) bump(m, z.level, z.distance);
    return { m, nv: roiCount(v) };
  }, (c) => nameStats(NAMES, sizeMatrixStats(c)));
}
