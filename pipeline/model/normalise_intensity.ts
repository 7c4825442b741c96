/**
 * Intensity normalisation of network inputs, shared by training and feature extraction so both
 * see the same scale.
 *
 * @module
 */

/**
 * How raw voxel values become network inputs:
 * - `ct`: clip Hounsfield units to `window` `[lo, hi]` (HU) and map it linearly to [0, 1];
 * - `pet`: divide SUV by `suvScale` (no clipping: hot lesions stay above 1);
 * - `none`: use values as they are.
 */
export type IntensityNormalisation =
  | { readonly kind: "ct"; readonly window: readonly [number, number] }
  | { readonly kind: "pet"; readonly suvScale: number }
  | { readonly kind: "none" };

/**
 * Normalise an image into a new array.
 *
 * @param image raw voxels (HU for CT, SUV for PET)
 * @param normalisation the rule to apply
 * @returns a new `Float32Array` of the same length
 * @throws {RangeError} when the CT window is empty or the SUV scale is not positive
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { normaliseIntensity } from "./normalise_intensity.ts";
 * const ct = normaliseIntensity(new Float32Array([-2000, -400, 200]), { kind: "ct", window: [-1000, 200] });
 * assert.deepEqual([...ct], [0, 0.5, 1]);
 * assert.deepEqual([...normaliseIntensity(new Float32Array([5]), { kind: "pet", suvScale: 10 })], [0.5]);
 * ```
 */
export function normaliseIntensity(image: Float32Array, normalisation: IntensityNormalisation): Float32Array {
  const out = new Float32Array(image.length);
  if (normalisation.kind === "ct") {
    const [lo, hi] = normalisation.window;
    if (!(hi > lo)) throw new RangeError(`Cannot normalise CT: window "[${lo}, ${hi}]" must have hi > lo`);
    for (let i = 0; i < image.length; i++) out[i] = (Math.min(hi, Math.max(lo, image[i]!)) - lo) / (hi - lo);
  } else if (normalisation.kind === "pet") {
    const s = normalisation.suvScale;
    if (!(s > 0)) throw new RangeError(`Cannot normalise PET: suvScale must be positive, got "${s}"`);
    for (let i = 0; i < image.length; i++) out[i] = image[i]! / s;
  } else out.set(image);
  return out;
}
