/** Resampling evaluation of a logistic classifier: the paper's bootstrap split and k-fold CV. @module */
import type { FeatureMatrix } from "./feature_matrix.ts";
import type { Rng } from "./random.ts";
import { bootstrap } from "./bootstrap.ts";
import { classificationMetrics } from "./classification_metrics.ts";
import { logisticRegression } from "./logistic_regression.ts";
import { type RocCurve, rocCurve } from "./roc_curve.ts";
import { selectColumns } from "./select_columns.ts";
import { stratifiedFolds } from "./_folds.ts";
import { quantileSorted } from "./_resample.ts";

/** The seed paper's bootstrap (train/test split inside each resample) or k-fold CV (journal version). */
export type EvaluationProtocol =
  | { readonly kind: "bootstrap"; readonly resamples?: number; readonly trainFraction?: number }
  | { readonly kind: "kfold"; readonly folds?: number; readonly repeats?: number };

/** Options for {@linkcode evaluateClassifier}. */
export interface EvaluateClassifierOptions {
  /** Seeded generator for resamples, splits and folds. */
  readonly rng: Rng;
  /** Protocol; bootstrap defaults: 1000 resamples, trainFraction 0.7; k-fold: 6 folds, 1 repeat. */
  readonly protocol: EvaluationProtocol;
  /**
   * Feature selection redone on every training split ("nested"): gets the training weights and a
   * forked rng, returns column indices of `matrix`. Absent: the model uses every column of `matrix`.
   */
  readonly select?: (trainWeights: Float64Array, rng: Rng) => ArrayLike<number>;
  /** Probability threshold for accuracy/sensitivity/specificity. @default {0.5} */
  readonly threshold?: number;
  /** Percentile-interval level. @default {0.95} */
  readonly confidenceLevel?: number;
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
}

const METRICS = ["accuracy", "sensitivity", "specificity", "auc"] as const;

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
  const { rng, protocol } = options;
  const n = matrix.nRows;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (y[i] === 0 || y[i] === 1) rows.push(i);
  const pooledY: number[] = [];
  const pooledS: number[] = [];
  let skipped = 0;
  let ridgeFits = 0;
  const runSplit = (train: Float64Array, test: Float64Array, r: Rng): number[] => {
    const cls = [0, 0];
    const testCls = [0, 0];
    for (const i of rows) {
      cls[y[i]!] = cls[y[i]!]! + train[i]!;
      testCls[y[i]!] = testCls[y[i]!]! + test[i]!;
    }
    if (cls[0] === 0 || cls[1] === 0 || testCls[0]! + testCls[1]! === 0) {
      skipped++;
      return [NaN, NaN, NaN, NaN];
    }
    const cols = options.select ? Array.from(options.select(train, r)) : null;
    const sub = cols === null ? matrix : selectColumns(matrix, cols);
    const fit = logisticRegression(sub, y, { weights: train });
    if (fit.ridge > 0) ridgeFits++;
    const ty: number[] = [];
    const ts: number[] = [];
    for (const i of rows) {
      if (test[i] === 0) continue;
      let eta = fit.coefficients[0]!;
      for (let c = 0; c < sub.nCols; c++) eta += fit.coefficients[c + 1]! * sub.data[c * n + i]!;
      const p = 1 / (1 + Math.exp(-eta));
      for (let c = 0; c < test[i]!; c++) {
        ty.push(y[i]!);
        ts.push(p);
      }
    }
    pooledY.push(...ty);
    pooledS.push(...ts);
    const m = classificationMetrics(ty, ts, options.threshold === undefined ? {} : { threshold: options.threshold });
    return METRICS.map((k) => m[k]);
  };
  const values: number[][] = [];
  if (protocol.kind === "bootstrap") {
    const frac = protocol.trainFraction ?? 0.7;
    if (!(frac > 0 && frac < 1)) throw new RangeError(`Cannot evaluate: trainFraction is "${frac}", expected (0, 1)`);
    const res = bootstrap((counts, b) => {
      const w = new Float64Array(n);
      rows.forEach((i, k) => (w[i] = counts[k]!));
      const r = rng.fork(`split${b}`);
      const train = new Float64Array(n);
      const test = new Float64Array(n);
      for (const cls of [1, 0]) {
        const drawn = rows.filter((i) => w[i]! > 0 && y[i] === cls);
        for (let t = drawn.length - 1; t > 0; t--) {
          const u = r.int(t + 1);
          [drawn[t], drawn[u]] = [drawn[u]!, drawn[t]!];
        }
        const cut = Math.round(frac * drawn.length);
        drawn.forEach((i, k) => (k < cut ? (train[i] = w[i]!) : (test[i] = w[i]!)));
      }
      return runSplit(train, test, r);
    }, {
      n: rows.length,
      rng,
      resamples: protocol.resamples ?? 1000,
      confidenceLevel: options.confidenceLevel ?? 0.95,
    });
    for (let b = 0; b < res.values.length / 4; b++) values.push([...res.values.subarray(b * 4, b * 4 + 4)]);
  } else {
    const k = protocol.folds ?? 6;
    const repeats = protocol.repeats ?? 1;
    if (!(Number.isInteger(k) && k >= 2)) {
      throw new RangeError(`Cannot evaluate: folds is "${k}", expected an integer ≥ 2`);
    }
    for (let rep = 0; rep < repeats; rep++) {
      const fold = stratifiedFolds(y, undefined, k, rng);
      for (let f = 0; f < k; f++) {
        const train = Float64Array.from(fold, (v) => (v >= 0 && v !== f ? 1 : 0));
        const test = Float64Array.from(fold, (v) => (v === f ? 1 : 0));
        values.push(runSplit(train, test, rng.fork(`fold${rep}.${f}`)));
      }
    }
  }
  const level = options.confidenceLevel ?? 0.95;
  const summary = (c: number): MetricSummary => {
    const v = values.map((row) => row[c]!).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
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
    splits: values.length,
    skipped,
    ridgeFits,
    roc: rocCurve(pooledY, pooledS),
  };
}
