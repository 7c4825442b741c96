import assert from "node:assert/strict";
import { pvalueBins } from "../../reports/pvalue_bins.ts";
import { loadFixture } from "./_fixture.ts";

const row = (feature: string, p: number, endpoint = "os2y") => ({
  feature,
  endpoint,
  nEvent: 5,
  nNoEvent: 5,
  statistic: 0,
  df: 8,
  p,
  q: p,
});

Deno.test("pvalueBins() counts every p-value of the fixture once, in the bin whose edges hold it", async () => {
  const { ttest } = await loadFixture();
  const bins = pvalueBins(ttest, { binsPerDecade: 4 });
  for (const endpoint of new Set(ttest.map((r) => r.endpoint))) {
    for (const m of ["CT", "PET"]) {
      const ps = ttest.filter((r) => r.endpoint === endpoint && r.feature[0] === m[0]).map((r) => r.p);
      const mine = bins.filter((b) => b.endpoint === endpoint && b.modality === m);
      assert.equal(mine.reduce((s, b) => s + b.count, 0), ps.length);
      for (const [i, b] of mine.entries()) {
        const last = i === mine.length - 1;
        const inside = ps.filter((p) => p >= b.p1 * (1 - 1e-12) && (last ? p <= 1 : p < b.p2 * (1 - 1e-12))).length;
        assert.equal(b.count, inside, `${endpoint} ${m} [${b.p1}, ${b.p2})`);
      }
    }
  }
});

Deno.test("pvalueBins() uses shared log edges, puts p = 0 in the first bin and skips NaN", () => {
  const bins = pvalueBins([row("C1", 0), row("C2", 1), row("C3", NaN), row("P1", 0.5)], {
    binsPerDecade: 2,
    minP: 1e-3,
  });
  const ct = bins.filter((b) => b.modality === "CT");
  assert.equal(ct.length, 6);
  assert.equal(ct[0]!.count, 1);
  assert.equal(ct[5]!.count, 1);
  assert.ok(Math.abs(ct[1]!.p1 / ct[0]!.p1 - Math.sqrt(10)) < 1e-9);
  assert.deepEqual(bins.filter((b) => b.modality === "PET").map((b) => b.p1), ct.map((b) => b.p1));
  assert.throws(() => pvalueBins([], { binsPerDecade: 0 }), RangeError);
});
