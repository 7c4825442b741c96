/**
 * Kernels of the LASSO-logistic solver (private): weighted standardisation, the full gradient pass,
 * and the penalised IRLS + coordinate-descent solve on a working set.
 *
 * Everything is on glmnet's standardised scale: x̃ᵢⱼ = (xᵢⱼ − mⱼ)/sⱼ with weighted mean mⱼ and 1/n
 * (weighted) standard deviation sⱼ, observation weights wᵢ summing to 1, objective
 * −Σ wᵢ ℓᵢ(b₀, b) + λ Σ |bⱼ| (Friedman, Hastie & Tibshirani 2010, J Stat Softw 33(1), §3).
 *
 * @module
 */
import type { FeatureMatrix } from "./feature_matrix.ts";

/** Weighted centre/scale per feature; `usable[j] = 0` for non-finite or constant features. */
export interface Standardisation {
  readonly center: Float64Array;
  readonly scale: Float64Array;
  readonly usable: Uint8Array;
}

/** Weighted mean and 1/n standard deviation of every column, over rows with w > 0. */
export function standardise(m: FeatureMatrix, w: Float64Array): Standardisation {
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
export function gradientPass(m: FeatureMatrix, st: Standardisation, rho: Float64Array, g: Float64Array): void {
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
export interface SolverState {
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
export function ensureSlot(m: FeatureMatrix, st: Standardisation, s: SolverState, j: number): number {
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
export function refreshEta(s: SolverState, set: readonly number[]): void {
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
export function solveWorkingSet(
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
