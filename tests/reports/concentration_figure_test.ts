import assert from "node:assert/strict";
import { concentrationFigure } from "../../reports/concentration_figure.ts";
import { loadFixture } from "./_fixture.ts";

Deno.test("concentrationFigure() draws one bar per region and method, a dot per patient, and the no-concentration rule", async () => {
  const rows = (await loadFixture()).concentrations;
  const html = concentrationFigure(rows);
  const regions = new Set(rows.map((r) => r.region)).size;
  const methods = new Set(rows.map((r) => r.method)).size;
  assert.equal((html.match(/<rect/g) ?? []).length >= regions * methods, true);
  assert.equal((html.match(/<circle/g) ?? []).length, rows.length);
  assert.match(html, /1 = no concentration/);
  const empty = concentrationFigure([{ ...rows[0]!, ratio: NaN }]);
  assert.match(empty, /not a synthetic cohort/);
});
