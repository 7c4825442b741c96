/** Accuracy, sensitivity, specificity and AUC of predicted probabilities. @module */
import { rocAuc } from "./roc_auc.ts";

/** Options for {@linkcode classificationMetrics}. */
export interface ClassificationMetricsOptions {
  /** A subject is called positive when its score is ≥ this threshold. @default {0.5} */
  readonly threshold?: number;
}

/** The four metrics; NaN where undefined (no positives → sensitivity, one class → AUC). */
export interface ClassificationMetrics {
  /** Fraction classified correctly. */
  readonly accuracy: number;
  /** True-positive rate (deaths caught). */
  readonly sensitivity: number;
  /** True-negative rate. */
  readonly specificity: number;
  /** ROC AUC (Mann–Whitney). */
  readonly auc: number;
}

/**
 * Threshold metrics and AUC of scores against 0/1 labels (NaN labels excluded).
 *
 * @param labels 1, 0 or NaN
 * @param scores predicted probabilities (or any score; the threshold applies to it)
 * @param options threshold
 * @returns accuracy, sensitivity, specificity, AUC
 * @throws {RangeError} on unequal lengths or a label not 0/1/NaN
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { classificationMetrics } from "./mod.ts";
 * const m = classificationMetrics([0, 0, 1, 1], [0.2, 0.6, 0.7, 0.4]);
 * assert.deepEqual(m, { accuracy: 0.5, sensitivity: 0.5, specificity: 0.5, auc: 0.75 });
 * ```
 */
export function classificationMetrics(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: ClassificationMetricsOptions = {},
): ClassificationMetrics {
  const threshold = options.threshold ?? 0.5;
  if (labels.length !== scores.length) {
    throw new RangeError(`Cannot score a classifier: ${labels.length} labels but ${scores.length} scores`);
  }
  let tp = 0;
  let tn = 0;
  let p = 0;
  let q = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (Number.isNaN(y)) continue;
    if (y !== 0 && y !== 1) throw new RangeError(`Cannot score a classifier: label ${i} is "${y}"`);
    const call = scores[i]! >= threshold;
    if (y === 1) {
      p++;
      if (call) tp++;
    } else {
      q++;
      if (!call) tn++;
    }
  }
  return {
    accuracy: p + q === 0 ? NaN : (tp + tn) / (p + q),
    sensitivity: p === 0 ? NaN : tp / p,
    specificity: q === 0 ? NaN : tn / q,
    auc: p === 0 || q === 0 ? NaN : rocAuc(labels, scores).estimate,
  };
}
