/**
 * IBSI grey-level run-length matrix family (`rlm_*`, IBSI 1 §3.7).
 *
 * @module
 */
import type { RadiomicsFeature } from "./prepare_roi.ts";
import { bump, type Counts, directional, type GreyVolume, roiCount } from "./_texture.ts";
import { nameStats, sizeMatrixStats } from "./_size_matrix.ts";

/** Options of {@linkcode glrlm}. */
export interface GlrlmOptions {
  /** `3d` or `2d` (per slice, with 2.5D merges). @default "3d" */
  readonly dimensions?: "2d" | "3d";
}

const NAMES = [
  "sre",
  "lre",
  "lgre",
  "hgre",
  "srlge",
  "srhge",
  "lrlge",
  "lrhge",
  "glnu",
  "glnu_norm",
  "rlnu",
  "rlnu_norm",
  "r_perc",
  "gl_var",
  "rl_var",
  "rl_entr",
];

function matrix(g: GreyVolume, dir: readonly [number, number, number]): Counts {
  const [nx, ny, nz] = g.dims;
  const [dx, dy, dz] = dir;
  const m = new Map<number, number>();
  const inside = (i: number, j: number, k: number) => i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const a = g.levels[i + nx * (j + ny * k)]!;
        if (a === 0) continue;
        // Start of a run: the previous voxel along the direction differs.
        const pi = i - dx;
        const pj = j - dy;
        const pk = k - dz;
        if (inside(pi, pj, pk) && g.levels[pi + nx * (pj + ny * pk)] === a) continue;
        let len = 1;
        let x = i + dx;
        let y = j + dy;
        let z = k + dz;
        while (inside(x, y, z) && g.levels[x + nx * (y + ny * z)] === a) len++, x += dx, y += dy, z += dz;
        bump(m, a, len);
      }
    }
  }
  return { m, nv: roiCount(g) };
}

/**
 * GLRLM features with IBSI tags (`rlm_sre_3D_avg`, …). Percentage divides by the voxel count
 * times the number of merged matrices.
 *
 * @param g grey levels (0 = outside the ROI)
 * @param options dimensions
 * @returns 16 features per aggregation
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { glrlm } from "./glrlm.ts";
 * const g = { levels: Int32Array.from([1, 1, 2, 2]), dims: [4, 1, 1] as const, ng: 2 };
 * const f = Object.fromEntries(glrlm(g).map((r) => [r.tag, r.value]));
 * assert.ok(Math.abs(f.rlm_lre_3D_avg! - 16 / 13) < 1e-12);
 * ```
 */
export function glrlm(g: GreyVolume, options: GlrlmOptions = {}): RadiomicsFeature[] {
  return directional(g, options.dimensions ?? "3d", "rlm", matrix, (c) => nameStats(NAMES, sizeMatrixStats(c)));
}
