/**
 * Cost of the visualisations on a small U-Net (`[8, 16, 16]`, depth 2, base 4): one forward pass
 * (the baseline), one plain saliency (forward + backward, twice for the guided map) and one
 * activation-maximisation step of 4 starts. Compare each with the baseline of the same run.
 */
import { tf } from "../pipeline/visualise/_tf.ts";
import { unet3d } from "../pipeline/model/unet3d.ts";
import { activationMaximisation, logisticHead, saliencyMaps } from "../pipeline/visualise/mod.ts";

const unet = unet3d({
  inputShape: [8, 16, 16],
  depth: 2,
  baseChannels: 4,
  bottleneckChannels: 8,
  norm: "instance",
  dropout: 0,
});
const image = Float32Array.from({ length: 8 * 16 * 16 }, (_, i) => (Math.sin(i) + 1) / 2);
const model = { unet, modality: "ct" as const, head: logisticHead(0, { C010: 1, C100: -0.5 }) };

Deno.bench("forward pass (baseline)", { baseline: true, group: "visualise" }, () => {
  tf.tidy(() => unet.forward(tf.tensor5d(image, [1, 8, 16, 16, 1])).bottleneck.dataSync());
});
Deno.bench("saliencyMaps (plain + guided)", { group: "visualise" }, () => {
  saliencyMaps(model, image);
});
Deno.bench("activationMaximisation, 4 starts × 1 step", { group: "visualise" }, () => {
  activationMaximisation(unet, 10, { starts: 4, iterations: 1 });
});
