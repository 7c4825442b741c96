import assert from "node:assert/strict";
import { tf } from "../../../pipeline/model/_tf.ts";
import { unet3d, type UNetConfig } from "../../../pipeline/model/unet3d.ts";

const normalisations: UNetConfig["norm"][] = ["batch", "instance", "none"];

for (const norm of normalisations) {
  Deno.test(`unet3d encode() equals forward().bottleneck bit for bit (norm ${norm})`, () => {
    const net = unet3d(
      { inputShape: [8, 12, 16], depth: 2, baseChannels: 3, bottleneckChannels: 5, norm, dropout: 0 },
      { seed: 7 },
    );
    const before = tf.memory().numTensors;
    const x = tf.randomNormal([2, 8, 12, 16, 1], 0, 1, "float32", 3) as tf.Tensor5D;
    const out = net.forward(x);
    const encoded = net.encode(x);
    assert.deepEqual(encoded.shape, [2, 2, 3, 4, 5]);
    const a = out.bottleneck.dataSync();
    const b = encoded.dataSync();
    assert.equal(b.length, a.length);
    assert.ok(a.some((value) => value !== 0), "bottleneck is not all zero");
    for (let i = 0; i < a.length; i++) assert.equal(b[i], a[i], `unit ${i}`);
    tf.dispose([x, out.logits, out.segmentation, out.bottleneck, encoded]);
    assert.equal(tf.memory().numTensors, before, "encode() and forward() leak no tensors");
    net.dispose();
  });
}
