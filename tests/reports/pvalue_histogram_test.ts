import assert from "node:assert/strict";
import { pvalueBins } from "../../reports/pvalue_bins.ts";
import { pvalueHistogram } from "../../reports/pvalue_histogram.ts";
import { assertSnapshot } from "./_snapshot.ts";
import { loadFixture } from "./_fixture.ts";

Deno.test("pvalueHistogram() draws the fixture's Figure 2a as stored in its snapshot", async () => {
  const { ttest } = await loadFixture();
  const html = pvalueHistogram(pvalueBins(ttest), { note: "n = 60." });
  assert.match(html, /t-test p-value \(log scale\)/);
  assert.match(html, new RegExp(`${ttest.length} tests in all`));
  await assertSnapshot("pvalue_histogram", html);
});

Deno.test("pvalueHistogram() says why it is empty", () => {
  assert.match(pvalueHistogram([]), /id="fig-2a".*No t-test results/s);
});
