import assert from "node:assert/strict";
import { saliencyCheckFigure } from "../../reports/saliency_check_figure.ts";
import { loadFixture } from "./_fixture.ts";

Deno.test("saliencyCheckFigure() marks each verdict and draws one line per cascade measure and deletion curve", async () => {
  const check = (await loadFixture()).saliencyChecks[0]!;
  const html = saliencyCheckFigure(check);
  const marks = [...html.matchAll(/<li class="(pass|flag)">([✓✗])/g)].map((m) => [m[1], m[2]]);
  const expected = [check.model.pass, check.outcome.pass, check.deletion.pass].map((p) =>
    p ? ["pass", "✓"] : ["flag", "✗"]
  );
  assert.deepEqual(marks, expected);
  assert.equal((html.match(/<polyline/g) ?? []).length, 2 + 1 + check.deletion.random.length);
  const points = [...html.matchAll(/points="([^"]+)"/g)].map((m) => m[1]!.split(" ").length);
  assert.deepEqual(points.slice(0, 2), [check.model.steps.length + 1, check.model.steps.length + 1]);
  assert.ok(!html.includes("NaN"));
});
