/** The U-Net a spec trains. @module */
import type { UNetConfig } from "../../model/unet3d.ts";
import type { Spec } from "../spec_schema.ts";

/**
 * The U-Net configuration of a spec: input `[D, H, W]` = crop size / spacing in voxels, and the
 * `train` section's depth, channels, normalisation and dropout. The train stages build their networks
 * from it; benchmarks and tests use it to get exactly the networks of the shipped specs.
 *
 * @param spec a validated spec
 * @returns the configuration
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { fileURLToPath } from "node:url";
 * import { loadSpec } from "../load_spec.ts";
 * import { unetConfigOf } from "./unet_config_of.ts";
 * const demo = await loadSpec(fileURLToPath(new URL("../../../experiments/demo.yaml", import.meta.url)));
 * assert.deepEqual(unetConfigOf(demo.variants[0]!.spec).inputShape, [16, 32, 32]);
 * ```
 */
export function unetConfigOf(spec: Spec): UNetConfig {
  const [w, h, d] = spec.crop.size_mm.map((mm, i) => Math.round(mm / spec.crop.spacing_mm[i]!)) as [
    number,
    number,
    number,
  ];
  return {
    inputShape: [d, h, w],
    depth: spec.train.depth,
    baseChannels: spec.train.base_channels,
    bottleneckChannels: spec.train.bottleneck_channels,
    norm: spec.train.norm,
    dropout: spec.train.dropout,
  };
}
