import assert from "node:assert/strict";
import { rocBands } from "../../reports/roc_bands.ts";
import { rocFigure } from "../../reports/roc_figure.ts";
import { assertSnapshot } from "./_snapshot.ts";
import { loadFixture } from "./_fixture.ts";

Deno.test("rocFigure() draws paper-protocol ROC curves with bands, stating the number of resamples", async () => {
  const { roc } = await loadFixture();
  const html = rocFigure(rocBands(roc.filter((r) => r.protocol === "paper_bootstrap"), { gridSize: 21 }));
  const n = new Set(roc.map((r) => r.resample)).size;
  assert.match(html, new RegExp(`over ${n} resample test sets`));
  assert.match(html, /false positive rate \(1 − specificity\)/);
  await assertSnapshot("roc_figure", html);
});
