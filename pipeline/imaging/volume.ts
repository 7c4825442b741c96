/**
 * The one in-memory image type of deepmarker.
 *
 * Conventions (used by every imaging, model and report module):
 * - voxel (i, j, k) is stored at `data[i + nx * (j + ny * k)]`: x fastest, z slowest (NIfTI order);
 * - `affine` is the 4×4 voxel-index → world matrix, row-major, world in **RAS+ millimetres**
 *   (NIfTI/nibabel convention; DICOM's LPS is converted by negating x and y on ingest);
 * - CT values are HU, PET values are SUV (body weight) unless a field says otherwise, masks are 0/1.
 *
 * @module
 */

/** Typed arrays a volume may hold. */
export type VoxelArray = Float32Array | Float64Array | Int16Array | Uint16Array | Int32Array | Uint8Array | Int8Array;

/** A 3D image with its geometry. */
export interface Volume<T extends VoxelArray = VoxelArray> {
  /** Voxel values, x fastest: `data[i + nx * (j + ny * k)]`. */
  readonly data: T;
  /** Grid size `[nx, ny, nz]` in voxels. */
  readonly dims: readonly [number, number, number];
  /** Row-major 4×4 voxel → world (RAS+, mm) matrix: 16 numbers, last row `0 0 0 1`. */
  readonly affine: readonly number[];
}

/**
 * Voxel spacing (mm) along i, j, k: the column norms of the affine.
 *
 * @param volume any volume
 * @returns `[sx, sy, sz]` in millimetres
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { spacingOf } from "./volume.ts";
 * const v = { data: new Float32Array(8), dims: [2, 2, 2] as const,
 *   affine: [-2, 0, 0, 0, 0, -2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 1] };
 * assert.deepEqual(spacingOf(v), [2, 2, 3]);
 * ```
 */
export function spacingOf(volume: Pick<Volume, "affine">): [number, number, number] {
  const a = volume.affine;
  const col = (c: number) => Math.hypot(a[c]!, a[4 + c]!, a[8 + c]!);
  return [col(0), col(1), col(2)];
}
