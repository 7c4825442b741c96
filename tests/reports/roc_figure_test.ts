import assert from "node:assert/strict";
import { rocBands } from "../../reports/roc_bands.ts";
import { rocFigure } from "../../reports/roc_figure.ts";
import { assertSnapshot } from "./_snapshot.ts";
import { loadFixture } from "./_fixture.ts";

Deno.test("rocFigure() draws the paper-protocol ROC curves and says they pool the resamples' test sets", async () => {
  const { roc } = await loadFixture();
  const html = rocFigure(rocBands(roc.filter((r) => r.protocol === "bootstrap-optimistic"), { gridSize: 21 }));
  assert.match(html, /pooled over all resamples/);
  assert.match(html, /false positive rate \(1 − specificity\)/);
  await assertSnapshot("roc_figure", html);
});
