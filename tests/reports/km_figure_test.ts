import assert from "node:assert/strict";
import { kmFigure } from "../../reports/km_figure.ts";
import { kmSteps } from "../../reports/km_steps.ts";
import { assertSnapshot } from "./_snapshot.ts";
import { loadFixture } from "./_fixture.ts";

Deno.test("kmFigure() draws the fixture's curves with group sizes in legend and caption", async () => {
  const { km } = await loadFixture();
  const html = kmFigure(kmSteps(km));
  const n = km.find((r) => r.group === "high risk" && r.time === 0)!.nRisk;
  assert.match(html, new RegExp(`high risk \\(n = ${n}\\)`));
  assert.match(html, /time since treatment \(months\)/);
  await assertSnapshot("km_figure", html);
});
