/**
 * Toy stage 2 of 3: y = a·x for every draw of `generate`.
 *
 * @module
 */
import { join } from "node:path";
import { defineStudyStage } from "./_define_study_stage.ts";
import { sleepAndMaybeFail } from "./_toy_util.ts";

/** Scale the generated values by `toy.a`. */
export const toyTransform = defineStudyStage({
  name: "transform",
  source: import.meta.url,
  inputs: ["generate"],
  description: "scale the draws by a",
  params: (spec) => ({ a: spec.toy.a, sleepMs: spec.toy.sleep_ms, fail: spec.toy.fail_at === "transform" }),
  async run(ctx) {
    const values: number[] = JSON.parse(await Deno.readTextFile(join(ctx.inputs.generate!.dir, "values.json")));
    ctx.progress.start("values", values.length);
    const out: number[] = [];
    for (let i = 0; i < values.length; i++) {
      out.push(ctx.params.a * values[i]!);
      await sleepAndMaybeFail(ctx.params, i, "transform");
      ctx.progress.tick();
    }
    await Deno.writeTextFile(join(ctx.outDir, "scaled.json"), JSON.stringify(out));
  },
});
