import assert from "node:assert/strict";
import { selectBackend } from "../../../pipeline/model/backends.ts";
import { trainUNet } from "../../../pipeline/model/train.ts";
import { tf } from "../../../pipeline/visualise/_tf.ts";
import { logisticHead } from "../../../pipeline/visualise/logistic_head.ts";
import { checkSaliency, type SaliencyCheckSettings } from "../../../pipeline/visualise/saliency_checks.ts";
import { saliencyMaps } from "../../../pipeline/visualise/saliency_maps.ts";
import { unitActivations } from "../../../pipeline/visualise/unit_activations.ts";
import { syntheticCrops, tinyConfig } from "./_fixture.ts";

const SETTINGS: SaliencyCheckSettings = {
  randomisationSteps: 3,
  permutationMaps: 2,
  maxSpearman: 0.5,
  maxSsim: 0.5,
  alpha: 0.05,
  deletionSteps: 4,
  deletionFraction: 0.2,
  deletionDraws: 3,
  seed: 5,
};

Deno.test("checkSaliency() on a tiny trained U-Net: cascading randomisation changes gradient × input less than the plain gradient (Adebayo et al. 2018)", async (t) => {
  await selectBackend();
  const crops = syntheticCrops(12, 4);
  const trained = await trainUNet(
    crops.map((c) => ({ id: c.id, image: Float32Array.from(c.ct.data), mask: Uint8Array.from(c.mask.data) })),
    {
      config: { ...tinyConfig, depth: 2, baseChannels: 8, bottleneckChannels: 8 },
      normalisation: { kind: "ct", window: [-1000, 200] },
      epochs: 6,
      batchSize: 2,
      learningRate: 0.01,
      seed: 3,
    },
  );
  const unet = trained.model;
  // A head on the eight units most active over the crops (many units of a trained encoder are silent), with fixed
  // mixed-sign coefficients: the network is what is tested here.
  const names = Array.from({ length: 256 }, (_, j) => `C${String(j).padStart(3, "0")}`);
  const activity = unitActivations(unet, crops.map((c) => c.image), { units: names });
  const active = names.map((n) => ({ n, a: activity.get(n)!.reduce((s, v) => s + v, 0) }))
    .sort((a, b) => b.a - a.a).slice(0, 8);
  const head = logisticHead(0, Object.fromEntries(active.map((u, k) => [u.n, k % 3 === 0 ? -0.6 : 0.8])));
  const model = { unet, modality: "ct" as const, head };
  const evidence = {
    permutedHeads: [logisticHead(0, { [active[0]!.n]: 1, [active[5]!.n]: -1 })],
    signal: { auc: 0.9, permutedAuc: [0.5], pValue: 0.01 },
  };
  try {
    const before = tf.memory().numTensors;
    const checks = crops.slice(0, 4).flatMap((c) =>
      checkSaliency(model, { id: c.id, image: c.image }, saliencyMaps(model, c.image), evidence, SETTINGS)
    );
    assert.equal(tf.memory().numTensors, before);
    for (const c of checks) {
      assert.deepEqual(c.model.steps.map((s) => s.block), ["bottleneck", "enc1", "enc0"]);
      assert.equal(c.outcome.maps.length, 1);
      assert.equal(c.deletion.curve.length, 5);
      assert.equal(c.verdicts.length, 3);
    }
    /** Mean ρ with the original map over the patients and the cascade steps. */
    const rho = (method: string) => {
      const v = checks.filter((c) => c.method === method).flatMap((c) => c.model.steps.map((s) => s.spearman));
      return v.reduce((s, x) => s + x, 0) / v.length;
    };
    const [guided, plain, times] = [rho("guided"), rho("gradient"), rho("gradientTimesInput")];
    const f = (x: number) => x.toFixed(2);
    // Adebayo et al. found guided backprop nearly invariant to the randomisation; on this instance-normalised
    // tiny U-Net it is not (ρ about equal to the plain gradient's, measured), so that half is reported, not asserted.
    await t.step({
      name: `guided backprop ρ ${f(guided)} vs plain gradient ρ ${f(plain)}: ${
        guided > plain ? "higher" : "not higher"
      } here; not asserted (the published finding does not reproduce on this network)`,
      ignore: true,
      fn: () => assert.ok(guided > plain),
    });
    await t.step(`gradient × input ρ ${f(times)} > plain gradient ρ ${f(plain)}`, () => assert.ok(times > plain));
  } finally {
    unet.dispose();
  }
});
