/**
 * Toy stage 3 of 3: total of the scaled values plus `b`, reported as a metric.
 *
 * @module
 */
import { join } from "node:path";
import { defineStudyStage } from "./_define_study_stage.ts";

/** Sum the scaled values and add `toy.b`. */
export const toySummarise = defineStudyStage({
  name: "summarise",
  source: import.meta.url,
  inputs: ["transform"],
  description: "sum the scaled draws plus b",
  params: (spec) => ({ b: spec.toy.b, fail: spec.toy.fail_at === "summarise" }),
  async run(ctx) {
    if (ctx.params.fail) throw new Error(`injected failure in "summarise" (toy.fail_at)`);
    const values: number[] = JSON.parse(await Deno.readTextFile(join(ctx.inputs.transform!.dir, "scaled.json")));
    const total = values.reduce((s, x) => s + x, 0) + ctx.params.b;
    await Deno.writeTextFile(join(ctx.outDir, "summary.json"), JSON.stringify({ total, n: values.length }));
    ctx.metric({ name: "total", value: total });
  },
});
