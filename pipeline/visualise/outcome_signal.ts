/**
 * Does the risk model the maps explain carry any outcome signal at all? A permutation test of the
 * cross-validated AUC of the whole procedure (LASSO selection redone inside each training fold, then a
 * logistic model), on the real labels against seeded permutations of them. The maps' outcome check needs
 * it: on a cohort whose outcome is noise, a head fitted to that noise still changes when the labels are
 * permuted, so a map can "depend on the outcome" without saying anything about it.
 *
 * @module
 */
import { evaluateClassifier } from "../../stats/evaluate_classifier.ts";
import type { FeatureMatrix } from "../../stats/feature_matrix.ts";
import type { LambdaRule } from "../../stats/lasso_fit.ts";
import { lassoTopFeatures } from "../../stats/lasso_top_features.ts";
import { createRng } from "../../stats/random.ts";
import { permuteLabels } from "./outcome_randomisation.ts";

/** Options of {@linkcode outcomeSignal}. */
export interface OutcomeSignalOptions {
  /** Label permutations (the p-value cannot go under `1 / (permutations + 1)`). */
  readonly permutations: number;
  /** Seed of the permutations and folds. */
  readonly seed: number;
  /** Folds of the cross-validation. @default 5 */
  readonly folds?: number;
  /** Features kept by the selection. @default 10 */
  readonly topK?: number;
  /** λ rule of the selection. @default { kind: "nonzero", count: topK } */
  readonly rule?: LambdaRule;
}

/** What {@linkcode outcomeSignal} returns. */
export interface OutcomeSignal {
  /** Mean test-fold AUC on the real labels. */
  readonly auc: number;
  /** The same on each permutation. */
  readonly permutedAuc: readonly number[];
  /** `(1 + #{permuted ≥ real}) / (1 + permutations)`. */
  readonly pValue: number;
}

/**
 * Permutation test of the nested cross-validated AUC (see the module doc).
 *
 * @param matrix patients × candidate features (all of them: selection is redone in each fold)
 * @param labels 1, 0 or NaN per patient
 * @param options permutations, seed, folds, selection size and λ rule
 * @returns the real AUC, the permuted ones and the p-value
 * @throws {RangeError} as `evaluateClassifier`
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { featureMatrix } from "../../stats/feature_matrix.ts";
 * import { outcomeSignal } from "./outcome_signal.ts";
 * const y = Array.from({ length: 40 }, (_, i) => i % 2);
 * const m = featureMatrix([y.map((v, i) => 2 * v + Math.sin(7 * i)), y.map((_, i) => Math.cos(3 * i))]);
 * const s = outcomeSignal(m, y, { permutations: 9, seed: 1, folds: 4, topK: 1 });
 * assert.ok(s.auc > 0.8 && s.pValue === 0.1);
 * ```
 */
export function outcomeSignal(
  matrix: FeatureMatrix,
  labels: ArrayLike<number>,
  options: OutcomeSignalOptions,
): OutcomeSignal {
  const topK = options.topK ?? 10;
  const rule = options.rule ?? { kind: "nonzero", count: topK };
  const auc = (y: ArrayLike<number>, k: number) =>
    evaluateClassifier(matrix, y, {
      rng: createRng(options.seed, `visualise/outcome-signal/${k}`),
      protocol: { kind: "kfold", folds: options.folds ?? 5 },
      select: (weights, rng) => lassoTopFeatures(matrix, y, { weights, rule, rng, topK }),
    }).metrics.auc.mean;
  const real = auc(labels, 0);
  const permutedAuc = Array.from(
    { length: options.permutations },
    (_, k) => auc(permuteLabels(labels, options.seed, k), k + 1),
  );
  const atLeast = permutedAuc.filter((a) => !(a < real)).length;
  return { auc: real, permutedAuc, pValue: (1 + atLeast) / (1 + options.permutations) };
}
