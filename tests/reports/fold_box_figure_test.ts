import assert from "node:assert/strict";
import { foldBoxFigure } from "../../reports/fold_box_figure.ts";

const row = (model: string, split: number, auc: number) => ({
  endpoint: "os2y",
  model,
  protocol: "kfold-nested",
  split,
  nTest: 10,
  accuracy: 0.6,
  sensitivity: 0.5,
  specificity: 0.7,
  auc,
});

Deno.test("foldBoxFigure() draws a box per model and metric and a dot per defined fold value", () => {
  const rows = ["unet", "tlg", "radiomics", "cnn"].flatMap((m) => [0, 1, 2].map((s) => row(m, s, s === 2 ? NaN : 0.6)));
  const html = foldBoxFigure(rows);
  for (const label of ["U-Net features", "TLG", "Radiomic features", "CNN (end to end)", "3 cross-validation folds"]) {
    assert.ok(html.includes(label), label);
  }
  assert.equal(html.match(/<circle/g)?.length, 4 * 3 * 4 - 4); // the NaN AUCs are left out
  assert.match(foldBoxFigure([]), /No per-fold metrics/);
});
