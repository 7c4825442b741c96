import assert from "node:assert/strict";
import { decode } from "fast-png";
import { tf } from "../../../pipeline/visualise/_tf.ts";
import { readNifti } from "../../../pipeline/imaging/read_nifti.ts";
import { logisticHead } from "../../../pipeline/visualise/logistic_head.ts";
import { visualiseFeatures } from "../../../pipeline/visualise/visualise_features.ts";
import { deathProbability } from "../../../pipeline/visualise/death_probability.ts";
import { syntheticCrops, tinyUNet } from "./_fixture.ts";

Deno.test("visualiseFeatures() writes readable NIfTI on the crop affine, raw float32, PNGs and volumes.json", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "visualise_" });
  const unet = tinyUNet();
  const crops = syntheticCrops(4).map((c, i) => ({
    ...c,
    fixedFeatures: new Map([["age", 50 + 5 * i], ["P0001", i / 2]]),
  }));
  const head = logisticHead(-1, { C0257: 0.8, C0510: -0.5, P0001: 0.3, age: 0.01 });
  try {
    const before = tf.memory().numTensors;
    const summary = await visualiseFeatures(unet, crops, {
      outDir,
      logistic: head,
      activation: { starts: 2, iterations: 3 },
    });
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(summary.units.map((u) => u.unit), ["C0257", "C0510"]);
    const risks = deathProbability({ unet, modality: "ct", head }, crops.map((c) => c.image), {
      fixedFeatures: crops.map((c) => c.fixedFeatures),
    });
    const top = crops[risks.indexOf(Math.max(...risks))]!.id;
    const bottom = crops[risks.indexOf(Math.min(...risks))]!.id;
    assert.deepEqual(summary.patients.map((p) => [p.id, p.group]), [[top, "highest"], [bottom, "lowest"]]);
    const volumes = JSON.parse(await Deno.readTextFile(`${outDir}/volumes.json`));
    assert.equal(volumes.length, 2 + 2 * 3);
    for (const v of volumes) {
      const nifti = await readNifti(`${outDir}/${v.nifti}`);
      const raw = await Deno.readFile(`${outDir}/${v.file}`);
      const data = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
      assert.deepEqual(nifti.dims, [16, 16, 8]);
      assert.deepEqual(v.dims, [16, 16, 8]);
      assert.deepEqual([...nifti.data], [...data]);
      assert.ok(decode(await Deno.readFile(`${outDir}/${v.png}`)).width > 0);
      if (v.kind === "saliency") {
        const crop = crops.find((c) => v.file.startsWith(`patients/${c.id}/`))!;
        nifti.affine.forEach((a, i) =>
          assert.ok(Math.abs(a - crop.ct.affine[i]!) < 1e-4, `affine ${nifti.affine} vs ${crop.ct.affine}`)
        );
        const bg = await Deno.readFile(`${outDir}/${v.background}`);
        assert.deepEqual([...new Float32Array(bg.buffer, bg.byteOffset, bg.byteLength / 4)], [...crop.ct.data]);
      }
    }
    const unitSummary = JSON.parse(await Deno.readTextFile(`${outDir}/units/C0257/summary.json`));
    assert.equal(unitSummary.comparison.n, 4);
    assert.equal(unitSummary.history.length, 2);
  } finally {
    unet.dispose();
    await Deno.remove(outDir, { recursive: true });
  }
});
