import assert from "node:assert/strict";
import { selectedVsOther } from "../../reports/selected_vs_other.ts";
import { loadFixture } from "./_fixture.ts";

Deno.test("selectedVsOther() marks exactly the selected features of each endpoint", async () => {
  const { ttest, selected } = await loadFixture();
  const rows = selectedVsOther(ttest, selected);
  assert.equal(rows.length, ttest.length);
  const sel = rows.filter((r) => r.group === "selected").map((r) => `${r.endpoint}/${r.feature}`).sort();
  assert.deepEqual(sel, selected.map((s) => `${s.endpoint}/${s.feature}`).sort());
});

Deno.test("selectedVsOther() thins other features to evenly spaced order statistics, keeping the extremes", async () => {
  const { ttest, selected } = await loadFixture();
  const rows = selectedVsOther(ttest, selected, { maxOther: 11 }).filter((r) => r.endpoint === "os2y");
  const other = rows.filter((r) => r.group === "other");
  assert.equal(other.length, 11);
  const all = ttest.filter((r) =>
    r.endpoint === "os2y" && !selected.some((s) => s.endpoint === "os2y" && s.feature === r.feature)
  )
    .map((r) => r.p).sort((a, b) => a - b);
  assert.equal(other[0]!.p, all[0]);
  assert.equal(other[10]!.p, all[all.length - 1]);
  assert.equal(
    rows.filter((r) => r.group === "selected").length,
    selected.filter((s) => s.endpoint === "os2y").length,
  );
});
