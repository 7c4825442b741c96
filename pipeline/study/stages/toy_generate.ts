/**
 * Toy stage 1 of 3 (engine tests and the placeholder main job): `n` seeded normal draws,
 * written as JSON and as a DuckDB table.
 *
 * @module
 */
import { join } from "node:path";
import { defineStudyStage } from "./_define_study_stage.ts";
import { sleepAndMaybeFail } from "./_toy_util.ts";

/** Draw `toy.n` normals from the spec seed. */
export const toyGenerate = defineStudyStage({
  name: "generate",
  source: import.meta.url,
  inputs: [],
  description: "draw n seeded normal numbers",
  params: (spec) => ({
    n: spec.toy.n,
    seed: spec.seed,
    sleepMs: spec.toy.sleep_ms,
    fail: spec.toy.fail_at === "generate",
  }),
  async run(ctx) {
    const rng = ctx.rng("values");
    const values: number[] = [];
    ctx.progress.start("draws", ctx.params.n);
    for (let i = 0; i < ctx.params.n; i++) {
      values.push(rng.normal());
      await sleepAndMaybeFail(ctx.params, i, "generate");
      ctx.progress.tick(`#${i + 1}`);
    }
    await Deno.writeTextFile(join(ctx.outDir, "values.json"), JSON.stringify(values));
    const db = await ctx.db();
    await db.run("CREATE TABLE values_table (i INTEGER, x DOUBLE)");
    const appender = await db.createAppender("values_table");
    values.forEach((x, i) => {
      appender.appendInteger(i);
      appender.appendDouble(x);
      appender.endRow();
    });
    appender.closeSync();
    ctx.metric({ name: "generate.count", value: values.length });
  },
});
