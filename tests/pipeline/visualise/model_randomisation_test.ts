import assert from "node:assert/strict";
import { cascadingRandomisation, encoderCascade } from "../../../pipeline/visualise/model_randomisation.ts";
import { tinyUNet } from "./_fixture.ts";

const names = (w: { name: string }[]) => w.map((x) => x.name);

Deno.test("cascadingRandomisation() re-initialises the encoder from the bottleneck down and restores it", () => {
  const unet = tinyUNet({ depth: 2 });
  const trained = unet.getWeights();
  try {
    assert.deepEqual(encoderCascade(unet.config), ["bottleneck", "enc1", "enc0"]);
    const steps = cascadingRandomisation(unet, { seed: 11 }, () => {
      const now = unet.getWeights();
      return names(now.filter((w, i) => w.values.some((v, j) => v !== trained[i]!.values[j])));
    });
    const blocksChanged = steps.map((s) => [...new Set(s.result.map((n) => n.split(".")[0]))]);
    assert.deepEqual(steps.map((s) => s.block), ["bottleneck", "enc1", "enc0"]);
    // He-normal kernels change; zero-initialised biases of an untrained net may coincide with the fresh ones.
    assert.deepEqual(blocksChanged, [["bottleneck"], ["enc1", "bottleneck"], ["enc0", "enc1", "bottleneck"]]);
    assert.deepEqual(unet.getWeights().map((w) => [...w.values]), trained.map((w) => [...w.values]));
    assert.deepEqual(cascadingRandomisation(unet, { steps: 1 }, (b) => b).map((s) => s.block), ["bottleneck"]);
    assert.throws(() =>
      cascadingRandomisation(unet, { seed: 2 }, () => {
        throw new Error("boom");
      }), /boom/);
    assert.deepEqual(unet.getWeights().map((w) => [...w.values]), trained.map((w) => [...w.values]));
  } finally {
    unet.dispose();
  }
});
