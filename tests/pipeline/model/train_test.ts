import assert from "node:assert/strict";
import { tf } from "../../../pipeline/model/_tf.ts";
import { trainUNet } from "../../../pipeline/model/train.ts";
import { adam } from "../../../pipeline/model/_adam.ts";
import { DeepmarkerError } from "../../../pipeline/errors.ts";
import type { UNetConfig } from "../../../pipeline/model/unet3d.ts";
import { makeBlobs } from "./_blobs.ts";

Deno.test("trainUNet() reaches validation Dice 0.7 on synthetic blobs without leaking tensors", async () => {
  await tf.setBackend("cpu");
  const before = tf.memory().numTensors;
  const config = { inputShape: [8, 8, 8], depth: 1, baseChannels: 4, bottleneckChannels: 8, norm: "instance" } as const;
  const result = await trainUNet(makeBlobs(16, [8, 8, 8], 1), {
    config,
    epochs: 6,
    learningRate: 2e-2,
    valFraction: 0.25,
    seed: 1,
  });
  assert.ok(result.bestValDice >= 0.7, `best validation Dice ${result.bestValDice}`);
  assert.equal(result.valIds.length, 4);
  assert.equal(result.history.length, 6);
  const counts = new Set(result.history.map((h) => h.numTensors));
  assert.equal(counts.size, 1, `tensor count changed across epochs: ${[...counts]}`);
  result.model.dispose();
  assert.equal(tf.memory().numTensors, before);
});

const tiny: Partial<UNetConfig> = {
  inputShape: [8, 8, 8],
  depth: 1,
  baseChannels: 2,
  bottleneckChannels: 4,
  norm: "batch",
  dropout: 0.2,
};

Deno.test("trainUNet() resumes an interrupted run and ends with the weights of an uninterrupted one", async () => {
  await tf.setBackend("cpu");
  const dir = await Deno.makeTempDir();
  const data = makeBlobs(5, [8, 8, 8], 7);
  const options = { config: tiny, epochs: 3, seed: 4, learningRate: 1e-2, patience: 10 };
  try {
    const cut = await trainUNet(data, { ...options, checkpointDir: dir, stopAfterEpochs: 2 });
    assert.deepEqual([cut.epochsRun, cut.epochs, cut.finished], [2, 2, false]);
    cut.model.dispose();
    const resumed = await trainUNet(data, { ...options, checkpointDir: dir });
    assert.deepEqual([resumed.resumedFromEpoch, resumed.epochsRun, resumed.epochs, resumed.finished], [2, 1, 3, true]);
    assert.deepEqual(resumed.history.map((h) => h.epoch), [1, 2, 3]);
    const again = await trainUNet(data, { ...options, checkpointDir: dir });
    assert.equal(again.epochsRun, 0);
    const straight = await trainUNet(data, options);
    assert.deepEqual(resumed.history.map((h) => h.trainLoss), straight.history.map((h) => h.trainLoss));
    const a = resumed.model.getWeights();
    const b = straight.model.getWeights();
    const c = again.model.getWeights();
    for (let i = 0; i < a.length; i++) {
      assert.deepEqual(a[i]!.values, b[i]!.values, `weight ${a[i]!.name} differs`);
      assert.deepEqual(a[i]!.values, c[i]!.values);
    }
    [resumed, again, straight].forEach((r) => r.model.dispose());
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trainUNet() refuses to resume a checkpoint of another config", async () => {
  await tf.setBackend("cpu");
  const dir = await Deno.makeTempDir();
  const data = makeBlobs(4, [8, 8, 8], 2);
  try {
    const first = await trainUNet(data, { config: tiny, epochs: 1, checkpointDir: dir });
    first.model.dispose();
    await assert.rejects(
      () => trainUNet(data, { config: { ...tiny, baseChannels: 3 }, epochs: 2, checkpointDir: dir }),
      (e: unknown) => e instanceof DeepmarkerError && /another config/.test(e.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("adam() fused cpu update equals the tensor-op update bit for bit", async () => {
  await tf.setBackend("cpu");
  const before = tf.memory().numTensors;
  const run = async (fused: boolean) => {
    const values = Float32Array.from({ length: 300 }, (_, i) => Math.sin(i * 0.7) * 0.3);
    const initial = tf.tensor(values, [3, 100]);
    const x = tf.variable(initial);
    initial.dispose();
    const opt = adam(new Map([["w", x]]), { fused });
    for (let step = 0; step < 5; step++) {
      const g = tf.tensor(values.map((v, i) => Math.cos(v * (step + 1) + i) * 10 ** ((i % 9) - 4)), [3, 100]);
      opt.update({ w: g }, 1e-3 * (step + 1));
      g.dispose();
    }
    const out = [(x.dataSync() as Float32Array).slice(), ...(await opt.state()).moments.values()];
    opt.dispose();
    x.dispose();
    return out;
  };
  const [fused, ops] = [await run(true), await run(false)];
  assert.equal(fused.length, 3);
  for (let i = 0; i < fused.length; i++) assert.deepEqual(fused[i], ops[i]);
  assert.equal(tf.memory().numTensors, before);
});
