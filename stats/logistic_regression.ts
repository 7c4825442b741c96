/** Unpenalised logistic regression by IRLS, with a flagged ridge fallback under separation. @module */
import type { FeatureMatrix } from "./feature_matrix.ts";
import { checkBinary, normaliseWeights } from "./_logistic.ts";
import { normalUpper } from "./_special.ts";
import { choleskySolveInverse } from "./_cholesky.ts";

/** Options for {@linkcode logisticRegression}. */
export interface LogisticRegressionOptions {
  /** Observation weights ≥ 0 (frequency weights; 0 = left out). @default {all 1} */
  readonly weights?: ArrayLike<number>;
  /** Ridge penalty (on standardised coefficients) used only when the MLE does not exist. @default {1e-4} */
  readonly fallbackRidge?: number;
  /** Relative deviance change that ends IRLS (R `glm.control(epsilon)`). @default {1e-14} */
  readonly tolerance?: number;
}

/** A fitted logistic model; index 0 of every vector is the intercept. */
export interface LogisticRegressionResult {
  /** Intercept then one coefficient per column, original scale. */
  readonly coefficients: Float64Array;
  /** Standard errors from the inverse Fisher information (NaN when `ridge > 0`). */
  readonly standardError: Float64Array;
  /** Wald z = coefficient / SE. */
  readonly statistic: Float64Array;
  /** Two-sided Wald p-values. */
  readonly pValue: Float64Array;
  /** Covariance matrix, row-major (k+1)², original scale. */
  readonly covariance: Float64Array;
  /** Residual deviance −2 log L (frequency-weighted). */
  readonly deviance: number;
  /** Deviance of the intercept-only model. */
  readonly nullDeviance: number;
  /** IRLS iterations used. */
  readonly iterations: number;
  /** 0 for the MLE; the ridge penalty applied when separation (or collinearity) made the MLE not exist. */
  readonly ridge: number;
}

/**
 * Logistic regression by iteratively reweighted least squares (Newton–Raphson) on internally
 * standardised columns, matching R `glm(y ~ ., family = binomial)`; step-halving guards each step.
 * When the MLE does not exist — complete or quasi-complete separation, collinear columns, or more
 * columns than events — the fit is redone with a small ridge penalty and `ridge` says so.
 *
 * @param matrix patients × predictors (column-major, a few columns)
 * @param y per patient 1, 0 or NaN (excluded)
 * @param options weights, ridge, tolerance
 * @returns coefficients, SEs, Wald tests, deviance and the ridge flag
 * @throws {RangeError} on a label not 0/1/NaN, length mismatch, single class, or a non-finite value
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { featureMatrix, logisticRegression } from "./mod.ts";
 * const x = [1, 2, 3, 4, 5, 6, 7, 8];
 * const fit = logisticRegression(featureMatrix([x]), [0, 0, 1, 0, 1, 0, 1, 1]);
 * assert.equal(fit.ridge, 0);
 * assert.ok(fit.coefficients[1]! > 0);
 * const sep = logisticRegression(featureMatrix([x]), [0, 0, 0, 0, 1, 1, 1, 1]);
 * assert.ok(sep.ridge > 0);
 * ```
 */
export function logisticRegression(
  matrix: FeatureMatrix,
  y: ArrayLike<number>,
  options: LogisticRegressionOptions = {},
): LogisticRegressionResult {
  const { nRows: n, nCols: k, data } = matrix;
  const yy = checkBinary(y, n, "fit a logistic regression");
  const w = normaliseWeights(yy, options.weights, n, "fit a logistic regression");
  const fw = w.normalised.map((v) => v * w.nEffective);
  for (let i = 0; i < n; i++) if (Number.isNaN(yy[i]!)) yy[i] = 0;
  const center = new Float64Array(k);
  const scale = new Float64Array(k).fill(1);
  for (let j = 0; j < k; j++) {
    let s = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const x = data[j * n + i]!;
      if (fw[i]! > 0 && !Number.isFinite(x)) {
        throw new RangeError(`Cannot fit a logistic regression: column ${j} row ${i} is "${x}"`);
      }
      s += w.normalised[i]! * (fw[i]! > 0 ? x : 0);
    }
    for (let i = 0; i < n; i++) if (fw[i]! > 0) ss += w.normalised[i]! * (data[j * n + i]! - s) ** 2;
    center[j] = s;
    if (ss > 0) scale[j] = Math.sqrt(ss);
  }
  // the standardised design, row-major with a leading 1: built once, not recomputed in every IRLS loop
  const K1 = k + 1;
  const z = new Float64Array(n * K1);
  for (let i = 0; i < n; i++) {
    z[i * K1] = 1;
    for (let j = 1; j < K1; j++) z[i * K1 + j] = (data[(j - 1) * n + i]! - center[j - 1]!) / scale[j - 1]!;
  }
  let ybar = 0;
  for (let i = 0; i < n; i++) ybar += w.normalised[i]! * yy[i]!;
  const nullDeviance = devianceOf(yy, fw, () => ybar, n);
  const tol = options.tolerance ?? 1e-14;
  let fit = irls(z, yy, fw, n, k + 1, 0, tol, ybar);
  if (fit === null) fit = irls(z, yy, fw, n, k + 1, options.fallbackRidge ?? 1e-4, tol, ybar)!;
  // back to the original scale: β = A b with A = [[1, −m/s], [0, diag(1/s)]]
  const K = k + 1;
  const A = new Float64Array(K * K);
  A[0] = 1;
  for (let j = 1; j < K; j++) {
    A[j] = -center[j - 1]! / scale[j - 1]!;
    A[j * K + j] = 1 / scale[j - 1]!;
  }
  const coefficients = new Float64Array(K);
  const covariance = new Float64Array(K * K);
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) coefficients[a] = coefficients[a]! + A[a * K + b]! * fit.b[b]!;
  }
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) {
      let s = 0;
      for (let c = 0; c < K; c++) for (let d = 0; d < K; d++) s += A[a * K + c]! * fit.cov[c * K + d]! * A[b * K + d]!;
      covariance[a * K + b] = s;
    }
  }
  const standardError = Float64Array.from(
    { length: K },
    (_, a) => (fit.ridge > 0 ? NaN : Math.sqrt(covariance[a * K + a]!)),
  );
  const statistic = coefficients.map((c, a) => c / standardError[a]!);
  const pValue = statistic.map((t) => 2 * normalUpper(Math.abs(t)));
  return {
    coefficients,
    standardError,
    statistic,
    pValue,
    covariance,
    deviance: fit.deviance,
    nullDeviance,
    iterations: fit.iterations,
    ridge: fit.ridge,
  };
}

function devianceOf(y: Float64Array, fw: Float64Array, prob: (i: number) => number, n: number): number {
  let d = 0;
  for (let i = 0; i < n; i++) {
    if (fw[i] === 0) continue;
    const p = prob(i);
    d -= 2 * fw[i]! * (y[i] === 1 ? Math.log(p) : Math.log1p(-p));
  }
  return d;
}

interface IrlsFit {
  b: Float64Array;
  cov: Float64Array;
  deviance: number;
  iterations: number;
  ridge: number;
}

/** Newton–Raphson with step halving; null when the MLE looks non-existent (so the caller adds a ridge). */
function irls(
  z: Float64Array,
  y: Float64Array,
  fw: Float64Array,
  n: number,
  K: number,
  ridge: number,
  tol: number,
  ybar: number,
): IrlsFit | null {
  const b = new Float64Array(K);
  b[0] = Math.log(ybar / (1 - ybar));
  const eta = (bb: Float64Array, i: number) => {
    let e = 0;
    for (let j = 0; j < K; j++) e += bb[j]! * z[i * K + j]!;
    return e;
  };
  const pen = (bb: Float64Array) => {
    let s = 0;
    for (let j = 1; j < K; j++) s += bb[j]! * bb[j]!;
    return 2 * ridge * s;
  };
  const objective = (bb: Float64Array) => devianceOf(y, fw, (i) => 1 / (1 + Math.exp(-eta(bb, i))), n) + pen(bb);
  let dev = objective(b);
  const H = new Float64Array(K * K);
  const g = new Float64Array(K);
  for (let it = 1; it <= 100; it++) {
    H.fill(0);
    g.fill(0);
    for (let i = 0; i < n; i++) {
      if (fw[i] === 0) continue;
      const p = 1 / (1 + Math.exp(-eta(b, i)));
      const v = fw[i]! * p * (1 - p);
      const r = fw[i]! * (y[i]! - p);
      for (let a = 0; a < K; a++) {
        const za = z[i * K + a]!;
        g[a] = g[a]! + za * r;
        for (let c = 0; c <= a; c++) H[a * K + c] = H[a * K + c]! + v * za * z[i * K + c]!;
      }
    }
    for (let a = 1; a < K; a++) {
      H[a * K + a] = H[a * K + a]! + 2 * ridge;
      g[a] = g[a]! - 2 * ridge * b[a]!;
    }
    for (let a = 0; a < K; a++) for (let c = a + 1; c < K; c++) H[a * K + c] = H[c * K + a]!;
    const solved = choleskySolveInverse(H, g, K);
    if (solved === null) return ridge > 0 ? fallbackFail() : null;
    let step = 1;
    let next = b.map((v, a) => v + solved.x[a]!);
    let nd = objective(next);
    while (!(nd <= dev * (1 + 1e-12)) && step > 1e-10) {
      step /= 2;
      next = b.map((v, a) => v + step * solved.x[a]!);
      nd = objective(next);
    }
    b.set(next);
    const converged = Math.abs(nd - dev) / (Math.abs(nd) + 0.1) < tol;
    dev = nd;
    const maxAbs = Math.max(...b.subarray(1).map(Math.abs), 0);
    if (ridge === 0 && (maxAbs > 30 || dev < 1e-6 * n)) return null; // separation: |b| → ∞ on the standardised scale
    if (converged || it === 100) {
      if (ridge === 0 && !converged) return null;
      // A singular information matrix at the optimum (collinear columns) gets the ridge like separation does.
      const final = choleskySolveInverse(hessianAt(b), g, K);
      if (final === null) return ridge > 0 ? fallbackFail() : null;
      return { b, cov: final.inverse, deviance: dev - pen(b), iterations: it, ridge };
    }
  }
  return null;

  function hessianAt(bb: Float64Array): Float64Array {
    const h = new Float64Array(K * K);
    for (let i = 0; i < n; i++) {
      if (fw[i] === 0) continue;
      const p = 1 / (1 + Math.exp(-eta(bb, i)));
      const v = fw[i]! * p * (1 - p);
      for (let a = 0; a < K; a++) {
        for (let c = 0; c < K; c++) h[a * K + c] = h[a * K + c]! + v * z[i * K + a]! * z[i * K + c]!;
      }
    }
    for (let a = 1; a < K; a++) h[a * K + a] = h[a * K + a]! + 2 * ridge;
    return h;
  }
  function fallbackFail(): never {
    throw new RangeError("Cannot fit a logistic regression: the information matrix is singular even with a ridge");
  }
}
