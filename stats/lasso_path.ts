/** LASSO-penalised logistic regression along a λ path, glmnet conventions. @module */
import type { FeatureMatrix } from "./feature_matrix.ts";
import { ensureSlot, type SolverState, solveWorkingSet, standardise } from "./_lasso_core.ts";
import { createBound, updateGradient } from "./_gradient_bound.ts";
import { checkBinary, deviance, logLoss, normaliseWeights } from "./_logistic.ts";

/** Options for {@linkcode lassoPath}. */
export interface LassoPathOptions {
  /** Observation weights ≥ 0 (e.g. bootstrap counts; 0 = left out); rows with a NaN label get 0. @default {all 1} */
  readonly weights?: ArrayLike<number>;
  /** A user λ sequence (decreasing); disables the early-stop rules, as in glmnet. @default {glmnet's path} */
  readonly lambda?: ArrayLike<number>;
  /** Number of λ values of the default path. @default {100} */
  readonly nLambda?: number;
  /** Smallest λ as a fraction of λ_max. @default {0.01 when rows < features, else 1e-4} */
  readonly lambdaMinRatio?: number;
  /** Stop once more than this many features are non-zero (glmnet `dfmax`). @default {features + 1} */
  readonly maxNonzero?: number;
  /** Convergence: largest weighted squared coefficient change, xvⱼ·Δbⱼ², per sweep. @default {1e-13} */
  readonly tolerance?: number;
  /** Most coordinate-descent sweeps per Newton step. @default {100000} */
  readonly maxIterations?: number;
}

/** One fitted model on the path. */
export interface LassoStep {
  /** Penalty λ (on the standardised scale, the 1/n log-likelihood scale). */
  readonly lambda: number;
  /** Intercept on the original scale. */
  readonly intercept: number;
  /** Indices of the non-zero features, ascending. */
  readonly index: Uint32Array;
  /** Their coefficients on the original scale (βⱼ = bⱼ/sⱼ). */
  readonly beta: Float64Array;
  /** Their coefficients on the standardised scale (bⱼ). */
  readonly betaStandardized: Float64Array;
  /** Fraction of null deviance explained, 1 − dev/nulldev (probabilities clamped to [1e-9, 1 − 1e-9]). */
  readonly devRatio: number;
  /** Penalised objective −Σwᵢℓᵢ + λΣ|bⱼ| with weights summing to 1. */
  readonly objective: number;
}

/** The whole path. */
export interface LassoPath {
  /** Fitted models, λ decreasing. */
  readonly steps: readonly LassoStep[];
  /** Null deviance −2 Σ nwᵢ log-lik at the weighted mean (n = number of weighted rows). */
  readonly nullDeviance: number;
  /** λ_max = maxⱼ |Σᵢ wᵢ x̃ᵢⱼ (yᵢ − ȳ)|, the smallest λ with all coefficients 0. */
  readonly lambdaMax: number;
  /** Weighted column means mⱼ and 1/n standard deviations sⱼ (0 for unusable features). */
  readonly center: Float64Array;
  /** See `center`. */
  readonly scale: Float64Array;
  /** Features never allowed in: non-finite in a used row, or constant. */
  readonly excluded: readonly number[];
  /** Why the path ended: `"lambda"` (all λ done), `"deviance"`, `"devmax"`, `"maxNonzero"`. */
  readonly stopReason: "lambda" | "deviance" | "devmax" | "maxNonzero";
}

/**
 * LASSO logistic regression along a decreasing λ path by coordinate descent with warm starts and
 * sequential strong-rule screening (Tibshirani et al. 2012) plus a KKT check, reproducing R
 * `glmnet(x, y, family = "binomial", alpha = 1, standardize = TRUE)`: 1/n log-likelihood, 1/n
 * variance standardisation, unpenalised intercept, original-scale coefficients, glmnet's default
 * λ sequence λ_max·ratio^(k/(nλ−1)) and early-stop rules (fdev 1e-5, devmax 0.999, ≥ 5 steps).
 *
 * Speed: the KKT check and the next strong set need the gradient of every feature after each
 * working-set solve; a safe Cauchy–Schwarz bound on how far any gradient can have moved since the
 * last full pass rules most features out, so only the rest are recomputed (exactly, with the same
 * bits), and a full pass is made only when more than a tenth are left. At 96 × 110,592 this is about
 * five full-pass equivalents per bootstrap fit to 20 non-zeros instead of eighteen.
 *
 * @param matrix patients × features (column-major)
 * @param y per patient 1, 0 or NaN (excluded)
 * @param options weights, λ sequence, tolerance
 * @returns the fitted steps and standardisation
 * @throws {RangeError} on a label not 0/1/NaN, a length mismatch, negative weights or a single class
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { featureMatrix, lassoPath } from "./mod.ts";
 * const m = featureMatrix([[1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 2, 1, 2, 1, 2, 2]]);
 * const path = lassoPath(m, [0, 0, 1, 0, 1, 1, 0, 1], { nLambda: 10 });
 * assert.equal(path.steps[0]!.index.length, 0);
 * assert.ok(path.steps.at(-1)!.index.includes(0));
 * ```
 */
export function lassoPath(matrix: FeatureMatrix, y: ArrayLike<number>, options: LassoPathOptions = {}): LassoPath {
  const { nRows: n, nCols: p } = matrix;
  const yy = checkBinary(y, n, "fit a LASSO path");
  const w = normaliseWeights(yy, options.weights, n, "fit a LASSO path");
  for (let i = 0; i < n; i++) if (Number.isNaN(yy[i]!)) yy[i] = 0; // weight 0: excluded from every sum
  let ybar = 0;
  for (let i = 0; i < n; i++) ybar += w.normalised[i]! * yy[i]!;
  const rho = new Float64Array(n);
  const g = new Float64Array(p);
  for (let i = 0; i < n; i++) rho[i] = w.normalised[i]! * (yy[i]! - ybar);
  const st = standardise(matrix, w.normalised, rho, g);
  const s: SolverState = {
    n,
    y: yy,
    w: w.normalised,
    b0: Math.log(ybar / (1 - ybar)),
    beta: new Float64Array(p),
    slot: new Int32Array(p).fill(-1),
    cols: new Float64Array(0),
    nSlots: 0,
    eta: new Float64Array(n),
    prob: new Float64Array(n).fill(ybar),
  };
  let lambdaMax = 0;
  for (let j = 0; j < p; j++) lambdaMax = Math.max(lambdaMax, Math.abs(g[j]!));
  const bound = createBound(g, s.prob);
  const userLambda = options.lambda !== undefined;
  const lambdas = userLambda ? Float64Array.from(options.lambda!) : defaultLambda(lambdaMax, n, p, options);
  const nullDev = deviance(yy, w.normalised, null, ybar) * w.nEffective;
  const tol = options.tolerance ?? 1e-13;
  const maxIt = options.maxIterations ?? 100000;
  const maxNonzero = options.maxNonzero ?? p + 1;
  const steps: LassoStep[] = [];
  const strong = new Uint8Array(p);
  const set: number[] = []; // the strong set, ascending (the coordinate-descent order)
  // features whose g was recomputed by the last gradient update (−1: all of them)
  let fresh = -1;
  const admit = (threshold: number, strict: boolean): boolean => {
    const total = fresh < 0 ? p : fresh;
    let added = false;
    for (let t = 0; t < total; t++) {
      const j = fresh < 0 ? t : bound.list[t]!;
      if (strong[j] === 1 || st.usable[j] === 0) continue;
      const a = Math.abs(g[j]!);
      if (strict ? a > threshold : a >= threshold) {
        strong[j] = 1;
        set.push(j);
        added = true;
      }
    }
    if (added) set.sort((a, b) => a - b);
    return added;
  };
  let prevLambda = lambdaMax;
  let prevDev = 0;
  let stopReason: LassoPath["stopReason"] = "lambda";
  for (let k = 0; k < lambdas.length; k++) {
    const lambda = lambdas[k]!;
    // at λ ≥ λ_max the solution is exactly 0: no screening, so rounding cannot let a feature in
    admit(lambda >= lambdaMax ? Infinity : 2 * lambda - prevLambda, false);
    for (;;) {
      for (const j of set) ensureSlot(matrix, st, s, j);
      solveWorkingSet(s, set, lambda, tol, maxIt);
      for (let i = 0; i < n; i++) rho[i] = w.normalised[i]! * (yy[i]! - s.prob[i]!);
      // g is needed exactly only where it can decide: the KKT check at λ and the next strong set
      const next = k + 1 < lambdas.length ? lambdas[k + 1]! : lambda;
      const threshold = Math.min(lambda, next >= lambdaMax ? Infinity : 2 * next - lambda);
      fresh = updateGradient(matrix, st, { w: w.normalised, rho, prob: s.prob }, g, bound, threshold);
      if (!admit(lambda * (1 + 1e-12), true)) break;
    }
    const step = record(s, st, set, lambda, w.nEffective, nullDev);
    steps.push(step);
    prevLambda = lambda;
    if (step.index.length > maxNonzero) {
      stopReason = "maxNonzero";
      break;
    }
    if (!userLambda && k + 1 >= 5 && k + 1 < lambdas.length) {
      if (step.devRatio > 0.999) {
        stopReason = "devmax";
        break;
      }
      if (step.devRatio - prevDev < 1e-5) {
        stopReason = "deviance";
        break;
      }
    }
    prevDev = step.devRatio;
  }
  const excluded: number[] = [];
  for (let j = 0; j < p; j++) if (st.usable[j] === 0) excluded.push(j);
  return { steps, nullDeviance: nullDev, lambdaMax, center: st.center, scale: st.scale, excluded, stopReason };
}

function defaultLambda(lambdaMax: number, n: number, p: number, o: LassoPathOptions): Float64Array {
  const nl = o.nLambda ?? 100;
  const ratio = o.lambdaMinRatio ?? (n < p ? 0.01 : 1e-4);
  if (!(Number.isInteger(nl) && nl >= 1)) throw new RangeError(`Cannot fit a LASSO path: nLambda is "${nl}"`);
  if (!(ratio > 0 && ratio < 1)) throw new RangeError(`Cannot fit a LASSO path: lambdaMinRatio is "${ratio}"`);
  const out = new Float64Array(nl);
  for (let k = 0; k < nl; k++) out[k] = lambdaMax * (nl === 1 ? 1 : Math.pow(ratio, k / (nl - 1)));
  return out;
}

function record(
  s: SolverState,
  st: ReturnType<typeof standardise>,
  set: readonly number[],
  lambda: number,
  nEff: number,
  nullDev: number,
): LassoStep {
  const idx: number[] = [];
  for (const j of set) if (s.beta[j] !== 0) idx.push(j);
  const index = Uint32Array.from(idx);
  const betaStandardized = Float64Array.from(idx, (j) => s.beta[j]!);
  const beta = Float64Array.from(idx, (j) => s.beta[j]! / st.scale[j]!);
  let intercept = s.b0;
  let l1 = 0;
  idx.forEach((j, k) => {
    intercept -= beta[k]! * st.center[j]!;
    l1 += Math.abs(betaStandardized[k]!);
  });
  const dev = deviance(s.y, s.w, s.prob, 0);
  const loss = logLoss(s.y, s.w, s.eta);
  return {
    lambda,
    intercept,
    index,
    beta,
    betaStandardized,
    devRatio: 1 - dev * nEff / nullDev,
    objective: loss + lambda * l1,
  };
}
