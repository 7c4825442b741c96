/**
 * Stage `compare`: comparisons, not only intervals — the U-Net-feature model against each comparator
 * (TLG, radiomics, and the CNN when it ran), paired on the same test sets. K-fold protocols: DeLong's
 * test per fold and on the pooled out-of-fold predictions; bootstrap protocols: the per-resample AUC
 * difference with its percentile interval. Fails when two models were not tested on the same patients.
 * Writes `comparisons.csv` (every row) and `metrics.csv` (`model` = `unet-vs-<comparator>`, metrics
 * `auc_difference` — mean with a 95 % interval — and `delong_p` or `resample_p`), in `evaluate`'s format.
 *
 * @module
 */
import {
  type ComparisonRecord,
  comparisonsTable,
  type PredictionRecord,
  predictionsTable,
  type SplitMetricRecord,
  splitMetricsTable,
} from "../artifacts/comparison_tables.ts";
import { type MetricRecord, metricsTable } from "../artifacts/stats_tables.ts";
import { defineStudyStage } from "./_define_study_stage.ts";
import { type PairedAucRow, pairedDelong, pairedResampleDifference, type SplitPredictions } from "./_paired_auc.ts";

const REFERENCE = "unet";

/** Compare the U-Net-feature model with each comparator on the same splits. */
export const compare = defineStudyStage({
  name: "compare",
  source: import.meta.url,
  inputs: ["evaluate", "cnn"],
  description: "paired AUC comparisons (DeLong per fold and pooled; paired bootstrap differences)",
  params: (spec) => ({ protocols: spec.stats.evaluation.protocols, cnn: spec.cnn.enabled }),
  async run(ctx) {
    const sources = [ctx.inputs.evaluate!, ...(ctx.inputs.cnn ? [ctx.inputs.cnn] : [])];
    const splitRows = (await Promise.all(sources.map((s) => splitMetricsTable.read(s.dir)))).flat();
    const predictionRows = (await Promise.all(sources.map((s) => predictionsTable.read(s.dir)))).flat();
    const rows: ComparisonRecord[] = [];
    const metrics: MetricRecord[] = [];
    const groups = new Map<string, SplitMetricRecord[]>();
    for (const r of splitRows) {
      const k = `${r.endpoint}\u0000${r.protocol}`;
      groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    for (const [k, group] of groups) {
      const [endpoint, protocol] = k.split("\u0000") as [string, string];
      const models = [...new Set(group.map((r) => r.model))];
      if (!models.includes(REFERENCE)) continue;
      for (const comparator of models.filter((m) => m !== REFERENCE)) {
        const what = `${REFERENCE} with ${comparator} (${endpoint}, ${protocol})`;
        const kfold = protocol.startsWith("kfold");
        const out: PairedAucRow[] = kfold
          ? pairedDelong(
            foldsOf(predictionRows, endpoint, protocol, REFERENCE),
            foldsOf(predictionRows, endpoint, protocol, comparator),
            what,
          )
          : [pairedResampleDifference(aucsOf(group, REFERENCE), aucsOf(group, comparator))];
        for (const r of out) rows.push({ endpoint, protocol, model: REFERENCE, comparator, ...r });
        const summary = out.at(-1)!; // pooled (k-fold) or the resamples row (bootstrap)
        const model = `${REFERENCE}-vs-${comparator}`;
        const pName = kfold ? "delong_p" : "resample_p";
        const { difference: mean, lower, upper } = summary;
        metrics.push({ endpoint, model, protocol, metric: "auc_difference", mean, lower, upper });
        metrics.push({ endpoint, model, protocol, metric: pName, mean: summary.p, lower: NaN, upper: NaN });
        ctx.metric({ name: `${pName}/${endpoint}/${comparator}/${protocol}`, value: summary.p });
      }
    }
    await comparisonsTable.write(ctx.outDir, rows);
    await metricsTable.write(ctx.outDir, metrics);
  },
});

function aucsOf(group: readonly SplitMetricRecord[], model: string): number[] {
  return group.filter((r) => r.model === model).sort((a, b) => a.split - b.split).map((r) => r.auc);
}

function foldsOf(
  rows: readonly PredictionRecord[],
  endpoint: string,
  protocol: string,
  model: string,
): SplitPredictions[] {
  const bySplit = new Map<number, { patients: string[]; labels: number[]; scores: number[] }>();
  for (const r of rows) {
    if (r.endpoint !== endpoint || r.protocol !== protocol || r.model !== model) continue;
    if (!bySplit.has(r.split)) bySplit.set(r.split, { patients: [], labels: [], scores: [] });
    const f = bySplit.get(r.split)!;
    f.patients.push(r.patient);
    f.labels.push(r.label);
    f.scores.push(r.score);
  }
  return [...bySplit].sort(([a], [b]) => a - b).map(([split, f]) => ({ split, ...f }));
}
