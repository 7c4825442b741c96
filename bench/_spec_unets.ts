/**
 * The U-Nets the shipped specs train (`experiments/demo.yaml`, `experiments/paper.yaml`), read from the
 * specs so the benchmarks measure exactly those networks.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import type { UNetConfig } from "../pipeline/model/unet3d.ts";
import { loadSpec } from "../pipeline/study/load_spec.ts";
import { unetConfigOf } from "../pipeline/study/stages/unet_config_of.ts";

async function specUNet(name: string): Promise<UNetConfig> {
  const loaded = await loadSpec(fileURLToPath(new URL(`../experiments/${name}.yaml`, import.meta.url)));
  return unetConfigOf(loaded.variants[0]!.spec);
}

/** The U-Net of `experiments/demo.yaml`. */
export const demoUNet: UNetConfig = await specUNet("demo");
/** The U-Net of `experiments/paper.yaml`. */
export const paperUNet: UNetConfig = await specUNet("paper");
