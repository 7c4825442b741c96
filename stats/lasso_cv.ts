/** k-fold cross-validation of the LASSO-logistic λ, as `cv.glmnet`. @module */
import type { FeatureMatrix } from "./feature_matrix.ts";
import type { Rng } from "./random.ts";
import { type LassoPath, lassoPath, type LassoPathOptions } from "./lasso_path.ts";
import { stratifiedFolds } from "./_folds.ts";

/** Options for {@linkcode lassoCv}. */
export interface LassoCvOptions extends Pick<LassoPathOptions, "weights" | "nLambda" | "lambdaMinRatio" | "tolerance"> {
  /** Seeded generator for the (class-stratified) fold assignment. */
  readonly rng: Rng;
  /** Number of folds. @default {10} */
  readonly folds?: number;
}

/** Cross-validated binomial deviance along the full-data λ path. */
export interface LassoCvResult {
  /** The full-data path (its λ sequence is the one cross-validated). */
  readonly path: LassoPath;
  /** Mean held-out deviance per λ (fold means weighted by fold size). */
  readonly meanDeviance: Float64Array;
  /** Its standard error per λ. */
  readonly sdDeviance: Float64Array;
  /** Step index of the minimum mean deviance (largest λ among ties). */
  readonly indexMin: number;
  /** Step index of the largest λ within one SE of the minimum. */
  readonly index1se: number;
}

/**
 * k-fold CV of λ following `cv.glmnet(type.measure = "deviance", grouped = TRUE)`: fit the full data,
 * refit each training split on the same λ sequence, score held-out binomial deviance (p clamped to
 * [1e-5, 1 − 1e-5]), average per fold, and pick λ_min and λ_1se. Folds are stratified by class and
 * keep every copy of a row (bootstrap weights) in one fold, so duplicated rows never leak.
 *
 * @param matrix patients × features
 * @param y per patient 1, 0 or NaN (excluded)
 * @param options rng, folds, weights, path settings
 * @returns the path, CV curve and the chosen step indices
 * @throws {RangeError} when folds < 2 or a training split holds one class
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng, featureMatrix, lassoCv } from "./mod.ts";
 * const x = Array.from({ length: 30 }, (_, i) => (i % 2) + 0.3 * Math.sin(i));
 * const y = x.map((_, i) => i % 2);
 * const cv = lassoCv(featureMatrix([x]), y, { rng: createRng(1), folds: 3, nLambda: 20 });
 * assert.ok(cv.indexMin >= cv.index1se);
 * ```
 */
export function lassoCv(matrix: FeatureMatrix, y: ArrayLike<number>, options: LassoCvOptions): LassoCvResult {
  const k = options.folds ?? 10;
  if (!(Number.isInteger(k) && k >= 2)) {
    throw new RangeError(`Cannot cross-validate: folds is "${k}", expected an integer ≥ 2`);
  }
  const { rng, folds: _f, ...pathOptions } = options;
  const path = lassoPath(matrix, y, pathOptions);
  const n = matrix.nRows;
  const L = path.steps.length;
  const base = options.weights ?? new Float64Array(n).fill(1);
  const fold = stratifiedFolds(y, base, k, rng);
  const lambda = path.steps.map((s) => s.lambda);
  const foldMean: Float64Array[] = [];
  const foldWeight: number[] = [];
  for (let f = 0; f < k; f++) {
    const train = Float64Array.from({ length: n }, (_, i) => (fold[i] === f || fold[i] === -1 ? 0 : base[i]!));
    let held = 0;
    for (let i = 0; i < n; i++) if (fold[i] === f) held += base[i]!;
    if (held === 0) continue;
    const fit = lassoPath(matrix, y, { ...pathOptions, weights: train, lambda });
    const dev = new Float64Array(L);
    fit.steps.forEach((s, l) => {
      let d = 0;
      for (let i = 0; i < n; i++) {
        if (fold[i] !== f) continue;
        let eta = s.intercept;
        for (let t = 0; t < s.index.length; t++) eta += s.beta[t]! * matrix.data[s.index[t]! * n + i]!;
        const p = Math.min(1 - 1e-5, Math.max(1e-5, 1 / (1 + Math.exp(-eta))));
        d -= 2 * base[i]! * (y[i] === 1 ? Math.log(p) : Math.log1p(-p));
      }
      dev[l] = d / held;
    });
    foldMean.push(dev);
    foldWeight.push(held);
  }
  const total = foldWeight.reduce((a, b) => a + b, 0);
  const K = foldMean.length;
  const meanDeviance = new Float64Array(L);
  const sdDeviance = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    let m = 0;
    for (let f = 0; f < K; f++) m += foldWeight[f]! * foldMean[f]![l]!;
    m /= total;
    let v = 0;
    for (let f = 0; f < K; f++) v += foldWeight[f]! * (foldMean[f]![l]! - m) ** 2;
    meanDeviance[l] = m;
    sdDeviance[l] = Math.sqrt(v / total / (K - 1));
  }
  let indexMin = 0;
  for (let l = 1; l < L; l++) if (meanDeviance[l]! < meanDeviance[indexMin]!) indexMin = l;
  const bound = meanDeviance[indexMin]! + sdDeviance[indexMin]!;
  let index1se = 0;
  while (meanDeviance[index1se]! > bound) index1se++;
  return { path, meanDeviance, sdDeviance, indexMin, index1se };
}
