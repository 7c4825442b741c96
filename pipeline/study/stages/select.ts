/**
 * Stage `select`: the top-k features per endpoint by bootstrap inclusion probability, ties broken by
 * mean |standardised coefficient| and then by column index (deterministic). Writes `selected.csv`.
 *
 * @module
 */
import { defineStudyStage } from "./_define_study_stage.ts";
import { inclusionTable, selectedTable } from "../artifacts/stats_tables.ts";
import { selectTop } from "../protocol/selection.ts";
import { statsSettingsOf } from "../protocol/settings.ts";

/** Cut the inclusion ranking at `stats.lasso.top_k`. */
export const select = defineStudyStage({
  name: "select",
  source: import.meta.url,
  inputs: ["lasso"],
  description: "top-k features per endpoint by inclusion probability",
  params: (spec) => ({ topK: statsSettingsOf(spec).lasso.top_k }),
  async run(ctx) {
    const out = selectTop(await inclusionTable.read(ctx.inputs.lasso!.dir), ctx.params.topK);
    for (const endpoint of new Set(out.map((r) => r.endpoint))) {
      const lowest = out.filter((r) => r.endpoint === endpoint).at(-1)?.probability ?? 0;
      ctx.metric({ name: `lowest_inclusion/${endpoint}`, value: lowest });
    }
    await selectedTable.write(ctx.outDir, out);
  },
});
