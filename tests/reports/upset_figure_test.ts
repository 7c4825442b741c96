import assert from "node:assert/strict";
import { upsetFigure } from "../../reports/upset_figure.ts";
import { upsetIntersections } from "../../reports/upset_intersections.ts";
import { assertSnapshot } from "./_snapshot.ts";
import { loadFixture } from "./_fixture.ts";

Deno.test("upsetFigure() draws the fixture's Figure 2b with one panel per modality", async () => {
  const u = upsetIntersections((await loadFixture()).ttest);
  const html = upsetFigure(u);
  assert.equal(html.match(/class="upset-panel"/g)?.length, 2);
  const top = u.intersections[0]!;
  assert.match(html, new RegExp(`<title>${top.endpoints.join(" &amp; ")}: ${top.count}</title>`));
  await assertSnapshot("upset_figure", html);
});
