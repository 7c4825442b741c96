import assert from "node:assert/strict";
import { join } from "node:path";
import { withPlanRun } from "./_run_plan.ts";

Deno.test("toy transform stage scales the generated values by toy.a", async () => {
  await withPlanRun("experiment: t\nseed: 1\npipeline: toy\ntoy: {n: 4, a: 3}\n", ["transform"], async (r) => {
    const read = (stage: string, file: string) =>
      Deno.readTextFile(join(r.entries.get(stage)!.dir, file)).then((t) => JSON.parse(t) as number[]);
    const values = await read("generate", "values.json");
    assert.deepEqual(await read("transform", "scaled.json"), values.map((v) => 3 * v));
  });
});
