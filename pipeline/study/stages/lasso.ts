/**
 * Stage `lasso`: bootstrap inclusion probability of every U-Net feature under LASSO logistic
 * regression (glmnet conventions), per endpoint. Writes `inclusion.csv` (feature, endpoint,
 * probability, mean |standardised coefficient|, column index) for every feature selected at least
 * once. The top-k cut is the `select` stage, so changing k does not refit a single LASSO.
 *
 * @module
 */
import { join } from "node:path";
import type { LambdaRule } from "../../../stats/lasso_fit.ts";
import { defineStudyStage } from "./_define_study_stage.ts";
import { parallelInclusion } from "../parallel_inclusion.ts";
import type { Spec } from "../spec_schema.ts";
import { endpointLabels, readClinical, writeCsv } from "./_study_data.ts";
import { readUnetFeatures } from "./_unet_features.ts";

/**
 * The spec's λ rule in the statistics engine's terms.
 *
 * @param spec validated spec
 * @returns the rule
 */
export function lambdaRule(spec: Spec): LambdaRule {
  const l = spec.stats.lasso.lambda;
  if (l === "cv_min") return { kind: "cv-min", folds: spec.stats.lasso.folds };
  if (l === "cv_1se") return { kind: "cv-1se", folds: spec.stats.lasso.folds };
  return "fixed" in l ? { kind: "fixed", lambda: l.fixed } : { kind: "nonzero", count: l.nonzero };
}

/** Bootstrap LASSO inclusion probabilities. */
export const lasso = defineStudyStage({
  name: "lasso",
  source: import.meta.url,
  inputs: ["ingest", "extract_ct", "extract_pet"],
  description: "bootstrap inclusion probability of each feature under LASSO logistic regression",
  resources: { cpus: 2, memGb: 2 }, // bootstrap resamples on worker threads
  params: (spec) => ({
    endpoints: spec.endpoints,
    modalities: spec.modalities,
    resamples: spec.stats.lasso.bootstrap,
    rule: lambdaRule(spec),
    seed: spec.stats.seed ?? spec.seed,
  }),
  async run(ctx) {
    const table = await readUnetFeatures(ctx.inputs, ctx.params.modalities);
    const clinical = await readClinical(ctx.inputs.ingest!);
    const rows: Record<string, unknown>[] = [];
    for (const e of endpointLabels(clinical, table.ids, ctx.params.endpoints)) {
      ctx.progress.start(`bootstrap ${e.name}`, ctx.params.resamples);
      // the resamples run on one worker thread per granted core; the numbers do not depend on how many
      const inc = await parallelInclusion(table.matrix, e.labels, {
        rng: ctx.rng(`inclusion/${e.name}`),
        resamples: ctx.params.resamples,
        rule: ctx.params.rule,
        topK: 1,
        cores: ctx.resources.cpus,
        onResample: () => ctx.progress.tick(),
      });
      for (let j = 0; j < table.names.length; j++) {
        if (inc.probability[j]! > 0) {
          rows.push({
            feature: table.names[j],
            endpoint: e.name,
            probability: inc.probability[j],
            mean_abs_coefficient: inc.meanAbsCoefficient[j],
            index: j,
          });
        }
      }
      if (inc.skipped > 0) ctx.warn(`${e.name}: ${inc.skipped} bootstrap resamples held one class and were skipped`);
      ctx.metric({ name: `resamples_used/${e.name}`, value: inc.used });
    }
    await writeCsv(join(ctx.outDir, "inclusion.csv"), [
      "feature",
      "endpoint",
      "probability",
      "mean_abs_coefficient",
      "index",
    ], rows);
  },
});
