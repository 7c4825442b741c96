/** The train/test splits of a resampling evaluation, for any range of splits. @module */
import type { FeatureMatrix } from "./feature_matrix.ts";
import type { Rng } from "./random.ts";
import { classificationMetrics } from "./classification_metrics.ts";
import { logisticRegression } from "./logistic_regression.ts";
import { selectColumns } from "./select_columns.ts";
import { evaluationPartitions, type EvaluationProtocol } from "./evaluation_partitions.ts";

export type { EvaluationProtocol } from "./evaluation_partitions.ts";

/** Options for {@linkcode evaluationSplits}. */
export interface EvaluationSplitsOptions {
  /** Seeded generator for resamples, splits and folds; pass a fresh one. */
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
  /** First split run (0-based; k-fold splits are numbered repeat-major). @default {0} */
  readonly from?: number;
  /** One past the last split run. @default {all splits} */
  readonly to?: number;
}

/** One train/test split's outcome. */
export interface EvaluationSplit {
  /** Accuracy, sensitivity, specificity, AUC on the test set (NaN where undefined or skipped). */
  readonly values: readonly [number, number, number, number];
  /** Test-set labels, one entry per copy of a test patient. */
  readonly y: Float64Array;
  /** Their predicted probabilities. */
  readonly score: Float64Array;
  /** Their row (patient) indices in `matrix`, so models scored on the same partitions can be paired. */
  readonly rows: Int32Array;
  /** The training set held one class (or the test set was empty): nothing was fitted. */
  readonly skipped: boolean;
  /** The logistic fit needed the separation ridge. */
  readonly ridge: boolean;
}

/**
 * Run splits `from … to − 1` of a resampling evaluation (see {@linkcode evaluateClassifier} for the
 * protocols). Split b's resample is the b-th draw of the generator's stream (k-fold: the fold
 * assignment of its repeat) and its split/selection randomness comes from `rng.fork("split<b>")`
 * (k-fold: `fold<repeat>.<fold>`), so a split gives the same outcome in whichever range it is run;
 * the draws before `from` are replayed, not fitted. Concatenating ranges in order gives bit-for-bit
 * the splits of one run.
 *
 * @param matrix patients × candidate features
 * @param y per patient 1, 0 or NaN (excluded)
 * @param options rng, protocol, select, threshold, range
 * @returns the outcome of each split in the range, in order
 * @throws {RangeError} on bad protocol values or a bad range
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng, evaluationSplits, featureMatrix } from "./mod.ts";
 * const y = Array.from({ length: 40 }, (_, i) => i % 2);
 * const m = featureMatrix([y.map((v, i) => v + Math.sin(7 * i))]);
 * const protocol = { kind: "bootstrap", resamples: 10 } as const;
 * const all = evaluationSplits(m, y, { rng: createRng(5), protocol });
 * assert.deepEqual(evaluationSplits(m, y, { rng: createRng(5), protocol, from: 7 }), all.slice(7));
 * ```
 */
export function evaluationSplits(
  matrix: FeatureMatrix,
  y: ArrayLike<number>,
  options: EvaluationSplitsOptions,
): EvaluationSplit[] {
  const rows: number[] = [];
  for (let i = 0; i < matrix.nRows; i++) if (y[i] === 0 || y[i] === 1) rows.push(i);
  return evaluationPartitions(y, options).map((p) => runSplit(matrix, y, rows, p.train, p.test, p.rng, options));
}

function runSplit(
  matrix: FeatureMatrix,
  y: ArrayLike<number>,
  rows: readonly number[],
  train: Float64Array,
  test: Float64Array,
  r: Rng,
  options: EvaluationSplitsOptions,
): EvaluationSplit {
  const n = matrix.nRows;
  const cls = [0, 0];
  const testCls = [0, 0];
  for (const i of rows) {
    cls[y[i]!] = cls[y[i]!]! + train[i]!;
    testCls[y[i]!] = testCls[y[i]!]! + test[i]!;
  }
  if (cls[0] === 0 || cls[1] === 0 || testCls[0]! + testCls[1]! === 0) {
    return skippedSplit();
  }
  const cols = options.select ? Array.from(options.select(train, r)) : null;
  const sub = cols === null ? matrix : selectColumns(matrix, cols);
  const fit = logisticRegression(sub, y, { weights: train });
  const ty: number[] = [];
  const ts: number[] = [];
  const tr: number[] = [];
  for (const i of rows) {
    if (test[i] === 0) continue;
    let eta = fit.coefficients[0]!;
    for (let c = 0; c < sub.nCols; c++) eta += fit.coefficients[c + 1]! * sub.data[c * n + i]!;
    const p = 1 / (1 + Math.exp(-eta));
    for (let c = 0; c < test[i]!; c++) {
      ty.push(y[i]!);
      ts.push(p);
      tr.push(i);
    }
  }
  const m = classificationMetrics(ty, ts, options.threshold === undefined ? {} : { threshold: options.threshold });
  return {
    values: [m.accuracy, m.sensitivity, m.specificity, m.auc],
    y: Float64Array.from(ty),
    score: Float64Array.from(ts),
    rows: Int32Array.from(tr),
    skipped: false,
    ridge: fit.ridge > 0,
  };
}

/**
 * The result of a split that cannot be scored (a class missing from its training part, or an empty
 * test part): NaN metrics, no predictions, `skipped`. Summaries leave such splits out and count them.
 *
 * @returns a skipped split
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { skippedSplit } from "./evaluation_splits.ts";
 * assert.equal(skippedSplit().skipped, true);
 * assert.ok(Number.isNaN(skippedSplit().values[0]));
 * ```
 */
export function skippedSplit(): EvaluationSplit {
  return {
    values: [NaN, NaN, NaN, NaN],
    y: new Float64Array(0),
    score: new Float64Array(0),
    rows: new Int32Array(0),
    skipped: true,
    ridge: false,
  };
}
