import assert from "node:assert/strict";
import { tf } from "../../../pipeline/model/_tf.ts";
import { unet3d, type UNetConfig } from "../../../pipeline/model/unet3d.ts";
import { exportOnnx } from "../../../pipeline/model/export_onnx.ts";
import { ortSession } from "../../../pipeline/model/ort_session.ts";
import { extractFeatures } from "../../../pipeline/model/extract_features.ts";
import { writeFeatures } from "../../../pipeline/model/write_features.ts";
import { readFeatures } from "../../../pipeline/model/read_features.ts";
import { makeBlobs } from "./_blobs.ts";

Deno.test("extractFeatures() returns tfjs' bottleneck rows and Dice, and they round-trip through DuckDB", async () => {
  const config: UNetConfig = {
    inputShape: [8, 8, 8],
    depth: 1,
    baseChannels: 2,
    bottleneckChannels: 3,
    norm: "instance",
    dropout: 0,
  };
  const net = unet3d(config, { seed: 9 });
  const patients = makeBlobs(3, [8, 8, 8], 5);
  const session = await ortSession(exportOnnx(config, net.getWeights()));
  const out = await extractFeatures(session, patients, { batchSize: 2 });
  await session.release();
  assert.equal(out.nFeatures, 4 * 4 * 4 * 3);
  const before = tf.memory().numTensors;
  patients.forEach((p, i) => {
    const x = tf.tensor5d(p.image, [1, 8, 8, 8, 1]);
    const res = net.forward(x);
    const expected = res.bottleneck.dataSync();
    const row = out.matrix.subarray(i * out.nFeatures, (i + 1) * out.nFeatures);
    assert.ok(row.every((v, j) => Math.abs(v - expected[j]!) <= 1e-4));
    const seg = res.segmentation.dataSync();
    let inter = 0;
    let a = 0;
    let b = 0;
    for (let j = 0; j < seg.length; j++) {
      const pred = seg[j]! >= 0.5 ? 1 : 0;
      inter += pred * p.mask[j]!;
      a += pred;
      b += p.mask[j]!;
    }
    assert.ok(Math.abs(out.dice[i]! - (a + b === 0 ? 1 : 2 * inter / (a + b))) < 1e-9);
    tf.dispose([x, res.logits, res.segmentation, res.bottleneck]);
  });
  assert.equal(tf.memory().numTensors, before);
  net.dispose();

  const dir = await Deno.makeTempDir();
  try {
    await writeFeatures(`${dir}/f.duckdb`, "ct", out.ids, out.matrix);
    await writeFeatures(`${dir}/f.duckdb`, "pet", out.ids.slice(0, 1), out.matrix.slice(0, out.nFeatures));
    await writeFeatures(`${dir}/f.duckdb`, "ct", out.ids, out.matrix); // rewriting replaces, never duplicates
    const back = await readFeatures(`${dir}/f.duckdb`, "ct");
    assert.deepEqual(back.patients, out.ids);
    assert.equal(back.nFeatures, out.nFeatures);
    assert.deepEqual(back.matrix, out.matrix);
    assert.equal((await readFeatures(`${dir}/f.duckdb`, "pet")).patients.length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
