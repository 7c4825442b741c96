/** Resampling evaluation of a logistic classifier: the paper's bootstrap split and k-fold CV. @module */
import type { FeatureMatrix } from "./feature_matrix.ts";
import { type RocCurve, rocCurve } from "./roc_curve.ts";
import {
  type EvaluationProtocol,
  type EvaluationSplit,
  evaluationSplits,
  type EvaluationSplitsOptions,
} from "./evaluation_splits.ts";
import { quantileSorted } from "./_resample.ts";

export type { EvaluationProtocol } from "./evaluation_splits.ts";

/** Options for {@linkcode evaluateClassifier}. */
export interface EvaluateClassifierOptions extends Omit<EvaluationSplitsOptions, "from" | "to"> {
  /** Percentile-interval level. @default {0.95} */
  readonly confidenceLevel?: number;
  /**
   * The splits, already run (e.g. by {@linkcode evaluationSplits} over ranges, in parallel): then
   * nothing is fitted and `rng` is not used. @default {run here}
   */
  readonly splits?: readonly EvaluationSplit[];
}

/** Mean and percentile interval of one metric over test sets. */
export interface MetricSummary {
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
}

/** Result of {@linkcode evaluateClassifier}. */
export interface EvaluationResult {
  /** Protocol kind. */
  readonly protocol: EvaluationProtocol["kind"];
  /** Whether selection ran inside each training split. */
  readonly nested: boolean;
  /** Metric summaries over test sets (NaN test-set values, e.g. one class, are left out). */
  readonly metrics: {
    readonly accuracy: MetricSummary;
    readonly sensitivity: MetricSummary;
    readonly specificity: MetricSummary;
    readonly auc: MetricSummary;
  };
  /** Number of train/test splits run. */
  readonly splits: number;
  /** Splits skipped because the training set held one class. */
  readonly skipped: number;
  /** Splits whose logistic fit needed the separation ridge. */
  readonly ridgeFits: number;
  /** ROC curve of all test-set predictions pooled. */
  readonly roc: RocCurve;
  /** Every split's outcome, in order (per-split metrics, test patients and their scores). */
  readonly outcomes: readonly EvaluationSplit[];
}

/**
 * Evaluate "logistic regression on the given (or selected) features" by resampling.
 * - `bootstrap`: each resample draws the labelled patients with replacement; its distinct patients
 *   are shuffled and split (stratified by class) into train (`trainFraction`) and test, so no
 *   patient is in both; every copy counts as a weight. Metrics are averaged over resamples with
 *   percentile intervals, as in the seed paper.
 * - `kfold`: stratified folds; each fold is the test set once; mean and interval over folds.
 * Pass `select` for the nested protocol; pass a matrix of pre-selected columns and no `select` for
 * the paper's optimistic order (selection on all data first), and label it as such.
 *
 * @param matrix patients × candidate features
 * @param y per patient 1, 0 or NaN (excluded)
 * @param options rng, protocol, select, threshold
 * @returns metric means and intervals, pooled ROC, counts
 * @throws {RangeError} on bad protocol values or labels
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng, evaluateClassifier, featureMatrix } from "./mod.ts";
 * const y = Array.from({ length: 40 }, (_, i) => i % 2);
 * const m = featureMatrix([y.map((v, i) => v + Math.sin(7 * i))]);
 * const r = evaluateClassifier(m, y, { rng: createRng(5), protocol: { kind: "kfold", folds: 4 } });
 * assert.ok(r.metrics.auc.mean > 0.7);
 * ```
 */
export function evaluateClassifier(
  matrix: FeatureMatrix,
  y: ArrayLike<number>,
  options: EvaluateClassifierOptions,
): EvaluationResult {
  const { protocol, splits: given, confidenceLevel: level = 0.95, ...splitOptions } = options;
  if (!(level > 0 && level < 1)) throw new RangeError(`Cannot evaluate: level is "${level}", expected (0, 1)`);
  const splits = given ?? evaluationSplits(matrix, y, { ...splitOptions, protocol });
  const pooledY: number[] = [];
  const pooledS: number[] = [];
  for (const s of splits) {
    for (let t = 0; t < s.y.length; t++) {
      pooledY.push(s.y[t]!);
      pooledS.push(s.score[t]!);
    }
  }
  const summary = (c: number): MetricSummary => {
    const v = splits.map((s) => s.values[c]!).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
    return {
      mean: v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN,
      lower: quantileSorted(v, (1 - level) / 2),
      upper: quantileSorted(v, 1 - (1 - level) / 2),
    };
  };
  return {
    protocol: protocol.kind,
    nested: options.select !== undefined,
    metrics: { accuracy: summary(0), sensitivity: summary(1), specificity: summary(2), auc: summary(3) },
    splits: splits.length,
    skipped: splits.filter((s) => s.skipped).length,
    ridgeFits: splits.filter((s) => s.ridge).length,
    roc: rocCurve(pooledY, pooledS),
    outcomes: splits,
  };
}
