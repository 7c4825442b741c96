import assert from "node:assert/strict";
import { tf } from "../../../pipeline/model/_tf.ts";
import { unet3d, type UNetConfig, type UNetNorm } from "../../../pipeline/model/unet3d.ts";
import { exportOnnx } from "../../../pipeline/model/export_onnx.ts";
import { ortSession } from "../../../pipeline/model/ort_session.ts";
import { createRng } from "../../../stats/random.ts";

const ATOL = 1e-4;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Perturb norm parameters so a broken gamma/beta/moving-stat mapping cannot hide behind 1s and 0s. */
function randomiseNorms(weights: ReturnType<ReturnType<typeof unet3d>["getWeights"]>, seed: number) {
  const rng = createRng(seed, "norms");
  return weights.map((w) => {
    if (!/\.(gamma|beta|movingMean|movingVariance|bias)$/.test(w.name)) return w;
    const values = w.values.map(() => (w.name.endsWith("Variance")
      ? 0.5 + rng.uniform()
      : 0.8 + 0.4 * rng.uniform() - (w.name.endsWith("gamma") ? 0 : 0.8))
    );
    return { ...w, values };
  });
}

Deno.test("exportOnnx() matches tfjs within 1e-4 on segmentation and bottleneck", async (t) => {
  for (const norm of ["instance", "batch", "none"] as UNetNorm[]) {
    await t.step(`norm ${norm}`, async () => {
      const config: UNetConfig = {
        inputShape: [8, 16, 16],
        depth: 2,
        baseChannels: 4,
        bottleneckChannels: 8,
        norm,
        dropout: 0,
      };
      const net = unet3d(config, { seed: 3 });
      net.setWeights(randomiseNorms(net.getWeights(), 3));
      const n = 2;
      const size = 8 * 16 * 16;
      const rng = createRng(5, "input");
      const images = Float32Array.from({ length: n * size }, () => rng.uniform());
      const out = net.forward(tf.tensor5d(images, [n, 8, 16, 16, 1]));
      const session = await ortSession(exportOnnx(config, net.getWeights()));
      const ort = await session.run(images, n);
      assert.ok(maxAbsDiff(ort.segmentation, out.segmentation.dataSync()) <= ATOL);
      assert.ok(maxAbsDiff(ort.bottleneck, out.bottleneck.dataSync()) <= ATOL);
      assert.ok(Math.max(...out.bottleneck.dataSync()) > 0.1, "bottleneck is not trivially zero");
      tf.dispose([out.logits, out.segmentation, out.bottleneck]);
      await session.release();
      net.dispose();
    });
  }
});
