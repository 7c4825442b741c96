/**
 * Compute the response map of one configured IBSI-2 filter.
 *
 * @module
 */
import { DeepmarkerError } from "../../errors.ts";
import type { Grid } from "./_grid.ts";
import { pooledOverRotations } from "./_rotations.ts";
import type { FilterSpec } from "./filter_spec.ts";
import { gaborFilter } from "./gabor_filter.ts";
import { lawsEnergy, lawsFilter } from "./laws_filter.ts";
import { logFilter } from "./log_filter.ts";
import { meanFilter } from "./mean_filter.ts";
import { simoncelliFilter } from "./simoncelli_filter.ts";
import { waveletFilter, waveletFilters } from "./wavelet_filter.ts";

/** An image as the filters take it: voxels (x fastest) and grid size. */
export type FilterGrid = Grid;

/**
 * Response map of a filter on an image. Rotation invariance (`max` / `average`) pools the
 * responses of the rotated images rotated back (24 rotations in 3D, 4 in 2D); for Gabor it pools
 * over θ steps instead; Laws energy maps are computed after pooling.
 *
 * @param g image (x fastest)
 * @param spacing voxel spacing (mm), for σ and λ given in mm
 * @param f the filter
 * @returns response map on the same grid
 * @throws {DeepmarkerError} on a filter/dimension mismatch
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { filterResponse } from "./filter_response.ts";
 * import { FiltersSchema, toFilterSpecs } from "./filter_spec.ts";
 * const [f] = toFilterSpecs(FiltersSchema.parse({ type: "mean", support: 3, padding: "nearest" }));
 * const g = { data: new Float64Array(27).fill(5), dims: [3, 3, 3] as const };
 * assert.ok(filterResponse(g, [1, 1, 1], f!).data.every((v) => Math.abs(v - 5) < 1e-12));
 * ```
 */
export function filterResponse(g: Grid, spacing: readonly number[], f: FilterSpec): Grid {
  const dims = f.dimensions;
  const one = (x: Grid): Grid => {
    switch (f.type) {
      case "mean":
        return meanFilter(x, f.support, dims, f.padding);
      case "log":
        return logFilter(x, spacing.map((s) => f.sigmaMm / s), f.truncate, dims, f.padding);
      case "laws": {
        if ((f.kernels.length === 4) !== (dims === "2d")) {
          throw new DeepmarkerError(
            `Cannot apply filter "${f.name}": Laws kernels "${f.kernels}" do not match dimensions ${dims}`,
          );
        }
        return lawsFilter(x, f.kernels, f.padding);
      }
      case "wavelet": {
        if ((f.path.length === 2) !== (dims === "2d")) {
          throw new DeepmarkerError(
            `Cannot apply filter "${f.name}": wavelet path "${f.path}" does not match dimensions ${dims}`,
          );
        }
        return waveletFilter(x, { wavelet: f.wavelet, path: f.path, level: f.level, padding: f.padding });
      }
      case "simoncelli":
        return simoncelliFilter(x, f.level, dims);
      case "gabor":
        return gaborFilter(x, {
          sigma: f.sigmaMm / spacing[0]!,
          lambda: f.lambdaMm / spacing[0]!,
          gamma: f.gamma,
          theta: (f.thetaDeg * Math.PI) / 180,
          ...(f.thetaStepDeg !== undefined && f.rotationInvariance !== "none"
            ? { rotation: { step: (f.thetaStepDeg * Math.PI) / 180, pooling: f.rotationInvariance } }
            : {}),
          orthogonalPlanes: f.orthogonalPlanes,
          padding: f.padding,
        });
    }
  };
  const pooled = f.rotationInvariance !== "none" && f.type !== "gabor"
    ? pooledOverRotations(g, dims, f.rotationInvariance, one)
    : one(g);
  return f.type === "laws" && f.energyDistance !== undefined
    ? lawsEnergy(pooled, f.energyDistance, dims, f.padding)
    : pooled;
}

/**
 * How far (voxels per axis) a filter's response at a voxel reaches into the image, so that a crop
 * with this margin around the ROI leaves the response inside the ROI unchanged; `undefined` for
 * the Simoncelli wavelet, whose periodic FFT couples the whole grid. Gabor kernels reach 4σ along
 * their longer axis (their tails beyond are below 0.04 % of the peak).
 *
 * @param f the filter
 * @param spacing voxel spacing (mm)
 * @returns margin per axis, or `undefined` when the whole image is needed
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { filterMargin } from "./filter_response.ts";
 * import { FiltersSchema, toFilterSpecs } from "./filter_spec.ts";
 * const [f] = toFilterSpecs(FiltersSchema.parse({ type: "mean", support: 5, dimensions: "2d" }));
 * assert.deepEqual(filterMargin(f!, [1, 1, 3]), [2, 2, 0]);
 * ```
 */
export function filterMargin(f: FilterSpec, spacing: readonly number[]): [number, number, number] | undefined {
  let r: number[];
  switch (f.type) {
    case "simoncelli":
      return undefined;
    case "mean":
      r = [0, 1, 2].map(() => Math.floor(f.support / 2));
      break;
    case "log":
      r = spacing.map((s) => Math.floor((f.truncate * f.sigmaMm) / s + 0.5));
      break;
    case "laws": {
      const k = Math.max(...f.kernels.match(/\d/g)!.map(Number));
      r = [0, 1, 2].map(() => (k - 1) / 2 + (f.energyDistance ?? 0));
      break;
    }
    case "wavelet": {
      const n = waveletFilters(f.wavelet).low.length;
      r = [0, 1, 2].map(() => (n - 1) * (2 ** f.level - 1));
      break;
    }
    case "gabor":
      r = spacing.map(() => Math.ceil((4 * f.sigmaMm * Math.max(1, 1 / f.gamma)) / spacing[0]!));
      break;
  }
  const planar = f.dimensions === "2d" && !(f.type === "gabor" && f.orthogonalPlanes);
  return [r[0]!, r[1]!, planar ? 0 : r[2]!];
}
