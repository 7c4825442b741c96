/**
 * Stage `evaluate`: logistic models on the selected U-Net features against the classic markers (TLG
 * alone, the baseline radiomic set), scored per endpoint by the spec's protocols — the paper's
 * bootstrap (selection on all patients: optimistic, labelled so), nested bootstrap (selection redone
 * inside every training split) and k-fold. Also the correlation of each selected feature with TLG and
 * the time-to-event view the binarisation throws away: Kaplan–Meier by predicted risk group, log-rank,
 * Cox on the signature score and Harrell's C. Every model of an endpoint is tested on the same splits.
 * Writes `metrics.csv`, `roc.csv`, `split_metrics.csv`, `predictions.csv` (k-fold), `tlg_correlation.csv`,
 * `km.csv`, `survival.json`, and per patient the signature score (`risk.csv`) and the selected features'
 * values (`signature.csv`); on a synthetic cohort, each selected feature's and TLG's correlation with the
 * latent drivers of the true outcome (`truth_correlation.csv`).
 *
 * @module
 */
import { join } from "node:path";
import { selectColumns } from "../../../stats/select_columns.ts";
import { defineStudyStage } from "./_define_study_stage.ts";
import {
  type KmRecord,
  kmTable,
  type MetricRecord,
  metricsTable,
  type RiskRecord,
  riskTable,
  type RocRecord,
  rocTable,
  type SignatureRecord,
  signatureTable,
  type TlgCorrelationRecord,
  tlgCorrelationTable,
  truthCorrelationTable,
} from "../artifacts/stats_tables.ts";
import { evaluateEndpoint } from "../protocol/evaluation.ts";
import { referenceCorrelation, tableRoles } from "../protocol/models.ts";
import { riskGroupSurvival } from "../protocol/risk_group_survival.ts";
import { statsSettingsOf, TLG_COLUMN } from "../protocol/settings.ts";
import { readSelected } from "./_study_data.ts";
import {
  type PredictionRecord,
  predictionsTable,
  type SplitMetricRecord,
  splitMetricsTable,
} from "../artifacts/comparison_tables.ts";
import { splitOutcomeRows } from "./_split_outcomes.ts";
import { statsInputs } from "./stats_inputs.ts";
import { truthCorrelation } from "./_truth_correlation.ts";

/** Score U-Net features, TLG and radiomics per endpoint and protocol. */
export const evaluate = defineStudyStage({
  name: "evaluate",
  source: import.meta.url,
  inputs: ["ingest", "extract_ct", "extract_pet", "select", "radiomics"],
  description: "bootstrap / k-fold evaluation of U-Net features vs TLG vs radiomics; survival analysis",
  resources: { cpus: 2, memGb: 2 }, // evaluation splits on worker threads
  params: (spec) => {
    const s = statsSettingsOf(spec);
    return {
      endpoints: spec.endpoints,
      modalities: spec.modalities,
      evaluation: s.evaluation,
      lasso: { top_k: s.lasso.top_k, lambda: s.lasso.lambda, folds: s.lasso.folds },
      seed: s.seed,
    };
  },
  async run(ctx) {
    const p = ctx.params;
    const { table: all, endpoints, clinical, models } = await statsInputs(ctx.inputs, p);
    const selected = await readSelected(ctx.inputs.select!);
    const roles = tableRoles(all.names, models, "evaluate");
    const column = new Map(all.names.map((n, j) => [n, j]));
    const metrics: MetricRecord[] = [];
    const roc: RocRecord[] = [];
    const correlation: TlgCorrelationRecord[] = [];
    const km: KmRecord[] = [];
    const risks: RiskRecord[] = [];
    const values: SignatureRecord[] = [];
    const perSplit: SplitMetricRecord[] = [];
    const predictions: PredictionRecord[] = [];
    const survival: Record<string, unknown> = {};
    const ridge = new Map<string, { fits: number; splits: number }>();
    ctx.progress.start("endpoint × model × protocol", endpoints.length * 3 * p.evaluation.protocols.length);
    for (const e of endpoints) {
      const chosen = (selected.get(e.name) ?? []).map((f) => column.get(f)!).filter((j) => j !== undefined);
      if (chosen.length === 0) ctx.warn(`${e.name}: no feature was selected; the U-Net model is not evaluated`);
      const ev = await evaluateEndpoint(all.matrix, e, {
        models: [{ name: models.signature, columns: chosen, selects: true }, ...roles.comparators],
        candidates: roles.candidates,
        settings: p,
        rng: (label) => ctx.rng(label),
        onStep: (what) => ctx.progress.tick(what),
      });
      metrics.push(...ev.metrics);
      roc.push(...ev.roc);
      for (const o of ev.outcomes) {
        const rows = splitOutcomeRows({ endpoint: e.name, model: o.model, protocol: o.protocol }, all.ids, o.splits);
        perSplit.push(...rows.splits);
        predictions.push(...rows.predictions);
      }
      for (const m of ev.metrics.filter((m) => m.metric === "auc")) {
        ctx.metric({ name: `auc/${e.name}/${m.model}/${m.protocol}`, value: m.mean, lower: m.lower, upper: m.upper });
      }
      for (const [model, r] of ev.ridge) {
        const sum = ridge.get(model) ?? { fits: 0, splits: 0 };
        ridge.set(model, { fits: sum.fits + r.fits, splits: sum.splits + r.splits });
      }
      correlation.push(...referenceCorrelation(all.matrix, all.names, e.name, chosen, column.get(TLG_COLUMN)!));
      if (chosen.length > 0) {
        const endpoint = p.endpoints.find((x) => x.name === e.name)!;
        const s = riskGroupSurvival(selectColumns(all.matrix, chosen), e.labels, clinical, all.ids, endpoint);
        survival[e.name] = s.summary;
        km.push(...s.km);
        all.ids.forEach((patient, i) => risks.push({ endpoint: e.name, patient, risk: s.score[i]! }));
        for (const j of chosen) {
          const n = all.matrix.nRows;
          all.ids.forEach((patient, i) =>
            values.push({ endpoint: e.name, patient, feature: all.names[j]!, value: all.matrix.data[j * n + i]! })
          );
        }
        ctx.metric({ name: `c_index/${e.name}`, value: s.summary.cIndex });
      }
    }
    for (const [model, r] of ridge) {
      if (r.fits > 0) {
        ctx.warn(
          `${model}: the logistic MLE did not exist (separation) in ${r.fits} of ${r.splits} training splits; ` +
            "those fits used a small ridge penalty",
        );
      }
    }
    await metricsTable.write(ctx.outDir, metrics);
    await rocTable.write(ctx.outDir, roc);
    await splitMetricsTable.write(ctx.outDir, perSplit);
    await predictionsTable.write(ctx.outDir, predictions);
    await tlgCorrelationTable.write(ctx.outDir, correlation);
    await kmTable.write(ctx.outDir, km);
    await Deno.writeTextFile(join(ctx.outDir, "survival.json"), JSON.stringify(survival, null, 2));
    // Per patient: the U-Net signature's logistic score and the selected features' values, so an experiment's
    // variants (other training seeds …) can be compared patient by patient (`reports/signature_agreement.ts`).
    await riskTable.write(ctx.outDir, risks);
    await signatureTable.write(ctx.outDir, values);
    const truth = await truthCorrelation(ctx.inputs.ingest!.dir, all, selected, TLG_COLUMN);
    if (truth.length > 0) await truthCorrelationTable.write(ctx.outDir, truth);
  },
});
