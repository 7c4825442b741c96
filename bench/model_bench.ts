/**
 * Model benchmarks (run with `deno bench -A bench/model_bench.ts`): forward pass of the demo and
 * paper geometries on onnxruntime (baseline) vs tfjs-cpu vs tfjs-wasm, and one training step on
 * tfjs-cpu. Read the ratios against the ORT baseline of the same run. The paper geometry on tfjs-cpu
 * takes minutes per pass, so it runs only with `DEEPMARKER_BENCH_PAPER=1`.
 *
 * @module
 */
import { tf } from "../pipeline/model/_tf.ts";
import { unet3d, type UNetConfig } from "../pipeline/model/unet3d.ts";
import { exportOnnx } from "../pipeline/model/export_onnx.ts";
import { ortSession } from "../pipeline/model/ort_session.ts";
import { trainUNet } from "../pipeline/model/train.ts";
import { createRng } from "../stats/random.ts";

await import("@tensorflow/tfjs-backend-wasm"); // a static import does not register the backend under Deno
await tf.setBackend("cpu"); // wasm registers with a higher priority; weights start on cpu

const demo: UNetConfig = {
  inputShape: [16, 32, 32],
  depth: 2,
  baseChannels: 8,
  bottleneckChannels: 32,
  norm: "instance",
  dropout: 0,
};
const paper: UNetConfig = {
  inputShape: [48, 96, 96],
  depth: 3,
  baseChannels: 8,
  bottleneckChannels: 64,
  norm: "instance",
  dropout: 0,
};
const geometries = Deno.env.get("DEEPMARKER_BENCH_PAPER") === "1" ? { demo, paper } : { demo };

for (const [label, config] of Object.entries(geometries)) {
  const size = config.inputShape.reduce((a, b) => a * b, 1);
  const rng = createRng(1, "bench");
  const image = Float32Array.from({ length: size }, () => rng.uniform());
  const net = unet3d(config, { seed: 1 });
  const session = await ortSession(exportOnnx(config, net.getWeights()));
  const forwardOn = (backend: string) => async () => {
    await tf.setBackend(backend);
    tf.tidy(() => net.forward(tf.tensor5d(image, [1, ...config.inputShape, 1])).bottleneck.dataSync());
  };
  Deno.bench({
    name: `forward ${label} ORT cpu`,
    group: `forward-${label}`,
    baseline: true,
    fn: async () => void (await session.run(image, 1)),
  });
  Deno.bench({ name: `forward ${label} tfjs-cpu`, group: `forward-${label}`, n: 3, warmup: 1, fn: forwardOn("cpu") });
  Deno.bench({ name: `forward ${label} tfjs-wasm`, group: `forward-${label}`, n: 3, warmup: 1, fn: forwardOn("wasm") });
}

const tiny: Partial<UNetConfig> = {
  inputShape: [16, 32, 32],
  depth: 2,
  baseChannels: 8,
  bottleneckChannels: 32,
  norm: "instance",
};
const samples = Array.from(
  { length: 4 },
  (_, i) => ({ id: `P${i}`, image: new Float32Array(16 * 32 * 32).fill(i / 4), mask: new Uint8Array(16 * 32 * 32) }),
);
Deno.bench({
  name: "training epoch (3 steps of batch 1, demo geometry) tfjs-cpu",
  group: "train",
  n: 2,
  warmup: 0,
  fn: async () => {
    await tf.setBackend("cpu");
    const r = await trainUNet(samples, { config: tiny, epochs: 1, batchSize: 1, valFraction: 0.25 });
    r.model.dispose();
  },
});
