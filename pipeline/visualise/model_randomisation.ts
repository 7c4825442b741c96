/**
 * Adebayo et al.'s cascading model-randomisation test (2018, "Sanity checks for saliency maps"): the
 * encoder's blocks are re-initialised one after another from the top (the bottleneck block) down to
 * the first level, and a map is recomputed after each step. A map that explains what the network has
 * learned must change as its weights are destroyed.
 *
 * @module
 */
import { type UNet, unet3d, type UNetConfig } from "../model/unet3d.ts";

/**
 * The encoder's blocks from the top down: `bottleneck`, `enc<depth−1>`, …, `enc0`.
 *
 * @param config the architecture
 * @returns block names in cascade order
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { encoderCascade } from "./model_randomisation.ts";
 * const blocks = encoderCascade({ inputShape: [8, 8, 8], depth: 2, baseChannels: 2, bottleneckChannels: 4, norm: "none", dropout: 0 });
 * assert.deepEqual(blocks, ["bottleneck", "enc1", "enc0"]);
 * ```
 */
export function encoderCascade(config: UNetConfig): string[] {
  return ["bottleneck", ...Array.from({ length: config.depth }, (_, i) => `enc${config.depth - 1 - i}`)];
}

/** Options of {@linkcode cascadingRandomisation}. */
export interface CascadingRandomisationOptions {
  /** How many blocks to randomise, from the top (at most the encoder's `depth + 1`). @default every block */
  readonly steps?: number;
  /** Seed of the re-initialisation (the U-Net's own He-normal rule). @default 0 */
  readonly seed?: number;
}

/**
 * Run `fn` once per cascade step with the encoder's top blocks re-initialised (step 1: the bottleneck
 * block; step k: the top k blocks), then restore the trained weights (also on error).
 *
 * @param unet the trained network (its weights are changed during the call and restored after)
 * @param options steps and seed
 * @param fn work to do at each step, given the name of the lowest block randomised so far
 * @returns each step's block and what `fn` returned
 * @throws whatever `fn` throws
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { unet3d } from "../model/unet3d.ts";
 * import { cascadingRandomisation } from "./model_randomisation.ts";
 * const unet = unet3d({ inputShape: [4, 4, 4], depth: 1, baseChannels: 1, bottleneckChannels: 2, norm: "none", dropout: 0 }, { seed: 3 });
 * const before = unet.variables.get("enc0.conv1.kernel")!.dataSync()[0];
 * const steps = cascadingRandomisation(unet, { seed: 9 }, () => unet.variables.get("enc0.conv1.kernel")!.dataSync()[0]);
 * assert.deepEqual(steps.map((s) => s.block), ["bottleneck", "enc0"]);
 * assert.equal(steps[0]!.result, before);
 * assert.notEqual(steps[1]!.result, before);
 * assert.equal(unet.variables.get("enc0.conv1.kernel")!.dataSync()[0], before);
 * unet.dispose();
 * ```
 */
export function cascadingRandomisation<T>(
  unet: UNet,
  options: CascadingRandomisationOptions,
  fn: (block: string) => T,
): { block: string; result: T }[] {
  const blocks = encoderCascade(unet.config).slice(0, options.steps ?? Infinity);
  if (blocks.length === 0) return [];
  const trained = unet.getWeights();
  const fresh = unet3d(unet.config, { seed: options.seed ?? 0 });
  const random = fresh.getWeights();
  fresh.dispose();
  const out: { block: string; result: T }[] = [];
  try {
    for (const block of blocks) {
      unet.setWeights(random.filter((w) => w.name.startsWith(`${block}.`)));
      out.push({ block, result: fn(block) });
    }
  } finally {
    unet.setWeights(trained);
  }
  return out;
}
