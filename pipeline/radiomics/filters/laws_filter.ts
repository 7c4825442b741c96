/**
 * IBSI-2 Laws kernels (normalised 1D kernels L3 E3 S3 L5 E5 S5 W5 R5, combined per axis as
 * in `E5L5S5` = E5 along x, L5 along y, S5 along z) and the Laws energy map: the mean of the
 * absolute response over a (2δ + 1)^D window.
 *
 * @module
 */
import { DeepmarkerError } from "../../errors.ts";
import { type Grid, type Padding, separable } from "./_grid.ts";
import { meanFilter } from "./mean_filter.ts";

const KERNELS: Record<string, number[]> = {
  L3: [1, 2, 1].map((v) => v / Math.sqrt(6)),
  E3: [-1, 0, 1].map((v) => v / Math.sqrt(2)),
  S3: [-1, 2, -1].map((v) => v / Math.sqrt(6)),
  L5: [1, 4, 6, 4, 1].map((v) => v / Math.sqrt(70)),
  E5: [-1, -2, 0, 2, 1].map((v) => v / Math.sqrt(10)),
  S5: [-1, 0, 2, 0, -1].map((v) => v / Math.sqrt(6)),
  W5: [-1, 2, 0, -2, 1].map((v) => v / Math.sqrt(10)),
  R5: [1, -4, 6, -4, 1].map((v) => v / Math.sqrt(70)),
};

/**
 * Split a Laws kernel name into its 1D kernels.
 *
 * @param name e.g. `E5L5S5` (3D) or `L5S5` (2D)
 * @returns the 1D kernels, x first
 * @throws {DeepmarkerError} on an unknown name
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { lawsKernels } from "./laws_filter.ts";
 * assert.equal(lawsKernels("E5L5S5").length, 3);
 * ```
 */
export function lawsKernels(name: string): number[][] {
  const parts = name.match(/[A-Z]\d/g) ?? [];
  if (parts.join("") !== name || parts.length < 2 || parts.some((p) => !KERNELS[p])) {
    throw new DeepmarkerError(
      `Cannot use Laws kernel "${name}": expected 2 or 3 of ${Object.keys(KERNELS).join(", ")}, e.g. E5L5S5`,
    );
  }
  return parts.map((p) => KERNELS[p]!);
}

/**
 * Laws filter response (convolution with the kernel).
 *
 * @param g image
 * @param name kernel combination (2 names = 2D in-plane, 3 = 3D)
 * @param padding boundary
 * @returns response map
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { lawsFilter } from "./laws_filter.ts";
 * const g = { data: new Float64Array(27).fill(2), dims: [3, 3, 3] as const };
 * assert.ok(Math.abs(lawsFilter(g, "E3L3L3", "nearest").data[13]!) < 1e-12);
 * ```
 */
export function lawsFilter(g: Grid, name: string, padding: Padding): Grid {
  // Convolution flips the kernels; as correlation kernels they are reversed.
  const ks = lawsKernels(name).map((k) => [...k].reverse());
  return separable(g, [ks[0], ks[1], ks[2]], padding);
}

/**
 * Laws energy map: mean of |response| over a (2δ + 1)^D window.
 *
 * @param response filter response
 * @param distance δ (Chebyshev distance, voxels)
 * @param dimensions `2d` or `3d`
 * @param padding boundary
 * @returns energy map
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { lawsEnergy } from "./laws_filter.ts";
 * const r = { data: Float64Array.from([-3, 3, -3]), dims: [3, 1, 1] as const };
 * assert.deepEqual([...lawsEnergy(r, 1, "2d", "nearest").data], [3, 3, 3]);
 * ```
 */
export function lawsEnergy(response: Grid, distance: number, dimensions: "2d" | "3d", padding: Padding): Grid {
  const abs = { data: response.data.map(Math.abs), dims: response.dims };
  return meanFilter(abs, 2 * distance + 1, dimensions, padding);
}
