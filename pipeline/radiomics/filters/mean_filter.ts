/**
 * IBSI-2 mean filter: the average over a `support`^D window (D = 2 in-plane or 3).
 *
 * @module
 */
import { type Grid, type Padding, separable } from "./_grid.ts";

/**
 * Mean filter.
 *
 * @param g image
 * @param support window width in voxels (odd)
 * @param dimensions `2d` (per axial slice) or `3d`
 * @param padding boundary
 * @returns response map
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanFilter } from "./mean_filter.ts";
 * const g = { data: Float64Array.from([0, 3, 0]), dims: [3, 1, 1] as const };
 * // Edge values repeat ("nearest"), so the single row along y and z averages to itself.
 * assert.deepEqual([...meanFilter(g, 3, "3d", "nearest").data].map((v) => Math.round(v * 1e9) / 1e9), [1, 1, 1]);
 * ```
 */
export function meanFilter(g: Grid, support: number, dimensions: "2d" | "3d", padding: Padding): Grid {
  const k = new Float64Array(support).fill(1 / support);
  return separable(g, [k, k, dimensions === "3d" ? k : undefined], padding);
}
