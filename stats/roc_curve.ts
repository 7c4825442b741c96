/** Empirical ROC curve points. @module */
import { splitLabels } from "./_moments.ts";

/** ROC curve points, from (0, 0) to (1, 1). */
export interface RocCurve {
  /** Thresholds, descending: +Infinity first, then each distinct score; "case" means score ≥ threshold. */
  readonly thresholds: Float64Array;
  /** False-positive rate (1 − specificity) at each threshold. */
  readonly fpr: Float64Array;
  /** True-positive rate (sensitivity) at each threshold. */
  readonly tpr: Float64Array;
}

/**
 * Every (FPR, TPR) point of the empirical ROC curve, one per distinct score. The point set equals
 * pROC `coords(roc, "all")` and sklearn `roc_curve(..., drop_intermediate=False)`.
 *
 * @param labels 1 = case, 0 = control, NaN = excluded
 * @param scores higher = more likely a case
 * @returns thresholds, fpr and tpr (each of length distinct scores + 1)
 * @throws {RangeError} on unequal lengths, a NaN score, or a missing class
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { rocCurve } from "./roc_curve.ts";
 * const c = rocCurve([0, 1, 1, 0], [0.1, 0.9, 0.4, 0.4]);
 * assert.deepEqual([...c.fpr], [0, 0, 0.5, 1]);
 * assert.deepEqual([...c.tpr], [0, 0.5, 1, 1]);
 * ```
 */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): RocCurve {
  if (labels.length !== scores.length) {
    throw new RangeError(`Cannot compute a ROC curve: ${labels.length} labels but ${scores.length} scores`);
  }
  const { ones, zeros } = splitLabels(labels, "compute a ROC curve");
  const n1 = ones.length;
  const n0 = zeros.length;
  if (n1 === 0 || n0 === 0) throw new RangeError(`Cannot compute a ROC curve: ${n1} cases and ${n0} controls`);
  const idx = [...ones, ...zeros];
  for (const i of idx) {
    if (Number.isNaN(scores[i]!)) throw new RangeError(`Cannot compute a ROC curve: score ${i} is NaN`);
  }
  idx.sort((a, b) => scores[b]! - scores[a]!);
  const th = [Infinity];
  const fpr = [0];
  const tpr = [0];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    if (labels[i] === 1) tp++;
    else fp++;
    if (k + 1 === idx.length || scores[idx[k + 1]!]! !== scores[i]!) {
      th.push(scores[i]!);
      fpr.push(fp / n0);
      tpr.push(tp / n1);
    }
  }
  return { thresholds: Float64Array.from(th), fpr: Float64Array.from(fpr), tpr: Float64Array.from(tpr) };
}
