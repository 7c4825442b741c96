/**
 * How much of a saliency map's positive mass falls inside a region, against the region's share of
 * the volume: the check that a map points at a known driver.
 *
 * @module
 */

/** What {@linkcode saliencyConcentration} returns. */
export interface SaliencyConcentration {
  /** Σ max(s, 0) over the whole map. */
  readonly positiveMass: number;
  /** Fraction of the positive mass inside the region, in [0, 1] (NaN when the map has none). */
  readonly massShare: number;
  /** Fraction of the voxels inside the region, in [0, 1]. */
  readonly volumeShare: number;
  /** `massShare / volumeShare`: 1 = no concentration (NaN for an empty region or a map without positive mass). */
  readonly ratio: number;
}

/**
 * The positive saliency mass inside a region relative to the region's volume share. Only positive
 * values count: a positive guided-backpropagation value means raising that voxel raises P(death).
 *
 * @param saliency a saliency map (any layout)
 * @param region a 0/1 region in the same layout (non-zero = inside)
 * @returns positive mass, its share inside the region, the region's volume share and their ratio
 * @throws {RangeError} when the lengths differ or the map is empty
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { saliencyConcentration } from "./saliency_concentration.ts";
 * const c = saliencyConcentration([4, -1, 1, 0], [1, 1, 0, 0]);
 * assert.deepEqual([c.massShare, c.volumeShare, c.ratio], [0.8, 0.5, 1.6]);
 * ```
 */
export function saliencyConcentration(
  saliency: ArrayLike<number>,
  region: ArrayLike<number>,
): SaliencyConcentration {
  if (saliency.length !== region.length) {
    throw new RangeError(
      `Cannot measure saliency concentration: the map has ${saliency.length} voxels but the region ${region.length}`,
    );
  }
  if (saliency.length === 0) throw new RangeError("Cannot measure saliency concentration: the map is empty");
  let total = 0;
  let inside = 0;
  let voxels = 0;
  for (let i = 0; i < saliency.length; i++) {
    const s = Math.max(saliency[i]!, 0);
    total += s;
    if (region[i] !== 0) {
      inside += s;
      voxels++;
    }
  }
  const massShare = total > 0 ? inside / total : NaN;
  const volumeShare = voxels / saliency.length;
  return { positiveMass: total, massShare, volumeShare, ratio: voxels > 0 ? massShare / volumeShare : NaN };
}
