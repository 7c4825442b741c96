/**
 * Resampling a volume onto another grid in world space.
 *
 * @module
 */
import { invertAffine, multiplyAffine } from "./_affine.ts";
import type { Volume } from "./volume.ts";

/** A target grid: size and voxel → world affine. */
export interface Grid {
  readonly dims: readonly [number, number, number];
  readonly affine: readonly number[];
}

/** Options of {@linkcode resampleVolume}. */
export interface ResampleVolumeOptions {
  /**
   * `"linear"` (trilinear) or `"nearest"`.
   * @default "linear"
   */
  readonly interpolation?: "linear" | "nearest";
  /**
   * Value of target voxels whose centre falls outside the source (more than half a voxel out).
   * @default 0
   */
  readonly fill?: number;
  /**
   * When set, the result is a 0/1 Uint8Array mask: value ≥ threshold → 1 (use 0.5 for masks
   * resampled linearly).
   * @default undefined (Float32Array values)
   */
  readonly threshold?: number;
}

/**
 * Resamples `source` onto `grid`: each target voxel centre is mapped to source voxel coordinates through
 * both affines, then sampled trilinearly (or nearest). Centres within half a voxel outside the source
 * use the edge value; farther out get `fill`.
 *
 * @param source the image
 * @param grid target size and affine
 * @param options interpolation, fill value, mask threshold
 * @returns a volume on `grid` (Float32Array, or Uint8Array with `threshold`)
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { resampleVolume } from "./resample_volume.ts";
 * const src = { data: new Float32Array([0, 10]), dims: [2, 1, 1] as const,
 *   affine: [2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] };
 * const out = resampleVolume(src, { dims: [3, 1, 1], affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] });
 * assert.deepEqual([...out.data], [0, 5, 10]);
 * ```
 */
export function resampleVolume(source: Volume, grid: Grid, options: ResampleVolumeOptions = {}): Volume {
  const [sx, sy, sz] = source.dims;
  const [nx, ny, nz] = grid.dims;
  // snap round-off (1e-9 voxel) so that aligned grids sample voxel centres exactly
  const m = multiplyAffine(invertAffine(source.affine), grid.affine)
    .map((v) => (Math.abs(v - Math.round(v)) < 1e-9 ? Math.round(v) : v));
  const fill = options.fill ?? 0;
  const nearest = options.interpolation === "nearest";
  const thr = options.threshold;
  const out = thr === undefined ? new Float32Array(nx * ny * nz) : new Uint8Array(nx * ny * nz);
  const src = source.data;
  const sxy = sx * sy;
  let o = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      let x = m[1]! * j + m[2]! * k + m[3]!;
      let y = m[5]! * j + m[6]! * k + m[7]!;
      let z = m[9]! * j + m[10]! * k + m[11]!;
      for (let i = 0; i < nx; i++, o++, x += m[0]!, y += m[4]!, z += m[8]!) {
        let v: number;
        if (x < -0.5 || y < -0.5 || z < -0.5 || x > sx - 0.5 || y > sy - 0.5 || z > sz - 0.5) v = fill;
        else if (nearest) {
          v = src[
            Math.min(sx - 1, Math.round(x)) + sx * Math.min(sy - 1, Math.round(y)) +
            sxy * Math.min(sz - 1, Math.round(z))
          ]!;
        } else {
          const cx = Math.min(Math.max(x, 0), sx - 1);
          const cy = Math.min(Math.max(y, 0), sy - 1);
          const cz = Math.min(Math.max(z, 0), sz - 1);
          const x0 = Math.min(Math.floor(cx), sx - 2 < 0 ? 0 : sx - 2);
          const y0 = Math.min(Math.floor(cy), sy - 2 < 0 ? 0 : sy - 2);
          const z0 = Math.min(Math.floor(cz), sz - 2 < 0 ? 0 : sz - 2);
          const fx = cx - x0;
          const fy = cy - y0;
          const fz = cz - z0;
          const dx = sx > 1 ? 1 : 0;
          const dy = sy > 1 ? sx : 0;
          const dz = sz > 1 ? sxy : 0;
          const b = x0 + sx * y0 + sxy * z0;
          const c00 = src[b]! + fx * (src[b + dx]! - src[b]!);
          const c10 = src[b + dy]! + fx * (src[b + dy + dx]! - src[b + dy]!);
          const c01 = src[b + dz]! + fx * (src[b + dz + dx]! - src[b + dz]!);
          const c11 = src[b + dz + dy]! + fx * (src[b + dz + dy + dx]! - src[b + dz + dy]!);
          const c0 = c00 + fy * (c10 - c00);
          const c1 = c01 + fy * (c11 - c01);
          v = c0 + fz * (c1 - c0);
        }
        out[o] = thr === undefined ? v : v >= thr ? 1 : 0;
      }
    }
  }
  return { data: out, dims: [nx, ny, nz], affine: [...grid.affine] };
}
