/**
 * Cropping a patient's CT, PET and mask onto one ROI-centred grid in world space.
 *
 * @module
 */
import { DeepmarkerError } from "../errors.ts";
import { applyAffine } from "./_affine.ts";
import { type Grid, resampleVolume } from "./resample_volume.ts";
import type { Volume } from "./volume.ts";

/** The three volumes of a patient (any grids). */
export interface PatientVolumes {
  readonly ct: Volume;
  readonly pet: Volume;
  readonly mask: Volume;
}

/** Options of {@linkcode cropPatient}. */
export interface CropPatientOptions {
  /**
   * Box size W × H × D in mm.
   * @default [96, 96, 48]
   */
  readonly sizeMm?: readonly [number, number, number];
  /**
   * Output voxel spacing in mm.
   * @default [1, 1, 1]
   */
  readonly spacingMm?: readonly [number, number, number];
  /**
   * Box centre: the mask's centroid or the centre of its bounding box.
   * @default "centroid"
   */
  readonly center?: "centroid" | "bbox";
  /**
   * CT value where the box leaves the image (HU).
   * @default -1000
   */
  readonly padCt?: number;
  /**
   * PET value where the box leaves the image (SUV).
   * @default 0
   */
  readonly padPet?: number;
  /**
   * Mask interpolation: nearest neighbour, or trilinear then ≥ 0.5.
   * @default "linear"
   */
  readonly maskInterpolation?: "nearest" | "linear";
  /**
   * Clamp CT to this window (HU) after resampling.
   * @default undefined (no clamp)
   */
  readonly ctWindow?: readonly [number, number];
  /**
   * Clamp PET to this SUV range after resampling.
   * @default undefined (no clamp)
   */
  readonly petClip?: readonly [number, number];
}

/**
 * World-space centre of a mask (voxels > 0): centroid or bounding-box centre.
 *
 * @param mask the mask
 * @param center which centre
 * @returns `[x, y, z]` RAS+ mm
 * @throws {DeepmarkerError} when the mask is empty
 */
export function maskCenter(mask: Volume, center: "centroid" | "bbox" = "centroid"): [number, number, number] {
  const [nx, ny, nz] = mask.dims;
  const sum: [number, number, number] = [0, 0, 0];
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  let count = 0;
  let n = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        if (!(mask.data[n]! > 0)) continue;
        count++;
        sum[0] += i, sum[1] += j, sum[2] += k;
        lo[0] = Math.min(lo[0]!, i), lo[1] = Math.min(lo[1]!, j), lo[2] = Math.min(lo[2]!, k);
        hi[0] = Math.max(hi[0]!, i), hi[1] = Math.max(hi[1]!, j), hi[2] = Math.max(hi[2]!, k);
      }
    }
  }
  if (count === 0) throw new DeepmarkerError("Cannot crop: the mask is empty");
  const ijk = center === "bbox" ? lo.map((l, a) => (l + hi[a]!) / 2) : sum.map((s) => s / count);
  return applyAffine(mask.affine, ijk);
}

/**
 * The crop grid: axes along RAS −x, −y, +z (the usual axial DICOM orientation, so a viewer shows the
 * crop like the scan), `round(size / spacing)` voxels, centred on `center`.
 *
 * @param center world centre
 * @param sizeMm box size
 * @param spacingMm voxel spacing
 * @returns the grid
 */
export function cropGrid(
  center: readonly number[],
  sizeMm: readonly number[],
  spacingMm: readonly number[],
): Grid {
  const dims = [0, 1, 2].map((a) => Math.max(1, Math.round(sizeMm[a]! / spacingMm[a]!))) as [number, number, number];
  const dir = [-1, -1, 1];
  const s = [0, 1, 2].map((a) => dir[a]! * spacingMm[a]!);
  const o = [0, 1, 2].map((a) => center[a]! - (s[a]! * (dims[a]! - 1)) / 2);
  return { dims, affine: [s[0]!, 0, 0, o[0]!, 0, s[1]!, 0, o[1]!, 0, 0, s[2]!, o[2]!, 0, 0, 0, 1] };
}

function clamp(v: Volume, range: readonly [number, number] | undefined): Volume {
  if (!range) return v;
  const d = v.data;
  for (let n = 0; n < d.length; n++) d[n] = Math.min(range[1], Math.max(range[0], d[n]!));
  return v;
}

/**
 * Resamples CT (trilinear), PET (trilinear) and mask onto one box of `sizeMm` at `spacingMm`, centred on
 * the mask's centroid (or bounding-box centre), padding where the box leaves an image. The crop's
 * affine maps every voxel back to the patient.
 *
 * @param volumes CT (HU), PET (SUV) and mask, each on its own grid
 * @param options box, spacing, centre, padding, mask interpolation, intensity clamps
 * @returns CT and PET as Float32Array, mask as Uint8Array, all on the crop grid
 * @throws {DeepmarkerError} when the mask is empty
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cropPatient } from "./crop_patient.ts";
 * const eye = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
 * const mask = { data: new Uint8Array(27), dims: [3, 3, 3] as const, affine: eye };
 * mask.data[13] = 1;
 * const ct = { data: new Float32Array(27).fill(40), dims: [3, 3, 3] as const, affine: eye };
 * const crop = cropPatient({ ct, pet: ct, mask }, { sizeMm: [5, 5, 5], spacingMm: [1, 1, 1] });
 * assert.deepEqual(crop.ct.dims, [5, 5, 5]);
 * assert.equal(crop.ct.data[62], 40); // centre
 * assert.equal(crop.ct.data[0], -1000); // outside the scan
 * assert.equal([...crop.mask.data].filter((x) => x === 1).length, 1);
 * ```
 */
export function cropPatient(volumes: PatientVolumes, options: CropPatientOptions = {}): PatientVolumes {
  const c = maskCenter(volumes.mask, options.center ?? "centroid");
  const grid = cropGrid(c, options.sizeMm ?? [96, 96, 48], options.spacingMm ?? [1, 1, 1]);
  const ct = clamp(resampleVolume(volumes.ct, grid, { fill: options.padCt ?? -1000 }), options.ctWindow);
  const pet = clamp(resampleVolume(volumes.pet, grid, { fill: options.padPet ?? 0 }), options.petClip);
  const mask = options.maskInterpolation === "nearest"
    ? resampleVolume(volumes.mask, grid, { interpolation: "nearest", threshold: 0.5 })
    : resampleVolume(volumes.mask, grid, { threshold: 0.5 });
  return { ct, pet, mask };
}
