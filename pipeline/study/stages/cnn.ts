/**
 * Stage `cnn`: the journal version's third comparator — a 3D CNN trained directly on each binary
 * endpoint from the crops (Hosny et al. 2018 style; `cnn.input`: CT, PET or both as channels), inside
 * every k-fold training split on the training patients only, and scored on that fold's test patients.
 * The folds come from the generator the `evaluate` stage uses for every model (`splitRng`), so the CNN
 * is tested on exactly the patients the U-Net-feature, TLG and radiomics models are tested on; the
 * `compare` stage asserts it. The CNN selects nothing, so its numbers are the same under
 * `kfold-optimistic` and `kfold-nested` and are written under each k-fold protocol of the spec.
 *
 * One cache entry holds every endpoint and fold: the networks of one spec differ only by their labels
 * and training patients, any parameter change (epochs, width, input) invalidates all of them alike, and
 * one entry keeps the graph and the report's inputs fixed whatever the endpoints. A killed run loses at
 * most one fold: each fold's predictions are kept in the stage's work folder and reused on resume.
 * Writes `metrics.csv`, `roc.csv`, `split_metrics.csv` and `predictions.csv` in `evaluate`'s formats.
 *
 * @module
 */
import { join } from "node:path";
import { classificationMetrics } from "../../../stats/classification_metrics.ts";
import { evaluateClassifier } from "../../../stats/evaluate_classifier.ts";
import { evaluationPartitions } from "../../../stats/evaluation_partitions.ts";
import { type EvaluationSplit, skippedSplit } from "../../../stats/evaluation_splits.ts";
import { type BackendName, selectBackend } from "../../model/backends.ts";
import { normaliseIntensity } from "../../model/normalise_intensity.ts";
import { type CnnSample, predictCnn, trainCnn } from "../../model/train_cnn.ts";
import { readClinical } from "../artifacts/clinical_table.ts";
import {
  type PredictionRecord,
  predictionsTable,
  type SplitMetricRecord,
  splitMetricsTable,
} from "../artifacts/comparison_tables.ts";
import { type MetricRecord, metricsTable, type RocRecord, rocTable } from "../artifacts/stats_tables.ts";
import { defineStudyStage } from "./_define_study_stage.ts";
import { type Modality, normalisationOf, samplesOf } from "./_model_io.ts";
import { splitOutcomeRows, splitRng } from "./_split_outcomes.ts";
import { endpointLabels } from "./_study_data.ts";
import { unetConfigOf } from "./unet_config_of.ts";

/** Train and score the prognostic CNN per endpoint and k-fold split. */
export const cnn = defineStudyStage({
  name: "cnn",
  source: import.meta.url,
  inputs: ["ingest", "crop"],
  description: "end-to-end prognostic CNN per endpoint, trained inside each k-fold training split",
  params: (spec) => {
    const modalities: Modality[] = spec.cnn.input === "both" ? ["ct", "pet"] : [spec.cnn.input];
    return {
      endpoints: spec.endpoints,
      modalities,
      normalisation: modalities.map((m) => normalisationOf(spec, m)),
      config: {
        inputShape: unetConfigOf(spec).inputShape,
        channels: modalities.length,
        blocks: spec.cnn.blocks,
        width: spec.cnn.width,
        dropout: spec.cnn.dropout,
      },
      epochs: spec.cnn.epochs,
      batchSize: spec.cnn.batch_size,
      learningRate: spec.cnn.learning_rate,
      flip: spec.cnn.flip,
      maxShift: spec.cnn.max_shift,
      trainSeed: spec.cnn.seed ?? spec.train.seed ?? spec.seed,
      backend: spec.train.backend,
      protocols: spec.stats.evaluation.protocols.filter((p) => p.startsWith("kfold")),
      folds: spec.stats.evaluation.folds,
      threshold: spec.stats.evaluation.threshold,
      seed: spec.stats.seed ?? spec.seed,
    };
  },
  async run(ctx) {
    const p = ctx.params;
    const picked = await selectBackend(p.backend === "auto" ? {} : { pin: p.backend as BackendName });
    ctx.info("backend", picked.name);
    const perModality = await Promise.all(p.modalities.map((m) => samplesOf(ctx.inputs.crop!, m)));
    // patient order of `evaluate` (its feature tables are sorted by id): the folds depend on it
    const order = perModality[0]!.map((s, i) => [s.id, i] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const ids = order.map(([id]) => id);
    const samples: CnnSample[] = order.map(([id, i]) => ({
      id,
      channels: perModality.map((ms, k) => normaliseIntensity(ms[i]!.image, p.normalisation[k]!)),
    }));
    const clinical = await readClinical(ctx.inputs.ingest!.dir);
    const endpoints = endpointLabels(clinical, ids, p.endpoints);
    const out = { metrics: [] as MetricRecord[], roc: [] as RocRecord[] };
    const perSplit: SplitMetricRecord[] = [];
    const predictions: PredictionRecord[] = [];
    ctx.progress.start("endpoint × fold", endpoints.length * p.folds);
    for (const e of endpoints) {
      const folds = evaluationPartitions(e.labels, {
        rng: splitRng(p.seed, e.name, "kfold"),
        protocol: { kind: "kfold", folds: p.folds },
      });
      const outcomes: EvaluationSplit[] = [];
      for (const fold of folds) {
        ctx.progress.tick(`${e.name} fold ${fold.index + 1}`);
        outcomes.push(await foldOutcome(e.labels, fold.train, fold.test, `${e.name}-fold${fold.index}`));
      }
      const ev = evaluateClassifier({ nRows: ids.length, nCols: 0, data: new Float64Array(0) }, e.labels, {
        rng: splitRng(p.seed, e.name, "kfold"),
        protocol: { kind: "kfold", folds: p.folds },
        splits: outcomes,
      });
      if (ev.skipped > 0) ctx.warn(`${e.name}: ${ev.skipped} folds had one class in training; the CNN was not fitted`);
      for (const protocol of p.protocols) {
        for (const [metric, m] of Object.entries(ev.metrics)) {
          out.metrics.push({ endpoint: e.name, model: "cnn", protocol, metric, ...m });
          if (metric === "auc") ctx.metric({ name: `auc/${e.name}/cnn/${protocol}`, value: m.mean, ...bounds(m) });
        }
        ev.roc.fpr.forEach((f, k) =>
          out.roc.push({ endpoint: e.name, model: "cnn", protocol, fpr: f, tpr: ev.roc.tpr[k]! })
        );
        const rows = splitOutcomeRows({ endpoint: e.name, model: "cnn", protocol }, ids, outcomes);
        perSplit.push(...rows.splits);
        predictions.push(...rows.predictions);
      }
    }
    await metricsTable.write(ctx.outDir, out.metrics);
    await rocTable.write(ctx.outDir, out.roc);
    await splitMetricsTable.write(ctx.outDir, perSplit);
    await predictionsTable.write(ctx.outDir, predictions);

    /** Train on the fold's training patients, predict its test patients (or reuse a finished fold). */
    async function foldOutcome(y: Float64Array, train: Float64Array, test: Float64Array, name: string) {
      const file = join(ctx.workDir, `${name}.json`);
      const saved = await Deno.readTextFile(file).then(JSON.parse).catch(() => null) as
        | { rows: number[]; score: number[] }
        | null;
      const trainRows = [...train.keys()].filter((i) => train[i]! > 0);
      const testRows = [...test.keys()].filter((i) => test[i]! > 0);
      const ty = testRows.map((i) => y[i]!);
      const trainY = trainRows.map((i) => y[i]!);
      if (!trainY.includes(0) || !trainY.includes(1) || testRows.length === 0) {
        return skippedSplit();
      }
      let score: ArrayLike<number>;
      if (saved && saved.rows.join() === testRows.join()) score = saved.score;
      else {
        const net = trainCnn(trainRows.map((i) => samples[i]!), trainY, p.config, {
          epochs: p.epochs,
          batchSize: p.batchSize,
          learningRate: p.learningRate,
          seed: p.trainSeed,
          flip: p.flip,
          maxShift: p.maxShift,
        });
        try {
          score = predictCnn(net, testRows.map((i) => samples[i]!));
        } finally {
          net.dispose();
        }
        await Deno.writeTextFile(file, JSON.stringify({ rows: testRows, score: Array.from(score) }));
      }
      const m = classificationMetrics(ty, score, { threshold: p.threshold });
      return {
        values: [m.accuracy, m.sensitivity, m.specificity, m.auc],
        y: Float64Array.from(ty),
        score: Float64Array.from(score),
        rows: Int32Array.from(testRows),
        skipped: false,
        ridge: false,
      } as EvaluationSplit;
    }
  },
});

function bounds(m: { lower: number; upper: number }): { lower?: number; upper?: number } {
  return Number.isNaN(m.lower) ? {} : { lower: m.lower, upper: m.upper };
}
