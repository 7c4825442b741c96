import assert from "node:assert/strict";
import { rocBands } from "../../reports/roc_bands.ts";
import { loadFixture } from "./_fixture.ts";

Deno.test("rocBands() collapses onto a single stored curve read as a staircase", () => {
  const pt = (fpr: number, tpr: number) => ({ endpoint: "e", model: "m", protocol: "p", fpr, tpr });
  const band = rocBands([pt(0, 0), pt(0, 0.5), pt(0.5, 0.5), pt(0.5, 1), pt(1, 1)], { gridSize: 5 });
  assert.deepEqual(band.map((b) => b.tpr), [0.5, 0.5, 1, 1, 1]);
  assert.deepEqual(band.map((b) => b.lower), band.map((b) => b.tpr));
  assert.throws(() => rocBands([], { gridSize: 1 }), RangeError);
  assert.throws(() => rocBands([], { level: 1 }), RangeError);
});

Deno.test("rocBands() reads each stored (pooled) fixture curve into a monotone curve on the grid", async () => {
  const { roc } = await loadFixture();
  const band = rocBands(roc, { gridSize: 21 });
  const curves = new Set(roc.map((r) => `${r.endpoint}/${r.model}/${r.protocol}`));
  assert.equal(band.length, curves.size * 21);
  const first = band.filter((b) =>
    b.endpoint === "os2y" && b.model === "unet" && b.protocol === "bootstrap-optimistic"
  );
  assert.ok(first.every((b) => b.resamples === 1 && b.lower === b.tpr && b.upper === b.tpr));
  for (let i = 0; i < band.length; i++) {
    const b = band[i]!;
    assert.ok(b.lower <= b.tpr + 1e-12 && b.tpr <= b.upper + 1e-12);
    if (i % 21 > 0) assert.ok(b.tpr >= band[i - 1]!.tpr - 1e-12);
  }
  assert.equal(first[20]!.tpr, 1);
});
