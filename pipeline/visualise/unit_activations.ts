/**
 * Activations of chosen bottleneck units on real crops, computed with the tfjs model (the same
 * numbers as the feature table's columns, without an ONNX round trip).
 *
 * @module
 */
import { tf } from "./_tf.ts";
import type { Modality } from "../model/feature_names.ts";
import type { UNet } from "../model/unet3d.ts";
import { resolveUnit } from "./resolve_unit.ts";
import { batchTensor, flatBottleneck } from "./_unit_activation.ts";

/** Options of {@linkcode unitActivations}. */
export interface UnitActivationsOptions {
  /** Units by feature name or flattened index. */
  readonly units: readonly (string | number)[];
  /** Modality of the model. @default "ct" */
  readonly modality?: Modality;
}

/**
 * The activation of each unit on each image (one forward pass per image).
 *
 * @param unet the U-Net
 * @param images normalised crops of the model's `[D, H, W]` (x fastest)
 * @param options the units and the modality
 * @returns a map from canonical unit name (see {@linkcode resolveUnit}) to one activation per image
 * @throws {RangeError} when a unit is outside the bottleneck
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { unet3d } from "../model/unet3d.ts";
 * import { unitActivations } from "./unit_activations.ts";
 * const unet = unet3d({ inputShape: [4, 4, 4], depth: 1, baseChannels: 1, bottleneckChannels: 2, norm: "none", dropout: 0 });
 * const acts = unitActivations(unet, [new Float32Array(64), new Float32Array(64).fill(1)], { units: ["C03"] });
 * assert.equal(acts.get("C03")!.length, 2);
 * unet.dispose();
 * ```
 */
export function unitActivations(
  unet: UNet,
  images: readonly Float32Array[],
  options: UnitActivationsOptions,
): Map<string, Float64Array> {
  const units = options.units.map((u) => resolveUnit(unet.config, u, { modality: options.modality ?? "ct" }));
  const out = new Map(units.map((u) => [u.name, new Float64Array(images.length)]));
  images.forEach((image, i) => {
    const flat = tf.tidy(() => flatBottleneck(unet, batchTensor(unet, image, 1)).dataSync());
    for (const u of units) out.get(u.name)![i] = flat[u.index]!;
  });
  return out;
}
