// The WebGPU rung proven against cpu on whatever adapter this machine has: with
// DEEPMARKER_ALLOW_SOFTWARE_GPU=1, a software one (llvmpipe) is enough to prove it correct. Runs in its
// own invocation of the test task, with --unstable-webgpu; without WebGPU the tests are ignored and say why.
import assert from "node:assert/strict";
import { tf } from "../../../pipeline/model/_tf.ts";
import { realWebGpuAdapter } from "../../../pipeline/model/real_webgpu_adapter.ts";
import { selectBackend } from "../../../pipeline/model/backends.ts";
import { trainUNet } from "../../../pipeline/model/train.ts";
import { unet3d, type UNetConfig } from "../../../pipeline/model/unet3d.ts";
import { exportOnnx } from "../../../pipeline/model/export_onnx.ts";
import { ortSession } from "../../../pipeline/model/ort_session.ts";
import { makeBlobs } from "./_blobs.ts";

const probe = await realWebGpuAdapter();
if (!probe.ok) {
  // deno-lint-ignore no-console
  console.warn(`webgpu_test: ignored because ${probe.reason}`);
}

const small: UNetConfig = {
  inputShape: [8, 16, 16],
  depth: 2,
  baseChannels: 4,
  bottleneckChannels: 8,
  norm: "instance",
  dropout: 0,
};

/** Loss and gradients of every trainable weight of a seeded U-Net on a fixed batch, on `backend`. */
async function lossAndGradients(backend: "cpu" | "webgpu"): Promise<{ loss: number; grads: Float32Array[] }> {
  await selectBackend({ pin: backend });
  const [d, h, w] = small.inputShape;
  const net = unet3d(small, { seed: 1 });
  const blobs = makeBlobs(2, small.inputShape, 5);
  const x = tf.tensor5d(Float32Array.from(blobs.flatMap((b) => [...b.image])), [2, d, h, w, 1]);
  const y = tf.tensor5d(Float32Array.from(blobs.flatMap((b) => [...b.mask])), [2, d, h, w, 1]);
  const trainable = [...net.variables.values()].filter((v) => v.trainable);
  const { value, grads } = tf.variableGrads(() =>
    tf.tidy(() => {
      const logits = net.forward(x, { training: true }).logits;
      const p = tf.sigmoid(logits);
      const dice = tf.sub(
        1,
        tf.div(tf.add(tf.mul(tf.sum(tf.mul(p, y)), 2), 1), tf.add(tf.add(tf.sum(p), tf.sum(y)), 1)),
      );
      return tf.add(dice, tf.losses.sigmoidCrossEntropy(y, logits)) as tf.Scalar;
    }), trainable);
  const out = {
    loss: (await value.data())[0]!,
    grads: await Promise.all(trainable.map(async (v) => (await grads[v.name]!.data()) as Float32Array)),
  };
  tf.dispose([x, y, value, ...Object.values(grads)]);
  net.dispose();
  return out;
}

Deno.test({
  name: "WebGPU: a U-Net's loss and gradients equal cpu's within 1e-4 relative",
  ignore: !probe.ok,
  async fn() {
    const cpu = await lossAndGradients("cpu");
    const gpu = await lossAndGradients("webgpu");
    assert.ok(Math.abs(gpu.loss - cpu.loss) <= 1e-4 * Math.abs(cpu.loss), `loss ${gpu.loss} vs ${cpu.loss}`);
    // A conv bias before instance norm has a zero gradient (round-off on both sides): errors are relative to
    // each weight's gradient, but never to less than a thousandth of the network's largest gradient.
    const largest = Math.max(...cpu.grads.map((g) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
    cpu.grads.forEach((g, i) => {
      let err = 0;
      let scale = 1e-3 * largest;
      g.forEach((v, j) => {
        err = Math.max(err, Math.abs(v - gpu.grads[i]![j]!));
        scale = Math.max(scale, Math.abs(v));
      });
      assert.ok(err / scale <= 1e-4, `gradient ${i}: relative error ${err / scale}`);
    });
    await tf.setBackend("cpu");
  },
});

Deno.test({
  name: "WebGPU: trainUNet() reaches validation Dice 0.7 on synthetic blobs, like the cpu rungs",
  ignore: !probe.ok,
  async fn() {
    await selectBackend({ pin: "webgpu" });
    // The configuration of train_test.ts' cpu test.
    const config = {
      inputShape: [8, 8, 8],
      depth: 1,
      baseChannels: 4,
      bottleneckChannels: 8,
      norm: "instance",
    } as const;
    const before = tf.memory().numTensors;
    const result = await trainUNet(makeBlobs(16, [8, 8, 8], 1), {
      config,
      epochs: 6,
      learningRate: 2e-2,
      valFraction: 0.25,
      seed: 1,
    });
    assert.equal(result.backend, "webgpu");
    assert.ok(result.bestValDice >= 0.7, `best validation Dice ${result.bestValDice}`);
    result.model.dispose();
    assert.equal(tf.memory().numTensors, before);
    await tf.setBackend("cpu");
  },
});

/** Whether onnxruntime's WebGPU execution provider starts here, and if not, its error. */
async function ortWebGpu(): Promise<string | undefined> {
  if (!probe.ok) return probe.reason;
  const net = unet3d(small, { seed: 2 });
  const bytes = exportOnnx(small, net.getWeights());
  net.dispose();
  try {
    await (await ortSession(bytes, { executionProvider: "webgpu" })).release();
    return undefined;
  } catch (e) {
    return (e instanceof Error ? e.message : String(e)).split("\n")[0];
  }
}

const ortProblem = await ortWebGpu();
if (probe.ok && ortProblem !== undefined) {
  // deno-lint-ignore no-console
  console.warn(`webgpu_test: ORT WebGPU test ignored because onnxruntime cannot start it: ${ortProblem}`);
}

Deno.test({
  name: "WebGPU: onnxruntime's WebGPU execution provider gives cpu's bottleneck features within 1e-4",
  ignore: ortProblem !== undefined,
  async fn() {
    await tf.setBackend("cpu");
    const net = unet3d(small, { seed: 2 });
    const bytes = exportOnnx(small, net.getWeights());
    net.dispose();
    const images = Float32Array.from(makeBlobs(3, small.inputShape, 6).flatMap((b) => [...b.image]));
    const cpu = await ortSession(bytes, { executionProvider: "cpu" });
    const gpu = await ortSession(bytes, { executionProvider: "webgpu" });
    try {
      assert.equal(gpu.provider, "webgpu");
      const [a, b] = [await cpu.run(images, 3), await gpu.run(images, 3)];
      const scale = a.bottleneck.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-30);
      const err = a.bottleneck.reduce((m, v, i) => Math.max(m, Math.abs(v - b.bottleneck[i]!)), 0);
      assert.ok(err / scale <= 1e-4, `bottleneck relative error ${err / scale}`);
    } finally {
      await Promise.all([cpu.release(), gpu.release()]);
    }
  },
});
