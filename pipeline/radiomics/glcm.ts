/**
 * IBSI grey-level co-occurrence matrix family (`cm_*`, IBSI 1 §3.6): symmetric matrices at
 * Chebyshev distance δ along 13 (3D) or 4 (2D) directions.
 *
 * @module
 */
import type { RadiomicsFeature } from "./prepare_roi.ts";
import { bump, type Counts, directional, type GreyVolume, KEY, roiCount } from "./_texture.ts";

/** Options of {@linkcode glcm}. */
export interface GlcmOptions {
  /** `3d` (volumetric) or `2d` (per slice, with 2.5D merges). @default "3d" */
  readonly dimensions?: "2d" | "3d";
  /** Neighbour distance (Chebyshev). @default 1 */
  readonly distance?: number;
}

function matrix(g: GreyVolume, dir: readonly [number, number, number], delta: number): Counts {
  const [nx, ny, nz] = g.dims;
  const [dx, dy, dz] = dir.map((v) => v * delta) as [number, number, number];
  const m = new Map<number, number>();
  for (let k = 0; k < nz; k++) {
    const k2 = k + dz;
    if (k2 < 0 || k2 >= nz) continue;
    for (let j = 0; j < ny; j++) {
      const j2 = j + dy;
      if (j2 < 0 || j2 >= ny) continue;
      for (let i = 0; i < nx; i++) {
        const i2 = i + dx;
        if (i2 < 0 || i2 >= nx) continue;
        const a = g.levels[i + nx * (j + ny * k)]!;
        const b = g.levels[i2 + nx * (j2 + ny * k2)]!;
        if (a > 0 && b > 0) bump(m, a, b), bump(m, b, a);
      }
    }
  }
  return { m, nv: roiCount(g) };
}

const log2 = Math.log2;

function features(c: Counts, ng: number): Record<string, number> {
  let total = 0;
  for (const v of c.m.values()) total += v;
  const pi = new Float64Array(ng + 1);
  const pj = new Float64Array(ng + 1);
  const pd = new Float64Array(ng);
  const ps = new Float64Array(2 * ng + 1);
  const cells: [number, number, number][] = [];
  for (const [key, v] of c.m) {
    const i = Math.floor(key / KEY);
    const j = key % KEY;
    const p = v / total;
    cells.push([i, j, p]);
    pi[i]! += p, pj[j]! += p, pd[Math.abs(i - j)]! += p, ps[i + j]! += p;
  }
  let mui = 0;
  let muj = 0;
  for (let i = 1; i <= ng; i++) mui += i * pi[i]!, muj += i * pj[i]!;
  let vi = 0;
  let vj = 0;
  let hx = 0;
  let hy = 0;
  for (let i = 1; i <= ng; i++) {
    vi += (i - mui) ** 2 * pi[i]!, vj += (i - muj) ** 2 * pj[i]!;
    if (pi[i]! > 0) hx -= pi[i]! * log2(pi[i]!);
    if (pj[i]! > 0) hy -= pj[i]! * log2(pj[i]!);
  }
  const f = {
    "joint_max": 0,
    "joint_avg": 0,
    "joint_var": 0,
    "joint_entr": 0,
    "diff_avg": 0,
    "diff_var": 0,
    "diff_entr": 0,
    "sum_avg": 0,
    "sum_var": 0,
    "sum_entr": 0,
    "energy": 0,
    "contrast": 0,
    "dissimilarity": 0,
    "inv_diff": 0,
    "inv_diff_norm": 0,
    "inv_diff_mom": 0,
    "inv_diff_mom_norm": 0,
    "inv_var": 0,
    "corr": 0,
    "auto_corr": 0,
    "clust_tend": 0,
    "clust_shade": 0,
    "clust_prom": 0,
    "info_corr1": 0,
    "info_corr2": 0,
  };
  let hxy1 = 0;
  let corr = 0;
  for (const [i, j, p] of cells) {
    const d = Math.abs(i - j);
    const s = i + j - mui - muj;
    f.joint_max = Math.max(f.joint_max, p);
    f.joint_avg += i * p;
    f.joint_entr -= p * log2(p);
    f.energy += p * p, f.contrast += d * d * p, f.dissimilarity += d * p;
    f.inv_diff += p / (1 + d), f.inv_diff_norm += p / (1 + d / ng);
    f.inv_diff_mom += p / (1 + d * d), f.inv_diff_mom_norm += p / (1 + (d * d) / (ng * ng));
    if (d > 0) f.inv_var += p / (d * d);
    corr += (i - mui) * (j - muj) * p;
    f.auto_corr += i * j * p;
    f.clust_tend += s * s * p, f.clust_shade += s ** 3 * p, f.clust_prom += s ** 4 * p;
    hxy1 -= p * log2(pi[i]! * pj[j]!);
  }
  for (const [i, , p] of cells) f.joint_var += (i - f.joint_avg) ** 2 * p;
  for (let k = 0; k < ng; k++) f.diff_avg += k * pd[k]!;
  for (let k = 0; k < ng; k++) {
    f.diff_var += (k - f.diff_avg) ** 2 * pd[k]!;
    if (pd[k]! > 0) f.diff_entr -= pd[k]! * log2(pd[k]!);
  }
  for (let k = 2; k <= 2 * ng; k++) f.sum_avg += k * ps[k]!;
  for (let k = 2; k <= 2 * ng; k++) {
    f.sum_var += (k - f.sum_avg) ** 2 * ps[k]!;
    if (ps[k]! > 0) f.sum_entr -= ps[k]! * log2(ps[k]!);
  }
  let hxy2 = 0;
  for (let i = 1; i <= ng; i++) {
    if (pi[i]! === 0) continue;
    for (let j = 1; j <= ng; j++) if (pj[j]! > 0) hxy2 -= pi[i]! * pj[j]! * log2(pi[i]! * pj[j]!);
  }
  f.corr = corr / Math.sqrt(vi * vj);
  f.info_corr1 = (f.joint_entr - hxy1) / Math.max(hx, hy);
  f.info_corr2 = Math.sqrt(Math.max(0, 1 - Math.exp(-2 * (hxy2 - f.joint_entr))));
  return f;
}

/**
 * GLCM features with IBSI tags (`cm_joint_max_3D_avg`, …, or the 2D/2.5D variants).
 *
 * @param g grey levels (0 = outside the ROI)
 * @param options dimensions and distance
 * @returns 25 features per aggregation
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { glcm } from "./glcm.ts";
 * const g = { levels: Int32Array.from([1, 2, 1, 2]), dims: [4, 1, 1] as const, ng: 2 };
 * const f = Object.fromEntries(glcm(g).map((r) => [r.tag, r.value]));
 * assert.equal(f.cm_contrast_3D_avg, 1);
 * ```
 */
export function glcm(g: GreyVolume, options: GlcmOptions = {}): RadiomicsFeature[] {
  const delta = options.distance ?? 1;
  return directional(g, options.dimensions ?? "3d", "cm", (v, d) => matrix(v, d, delta), features);
}
