/**
 * IBSI intensity discretisation (IBSI 1 §2.7): fixed bin number or fixed bin size.
 *
 * @module
 */
import { DeepmarkerError } from "../errors.ts";
import type { Discretisation } from "./settings.ts";

/** Options of {@linkcode discretise}. */
export interface DiscretiseOptions {
  /** Lower bound for fixed bin size (the re-segmentation range's lower end). @default min of values */
  readonly lower?: number;
  /**
   * `pyradiomics`: fixed bin size edges at multiples of the bin width (the first bin starts at
   * `⌊min/w⌋·w`), ignoring `lower`. @default "ibsi"
   */
  readonly convention?: "ibsi" | "pyradiomics";
}

/**
 * Discretise intensities into grey levels 1…Ng.
 * - `{binCount: Ng}`: `floor(Ng·(x − min)/(max − min)) + 1`, the maximum going to Ng;
 * - `{binSize: w}`: `floor((x − lower)/w) + 1` (PyRadiomics: `lower = ⌊min/w⌋·w`);
 * - `undefined`: the intensities already are grey levels (positive integers).
 *
 * @param values intensities of the ROI voxels
 * @param bins discretisation
 * @param options lower bound for fixed bin size
 * @returns grey levels, one per value
 * @throws {DeepmarkerError} when `bins` is undefined and a value is not a positive integer
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { discretise } from "./discretise.ts";
 * assert.deepEqual([...discretise([0, 5, 10], { binCount: 2 })], [1, 2, 2]);
 * assert.deepEqual([...discretise([-500, -475, 400], { binSize: 25 }, { lower: -500 })], [1, 2, 37]);
 * assert.deepEqual([...discretise([-490, -475], { binSize: 25 }, { convention: "pyradiomics" })], [1, 2]);
 * ```
 */
export function discretise(
  values: ArrayLike<number>,
  bins: Discretisation | undefined,
  options: DiscretiseOptions = {},
): Int32Array {
  const n = values.length;
  const out = new Int32Array(n);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) min = Math.min(min, values[i]!), max = Math.max(max, values[i]!);
  if (bins === undefined) {
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (!(Number.isInteger(v) && v >= 1)) {
        throw new DeepmarkerError(
          `Cannot use intensities as grey levels: value "${v}" is not a positive integer` +
            "\nhint: set discretisation.texture to {bin_size: …} or {bin_count: …}",
        );
      }
      out[i] = v;
    }
  } else if ("binCount" in bins) {
    const ng = bins.binCount;
    for (let i = 0; i < n; i++) {
      out[i] = max === min ? 1 : Math.min(ng, Math.floor(ng * (values[i]! - min) / (max - min)) + 1);
    }
  } else {
    const w = bins.binSize;
    const lower = options.convention === "pyradiomics" ? Math.floor(min / w) * w : options.lower ?? min;
    for (let i = 0; i < n; i++) out[i] = Math.floor((values[i]! - lower) / bins.binSize + 1e-9) + 1;
  }
  return out;
}
