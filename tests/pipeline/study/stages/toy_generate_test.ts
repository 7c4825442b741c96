import assert from "node:assert/strict";
import { join } from "node:path";
import { withPlanRun } from "./_run_plan.ts";

Deno.test("toy generate stage draws toy.n seeded normals into values.json and its table", async () => {
  const draws = async (seed: number) => {
    let values: number[] = [];
    await withPlanRun(`experiment: t\nseed: ${seed}\npipeline: toy\ntoy: {n: 5}\n`, ["generate"], async (r) => {
      const e = r.entries.get("generate")!;
      values = JSON.parse(await Deno.readTextFile(join(e.dir, "values.json")));
      assert.equal(e.manifest.metrics.find((m) => m.name === "generate.count")!.value, 5);
    });
    return values;
  };
  const a = await draws(1);
  assert.equal(a.length, 5);
  assert.deepEqual(await draws(1), a);
  assert.notDeepEqual(await draws(2), a);
});
