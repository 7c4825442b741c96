import assert from "node:assert/strict";
import { selectedFeatureRows } from "../../reports/selected_feature_rows.ts";
import { loadFixture } from "./_fixture.ts";

Deno.test("selectedFeatureRows() joins each selected feature with its own endpoint's p, inclusion and r", async () => {
  const data = await loadFixture();
  const rows = selectedFeatureRows(data);
  assert.equal(rows.length, data.selected.length);
  for (const r of rows) {
    const t = data.ttest.find((x) => x.endpoint === r.endpoint && x.feature === r.feature)!;
    const inc = data.inclusion.find((x) => x.endpoint === r.endpoint && x.feature === r.feature)!;
    const c = data.tlgCorrelation.find((x) => x.endpoint === r.endpoint && x.feature === r.feature)!;
    assert.deepEqual([r.p, r.q, r.probability, r.r, r.rP], [t.p, t.q, inc.probability, c.r, c.p]);
  }
  assert.deepEqual(rows.slice(0, 3).map((r) => [r.endpoint, r.rank]), [["os2y", 1], ["os2y", 2], ["os2y", 3]]);
});
