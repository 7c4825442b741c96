/**
 * Model benchmarks (run with `deno bench -A bench/model_bench.ts`): forward pass of the demo and
 * paper geometries on onnxruntime (baseline) vs tfjs-cpu vs tfjs-wasm, one training epoch on every
 * usable rung (tfjs-cpu baseline, wasm, cpu+blas), and extraction throughput through onnxruntime. Read the ratios against the ORT baseline of the same run. The paper geometry on tfjs-cpu
 * takes minutes per pass, so it runs only with `DEEPMARKER_BENCH_PAPER=1`.
 *
 * @module
 */
import { tf } from "../pipeline/model/_tf.ts";
import { unet3d } from "../pipeline/model/unet3d.ts";
import { demoUNet, paperUNet } from "./_spec_unets.ts";
import { exportOnnx } from "../pipeline/model/export_onnx.ts";
import { ortSession } from "../pipeline/model/ort_session.ts";
import { trainUNet } from "../pipeline/model/train.ts";
import { createRng } from "../stats/random.ts";
import { type BackendName, selectBackend } from "../pipeline/model/backends.ts";
import { extractFeatures } from "../pipeline/model/extract_features.ts";

await import("@tensorflow/tfjs-backend-wasm"); // a static import does not register the backend under Deno
await tf.setBackend("cpu"); // wasm registers with a higher priority; weights start on cpu

const [demo, paper] = [demoUNet, paperUNet];
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

const samples = Array.from(
  { length: 4 },
  (_, i) => ({ id: `P${i}`, image: new Float32Array(16 * 32 * 32).fill(i / 4), mask: new Uint8Array(16 * 32 * 32) }),
);
// One training epoch on each rung that exists here, stock tfjs-cpu as the baseline. Order matters:
// selecting cpu+blas replaces the cpu kernels for the rest of the process, so it runs last.
const epochOn = (rung: BackendName) => async () => {
  await selectBackend({ pin: rung });
  const r = await trainUNet(samples, { config: demo, epochs: 1, batchSize: 1, valFraction: 0.25 });
  r.model.dispose();
};
Deno.bench({
  name: "training epoch (3 steps of batch 1, demo geometry) tfjs-cpu",
  group: "train",
  baseline: true,
  n: 2,
  warmup: 0,
  fn: epochOn("cpu"),
});
Deno.bench({
  name: "training epoch (3 steps of batch 1, demo geometry) tfjs-wasm",
  group: "train",
  n: 1,
  warmup: 0,
  fn: epochOn("wasm"),
});
Deno.bench({
  name: "training epoch (3 steps of batch 1, demo geometry) cpu+blas",
  group: "train",
  n: 3,
  warmup: 1,
  fn: epochOn("cpu+blas"),
});

// Extraction throughput: 8 demo crops through ORT with Dice (patients per second = 8000 / ms).
const demoSize = 16 * 32 * 32;
const crops = Array.from({ length: 8 }, (_, i) => ({
  id: `X${i}`,
  image: Float32Array.from({ length: demoSize }, (_, j) => ((j * (i + 3)) % 17) / 17),
  mask: Uint8Array.from({ length: demoSize }, (_, j) => (j % 7 === 0 ? 1 : 0)),
}));
const extractNet = unet3d(demo, { seed: 2 });
const extractSession = await ortSession(exportOnnx(demo, extractNet.getWeights()));
Deno.bench({
  name: "8 single ORT forward passes (demo)",
  group: "extract",
  baseline: true,
  fn: async () => {
    for (const c of crops) await extractSession.run(c.image, 1);
  },
});
Deno.bench({
  name: "extractFeatures, 8 patients (demo, batch 4, with Dice)",
  group: "extract",
  fn: async () => void (await extractFeatures(extractSession, crops)),
});
