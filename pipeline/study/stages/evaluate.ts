/**
 * Stage `evaluate`: logistic models on the selected U-Net features against the classic markers (TLG
 * alone, the baseline radiomic set), scored per endpoint by the spec's protocols — the paper's
 * bootstrap (selection on all patients: optimistic, labelled so), nested bootstrap (selection redone
 * inside every training split) and k-fold. Also the correlation of each selected feature with TLG and
 * the time-to-event view the binarisation throws away: Kaplan–Meier by predicted risk group, log-rank,
 * Cox on the signature score and Harrell's C. Writes `metrics.csv`, `roc.csv`, `tlg_correlation.csv`,
 * `km.csv` and `survival.json`.
 *
 * @module
 */
import { join } from "node:path";
import type { EvaluationProtocol } from "../../../stats/evaluate_classifier.ts";
import { pearson } from "../../../stats/pearson.ts";
import { selectColumns } from "../../../stats/select_columns.ts";
import type { FeatureMatrix } from "../../../stats/feature_matrix.ts";
import { defineStudyStage } from "./_define_study_stage.ts";
import { parallelEvaluation } from "../parallel_evaluation.ts";
import { lambdaRule } from "./lasso.ts";
import { endpointLabels, joinTables, readClinical, readFeatureCsv, readSelected, writeCsv } from "./_study_data.ts";
import { readUnetFeatures } from "./_unet_features.ts";
import { riskGroupSurvival } from "./_risk_groups.ts";

const TLG = "pet_tlg";

/** Score U-Net features, TLG and radiomics per endpoint and protocol. */
export const evaluate = defineStudyStage({
  name: "evaluate",
  source: import.meta.url,
  inputs: ["ingest", "extract_ct", "extract_pet", "select", "radiomics"],
  description: "bootstrap / k-fold evaluation of U-Net features vs TLG vs radiomics; survival analysis",
  resources: { cpus: 2, memGb: 2 }, // evaluation splits on worker threads
  params: (spec) => ({
    endpoints: spec.endpoints,
    modalities: spec.modalities,
    protocols: spec.stats.evaluation.protocols,
    resamples: spec.stats.evaluation.resamples,
    trainFraction: spec.stats.evaluation.train_fraction,
    folds: spec.stats.evaluation.folds,
    threshold: spec.stats.evaluation.threshold,
    topK: spec.stats.lasso.top_k,
    rule: lambdaRule(spec),
    seed: spec.stats.seed ?? spec.seed,
  }),
  async run(ctx) {
    const p = ctx.params;
    const unet = await readUnetFeatures(ctx.inputs, p.modalities);
    const classic = await readFeatureCsv(join(ctx.inputs.radiomics!.dir, "features.csv"));
    const all = joinTables([unet, classic]);
    const clinical = await readClinical(ctx.inputs.ingest!);
    const selected = await readSelected(ctx.inputs.select!);
    const column = new Map(all.names.map((n, j) => [n, j]));
    const unetColumns = unet.names.map((_, j) => j);
    const classicColumns = classic.names.map((n) => column.get(n)!);
    const metrics: Record<string, unknown>[] = [];
    const roc: Record<string, unknown>[] = [];
    const correlation: Record<string, unknown>[] = [];
    const km: Record<string, unknown>[] = [];
    const survival: Record<string, unknown> = {};
    const ridge = new Map<string, { fits: number; splits: number }>();
    const endpoints = endpointLabels(clinical, all.ids, p.endpoints);
    ctx.progress.start("endpoint × model × protocol", endpoints.length * 3 * p.protocols.length);
    for (const e of endpoints) {
      const chosen = (selected.get(e.name) ?? []).map((f) => column.get(f)!).filter((j) => j !== undefined);
      if (chosen.length === 0) {
        ctx.warn(`${e.name}: no feature was selected; the U-Net model is not evaluated`);
      }
      const models: Array<[string, number[], boolean]> = [
        ["unet", chosen, true],
        ["tlg", [column.get(TLG)!], false],
        ["radiomics", classicColumns, false],
      ];
      for (const [model, columns, selects] of models) {
        for (const protocol of p.protocols) {
          ctx.progress.tick(`${e.name} ${model} ${protocol}`);
          if (columns.length === 0 || columns.some((j) => j === undefined)) continue;
          const nested = protocol.endsWith("nested") && selects;
          const matrix = nested ? selectColumns(all.matrix, unetColumns) : selectColumns(all.matrix, columns);
          // splits run on one worker thread per granted core; nested: LASSO top-k inside every training split
          const ev = await parallelEvaluation(matrix, e.labels, {
            rng: ctx.rng(`evaluation/${e.name}/${model}/${protocol}`),
            protocol: protocolOf(protocol, p),
            threshold: p.threshold,
            cores: ctx.resources.cpus,
            ...(nested ? { nested: { topK: p.topK, rule: p.rule } } : {}),
          });
          for (const [metric, m] of Object.entries(ev.metrics)) {
            metrics.push({ endpoint: e.name, model, protocol, metric, mean: m.mean, lower: m.lower, upper: m.upper });
            if (metric === "auc") {
              ctx.metric({ name: `auc/${e.name}/${model}/${protocol}`, value: m.mean, lower: m.lower, upper: m.upper });
            }
          }
          ev.roc.fpr.forEach((f, k) => roc.push({ endpoint: e.name, model, protocol, fpr: f, tpr: ev.roc.tpr[k] }));
          const r = ridge.get(model) ?? { fits: 0, splits: 0 };
          ridge.set(model, { fits: r.fits + ev.ridgeFits, splits: r.splits + ev.splits });
        }
      }
      const tlg = column.get(TLG)!;
      for (const j of chosen) {
        const r = pearson(column1(all.matrix, j), column1(all.matrix, tlg));
        correlation.push({ endpoint: e.name, feature: all.names[j], r: r.estimate, r2: r.rSquared, p: r.pValue });
      }
      if (chosen.length > 0) {
        const s = riskGroupSurvival(
          selectColumns(all.matrix, chosen),
          e.labels,
          clinical,
          all.ids,
          p.endpoints.find((x) => x.name === e.name)!,
        );
        survival[e.name] = s.summary;
        km.push(...s.km.map((row) => ({ endpoint: e.name, ...row })));
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
    await writeCsv(join(ctx.outDir, "metrics.csv"), [
      "endpoint",
      "model",
      "protocol",
      "metric",
      "mean",
      "lower",
      "upper",
    ], metrics);
    await writeCsv(join(ctx.outDir, "roc.csv"), ["endpoint", "model", "protocol", "fpr", "tpr"], roc);
    await writeCsv(join(ctx.outDir, "tlg_correlation.csv"), ["endpoint", "feature", "r", "r2", "p"], correlation);
    await writeCsv(
      join(ctx.outDir, "km.csv"),
      ["endpoint", "group", "time", "survival", "lower", "upper", "n_risk"],
      km,
    );
    await Deno.writeTextFile(join(ctx.outDir, "survival.json"), JSON.stringify(survival, null, 2));
  },
});

function protocolOf(
  protocol: string,
  p: { resamples: number; trainFraction: number; folds: number },
): EvaluationProtocol {
  return protocol.startsWith("bootstrap")
    ? { kind: "bootstrap", resamples: p.resamples, trainFraction: p.trainFraction }
    : { kind: "kfold", folds: p.folds };
}

function column1(m: FeatureMatrix, j: number): Float64Array {
  return m.data.subarray(j * m.nRows, (j + 1) * m.nRows);
}
