/**
 * How much of a mask's ROI lies inside an image's field of view, refused below a set fraction.
 *
 * @module
 */
import { DeepmarkerError } from "../errors.ts";
import { applyAffine, invertAffine, multiplyAffine } from "./_affine.ts";
import type { Grid } from "./resample_volume.ts";
import type { Volume } from "./volume.ts";

/** The default of {@linkcode CheckMaskOverlapOptions.minOverlap}: 90 % of the ROI inside the image. */
export const DEFAULT_MIN_MASK_OVERLAP = 0.9;

/** Options of {@linkcode checkMaskOverlap}. */
export interface CheckMaskOverlapOptions {
  /**
   * Smallest fraction of the ROI's voxels whose centres must fall inside the image's field of view
   * (the image grid grown by half a voxel); 0 accepts any overlap, still refusing none at all.
   * @default DEFAULT_MIN_MASK_OVERLAP (0.9)
   */
  readonly minOverlap?: number;
  /**
   * The image's name in messages ("CT", "PET", "image").
   * @default "image"
   */
  readonly imageName?: string;
  /**
   * The mask's name in messages (its path).
   * @default "mask"
   */
  readonly maskName?: string;
}

/** What {@linkcode checkMaskOverlap} measured. */
export interface MaskOverlap {
  /** ROI voxels (mask > 0). */
  readonly voxels: number;
  /** ROI voxels whose centre lies inside the image's field of view. */
  readonly inside: number;
  /** `inside / voxels`. */
  readonly fraction: number;
  /** Distance (mm) from the ROI's centroid to the image's field of view; 0 when the centroid is inside. */
  readonly centreDistanceMm: number;
}

function measure(mask: Volume, image: Grid): MaskOverlap {
  const m = multiplyAffine(invertAffine(image.affine), mask.affine); // mask voxel → image voxel
  const [mx, my, mz] = mask.dims;
  const [nx, ny, nz] = image.dims;
  const d = mask.data;
  let voxels = 0;
  let inside = 0;
  const sum: [number, number, number] = [0, 0, 0];
  let n = 0;
  for (let k = 0; k < mz; k++) {
    for (let j = 0; j < my; j++) {
      for (let i = 0; i < mx; i++, n++) {
        if (!(d[n]! > 0)) continue;
        voxels++, sum[0] += i, sum[1] += j, sum[2] += k;
        const x = m[0]! * i + m[1]! * j + m[2]! * k + m[3]!;
        const y = m[4]! * i + m[5]! * j + m[6]! * k + m[7]!;
        const z = m[8]! * i + m[9]! * j + m[10]! * k + m[11]!;
        if (x >= -0.5 && y >= -0.5 && z >= -0.5 && x <= nx - 0.5 && y <= ny - 0.5 && z <= nz - 0.5) inside++;
      }
    }
  }
  if (voxels === 0) return { voxels, inside, fraction: 0, centreDistanceMm: 0 };
  const centre = applyAffine(mask.affine, sum.map((s) => s / voxels));
  // nearest point of the field of view, by clamping in image voxel coordinates (exact for orthogonal axes)
  const v = applyAffine(invertAffine(image.affine), centre);
  const clamped = v.map((x, a) => Math.min(Math.max(x, -0.5), image.dims[a]! - 0.5));
  const near = applyAffine(image.affine, clamped);
  const centreDistanceMm = Math.hypot(centre[0] - near[0], centre[1] - near[1], centre[2] - near[2]);
  return { voxels, inside, fraction: inside / voxels, centreDistanceMm };
}

/**
 * Measures how much of the ROI (mask > 0) lies inside the image's field of view, through both affines
 * (never by index), and refuses a mask that misses the image or overlaps it less than `minOverlap`, with
 * the distance in mm from the ROI's centre to the image.
 *
 * @param mask the mask on its own grid
 * @param image the image's grid (or the image)
 * @param options smallest accepted fraction, names for messages
 * @returns the measured overlap (when accepted)
 * @throws {DeepmarkerError} when the ROI is empty or overlaps the image less than `minOverlap`
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkMaskOverlap } from "./check_mask_overlap.ts";
 * const eye = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
 * const mask = { data: new Uint8Array(64).fill(1), dims: [4, 4, 4] as const, affine: eye };
 * assert.equal(checkMaskOverlap(mask, { dims: [4, 4, 4], affine: eye }).fraction, 1);
 * const far = [1, 0, 0, 500, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
 * assert.throws(() => checkMaskOverlap({ ...mask, affine: far }, { dims: [4, 4, 4], affine: eye }),
 *   /none of its 64 voxels lies inside the image; its centre is 498\.0 mm from it \(grid centres 500\.0 mm apart\)/);
 * ```
 */
export function checkMaskOverlap(mask: Volume, image: Grid, options: CheckMaskOverlapOptions = {}): MaskOverlap {
  const min = options.minOverlap ?? DEFAULT_MIN_MASK_OVERLAP;
  const img = options.imageName ?? "image";
  const what = `Cannot use mask "${options.maskName ?? "mask"}" with the ${img}`;
  const o = measure(mask, image);
  if (o.voxels === 0) throw new DeepmarkerError(`${what}: the ROI is empty`);
  const centre = o.centreDistanceMm > 0
    ? `its centre is ${o.centreDistanceMm.toFixed(1)} mm from it`
    : "its centre is inside";
  if (o.inside === 0) {
    const apart = Math.hypot(...[0, 1, 2].map((r) => gridCentre(mask)[r]! - gridCentre(image)[r]!));
    throw new DeepmarkerError(
      `${what}: the ROI lies outside the ${img}: none of its ${o.voxels} voxels lies inside the ${img}; ${centre} ` +
        `(grid centres ${apart.toFixed(1)} mm apart)\n` +
        "hint: the mask and the image must share a world frame (check the mask's affine / origin)",
    );
  }
  if (o.fraction < min) {
    throw new DeepmarkerError(
      `${what}: only ${pct(o.fraction)} of the ROI's ${o.voxels} voxels lie inside the ${img} ` +
        `(at least ${pct(min)} required); ${centre}`,
    );
  }
  return o;
}

function gridCentre(g: Grid): [number, number, number] {
  return applyAffine(g.affine, g.dims.map((d) => (d - 1) / 2));
}

function pct(x: number): string {
  return `${(100 * x).toFixed(x > 0.99 && x < 1 ? 1 : 0)} %`;
}
