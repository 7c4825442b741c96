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
import { join } from "node:path";
import { parseCsvRecords } from "../../csv.ts";
import { defineStage } from "../../engine/stage.ts";
import type { CacheEntry } from "../../engine/stage.ts";
import { type PairedAucRow, pairedDelong, pairedResampleDifference, type SplitPredictions } from "./_paired_auc.ts";
import { writeCsv } from "./_study_data.ts";

const REFERENCE = "unet";

/** Compare the U-Net-feature model with each comparator on the same splits. */
export const compare = defineStage({
  name: "compare",
  version: 1,
  inputs: ["evaluate", "cnn"],
  description: "paired AUC comparisons (DeLong per fold and pooled; paired bootstrap differences)",
  params: (spec) => ({ protocols: spec.stats.evaluation.protocols, cnn: spec.cnn.enabled }),
  async run(ctx) {
    const sources = [ctx.inputs.evaluate!, ...(ctx.inputs.cnn ? [ctx.inputs.cnn] : [])];
    const splitRows = (await Promise.all(sources.map((s) => records(s, "split_metrics.csv")))).flat();
    const predictionRows = (await Promise.all(sources.map((s) => records(s, "predictions.csv")))).flat();
    const rows: Record<string, unknown>[] = [];
    const metrics: Record<string, unknown>[] = [];
    const groups = new Map<string, Record<string, string>[]>();
    for (const r of splitRows) {
      const k = `${r.endpoint}\u0000${r.protocol}`;
      groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    for (const [k, group] of groups) {
      const [endpoint, protocol] = k.split("\u0000") as [string, string];
      const models = [...new Set(group.map((r) => r.model!))];
      if (!models.includes(REFERENCE)) continue;
      for (const comparator of models.filter((m) => m !== REFERENCE)) {
        const what = `${REFERENCE} with ${comparator} (${endpoint}, ${protocol})`;
        const out: PairedAucRow[] = protocol.startsWith("kfold")
          ? pairedDelong(
            foldsOf(predictionRows, endpoint, protocol, REFERENCE),
            foldsOf(predictionRows, endpoint, protocol, comparator),
            what,
          )
          : [pairedResampleDifference(aucsOf(group, REFERENCE), aucsOf(group, comparator))];
        const key = { endpoint, protocol, model: REFERENCE, comparator };
        for (const r of out) {
          rows.push({
            ...key,
            split: r.split,
            auc_model: r.aucModel,
            auc_comparator: r.aucComparator,
            difference: r.difference,
            lower: r.lower,
            upper: r.upper,
            z: r.z,
            p: r.p,
          });
        }
        const summary = out.at(-1)!; // pooled (k-fold) or the resamples row (bootstrap)
        const model = `${REFERENCE}-vs-${comparator}`;
        const pName = protocol.startsWith("kfold") ? "delong_p" : "resample_p";
        metrics.push({
          endpoint,
          model,
          protocol,
          metric: "auc_difference",
          mean: summary.difference,
          lower: summary.lower,
          upper: summary.upper,
        });
        metrics.push({ endpoint, model, protocol, metric: pName, mean: summary.p });
        ctx.metric({ name: `${pName}/${endpoint}/${comparator}/${protocol}`, value: summary.p });
      }
    }
    await writeCsv(
      join(ctx.outDir, "comparisons.csv"),
      [
        "endpoint",
        "protocol",
        "model",
        "comparator",
        "split",
        "auc_model",
        "auc_comparator",
        "difference",
        "lower",
        "upper",
        "z",
        "p",
      ],
      rows,
    );
    await writeCsv(join(ctx.outDir, "metrics.csv"), [
      "endpoint",
      "model",
      "protocol",
      "metric",
      "mean",
      "lower",
      "upper",
    ], metrics);
  },
});

async function records(entry: CacheEntry, file: string): Promise<Record<string, string>[]> {
  const [header = [], ...rows] = parseCsvRecords(await Deno.readTextFile(join(entry.dir, file)));
  return rows.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j] ?? ""])));
}

function aucsOf(group: readonly Record<string, string>[], model: string): number[] {
  return group.filter((r) => r.model === model).sort((a, b) => Number(a.split) - Number(b.split))
    .map((r) => (r.auc === "" ? NaN : Number(r.auc)));
}

function foldsOf(
  rows: readonly Record<string, string>[],
  endpoint: string,
  protocol: string,
  model: string,
): SplitPredictions[] {
  const bySplit = new Map<number, { patients: string[]; labels: number[]; scores: number[] }>();
  for (const r of rows) {
    if (r.endpoint !== endpoint || r.protocol !== protocol || r.model !== model) continue;
    const s = Number(r.split);
    if (!bySplit.has(s)) bySplit.set(s, { patients: [], labels: [], scores: [] });
    const f = bySplit.get(s)!;
    f.patients.push(r.patient!);
    f.labels.push(Number(r.label));
    f.scores.push(Number(r.score));
  }
  return [...bySplit].sort(([a], [b]) => a - b).map(([split, f]) => ({ split, ...f }));
}
