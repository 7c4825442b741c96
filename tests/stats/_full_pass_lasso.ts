/**
 * The LASSO-logistic path as this repository shipped it before safe gradient screening (commit
 * e2b9845: `stats/lasso_path.ts` with its private `_lasso_core.ts` and `_logistic.ts`, verbatim
 * except for names and doc comments): two-pass standardisation and one full gradient pass over
 * every feature after every working-set solve. Kept as the differential reference for the
 * screened path (`tests/stats/lasso_screening_test.ts`) and as the old-path baseline of
 * `bench/stats_bench.ts`.
 *
 * @module
 */
import type { FeatureMatrix } from "../../stats/mod.ts";
import type { LassoPath, LassoPathOptions, LassoStep } from "../../stats/mod.ts";

/** Labels as 0/1 doubles (NaN kept, meaning excluded); throws on anything else or one class. */
function checkBinary(y: ArrayLike<number>, n: number, what: string): Float64Array {
  if (y.length !== n) throw new RangeError(`Cannot ${what}: ${y.length} labels for ${n} rows`);
  const out = new Float64Array(n);
  let n1 = 0;
  let n0 = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (v === 1) n1++;
    else if (v === 0) n0++;
    else if (!Number.isNaN(v)) throw new RangeError(`Cannot ${what}: label ${i} is "${v}", expected 0, 1 or NaN`);
    out[i] = v;
  }
  if (n1 === 0 || n0 === 0) {
    throw new RangeError(`Cannot ${what}: the endpoint has ${n1} events and ${n0} non-events, expected both classes`);
  }
  return out;
}

/** Weights normalised to sum 1 (0 for NaN labels) and their raw sum (the effective n). */
function normaliseWeights(
  y: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  n: number,
  what: string,
): { normalised: Float64Array; nEffective: number } {
  if (weights !== undefined && weights.length !== n) {
    throw new RangeError(`Cannot ${what}: ${weights.length} weights for ${n} rows`);
  }
  const w = new Float64Array(n);
  let total = 0;
  let n1 = 0;
  let n0 = 0;
  for (let i = 0; i < n; i++) {
    const wi = weights === undefined ? 1 : weights[i]!;
    if (!(wi >= 0 && Number.isFinite(wi))) {
      throw new RangeError(`Cannot ${what}: weight ${i} is "${wi}", expected a finite number ≥ 0`);
    }
    if (Number.isNaN(y[i]!) || wi === 0) continue;
    w[i] = wi;
    total += wi;
    if (y[i] === 1) n1 += wi;
    else n0 += wi;
  }
  if (n1 === 0 || n0 === 0) throw new RangeError(`Cannot ${what}: the weighted rows hold a single class`);
  for (let i = 0; i < n; i++) w[i] = w[i]! / total;
  return { normalised: w, nEffective: total };
}

/** −2 Σ wᵢ log-lik with p clamped to [1e-9, 1 − 1e-9] (glmnet's `pmin`); `prob = null` uses `ybar`. */
function deviance(y: Float64Array, w: Float64Array, prob: Float64Array | null, ybar: number): number {
  let d = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w[i]!;
    if (wi === 0) continue;
    const p = Math.min(1 - 1e-9, Math.max(1e-9, prob === null ? ybar : prob[i]!));
    d -= wi * (y[i] === 1 ? Math.log(p) : Math.log1p(-p));
  }
  return 2 * d;
}

/** Σ wᵢ [log(1 + e^ηᵢ) − yᵢηᵢ], evaluated without overflow. */
function logLoss(y: Float64Array, w: Float64Array, eta: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w[i]!;
    if (wi === 0) continue;
    const e = eta[i]!;
    s += wi * (Math.max(e, 0) + Math.log1p(Math.exp(-Math.abs(e))) - y[i]! * e);
  }
  return s;
}

/** Weighted centre/scale per feature; `usable[j] = 0` for non-finite or constant features. */
interface Standardisation {
  readonly center: Float64Array;
  readonly scale: Float64Array;
  readonly usable: Uint8Array;
}

/** Weighted mean and 1/n standard deviation of every column, over rows with w > 0. */
function standardise(m: FeatureMatrix, w: Float64Array): Standardisation {
  const { nRows: n, nCols: p, data } = m;
  const center = new Float64Array(p);
  const scale = new Float64Array(p);
  const usable = new Uint8Array(p);
  let first = 0;
  while (first < n && !(w[first]! > 0)) first++;
  for (let j = 0; j < p; j++) {
    const off = j * n;
    const x0 = data[off + first]!;
    let s = 0;
    let finite = true;
    let constant = true;
    for (let i = 0; i < n; i++) {
      const wi = w[i]!;
      if (wi === 0) continue;
      const x = data[off + i]!;
      if (!Number.isFinite(x)) finite = false;
      if (x !== x0) constant = false;
      s += wi * x;
    }
    if (!finite || constant) continue;
    let ss = 0;
    let c = 0;
    for (let i = 0; i < n; i++) {
      const d = data[off + i]! - s;
      ss += w[i]! * d * d;
      c += w[i]! * d;
    }
    center[j] = s;
    scale[j] = Math.sqrt(ss - c * c);
    usable[j] = scale[j]! > 0 ? 1 : 0;
  }
  return { center, scale, usable };
}

/** gⱼ = Σᵢ x̃ᵢⱼ ρᵢ for every usable feature (the one full pass over the matrix per λ). */
function gradientPass(m: FeatureMatrix, st: Standardisation, rho: Float64Array, g: Float64Array): void {
  const { nRows: n, nCols: p, data } = m;
  let sumRho = 0;
  for (let i = 0; i < n; i++) sumRho += rho[i]!;
  for (let j = 0; j < p; j++) {
    if (st.usable[j] === 0) {
      g[j] = 0;
      continue;
    }
    const off = j * n;
    let d0 = 0;
    let d1 = 0;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      d0 += data[off + i]! * rho[i]!;
      d1 += data[off + i + 1]! * rho[i + 1]!;
    }
    if (i < n) d0 += data[off + i]! * rho[i]!;
    g[j] = (d0 + d1 - st.center[j]! * sumRho) / st.scale[j]!;
  }
}

/** Mutable state of one path: coefficients on the standardised scale plus the column cache. */
interface SolverState {
  readonly n: number;
  readonly y: Float64Array;
  readonly w: Float64Array;
  b0: number;
  /** Coefficient of each feature (dense, standardised scale). */
  readonly beta: Float64Array;
  /** Feature → slot in `cols`, −1 when not cached. */
  readonly slot: Int32Array;
  /** Cached standardised columns, slot-major. */
  cols: Float64Array;
  nSlots: number;
  /** Linear predictor and probabilities at the current coefficients. */
  readonly eta: Float64Array;
  readonly prob: Float64Array;
}

/** Cache standardised column j (grows the buffer geometrically). */
function ensureSlot(m: FeatureMatrix, st: Standardisation, s: SolverState, j: number): number {
  const have = s.slot[j]!;
  if (have >= 0) return have;
  const n = s.n;
  if ((s.nSlots + 1) * n > s.cols.length) {
    const bigger = new Float64Array(Math.max(16, s.nSlots * 2) * n);
    bigger.set(s.cols.subarray(0, s.nSlots * n));
    s.cols = bigger;
  }
  const off = j * n;
  const dst = s.nSlots * n;
  const c = st.center[j]!;
  const sc = st.scale[j]!;
  for (let i = 0; i < n; i++) s.cols[dst + i] = (m.data[off + i]! - c) / sc;
  s.slot[j] = s.nSlots;
  return s.nSlots++;
}

/** Recompute η and p from the coefficients of the working set (all non-zeros are in it). */
function refreshEta(s: SolverState, set: readonly number[]): void {
  const n = s.n;
  s.eta.fill(s.b0);
  for (const j of set) {
    const b = s.beta[j]!;
    if (b === 0) continue;
    const off = s.slot[j]! * n;
    for (let i = 0; i < n; i++) s.eta[i] = s.eta[i]! + b * s.cols[off + i]!;
  }
  for (let i = 0; i < n; i++) s.prob[i] = 1 / (1 + Math.exp(-s.eta[i]!));
}

/**
 * Penalised IRLS on the working set `set` at penalty λ: each outer step is a Newton quadratic
 * approximation, minimised by cyclic coordinate descent (full sweep, then sweeps over the non-zeros
 * until they settle, then a confirming full sweep), as glmnet's `lognet` does.
 */
function solveWorkingSet(
  s: SolverState,
  set: readonly number[],
  lambda: number,
  tol: number,
  maxIter: number,
): number {
  const n = s.n;
  const { w, y } = s;
  const v = new Float64Array(n);
  const rho = new Float64Array(n);
  const xv = new Float64Array(set.length);
  const start = new Float64Array(set.length);
  let passes = 0;
  for (let outer = 0; outer < 100; outer++) {
    refreshEta(s, set);
    let sumV = 0;
    for (let i = 0; i < n; i++) {
      const p = s.prob[i]!;
      v[i] = w[i]! * Math.max(p * (1 - p), 1e-12);
      rho[i] = w[i]! * (y[i]! - p);
      sumV += v[i]!;
    }
    for (let k = 0; k < set.length; k++) {
      const off = s.slot[set[k]!]! * n;
      let a = 0;
      for (let i = 0; i < n; i++) a += v[i]! * s.cols[off + i]! * s.cols[off + i]!;
      xv[k] = a;
      start[k] = s.beta[set[k]!]!;
    }
    const b0Start = s.b0;
    let onlyActive = false;
    for (let it = 0; it < maxIter; it++) {
      passes++;
      let maxDelta = 0;
      let sr = 0;
      for (let i = 0; i < n; i++) sr += rho[i]!;
      const d0 = sr / sumV;
      if (d0 !== 0) {
        s.b0 += d0;
        for (let i = 0; i < n; i++) rho[i] = rho[i]! - v[i]! * d0;
        maxDelta = Math.max(maxDelta, sumV * d0 * d0);
      }
      for (let k = 0; k < set.length; k++) {
        const j = set[k]!;
        const old = s.beta[j]!;
        if (onlyActive && old === 0) continue;
        const off = s.slot[j]! * n;
        let u = 0;
        for (let i = 0; i < n; i++) u += s.cols[off + i]! * rho[i]!;
        u += xv[k]! * old;
        const au = Math.abs(u) - lambda;
        const nb = au > 0 ? Math.sign(u) * au / xv[k]! : 0;
        if (nb === old) continue;
        const d = nb - old;
        s.beta[j] = nb;
        for (let i = 0; i < n; i++) rho[i] = rho[i]! - v[i]! * d * s.cols[off + i]!;
        maxDelta = Math.max(maxDelta, xv[k]! * d * d);
      }
      if (maxDelta < tol) {
        if (!onlyActive) break;
        onlyActive = false;
      } else onlyActive = true;
    }
    let change = sumV * (s.b0 - b0Start) ** 2;
    for (let k = 0; k < set.length; k++) change = Math.max(change, xv[k]! * (s.beta[set[k]!]! - start[k]!) ** 2);
    if (change < tol) break;
  }
  refreshEta(s, set);
  return passes;
}

/** The pre-screening `lassoPath`: a full gradient pass after every working-set solve. */
export function fullPassLassoPath(
  matrix: FeatureMatrix,
  y: ArrayLike<number>,
  options: LassoPathOptions = {},
): LassoPath {
  const { nRows: n, nCols: p } = matrix;
  const yy = checkBinary(y, n, "fit a LASSO path");
  const w = normaliseWeights(yy, options.weights, n, "fit a LASSO path");
  for (let i = 0; i < n; i++) if (Number.isNaN(yy[i]!)) yy[i] = 0; // weight 0: excluded from every sum
  const st = standardise(matrix, w.normalised);
  let ybar = 0;
  for (let i = 0; i < n; i++) ybar += w.normalised[i]! * yy[i]!;
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
  const rho = new Float64Array(n);
  const g = new Float64Array(p);
  for (let i = 0; i < n; i++) rho[i] = w.normalised[i]! * (yy[i]! - ybar);
  gradientPass(matrix, st, rho, g);
  let lambdaMax = 0;
  for (let j = 0; j < p; j++) lambdaMax = Math.max(lambdaMax, Math.abs(g[j]!));
  const userLambda = options.lambda !== undefined;
  const lambdas = userLambda ? Float64Array.from(options.lambda!) : defaultLambda(lambdaMax, n, p, options);
  const nullDev = deviance(yy, w.normalised, null, ybar) * w.nEffective;
  const tol = options.tolerance ?? 1e-13;
  const maxIt = options.maxIterations ?? 100000;
  const maxNonzero = options.maxNonzero ?? p + 1;
  const steps: LassoStep[] = [];
  const strong = new Uint8Array(p);
  let prevLambda = lambdaMax;
  let prevDev = 0;
  let stopReason: LassoPath["stopReason"] = "lambda";
  for (let k = 0; k < lambdas.length; k++) {
    const lambda = lambdas[k]!;
    // at λ ≥ λ_max the solution is exactly 0: no screening, so rounding cannot let a feature in
    const cut = lambda >= lambdaMax ? Infinity : 2 * lambda - prevLambda;
    for (let j = 0; j < p; j++) if (st.usable[j] === 1 && (s.beta[j] !== 0 || Math.abs(g[j]!) >= cut)) strong[j] = 1;
    for (;;) {
      const set: number[] = [];
      for (let j = 0; j < p; j++) if (strong[j] === 1) set.push(j);
      for (const j of set) ensureSlot(matrix, st, s, j);
      solveWorkingSet(s, set, lambda, tol, maxIt);
      for (let i = 0; i < n; i++) rho[i] = w.normalised[i]! * (yy[i]! - s.prob[i]!);
      gradientPass(matrix, st, rho, g);
      let violated = false;
      for (let j = 0; j < p; j++) {
        if (strong[j] === 0 && st.usable[j] === 1 && Math.abs(g[j]!) > lambda * (1 + 1e-12)) {
          strong[j] = 1;
          violated = true;
        }
      }
      if (!violated) break;
    }
    const step = record(s, st, lambda, w.nEffective, nullDev);
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
  lambda: number,
  nEff: number,
  nullDev: number,
): LassoStep {
  const idx: number[] = [];
  for (let j = 0; j < s.beta.length; j++) if (s.beta[j] !== 0) idx.push(j);
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
