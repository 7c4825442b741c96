// The conv kernels on 1, 2 and 3 threads: bit-identical to each other (each output element is computed
// by the same GEMM calls whatever the thread count), within 1e-4 of stock tfjs-cpu, and training on
// several threads resumes bit-identically after a kill.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { registerBlasKernels, unregisterBlasKernels } from "../../../../pipeline/model/blas/mod.ts";
import { trainUNet, type TrainUNetOptions } from "../../../../pipeline/model/train.ts";
import { createRng } from "../../../../stats/random.ts";
import { makeBlobs } from "../_blobs.ts";
import { systemBlasPresent } from "../../../_helpers/system_blas.ts";

tf.env().set("PROD", true);
await tf.setBackend("cpu");

const noBlas = !systemBlasPresent();

/** Stride-1 cases above the pool's threshold (2^24 multiply-adds): odd channels, odd sizes, both pads, 1–3 taps. */
const CASES = [
  { x: [2, 12, 14, 16, 16], f: [3, 3, 3, 16, 16], pad: "same" as const },
  { x: [1, 13, 11, 17, 5], f: [3, 3, 3, 5, 33], pad: "same" as const },
  { x: [2, 10, 12, 9, 33], f: [3, 2, 3, 33, 7], pad: "valid" as const },
  { x: [1, 16, 16, 16, 1], f: [3, 3, 3, 1, 64], pad: "same" as const },
];

function randomTensor(seed: string, shape: number[]): tf.Tensor5D {
  const rng = createRng(17, seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.normal()), shape) as unknown as tf.Tensor5D;
}

/** Forward, input gradient and filter gradient of every case. */
function convAll(): Float32Array[][] {
  return CASES.map(({ x, f, pad }, i) =>
    tf.tidy(() => {
      const xs = randomTensor(`x${i}`, x);
      const fs = randomTensor(`f${i}`, f);
      const y = tf.conv3d(xs, fs, 1, pad);
      const dy = randomTensor(`dy${i}`, y.shape);
      const dx = tf.engine().runKernel(tf.Conv3DBackpropInputV2, { dy, filter: fs }, {
        strides: 1,
        pad,
        inputShape: x,
      }) as tf.Tensor;
      const dw = tf.engine().runKernel(tf.Conv3DBackpropFilterV2, { x: xs, dy }, {
        strides: 1,
        pad,
        filterShape: f,
      }) as tf.Tensor;
      return [y, dx, dw].map((t) => t.dataSync() as Float32Array);
    })
  );
}

function relativeError(want: Float32Array, got: Float32Array): number {
  let err = 0;
  let scale = 1e-30;
  want.forEach((v, i) => {
    err = Math.max(err, Math.abs(v - got[i]!));
    scale = Math.max(scale, Math.abs(v));
  });
  return err / scale;
}

Deno.test({
  name: "conv3d kernels on 1, 2 and 3 threads: bit-identical to each other, within 1e-4 of stock",
  ignore: noBlas,
  async fn() {
    const stock = convAll();
    const byThreads: Float32Array[][][] = [];
    for (const threads of [1, 2, 3]) {
      const r = await registerBlasKernels({ threads });
      try {
        assert.equal(r.ok, true, r.reason);
        assert.equal(r.threads, threads);
        byThreads.push(convAll());
      } finally {
        unregisterBlasKernels();
      }
    }
    const what = ["forward", "input gradient", "filter gradient"];
    CASES.forEach((c, i) => {
      what.forEach((name, j) => {
        const label = `${name} of ${JSON.stringify(c)}`;
        const err = relativeError(stock[i]![j]!, byThreads[0]![i]![j]!);
        assert.ok(err <= 1e-4, `${label}: relative error ${err} against stock`);
        for (const t of [1, 2]) {
          assert.deepEqual(byThreads[t]![i]![j], byThreads[0]![i]![j], `${label}, ${t + 1} threads`);
        }
      });
    });
  },
});

Deno.test({
  name: "training on 3 threads: killed and resumed equals uninterrupted, and equals 1 thread bit for bit",
  ignore: noBlas,
  async fn() {
    // The demo's crop and channels: its convolutions are large enough to go to the thread pool.
    const config = {
      inputShape: [16, 32, 32],
      depth: 2,
      baseChannels: 8,
      bottleneckChannels: 16,
      norm: "instance",
    } as const;
    const data = makeBlobs(5, [16, 32, 32], 4);
    const options: TrainUNetOptions = { config, epochs: 2, seed: 3, learningRate: 1e-2, valFraction: 0.2 };
    const dir = await Deno.makeTempDir();
    const train = async (threads: number, extra: Partial<TrainUNetOptions> = {}) => {
      await registerBlasKernels({ threads });
      try {
        const r = await trainUNet(data, { ...options, ...extra });
        const weights = r.model.getWeights();
        r.model.dispose();
        return { losses: r.history.map((h) => h.trainLoss), weights, epochs: r.epochsRun };
      } finally {
        unregisterBlasKernels();
      }
    };
    try {
      const cut = await train(3, { checkpointDir: dir, stopAfterEpochs: 1 });
      assert.equal(cut.epochs, 1);
      const resumed = await train(3, { checkpointDir: dir });
      assert.equal(resumed.epochs, 1);
      const straight = await train(3);
      const single = await train(1);
      assert.deepEqual(resumed.losses, straight.losses);
      assert.deepEqual(single.losses, straight.losses);
      straight.weights.forEach((w, i) => {
        assert.deepEqual(resumed.weights[i]!.values, w.values, `resumed weight ${w.name}`);
        assert.deepEqual(single.weights[i]!.values, w.values, `1-thread weight ${w.name}`);
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
