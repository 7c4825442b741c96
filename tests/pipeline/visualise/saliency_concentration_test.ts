import assert from "node:assert/strict";
import { saliencyConcentration } from "../../../pipeline/visualise/saliency_concentration.ts";

Deno.test("saliencyConcentration() is 1 for a map spread evenly over the volume", () => {
  const c = saliencyConcentration(
    new Float32Array(100).fill(0.5),
    Uint8Array.from({ length: 100 }, (_, i) => i % 4 === 0 ? 1 : 0),
  );
  assert.equal(c.volumeShare, 0.25);
  assert.ok(Math.abs(c.ratio - 1) < 1e-12);
});

Deno.test("saliencyConcentration() counts only positive saliency", () => {
  const c = saliencyConcentration([2, -5, 1, 1, -3], [1, 1, 0, 0, 0]);
  assert.equal(c.positiveMass, 4);
  assert.equal(c.massShare, 0.5);
  assert.equal(c.volumeShare, 0.4);
  assert.equal(c.ratio, 1.25);
});

Deno.test("saliencyConcentration() gives NaN for an empty region or a map without positive mass", async (t) => {
  await t.step("empty region", () => {
    const c = saliencyConcentration([1, 2], [0, 0]);
    assert.equal(c.massShare, 0);
    assert.ok(Number.isNaN(c.ratio));
  });
  await t.step("no positive mass", () => {
    const c = saliencyConcentration([-1, 0], [1, 0]);
    assert.ok(Number.isNaN(c.massShare) && Number.isNaN(c.ratio));
  });
});

Deno.test("saliencyConcentration() rejects maps and regions of different lengths, and empty maps", () => {
  assert.throws(() => saliencyConcentration([1, 2], [1]), RangeError);
  assert.throws(() => saliencyConcentration([], []), RangeError);
});
