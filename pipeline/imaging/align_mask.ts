/**
 * Bringing a mask onto its image's grid through the two affines.
 *
 * @module
 */
import { checkMaskOverlap, type CheckMaskOverlapOptions } from "./check_mask_overlap.ts";
import { resampleVolume } from "./resample_volume.ts";
import { sameGrid } from "./same_grid.ts";
import type { Volume } from "./volume.ts";

/** How a mask on another grid is brought onto the image grid. */
export type MaskResampling = "nearest" | "partial_volume";

/** Options of {@linkcode alignMask}. */
export interface AlignMaskOptions extends CheckMaskOverlapOptions {
  /**
   * `nearest`: each image voxel takes the mask value at its centre; `partial_volume`: the mask is
   * interpolated trilinearly (the fraction of the image voxel it covers, to first order) and voxels at
   * least half covered are kept.
   * @default "nearest"
   */
  readonly resampling?: MaskResampling;
}

/**
 * The mask as a 0/1 volume on the image's grid. A mask already on that grid (same size and affine) is
 * kept voxel for voxel; a mask on another grid is resampled through both affines — never matched by
 * index, even when the sizes agree — after {@linkcode checkMaskOverlap} has refused a mask that misses
 * the image or overlaps it less than `minOverlap`.
 *
 * @param mask the mask (> 0 = ROI) on its own grid
 * @param image the image it belongs to
 * @param options resampling, smallest accepted overlap, names for messages
 * @returns a `Uint8Array` mask with the image's dims and affine
 * @throws {DeepmarkerError} when the ROI is empty, misses the image, or overlaps it too little
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { alignMask } from "./align_mask.ts";
 * const image = { data: new Float32Array(4), dims: [4, 1, 1] as const,
 *   affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] };
 * // the same size, one voxel further along x: voxel 0 of the mask is voxel 1 of the image
 * const mask = { data: new Uint8Array([1, 1, 0, 0]), dims: [4, 1, 1] as const,
 *   affine: [1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] };
 * assert.deepEqual([...alignMask(mask, image).data], [0, 1, 1, 0]);
 * ```
 */
export function alignMask(mask: Volume, image: Volume, options: AlignMaskOptions = {}): Volume<Uint8Array> {
  checkMaskOverlap(mask, image, options);
  if (sameGrid(image, mask)) {
    const data = new Uint8Array(mask.data.length);
    for (let n = 0; n < data.length; n++) data[n] = mask.data[n]! > 0 ? 1 : 0;
    return { data, dims: image.dims, affine: image.affine };
  }
  const binary = { ...mask, data: Float32Array.from(mask.data, (x) => (x > 0 ? 1 : 0)) };
  const out = resampleVolume(binary, image, {
    interpolation: options.resampling === "partial_volume" ? "linear" : "nearest",
    threshold: 0.5,
  });
  return { data: out.data as Uint8Array, dims: image.dims, affine: image.affine };
}
