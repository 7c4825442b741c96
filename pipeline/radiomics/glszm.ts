/**
 * IBSI grey-level size-zone matrix family (`szm_*`, IBSI 1 §3.8).
 *
 * @module
 */
import type { RadiomicsFeature } from "./prepare_roi.ts";
import { bump, type GreyVolume, roiCount, volumetric } from "./_texture.ts";
import { nameStats, sizeMatrixStats } from "./_size_matrix.ts";
import { zonesOf } from "./_zones.ts";

/** Options of {@linkcode glszm}. */
export interface GlszmOptions {
  /** `3d` (26-connected zones) or `2d` (8-connected, per slice; 2.5D merge). @default "3d" */
  readonly dimensions?: "2d" | "3d";
}

const NAMES = [
  "sze",
  "lze",
  "lgze",
  "hgze",
  "szlge",
  "szhge",
  "lzlge",
  "lzhge",
  "glnu",
  "glnu_norm",
  "zsnu",
  "zsnu_norm",
  "z_perc",
  "gl_var",
  "zs_var",
  "zs_entr",
];

/**
 * GLSZM features with IBSI tags (`szm_sze_3D`, `szm_sze_2D`, `szm_sze_2_5D`, …).
 *
 * @param g grey levels (0 = outside the ROI)
 * @param options dimensions
 * @returns 16 features per aggregation
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { glszm } from "./glszm.ts";
 * const g = { levels: Int32Array.from([1, 1, 2, 2]), dims: [4, 1, 1] as const, ng: 2 };
 * const f = Object.fromEntries(glszm(g).map((r) => [r.tag, r.value]));
 * assert.equal(f.szm_z_perc_3D, 0.5);
 * ```
 */
export function glszm(g: GreyVolume, options: GlszmOptions = {}): RadiomicsFeature[] {
  return volumetric(g, options.dimensions ?? "3d", "szm", (v) => {
    const m = new Map<number, number>();
    for (const z of zonesOf(v)) bump(m, z.level, z.size);
    return { m, nv: roiCount(v) };
  }, (c) => nameStats(NAMES, sizeMatrixStats(c)));
}
