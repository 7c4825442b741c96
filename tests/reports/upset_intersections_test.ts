import assert from "node:assert/strict";
import { upsetIntersections } from "../../reports/upset_intersections.ts";
import { loadFixture } from "./_fixture.ts";

Deno.test("upsetIntersections() partitions the fixture's significant features by endpoint combination", async () => {
  const { ttest } = await loadFixture();
  const u = upsetIntersections(ttest, { alpha: 0.05 });
  const sig = ttest.filter((r) => r.p < 0.05);
  for (const m of ["CT", "PET"]) {
    const features = new Set(sig.filter((r) => r.feature[0] === m[0]).map((r) => r.feature));
    const mine = u.intersections.filter((i) => i.modality === m);
    assert.equal(mine.reduce((s, i) => s + i.count, 0), features.size);
    for (const e of u.endpoints) {
      const size = sig.filter((r) => r.endpoint === e && r.feature[0] === m[0]).length;
      assert.equal(u.sets.find((s) => s.modality === m && s.endpoint === e)!.size, size);
      assert.equal(mine.filter((i) => i.endpoints.includes(e)).reduce((s, i) => s + i.count, 0), size);
    }
    for (let i = 1; i < mine.length; i++) assert.ok(mine[i - 1]!.count >= mine[i]!.count);
  }
  assert.deepEqual(u.endpoints, ["os2y", "os5y", "dss2y", "dss5y"]);
});

Deno.test("upsetIntersections() can threshold on q instead of p", () => {
  const row = (p: number, q: number) => ({
    feature: "C1",
    endpoint: "os2y",
    nEvent: 5,
    nNoEvent: 5,
    statistic: 0,
    df: 8,
    p,
    q,
  });
  assert.equal(upsetIntersections([row(0.01, 0.2)]).intersections.length, 1);
  assert.equal(upsetIntersections([row(0.01, 0.2)], { useQ: true }).intersections.length, 0);
});
