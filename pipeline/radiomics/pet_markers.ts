/**
 * Classic PET metabolic markers on a contour: SUVmax, SUVmean, SUVpeak, MTV, TLG.
 *
 * @module
 */
import { DeepmarkerError } from "../errors.ts";
import { spacingOf, type Volume } from "../imaging/volume.ts";
import { localIntensity, PEAK_RADIUS_MM } from "./local_intensity.ts";

/** Options of {@linkcode petMarkers}. */
export interface PetMarkersOptions {
  /** Also report a threshold MTV/TLG: voxels of the contour with SUV ≥ fraction × SUVmax (e.g. 0.4). @default undefined */
  readonly thresholdFraction?: number;
  /** SUVpeak sphere radius (mm). @default 6.2035 (1 cm³, IBSI local intensity peak) */
  readonly peakRadiusMm?: number;
}

/** Metabolic markers of one contour. */
export interface PetMarkers {
  /** Highest voxel SUV in the contour. */
  readonly suvMax: number;
  /** Mean SUV in the contour. */
  readonly suvMean: number;
  /** Mean SUV in a 1 cm³ sphere around the hottest contour voxel (IBSI `loc_peak_loc`). */
  readonly suvPeak: number;
  /** Metabolic tumour volume: contour volume in mL. */
  readonly mtvMl: number;
  /** Total lesion glycolysis: MTV × SUVmean (mL). */
  readonly tlg: number;
  /** Threshold MTV (mL), when `thresholdFraction` is given. */
  readonly thresholdMtvMl?: number;
  /** Threshold TLG: threshold MTV × mean SUV of the thresholded voxels. */
  readonly thresholdTlg?: number;
}

/**
 * PET markers on the native grid (no interpolation, no discretisation).
 *
 * @param pet SUV volume
 * @param mask contour on the same grid (non-zero = inside)
 * @param options threshold fraction, peak radius
 * @returns SUVmax, SUVmean, SUVpeak, MTV, TLG (+ threshold variants)
 * @throws {DeepmarkerError} when the grids differ or the contour is empty
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { petMarkers } from "./pet_markers.ts";
 * const affine = [10, 0, 0, 0, 0, 10, 0, 0, 0, 0, 10, 0, 0, 0, 0, 1];
 * const pet = { data: Float32Array.from([2, 4, 6, 8]), dims: [4, 1, 1] as const, affine };
 * const mask = { data: Uint8Array.from([0, 1, 1, 1]), dims: [4, 1, 1] as const, affine };
 * const m = petMarkers(pet, mask, { thresholdFraction: 0.7 });
 * assert.deepEqual([m.suvMax, m.suvMean, m.suvPeak, m.mtvMl, m.tlg], [8, 6, 8, 3, 18]);
 * assert.deepEqual([m.thresholdMtvMl, m.thresholdTlg], [2, 14]);
 * ```
 */
export function petMarkers(pet: Volume, mask: Volume, options: PetMarkersOptions = {}): PetMarkers {
  if (pet.dims.some((d, i) => d !== mask.dims[i])) {
    throw new DeepmarkerError(
      `Cannot compute PET markers: mask grid "${mask.dims.join("×")}" differs from PET grid "${pet.dims.join("×")}"`,
    );
  }
  const spacing = spacingOf(pet);
  const voxelMl = spacing[0] * spacing[1] * spacing[2] / 1000;
  let n = 0;
  let sum = 0;
  let max = -Infinity;
  for (let p = 0; p < pet.data.length; p++) {
    if (!mask.data[p]) continue;
    const v = pet.data[p]!;
    n++, sum += v, max = Math.max(max, v);
  }
  if (n === 0) throw new DeepmarkerError("Cannot compute PET markers: the contour is empty");
  const peak = localIntensity(
    { image: pet.data, mask: mask.data, dims: pet.dims, spacing },
    { radiusMm: options.peakRadiusMm ?? PEAK_RADIUS_MM },
  )[0]!.value;
  const suvMean = sum / n;
  const mtvMl = n * voxelMl;
  const out: PetMarkers = { suvMax: max, suvMean, suvPeak: peak, mtvMl, tlg: mtvMl * suvMean };
  const f = options.thresholdFraction;
  if (f === undefined) return out;
  let tn = 0;
  let ts = 0;
  for (let p = 0; p < pet.data.length; p++) {
    if (mask.data[p] && pet.data[p]! >= f * max) tn++, ts += pet.data[p]!;
  }
  return { ...out, thresholdMtvMl: tn * voxelMl, thresholdTlg: tn * voxelMl * (ts / tn) };
}
