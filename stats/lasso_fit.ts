/** One LASSO-logistic model with λ chosen by a rule. @module */
import type { FeatureMatrix } from "./feature_matrix.ts";
import type { Rng } from "./random.ts";
import { lassoPath, type LassoPathOptions, type LassoStep } from "./lasso_path.ts";
import { lassoCv } from "./lasso_cv.ts";

/** How λ is chosen: a fixed value, the first path step with ≥ `count` non-zeros, or k-fold CV. */
export type LambdaRule =
  | { readonly kind: "fixed"; readonly lambda: number }
  | { readonly kind: "nonzero"; readonly count: number }
  | { readonly kind: "cv-min"; readonly folds: number }
  | { readonly kind: "cv-1se"; readonly folds: number };

/** Options for {@linkcode lassoFit}. */
export interface LassoFitOptions
  extends Pick<LassoPathOptions, "weights" | "nLambda" | "lambdaMinRatio" | "tolerance"> {
  /** The λ rule. @default {{ kind: "nonzero", count: 20 }} */
  readonly rule?: LambdaRule;
  /** Seeded generator; required by the CV rules. */
  readonly rng?: Rng;
}

/** The chosen model: a {@linkcode LassoStep} plus which rule chose it and which features were unusable. */
export interface LassoFit extends LassoStep {
  /** The rule applied. */
  readonly rule: LambdaRule;
  /** Features excluded as non-finite or constant. */
  readonly excluded: readonly number[];
}

/**
 * Fit LASSO-logistic (see {@linkcode lassoPath}) and pick one λ: `fixed` walks glmnet's default
 * grid down to the value (warm starts) and fits there; `nonzero` stops the path at the first step
 * whose model has at least `count` non-zero features (or the last step); `cv-min` / `cv-1se` use
 * {@linkcode lassoCv}.
 *
 * @param matrix patients × features
 * @param y per patient 1, 0 or NaN (excluded)
 * @param options the rule, rng, weights
 * @returns the selected model
 * @throws {RangeError} on a bad rule value, a missing rng for CV, or a single-class endpoint
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { featureMatrix, lassoFit } from "./mod.ts";
 * const m = featureMatrix([[1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 2, 1, 2, 1, 2, 2]]);
 * const fit = lassoFit(m, [0, 0, 1, 0, 1, 1, 0, 1], { rule: { kind: "nonzero", count: 1 } });
 * assert.deepEqual([...fit.index], [0]);
 * ```
 */
export function lassoFit(matrix: FeatureMatrix, y: ArrayLike<number>, options: LassoFitOptions = {}): LassoFit {
  const rule = options.rule ?? { kind: "nonzero", count: 20 };
  const { rule: _r, rng, ...pathOptions } = options;
  if (rule.kind === "fixed") {
    if (!(rule.lambda >= 0)) throw new RangeError(`Cannot fit LASSO: fixed lambda is "${rule.lambda}", expected ≥ 0`);
    const lambdaMax = lassoPath(matrix, y, { ...pathOptions, lambda: [Infinity] }).lambdaMax;
    const nl = options.nLambda ?? 100;
    const ratio = options.lambdaMinRatio ?? (matrix.nRows < matrix.nCols ? 0.01 : 1e-4);
    const seq: number[] = [];
    for (let k = 0; k < nl; k++) {
      const l = lambdaMax * Math.pow(ratio, k / (nl - 1));
      if (l > rule.lambda) seq.push(l);
    }
    seq.push(rule.lambda);
    const path = lassoPath(matrix, y, { ...pathOptions, lambda: seq });
    return { ...path.steps.at(-1)!, rule, excluded: path.excluded };
  }
  if (rule.kind === "nonzero") {
    if (!(Number.isInteger(rule.count) && rule.count >= 1)) {
      throw new RangeError(`Cannot fit LASSO: count is "${rule.count}"`);
    }
    const path = lassoPath(matrix, y, { ...pathOptions, maxNonzero: rule.count - 1 });
    const hit = path.steps.find((s) => s.index.length >= rule.count) ?? path.steps.at(-1)!;
    return { ...hit, rule, excluded: path.excluded };
  }
  if (rng === undefined) throw new RangeError(`Cannot fit LASSO: rule "${rule.kind}" needs an rng`);
  const cv = lassoCv(matrix, y, { ...pathOptions, rng, folds: rule.folds });
  const step = cv.path.steps[rule.kind === "cv-min" ? cv.indexMin : cv.index1se]!;
  return { ...step, rule, excluded: cv.path.excluded };
}
