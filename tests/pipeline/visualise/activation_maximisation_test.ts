import assert from "node:assert/strict";
import { tf } from "../../../pipeline/visualise/_tf.ts";
import { activationMaximisation } from "../../../pipeline/visualise/activation_maximisation.ts";
import { unitActivations } from "../../../pipeline/visualise/unit_activations.ts";
import { compareActivation } from "../../../pipeline/visualise/compare_activation.ts";
import { createRng } from "../../../stats/random.ts";
import { syntheticCrops, tinyUNet } from "./_fixture.ts";

Deno.test("activationMaximisation() autodiff gradient of a unit matches central finite differences", () => {
  const unet = tinyUNet({ inputShape: [4, 4, 4], bottleneckChannels: 2 });
  const index = 9;
  const x = Float32Array.from({ length: 64 }, (_, i) => Math.cos(i * 1.3) * 0.5 + 0.4);
  const act = (t: tf.Tensor) =>
    tf.slice(tf.reshape(unet.forward(t as tf.Tensor5D).bottleneck, [t.shape[0]!, -1]), [0, index], [t.shape[0]!, 1]);
  const g = tf.tidy(() =>
    tf.grad((t: tf.Tensor) => tf.sum(act(t)) as tf.Scalar)(tf.tensor5d(x, [1, 4, 4, 4, 1])).dataSync()
  );
  const eps = 3e-3;
  const batch = new Float32Array(128 * 64); // central differences: O(eps²) truncation, float32 round-off ~1e-7/eps
  for (let v = 0; v < 64; v++) {
    batch.set(x, 2 * v * 64);
    batch.set(x, (2 * v + 1) * 64);
    batch[2 * v * 64 + v]! += eps;
    batch[(2 * v + 1) * 64 + v]! -= eps;
  }
  const a = tf.tidy(() => act(tf.tensor5d(batch, [128, 4, 4, 4, 1])).dataSync());
  let num = 0;
  let den = 0;
  for (let v = 0; v < 64; v++) (num += ((a[2 * v]! - a[2 * v + 1]!) / (2 * eps) - g[v]!) ** 2), (den += g[v]! ** 2);
  assert.ok(den > 0, "the unit must be on at x");
  assert.ok(Math.sqrt(num / den) <= 1e-3, `relative error ${Math.sqrt(num / den)}`);
  unet.dispose();
});

Deno.test("activationMaximisation() raises units far above their activation on random and real crops", () => {
  const unet = tinyUNet();
  const crops = syntheticCrops(4);
  const rng = createRng(3, "random inputs");
  const randoms = Array.from({ length: 6 }, () => Float32Array.from({ length: 2048 }, () => rng.uniform()));
  for (const unit of ["C0257", "C0510"]) {
    const am = activationMaximisation(unet, unit, { starts: 2, iterations: 40, stepSize: 0.1 });
    const reached = am.activations[am.best]!;
    const real = unitActivations(unet, crops.map((c) => c.image), { units: [unit] }).get(unit)!;
    const random = unitActivations(unet, randoms, { units: [unit] }).get(unit)!;
    const baseline = Math.max(...real, ...random);
    assert.ok(reached >= 2 * baseline, `${unit}: reached ${reached}, baseline max ${baseline}`);
    assert.ok(reached > Math.max(...am.initialActivations));
    assert.equal(compareActivation(reached, real).percentile, 100);
    assert.equal(am.inputs[am.best]!.length, 2048);
  }
  unet.dispose();
});

Deno.test("activationMaximisation() is reproducible from its seed and leaks no tensors", () => {
  const unet = tinyUNet({ inputShape: [4, 4, 4], bottleneckChannels: 2 });
  const before = tf.memory().numTensors;
  const options = { starts: 2, iterations: 4, seed: 5, smoothnessWeight: 0.1, valueRange: [-1, 1] as const };
  const a = activationMaximisation(unet, "C03", options);
  const b = activationMaximisation(unet, 3, options);
  activationMaximisation(unet, "C12", options);
  assert.deepEqual(a.inputs, b.inputs);
  assert.deepEqual(a.activations, b.activations);
  assert.ok(a.inputs.every((x) => x.every((v) => v >= -1 && v <= 1)));
  assert.notDeepEqual(activationMaximisation(unet, 3, { ...options, seed: 6 }).inputs, a.inputs);
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => activationMaximisation(unet, "C16"), RangeError);
  assert.throws(() => activationMaximisation(unet, "P03"), RangeError);
  unet.dispose();
});
