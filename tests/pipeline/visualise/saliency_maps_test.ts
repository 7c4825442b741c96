import assert from "node:assert/strict";
import { tf } from "../../../pipeline/visualise/_tf.ts";
import { deathProbability } from "../../../pipeline/visualise/death_probability.ts";
import { logisticHead } from "../../../pipeline/visualise/logistic_head.ts";
import { saliencyMaps } from "../../../pipeline/visualise/saliency_maps.ts";
import { tinyUNet } from "./_fixture.ts";

const x = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i * 1.7) * 0.5 + 0.3);

Deno.test("saliencyMaps() gradient of P(death) matches central finite differences (rel. error ≤ 1e-3)", () => {
  const unet = tinyUNet({ inputShape: [4, 4, 4], bottleneckChannels: 2 });
  const head = logisticHead(0.1, { C00: 0.7, C05: -0.4, C11: 0.9, C15: 0.5 }, {
    means: { C00: 0.2 },
    scales: { C11: 1.5 },
  });
  const model = { unet, modality: "ct" as const, head };
  const maps = saliencyMaps(model, x);
  const eps = 3e-3;
  const images = Array.from({ length: 128 }, (_, n) => {
    const y = x.slice();
    y[n >> 1] = y[n >> 1]! + (n % 2 === 0 ? eps : -eps);
    return y;
  });
  const p = deathProbability(model, images);
  let num = 0;
  let den = 0;
  for (let v = 0; v < 64; v++) {
    (num += ((p[2 * v]! - p[2 * v + 1]!) / (2 * eps) - maps.gradient[v]!) ** 2), (den += maps.gradient[v]! ** 2);
  }
  assert.ok(den > 0);
  assert.ok(Math.sqrt(num / den) <= 1e-3, `relative error ${Math.sqrt(num / den)}`);
  assert.equal(maps.probability, deathProbability(model, [x])[0]);
  unet.dispose();
});

Deno.test("saliencyMaps() gives gradient × input and a guided map that differs from the plain gradient", () => {
  const unet = tinyUNet({ inputShape: [4, 4, 4], bottleneckChannels: 2 });
  const maps = saliencyMaps({ unet, modality: "ct", head: logisticHead(0, { C00: 0.7, C05: -0.4, C11: 0.9 }) }, x, {
    gradientScale: 2,
  });
  const half = saliencyMaps({ unet, modality: "ct", head: logisticHead(0, { C00: 0.7, C05: -0.4, C11: 0.9 }) }, x);
  maps.gradient.forEach((g, i) => assert.ok(Math.abs(g - 2 * half.gradient[i]!) < 1e-7));
  maps.gradientTimesInput.forEach((g, i) => assert.equal(g, Math.fround(maps.gradient[i]! * x[i]!)));
  const diff = maps.guided.reduce((s, g, i) => s + Math.abs(g - maps.gradient[i]!), 0);
  assert.ok(diff > 1e-3 * maps.gradient.reduce((s, g) => s + Math.abs(g), 0), "guided equals plain");
  unet.dispose();
});

Deno.test("saliencyMaps() takes other-modality terms as fixed values and leaks no tensors", () => {
  const unet = tinyUNet({ inputShape: [4, 4, 4], bottleneckChannels: 2 });
  const head = logisticHead(-0.3, { C05: 0.8, P00012: 1.2, age: 0.02 }, {
    means: { P00012: 1 },
    scales: { P00012: 2 },
  });
  const model = { unet, modality: "ct" as const, head };
  const before = tf.memory().numTensors;
  const fixed = new Map([["P00012", 3], ["age", 70]]);
  const withFixed = saliencyMaps(model, x, { fixedFeatures: fixed });
  const onlyUnit = saliencyMaps({ ...model, head: logisticHead(-0.3 + 1.2 + 1.4, { C05: 0.8 }) }, x);
  assert.ok(Math.abs(withFixed.probability - onlyUnit.probability) < 1e-6);
  for (let patient = 0; patient < 3; patient++) {
    saliencyMaps(model, x.map((v) => v + patient), { fixedFeatures: fixed });
  }
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => saliencyMaps(model, x), /term "P00012" is not a ct bottleneck unit/);
  assert.equal(tf.memory().numTensors, before);
  unet.dispose();
});
