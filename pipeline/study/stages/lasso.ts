/**
 * Stage `lasso`: bootstrap inclusion probability of every U-Net feature under LASSO logistic
 * regression (glmnet conventions), per endpoint. Writes `inclusion.csv` (feature, endpoint,
 * probability, mean |standardised coefficient|, column index) for every feature selected at least
 * once. The top-k cut is the `select` stage, so changing k does not refit a single LASSO.
 *
 * @module
 */
import { defineStudyStage } from "./_define_study_stage.ts";
import { readClinical } from "../artifacts/clinical_table.ts";
import { inclusionTable } from "../artifacts/stats_tables.ts";
import { lassoInclusion } from "../protocol/inclusion.ts";
import { lambdaRule, statsSettingsOf } from "../protocol/settings.ts";
import { endpointLabels } from "./_study_data.ts";
import { readUnetFeatures } from "./_unet_features.ts";

/** Bootstrap LASSO inclusion probabilities. */
export const lasso = defineStudyStage({
  name: "lasso",
  source: import.meta.url,
  inputs: ["ingest", "extract_ct", "extract_pet"],
  description: "bootstrap inclusion probability of each feature under LASSO logistic regression",
  resources: { cpus: 2, memGb: 2 }, // bootstrap resamples on worker threads
  params: (spec) => {
    const s = statsSettingsOf(spec);
    return {
      endpoints: spec.endpoints,
      modalities: spec.modalities,
      resamples: s.lasso.bootstrap,
      rule: lambdaRule(s.lasso),
      seed: s.seed,
    };
  },
  async run(ctx) {
    const table = await readUnetFeatures(ctx.inputs, ctx.params.modalities);
    const clinical = await readClinical(ctx.inputs.ingest!.dir);
    const rows = [];
    for (const e of endpointLabels(clinical, table.ids, ctx.params.endpoints)) {
      ctx.progress.start(`bootstrap ${e.name}`, ctx.params.resamples);
      const inc = await lassoInclusion(table.matrix, table.names, e, {
        resamples: ctx.params.resamples,
        rule: ctx.params.rule,
        rng: (label) => ctx.rng(label),
        onResample: () => ctx.progress.tick(),
      });
      rows.push(...inc.rows);
      if (inc.skipped > 0) ctx.warn(`${e.name}: ${inc.skipped} bootstrap resamples held one class and were skipped`);
      ctx.metric({ name: `resamples_used/${e.name}`, value: inc.used });
    }
    await inclusionTable.write(ctx.outDir, rows);
  },
});
