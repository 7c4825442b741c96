/**
 * IBSI-2 Laplacian of Gaussian: `−(1/σ²)(1/(σ√(2π)))^D (D − ‖k‖²/σ²) exp(−‖k‖²/(2σ²))`,
 * sampled on the voxel grid (σ in voxels per axis) and truncated at `truncate`·σ; computed as the
 * sum over axes of (second derivative of a Gaussian along that axis) × (Gaussians along the others).
 *
 * @module
 */
import { type Grid, type Padding, separable } from "./_grid.ts";

function gaussian(sigma: number, radius: number, derivative: boolean): Float64Array {
  const k = new Float64Array(2 * radius + 1);
  for (let i = -radius; i <= radius; i++) {
    const g = Math.exp(-(i * i) / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
    k[i + radius] = derivative ? g * (i * i / sigma ** 4 - 1 / (sigma * sigma)) : g;
  }
  return k;
}

/**
 * Laplacian of Gaussian.
 *
 * @param g image
 * @param sigmaVoxels σ in voxels along x, y, z
 * @param truncate kernel half-width in σ (IBSI-2: 4)
 * @param dimensions `2d` (per axial slice) or `3d`
 * @param padding boundary
 * @returns response map
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { logFilter } from "./log_filter.ts";
 * const data = new Float64Array(27);
 * data[13] = 1;
 * const r = logFilter({ data, dims: [3, 3, 3] }, [1, 1, 1], 4, "3d", "constant");
 * assert.ok(Math.abs(r.data[13]! + 3 / Math.pow(2 * Math.PI, 1.5)) < 1e-12);
 * ```
 */
export function logFilter(
  g: Grid,
  sigmaVoxels: readonly number[],
  truncate: number,
  dimensions: "2d" | "3d",
  padding: Padding,
): Grid {
  const axes = dimensions === "3d" ? [0, 1, 2] : [0, 1];
  const sum = new Float64Array(g.data.length);
  for (const d of axes) {
    const kernels = [0, 1, 2].map((a) => {
      if (!axes.includes(a)) return undefined;
      const s = sigmaVoxels[a]!;
      return gaussian(s, Math.floor(truncate * s + 0.5), a === d);
    });
    const r = separable(g, kernels, padding).data;
    for (let p = 0; p < sum.length; p++) sum[p] = sum[p]! + r[p]!;
  }
  return { data: sum, dims: g.dims };
}
