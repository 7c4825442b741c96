/** Feature selection by one LASSO fit: its k largest |standardised coefficients|. @module */
import type { FeatureMatrix } from "./feature_matrix.ts";
import { lassoFit, type LassoFitOptions } from "./lasso_fit.ts";

/** Options for {@linkcode lassoTopFeatures}. */
export interface LassoTopFeaturesOptions extends Pick<LassoFitOptions, "weights" | "rule" | "rng"> {
  /** How many features to keep at most. @default {20} */
  readonly topK?: number;
}

/**
 * Select features inside a training split (the nested protocols): fit LASSO-logistic once with the λ
 * rule (see {@linkcode lassoFit}) and keep its non-zero features with the `topK` largest
 * |standardised coefficients| (ties: lower column first).
 *
 * @param matrix patients × candidate features
 * @param y per patient 1, 0 or NaN (excluded)
 * @param options training weights, λ rule, rng (CV rules), k
 * @returns column indices of `matrix`, strongest first
 * @throws {RangeError} as {@linkcode lassoFit}
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { featureMatrix, lassoTopFeatures } from "./mod.ts";
 * const y = [0, 0, 1, 0, 1, 1, 0, 1];
 * const m = featureMatrix([[1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 2, 1, 2, 1, 2, 2], y.map((v) => 3 * v)]);
 * assert.deepEqual(lassoTopFeatures(m, y, { rule: { kind: "nonzero", count: 1 }, topK: 1 }), [2]);
 * ```
 */
export function lassoTopFeatures(
  matrix: FeatureMatrix,
  y: ArrayLike<number>,
  options: LassoTopFeaturesOptions = {},
): number[] {
  const { topK = 20, ...fitOptions } = options;
  const fit = lassoFit(matrix, y, fitOptions);
  return [...fit.index.keys()]
    .sort((a, b) =>
      Math.abs(fit.betaStandardized[b]!) - Math.abs(fit.betaStandardized[a]!) || fit.index[a]! - fit.index[b]!
    )
    .slice(0, topK)
    .map((k) => fit.index[k]!);
}
