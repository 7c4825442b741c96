/**
 * Stage `select`: the top-k features per endpoint by bootstrap inclusion probability, ties broken by
 * mean |standardised coefficient| and then by column index (deterministic). Writes `selected.csv`.
 *
 * @module
 */
import { join } from "node:path";
import { defineStudyStage } from "./_define_study_stage.ts";
import { writeCsv } from "./_study_data.ts";
import { parseCsvRecords } from "../../csv.ts";

/** Cut the inclusion ranking at `stats.lasso.top_k`. */
export const select = defineStudyStage({
  name: "select",
  source: import.meta.url,
  inputs: ["lasso"],
  description: "top-k features per endpoint by inclusion probability",
  params: (spec) => ({ topK: spec.stats.lasso.top_k }),
  async run(ctx) {
    const [, ...records] = parseCsvRecords(await Deno.readTextFile(join(ctx.inputs.lasso!.dir, "inclusion.csv")));
    const rows = records.map(([feature, endpoint, probability, meanAbs, index]) => {
      return {
        feature: feature!,
        endpoint: endpoint!,
        probability: Number(probability),
        meanAbs: Number(meanAbs),
        index: Number(index),
      };
    });
    const out: Record<string, unknown>[] = [];
    for (const endpoint of [...new Set(rows.map((r) => r.endpoint))]) {
      const ranked = rows.filter((r) => r.endpoint === endpoint)
        .sort((a, b) => b.probability - a.probability || b.meanAbs - a.meanAbs || a.index - b.index)
        .slice(0, ctx.params.topK);
      ranked.forEach((r, k) => out.push({ endpoint, rank: k + 1, feature: r.feature, probability: r.probability }));
      const lowest = ranked.at(-1)?.probability ?? 0;
      ctx.metric({ name: `lowest_inclusion/${endpoint}`, value: lowest });
    }
    await writeCsv(join(ctx.outDir, "selected.csv"), ["endpoint", "rank", "feature", "probability"], out);
  },
});
