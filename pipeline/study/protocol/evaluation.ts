/**
 * Evaluation of one endpoint: logistic models scored by the settings' protocols — the paper's
 * bootstrap (selection on all patients: `*-optimistic`, labelled so), the nested bootstrap
 * (selection redone inside every training split) and their k-fold counterparts. The signature model
 * uses the selected features (nested: LASSO top-k among the candidates inside each split); each
 * comparator (TLG, the radiomic set) is a fixed set of columns, never re-selected.
 *
 * @module
 */
import type { EvaluationProtocol } from "../../../stats/evaluate_classifier.ts";
import type { EvaluationSplit } from "../../../stats/evaluation_splits.ts";
import type { FeatureMatrix } from "../../../stats/feature_matrix.ts";
import type { LambdaRule } from "../../../stats/lasso_fit.ts";
import { selectColumns } from "../../../stats/select_columns.ts";
import type { MetricRecord, RocRecord } from "../artifacts/stats_tables.ts";
import { parallelEvaluation } from "../parallel_evaluation.ts";
import { lambdaRule, type StatsSettings } from "./settings.ts";
import { evaluationStream, type Streams } from "./streams.ts";

/** One model to score: its columns, and whether its features are selected (so re-selected when nested). */
export interface EvaluatedModel {
  readonly name: string;
  readonly columns: readonly number[];
  readonly selects: boolean;
}

/** What {@linkcode evaluateEndpoint} returns. */
export interface EndpointEvaluation {
  readonly metrics: MetricRecord[];
  readonly roc: RocRecord[];
  /** Per model: training splits, and those where the MLE did not exist and a small ridge was used. */
  readonly ridge: ReadonlyMap<string, { readonly fits: number; readonly splits: number }>;
  /** Every model's split outcomes per protocol (per-split metrics, test rows and scores). */
  readonly outcomes: ReadonlyArray<{ model: string; protocol: string; splits: readonly EvaluationSplit[] }>;
}

/**
 * The evaluation protocol of a protocol id under the settings.
 *
 * @param protocol e.g. `bootstrap-nested`
 * @param evaluation the `evaluation` block
 * @returns the statistics engine's protocol
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { protocolOf } from "./evaluation.ts";
 * assert.deepEqual(protocolOf("kfold-nested", { resamples: 5, train_fraction: 0.7, folds: 4 }), { kind: "kfold", folds: 4 });
 * ```
 */
export function protocolOf(
  protocol: string,
  evaluation: Pick<StatsSettings["evaluation"], "resamples" | "train_fraction" | "folds">,
): EvaluationProtocol {
  return protocol.startsWith("bootstrap")
    ? { kind: "bootstrap", resamples: evaluation.resamples, trainFraction: evaluation.train_fraction }
    : { kind: "kfold", folds: evaluation.folds };
}

/**
 * Score every model under every protocol of the settings for one endpoint. A model with no column
 * is skipped (and produces no rows).
 *
 * @param matrix patients × every column
 * @param endpoint name and labels
 * @param options models, candidate columns of nested selection, settings, the `evaluate` streams
 * @returns `metrics.csv` and `roc.csv` rows, ridge counts
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { featureMatrix } from "../../../stats/mod.ts";
 * import { evaluateEndpoint } from "./evaluation.ts";
 * import { parseStatsSettings } from "./settings.ts";
 * import { stageStreams } from "./streams.ts";
 * const y = Array.from({ length: 24 }, (_, i) => i % 2);
 * const m = featureMatrix([y.map((v, i) => v + Math.sin(i)), y.map((_, i) => Math.cos(5 * i))]);
 * const settings = parseStatsSettings("seed: 1\nevaluation: {resamples: 4}\nlasso: {top_k: 1}\n", "s.yaml");
 * const r = await evaluateEndpoint(m, { name: "os2y", labels: y }, {
 *   models: [{ name: "signature", columns: [0], selects: true }], candidates: [0, 1],
 *   settings, rng: stageStreams(1, "evaluate") });
 * assert.equal(r.metrics.length, 2 * 4); // two protocols × four metrics
 * ```
 */
export async function evaluateEndpoint(
  matrix: FeatureMatrix,
  endpoint: { readonly name: string; readonly labels: ArrayLike<number> },
  options: {
    readonly models: readonly EvaluatedModel[];
    readonly candidates: readonly number[];
    readonly settings: {
      readonly evaluation: StatsSettings["evaluation"];
      readonly lasso: Pick<StatsSettings["lasso"], "top_k" | "lambda" | "folds">;
    };
    readonly rng: Streams;
    readonly onStep?: (what: string) => void;
  },
): Promise<EndpointEvaluation> {
  const { evaluation, lasso } = options.settings;
  const rule: LambdaRule = lambdaRule(lasso);
  const metrics: MetricRecord[] = [];
  const roc: RocRecord[] = [];
  const ridge = new Map<string, { fits: number; splits: number }>();
  const outcomes: Array<{ model: string; protocol: string; splits: readonly EvaluationSplit[] }> = [];
  for (const model of options.models) {
    for (const protocol of evaluation.protocols) {
      options.onStep?.(`${endpoint.name} ${model.name} ${protocol}`);
      if (model.columns.length === 0) continue;
      const nested = protocol.endsWith("nested") && model.selects;
      // splits run on one worker thread per core; nested: LASSO top-k inside every training split
      const ev = await parallelEvaluation(
        selectColumns(matrix, nested ? options.candidates : model.columns),
        endpoint.labels,
        {
          rng: options.rng(evaluationStream(endpoint.name, protocol)), // the same splits for every model
          protocol: protocolOf(protocol, evaluation),
          threshold: evaluation.threshold,
          ...(nested ? { nested: { topK: lasso.top_k, rule } } : {}),
        },
      );
      for (const [metric, m] of Object.entries(ev.metrics)) {
        metrics.push({
          endpoint: endpoint.name,
          model: model.name,
          protocol,
          metric,
          mean: m.mean,
          lower: m.lower,
          upper: m.upper,
        });
      }
      ev.roc.fpr.forEach((fpr, k) =>
        roc.push({ endpoint: endpoint.name, model: model.name, protocol, fpr, tpr: ev.roc.tpr[k]! })
      );
      const r = ridge.get(model.name) ?? { fits: 0, splits: 0 };
      ridge.set(model.name, { fits: r.fits + ev.ridgeFits, splits: r.splits + ev.splits });
      outcomes.push({ model: model.name, protocol, splits: ev.outcomes });
    }
  }
  return { metrics, roc, ridge, outcomes };
}
