/**
 * Names of bottleneck features: one letter for the modality (`C` CT, `P` PET) and the zero-padded
 * index of the unit in the flattened bottleneck.
 *
 * **Flattening order (the one definition in deepmarker).** The bottleneck of a U-Net with input
 * `[D, H, W]` (z, y, x; see `unet3d.ts`) and `p` poolings is a tensor `[d, h, w, c]` with
 * `d = D/2^p`, `h = H/2^p`, `w = W/2^p` and `c` channels, channel-last as tfjs (and Keras, which the
 * paper used) stores it. Unit `(z, y, x, k)` has index `((z * h + y) * w + x) * c + k`: the channel
 * varies fastest, then x, then y, z slowest. Both the tfjs model and the exported ONNX graph emit the
 * bottleneck in exactly this order, so row `i` of the feature matrix is `bottleneck.subarray(i * n,
 * (i + 1) * n)`. At the paper's geometry (`[48, 96, 96]`, three poolings, 64 channels) that is
 * `6 × 12 × 12 × 64 = 55,296` units, `C00000` … `C55295`.
 *
 * @module
 */

/** Imaging modality of a feature. */
export type Modality = "ct" | "pet";

/** Options of {@linkcode featureName}. */
export interface FeatureNameOptions {
  /** Number of features of the modality; the index is zero-padded to the digits of `count - 1`. @default 55296 */
  readonly count?: number;
}

const prefixes: Record<Modality, string> = { ct: "C", pet: "P" };

/**
 * The name of bottleneck unit `index` of a modality, e.g. `C16704`.
 *
 * @param modality `"ct"` or `"pet"`
 * @param index flattened bottleneck index (see the module doc for the order)
 * @param options the feature count, which sets the zero-padding width
 * @returns the feature name
 * @throws {RangeError} when the index is not an integer in `[0, count)`
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { featureName } from "./feature_names.ts";
 * assert.equal(featureName("ct", 16704), "C16704");
 * assert.equal(featureName("pet", 7), "P00007");
 * assert.equal(featureName("pet", 7, { count: 512 }), "P007");
 * ```
 */
export function featureName(modality: Modality, index: number, options: FeatureNameOptions = {}): string {
  const count = options.count ?? 55296;
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`Cannot name feature "${index}": index must be an integer in [0, ${count})`);
  }
  const width = String(Math.max(count - 1, 0)).length;
  return prefixes[modality] + String(index).padStart(width, "0");
}

/** A parsed feature name. */
export interface ParsedFeatureName {
  /** Modality of the feature. */
  readonly modality: Modality;
  /** Flattened bottleneck index. */
  readonly index: number;
}

/**
 * Parse a feature name made by {@linkcode featureName}.
 *
 * @param name e.g. `"P15398"`
 * @returns modality and index
 * @throws {SyntaxError} when the name is not `C` or `P` followed by digits
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFeatureName } from "./feature_names.ts";
 * assert.deepEqual(parseFeatureName("P15398"), { modality: "pet", index: 15398 });
 * ```
 */
export function parseFeatureName(name: string): ParsedFeatureName {
  const match = /^([CP])(\d+)$/.exec(name);
  if (match === null) {
    throw new SyntaxError(`Cannot parse feature name "${name}": expected "C" or "P" followed by digits`);
  }
  return { modality: match[1] === "C" ? "ct" : "pet", index: Number(match[2]) };
}
