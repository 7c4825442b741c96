import assert from "node:assert/strict";
import { selectedPvalueFigure } from "../../reports/selected_pvalue_figure.ts";
import { selectedVsOther } from "../../reports/selected_vs_other.ts";
import { assertSnapshot } from "./_snapshot.ts";
import { loadFixture } from "./_fixture.ts";

Deno.test("selectedPvalueFigure() draws the fixture's Figure 2c with a title per selected feature", async () => {
  const { ttest, selected } = await loadFixture();
  const html = selectedPvalueFigure(selectedVsOther(ttest, selected, { maxOther: 300 }));
  assert.equal(html.match(/<title>/g)?.length, selected.length);
  await assertSnapshot("selected_pvalue_figure", html);
});
