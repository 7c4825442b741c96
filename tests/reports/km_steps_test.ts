import assert from "node:assert/strict";
import { kmSteps } from "../../reports/km_steps.ts";
import { loadFixture } from "./_fixture.ts";

Deno.test("kmSteps() repeats the previous level before every drop and adds a start at time 0", () => {
  const pt = (time: number, survival: number) => ({
    endpoint: "os",
    group: "g",
    time,
    survival,
    lower: survival / 2,
    upper: 1,
    nRisk: 10,
  });
  const { steps } = kmSteps([pt(20, 0.5), pt(5, 0.8)]);
  assert.deepEqual(steps.map((s) => [s.time, s.survival]), [[0, 1], [5, 1], [5, 0.8], [20, 0.8], [20, 0.5]]);
  assert.deepEqual(steps.map((s) => s.lower), [1, 1, 0.4, 0.4, 0.25]);
});

Deno.test("kmSteps() gives each fixture curve two vertices per drop and its group size", async () => {
  const { km } = await loadFixture();
  const { steps, groups } = kmSteps(km);
  assert.equal(steps.length, 2 * km.length - groups.length);
  assert.deepEqual(groups.map((g) => g.n), km.filter((r) => r.time === 0).map((r) => r.nRisk));
});
