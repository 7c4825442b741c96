/**
 * Whether two volumes share one voxel grid (size and placement), judged through their affines.
 *
 * @module
 */
import { applyAffine, invertAffine, multiplyAffine } from "./_affine.ts";
import type { Grid } from "./resample_volume.ts";

/** Options of {@linkcode sameGrid}. */
export interface SameGridOptions {
  /**
   * Largest displacement (in voxels of `a`) of any corner voxel centre of `b` for the grids to count as one
   * (float32 headers and DICOM-derived affines differ by far less).
   * @default 1e-3
   */
  readonly toleranceVoxels?: number;
}

/**
 * True when `a` and `b` have the same size and their affines place every voxel centre at the same world
 * point (within `toleranceVoxels`), so that they may be matched by index. The same size with a different
 * affine is a different grid.
 *
 * @param a a grid (or volume)
 * @param b another grid (or volume)
 * @param options tolerance
 * @returns whether voxel `(i, j, k)` of `a` and of `b` are the same place
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { sameGrid } from "./same_grid.ts";
 * const eye = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
 * const moved = [1, 0, 0, 500, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
 * assert.equal(sameGrid({ dims: [4, 4, 4], affine: eye }, { dims: [4, 4, 4], affine: eye }), true);
 * assert.equal(sameGrid({ dims: [4, 4, 4], affine: eye }, { dims: [4, 4, 4], affine: moved }), false);
 * ```
 */
export function sameGrid(a: Grid, b: Grid, options: SameGridOptions = {}): boolean {
  if (a.dims.some((d, n) => d !== b.dims[n])) return false;
  const tol = options.toleranceVoxels ?? 1e-3;
  let m: number[];
  try {
    m = multiplyAffine(invertAffine(a.affine), b.affine);
  } catch {
    return false;
  }
  for (let c = 0; c < 8; c++) {
    const p = [0, 1, 2].map((ax) => ((c >> ax) & 1) * (b.dims[ax]! - 1));
    const q = applyAffine(m, p);
    if (q.some((x, ax) => !(Math.abs(x - p[ax]!) <= tol))) return false;
  }
  return true;
}
