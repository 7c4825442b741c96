/**
 * Shared machinery of the texture families: the grey-level volume, neighbour directions, slices,
 * and the IBSI aggregation methods (2D/2.5D/3D, averaged or merged).
 *
 * @module
 */
import type { GreyVolume } from "./grey_volume.ts";
import type { RadiomicsFeature } from "./prepare_roi.ts";

export type { GreyVolume } from "./grey_volume.ts";

/** A matrix of counts (sparse: key = i * KEY + j) with the ROI voxel count it came from. */
export interface Counts {
  readonly m: Map<number, number>;
  nv: number;
}

/** Key stride of sparse matrices. */
export const KEY = 1 << 20;

/** 13 unique 3D directions (Chebyshev distance 1). */
export const DIRECTIONS_3D: readonly (readonly [number, number, number])[] = [
  [1, 0, 0],
  [0, 1, 0],
  [1, 1, 0],
  [1, -1, 0],
  [0, 0, 1],
  [1, 0, 1],
  [1, 0, -1],
  [0, 1, 1],
  [0, 1, -1],
  [1, 1, 1],
  [1, 1, -1],
  [1, -1, 1],
  [1, -1, -1],
];
/** 4 unique in-plane directions. */
export const DIRECTIONS_2D: readonly (readonly [number, number, number])[] = DIRECTIONS_3D.filter((d) => d[2] === 0);

/** Add `n` to entry (i, j). */
export function bump(m: Map<number, number>, i: number, j: number, n = 1): void {
  const k = i * KEY + j;
  m.set(k, (m.get(k) ?? 0) + n);
}

/** Sum of several count matrices. */
export function merge(list: readonly Counts[]): Counts {
  const m = new Map<number, number>();
  let nv = 0;
  for (const c of list) {
    nv += c.nv;
    for (const [k, v] of c.m) m.set(k, (m.get(k) ?? 0) + v);
  }
  return { m, nv };
}

/** The z-slices of a grey volume that hold ROI voxels, each as a volume with nz = 1. */
export function slicesOf(g: GreyVolume): GreyVolume[] {
  const [nx, ny, nz] = g.dims;
  const out: GreyVolume[] = [];
  for (let k = 0; k < nz; k++) {
    const levels = g.levels.subarray(k * nx * ny, (k + 1) * nx * ny);
    if (!levels.some((v) => v > 0)) continue;
    const edgeMask = g.edgeMask?.subarray(k * nx * ny, (k + 1) * nx * ny);
    out.push({ levels, dims: [nx, ny, 1], ng: g.ng, ...(edgeMask ? { edgeMask } : {}) });
  }
  return out;
}

/** Number of ROI voxels. */
export function roiCount(g: GreyVolume): number {
  let n = 0;
  for (const v of g.levels) if (v > 0) n++;
  return n;
}

const mean = (rows: Record<string, number>[]) => {
  const out: Record<string, number> = {};
  for (const k of Object.keys(rows[0] ?? {})) out[k] = rows.reduce((s, r) => s + r[k]!, 0) / rows.length;
  return out;
};

const named = (prefix: string, f: Record<string, number>, suffix: string): RadiomicsFeature[] =>
  Object.entries(f).map(([k, v]) => ({ tag: `${prefix}_${k}_${suffix}`, value: v }));

/**
 * Features of a directional matrix family (GLCM, GLRLM) with the IBSI aggregations:
 * 3D → `_3D_avg`, `_3D_comb`; 2D → `_2D_avg`, `_2D_comb`, `_2_5D_avg`, `_2_5D_comb`.
 */
export function directional(
  g: GreyVolume,
  dimensions: "2d" | "3d",
  prefix: string,
  matrix: (g: GreyVolume, dir: readonly [number, number, number]) => Counts,
  features: (c: Counts, ng: number) => Record<string, number>,
): RadiomicsFeature[] {
  const ok = (c: Counts) => c.m.size > 0;
  if (dimensions === "3d") {
    const per = DIRECTIONS_3D.map((d) => matrix(g, d)).filter(ok);
    return [
      ...named(prefix, mean(per.map((c) => features(c, g.ng))), "3D_avg"),
      ...named(prefix, features(merge(per), g.ng), "3D_comb"),
    ];
  }
  const slices = slicesOf(g);
  const grid = slices.map((s) => DIRECTIONS_2D.map((d) => matrix(s, d)));
  const all = grid.flat().filter(ok);
  const bySlice = grid.map((row) => merge(row.filter(ok))).filter(ok);
  const byDir = DIRECTIONS_2D.map((_, d) => merge(grid.map((row) => row[d]!).filter(ok))).filter(ok);
  return [
    ...named(prefix, mean(all.map((c) => features(c, g.ng))), "2D_avg"),
    ...named(prefix, mean(bySlice.map((c) => features(c, g.ng))), "2D_comb"),
    ...named(prefix, mean(byDir.map((c) => features(c, g.ng))), "2_5D_avg"),
    ...named(prefix, features(merge(all), g.ng), "2_5D_comb"),
  ];
}

/**
 * Features of a non-directional family (GLSZM, GLDZM, NGTDM, NGLDM): 3D → `_3D`;
 * 2D → `_2D` (mean over slices) and `_2_5D` (slices merged).
 */
export function volumetric(
  g: GreyVolume,
  dimensions: "2d" | "3d",
  prefix: string,
  matrix: (g: GreyVolume) => Counts,
  features: (c: Counts, ng: number) => Record<string, number>,
): RadiomicsFeature[] {
  if (dimensions === "3d") return named(prefix, features(matrix(g), g.ng), "3D");
  const per = slicesOf(g).map(matrix).filter((c) => c.m.size > 0);
  return [
    ...named(prefix, mean(per.map((c) => features(c, g.ng))), "2D"),
    ...named(prefix, features(merge(per), g.ng), "2_5D"),
  ];
}
