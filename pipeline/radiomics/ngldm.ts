/**
 * IBSI neighbouring grey-level dependence matrix family (`ngl_*`, IBSI 1 §3.11), coarseness 0.
 *
 * @module
 */
import type { RadiomicsFeature } from "./prepare_roi.ts";
import { bump, type Counts, type GreyVolume, volumetric } from "./_texture.ts";
import { forEachNeighbourhood } from "./_neighbourhood.ts";
import { nameStats, sizeMatrixStats } from "./_size_matrix.ts";

/** Options of {@linkcode ngldm}. */
export interface NgldmOptions {
  /** `3d` or `2d` (per slice; 2.5D merge). @default "3d" */
  readonly dimensions?: "2d" | "3d";
  /** Neighbourhood (Chebyshev) distance. @default 1 */
  readonly distance?: number;
}

const NAMES = [
  "lde",
  "hde",
  "lgce",
  "hgce",
  "ldlge",
  "ldhge",
  "hdlge",
  "hdhge",
  "glnu",
  "glnu_norm",
  "dcnu",
  "dcnu_norm",
  "dc_perc",
  "gl_var",
  "dc_var",
  "dc_entr",
  "dc_energy",
];

function matrix(g: GreyVolume, delta: number): Counts {
  const m = new Map<number, number>();
  let nv = 0;
  forEachNeighbourhood(g, delta, (a, nb) => {
    let k = 1;
    for (const v of nb) if (v === a) k++;
    bump(m, a, k), nv++;
  });
  return { m, nv };
}

/**
 * NGLDM features with IBSI tags (`ngl_lde_3D`, …): dependence = 1 + number of ROI neighbours
 * with the same grey level.
 *
 * @param g grey levels (0 = outside the ROI)
 * @param options dimensions and distance
 * @returns 17 features per aggregation
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { ngldm } from "./ngldm.ts";
 * const g = { levels: Int32Array.from([1, 1, 1]), dims: [3, 1, 1] as const, ng: 1 };
 * const f = Object.fromEntries(ngldm(g).map((r) => [r.tag, r.value]));
 * assert.equal(f.ngl_dc_perc_3D, 1);
 * ```
 */
export function ngldm(g: GreyVolume, options: NgldmOptions = {}): RadiomicsFeature[] {
  const delta = options.distance ?? 1;
  return volumetric(
    g,
    options.dimensions ?? "3d",
    "ngl",
    (v) => matrix(v, delta),
    (c) => nameStats(NAMES, sizeMatrixStats(c)),
  );
}
