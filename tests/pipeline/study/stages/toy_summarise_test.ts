import assert from "node:assert/strict";
import { join } from "node:path";
import { withPlanRun } from "./_run_plan.ts";

Deno.test("toy summarise stage sums the scaled values plus toy.b", async () => {
  await withPlanRun("experiment: t\nseed: 1\npipeline: toy\ntoy: {n: 4, a: 2, b: 5}\n", ["summarise"], async (r) => {
    const dir = (s: string) => r.entries.get(s)!.dir;
    const scaled: number[] = JSON.parse(await Deno.readTextFile(join(dir("transform"), "scaled.json")));
    const summary = JSON.parse(await Deno.readTextFile(join(dir("summarise"), "summary.json")));
    assert.equal(summary.n, 4);
    assert.ok(Math.abs(summary.total - (scaled.reduce((s, v) => s + v, 0) + 5)) < 1e-12, JSON.stringify(summary));
  });
});
