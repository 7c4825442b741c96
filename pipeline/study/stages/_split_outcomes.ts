/**
 * What every model of the comparison shares and leaves per split (private to the stages): the split
 * generator — one per endpoint and protocol kind, the same for every model and both selection orders,
 * so U-Net features, TLG, radiomics and the CNN are all scored on the same test sets (the condition of
 * a paired DeLong test) — and the rows of `split_metrics.csv` and `predictions.csv`.
 */
import { createRng, type Rng } from "../../../stats/random.ts";
import type { EvaluationSplit } from "../../../stats/evaluation_splits.ts";

/** The split generator of an endpoint under a protocol (`bootstrap-…` or `kfold-…`). */
export function splitRng(seed: number, endpoint: string, protocol: string): Rng {
  return createRng(seed, `evaluation-splits/${endpoint}/${protocol.startsWith("bootstrap") ? "bootstrap" : "kfold"}`);
}

/** Columns of `split_metrics.csv`: one row per model and split. */
export const SPLIT_METRIC_COLUMNS = [
  "endpoint",
  "model",
  "protocol",
  "split",
  "n_test",
  "accuracy",
  "sensitivity",
  "specificity",
  "auc",
] as const;

/** Columns of `predictions.csv`: each test patient's probability, k-fold protocols only. */
export const PREDICTION_COLUMNS = ["endpoint", "model", "protocol", "split", "patient", "label", "score"] as const;

/** The rows of one model's splits (predictions only for k-fold, where a patient is tested once). */
export function splitOutcomeRows(
  key: { endpoint: string; model: string; protocol: string },
  ids: readonly string[],
  outcomes: readonly EvaluationSplit[],
): { splits: Record<string, unknown>[]; predictions: Record<string, unknown>[] } {
  const splits: Record<string, unknown>[] = [];
  const predictions: Record<string, unknown>[] = [];
  outcomes.forEach((o, split) => {
    const [accuracy, sensitivity, specificity, auc] = o.values;
    splits.push({ ...key, split, n_test: o.y.length, accuracy, sensitivity, specificity, auc });
    if (!key.protocol.startsWith("kfold")) return;
    o.rows.forEach((i, t) => predictions.push({ ...key, split, patient: ids[i], label: o.y[t], score: o.score[t] }));
  });
  return { splits, predictions };
}
