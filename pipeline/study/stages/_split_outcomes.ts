/**
 * What every model of the comparison shares and leaves per split (private to the stages): the split
 * generator of an endpoint and protocol — the `evaluate` stage's stream, the same for every model — and
 * the rows of `split_metrics.csv` and `predictions.csv`.
 */
import type { Rng } from "../../../stats/random.ts";
import type { EvaluationSplit } from "../../../stats/evaluation_splits.ts";
import type { PredictionRecord, SplitMetricRecord } from "../artifacts/comparison_tables.ts";
import { EVALUATION_STAGE, evaluationStream, stageStreams } from "../protocol/streams.ts";

/** The split generator of an endpoint under a protocol (`bootstrap-…` or `kfold-…`), as `evaluate` draws it. */
export function splitRng(seed: number, endpoint: string, protocol: string): Rng {
  return stageStreams(seed, EVALUATION_STAGE)(evaluationStream(endpoint, protocol));
}

/** The rows of one model's splits (predictions only for k-fold, where a patient is tested once). */
export function splitOutcomeRows(
  key: { endpoint: string; model: string; protocol: string },
  ids: readonly string[],
  outcomes: readonly EvaluationSplit[],
): { splits: SplitMetricRecord[]; predictions: PredictionRecord[] } {
  const splits: SplitMetricRecord[] = [];
  const predictions: PredictionRecord[] = [];
  outcomes.forEach((o, split) => {
    const [accuracy, sensitivity, specificity, auc] = o.values;
    splits.push({ ...key, split, nTest: o.y.length, accuracy, sensitivity, specificity, auc });
    if (!key.protocol.startsWith("kfold")) return;
    o.rows.forEach((i, t) => predictions.push({ ...key, split, patient: ids[i]!, label: o.y[t]!, score: o.score[t]! }));
  });
  return { splits, predictions };
}
