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

Deno.test("rocBands() averages the fixture's resamples into monotone curves inside their bands", async () => {
  const { roc } = await loadFixture();
  const band = rocBands(roc, { gridSize: 21 });
  const curves = new Set(roc.map((r) => `${r.endpoint}/${r.model}/${r.protocol}`));
  assert.equal(band.length, curves.size * 21);
  const first = band.filter((b) => b.endpoint === "os_2y" && b.model === "unet" && b.protocol === "paper_bootstrap");
  assert.equal(
    first[0]!.resamples,
    new Set(
      roc.filter((r) =>
        r.endpoint === "os_2y" && r.model === "unet" &&
        r.protocol === "paper_bootstrap"
      ).map((r) => r.resample),
    ).size,
  );
  for (let i = 0; i < band.length; i++) {
    const b = band[i]!;
    assert.ok(b.lower <= b.tpr + 1e-12 && b.tpr <= b.upper + 1e-12);
    if (i % 21 > 0) assert.ok(b.tpr >= band[i - 1]!.tpr - 1e-12);
  }
  assert.equal(first[20]!.tpr, 1);
});
