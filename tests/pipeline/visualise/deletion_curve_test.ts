import assert from "node:assert/strict";
import { deletionCurves } from "../../../pipeline/visualise/deletion_curve.ts";
import { logisticHead } from "../../../pipeline/visualise/logistic_head.ts";
import { tinyUNet } from "./_fixture.ts";

Deno.test("deletionCurves(): an oracle map of the region that drives P(death) beats random deletion", () => {
  const unet = tinyUNet({ inputShape: [8, 8, 8], bottleneckChannels: 4, norm: "none" }, 3);
  // Textured background around 0.2 with a bright 4×4×4 block; the head reads every bottleneck unit, so P depends
  // on the block.
  const image = Float32Array.from({ length: 512 }, (_, i) => 0.2 + 0.05 * Math.sin(1.7 * i));
  const block: number[] = [];
  for (let z = 2; z < 6; z++) for (let y = 3; y < 7; y++) for (let x = 1; x < 5; x++) block.push(x + 8 * (y + 8 * z));
  for (const v of block) image[v] = 0.9;
  const units = Object.fromEntries(Array.from({ length: 4 * 4 * 4 * 4 }, (_, j) => [`C${j}`, ((j * 7) % 5) - 2]));
  const model = { unet, modality: "ct" as const, head: logisticHead(0, units) };
  const oracle = new Float32Array(512);
  for (const v of block) oracle[v] = 1;
  try {
    const c = deletionCurves(model, image, { oracle }, { steps: 4, maxFraction: 0.125, draws: 5, seed: 1 });
    assert.deepEqual(c.fractions, [0, 16 / 512, 32 / 512, 48 / 512, 64 / 512]);
    const moved = (curve: readonly number[]) => curve.reduce((s, p) => s + Math.abs(p - curve[0]!), 0);
    assert.ok(moved(c.maps.oracle!) > 0, "deleting the block changes nothing");
    for (const r of c.random) assert.ok(moved(c.maps.oracle!) > moved(r), `oracle ${c.maps.oracle} vs random ${r}`);
    assert.equal(c.random.length, 5);
    assert.throws(() => deletionCurves(model, image, { bad: oracle.subarray(1) }), /"bad": 511 values for 512 voxels/);
  } finally {
    unet.dispose();
  }
});
