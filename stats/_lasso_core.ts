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
  /** The rows with weight > 0, ascending (sums that must skip a non-finite value on a left-out row use these). */
  readonly rows: Int32Array;
}

/**
 * Weighted mean and 1/n standard deviation of every column over the rows with w > 0 (weights summing
 * to 1), and, in the same pass over the matrix, the gradient gⱼ = Σᵢ x̃ᵢⱼ ρᵢ at `rho`. One pass
 * instead of three: sums are of dᵢ = xᵢⱼ − x_{first row, j} (a shifted one-pass variance, stable
 * because the shift is a sample of the column), so the centre is x₀ + Σwd and the variance Σwd² −
 * (Σwd)². A column is unusable when it is constant or holds a non-finite value in a weighted row (or
 * its squares overflow).
 */
export function standardise(m: FeatureMatrix, w: Float64Array, rho: Float64Array, g: Float64Array): Standardisation {
  const { nRows: n, nCols: p, data } = m;
  const center = new Float64Array(p);
  const scale = new Float64Array(p);
  const usable = new Uint8Array(p);
  const rows = usedRows(w);
  const nu = rows.length;
  const wc = Float64Array.from(rows, (i) => w[i]!);
  const rc = Float64Array.from(rows, (i) => rho[i]!);
  let sumRho = 0;
  for (let k = 0; k < nu; k++) sumRho += rc[k]!;
  for (let j = 0; j < p; j++) {
    const off = j * n;
    const x0 = data[off + rows[0]!]!;
    let s1 = 0;
    let s2 = 0;
    let sr = 0;
    for (let k = 0; k < nu; k++) {
      const d = data[off + rows[k]!]! - x0;
      const wd = wc[k]! * d;
      s1 += wd;
      s2 += wd * d;
      sr += d * rc[k]!;
    }
    const variance = s2 - s1 * s1;
    g[j] = 0;
    if (!(Number.isFinite(s2) && Number.isFinite(x0) && s2 > 0 && variance > 0)) continue;
    const sd = Math.sqrt(variance);
    center[j] = x0 + s1;
    scale[j] = sd;
    usable[j] = 1;
    g[j] = (sr - s1 * sumRho) / sd;
  }
  return { center, scale, usable, rows };
}

function usedRows(w: Float64Array): Int32Array {
  let count = 0;
  for (let i = 0; i < w.length; i++) if (w[i]! > 0) count++;
  const rows = new Int32Array(count);
  count = 0;
  for (let i = 0; i < w.length; i++) if (w[i]! > 0) rows[count++] = i;
  return rows;
}

/**
 * gⱼ = Σᵢ x̃ᵢⱼ ρᵢ for every usable feature: the one full pass over the matrix. `rho` is 0 on rows
 * left out; the contiguous loop over all rows is faster than gathering the weighted rows, and a
 * column whose sum comes out NaN (a non-finite value on a row left out) is redone over the weighted rows.
 */
export function gradientPass(m: FeatureMatrix, st: Standardisation, rho: Float64Array, g: Float64Array): void {
  const { nRows: n, nCols: p, data } = m;
  const sumRho = sum(rho);
  for (let j = 0; j < p; j++) {
    if (st.usable[j] === 0) {
      g[j] = 0;
      continue;
    }
    g[j] = (columnDot(data, j * n, n, rho, st.rows) - st.center[j]! * sumRho) / st.scale[j]!;
  }
}

/**
 * Σᵢ xᵢⱼ ρᵢ of the column at `off`: even/odd partial sums (the order every gradient here uses, so all
 * paths give the same bits), redone over the weighted `rows` when a value on a left-out row made it NaN.
 */
function columnDot(data: Float64Array, off: number, n: number, rho: Float64Array, rows: Int32Array): number {
  let d0 = 0;
  let d1 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    d0 += data[off + i]! * rho[i]!;
    d1 += data[off + i + 1]! * rho[i + 1]!;
  }
  if (i < n) d0 += data[off + i]! * rho[i]!;
  const dot = d0 + d1;
  return dot === dot ? dot : weightedRowsDot(data, off, rho, rows);
}

/**
 * {@linkcode gradientPass} for the `count` usable features listed in `only` (others untouched).
 * Scattered columns are latency-bound, so four are walked side by side (four independent streams
 * of cache misses in flight instead of one).
 */
export function gradientSubset(
  m: FeatureMatrix,
  st: Standardisation,
  rho: Float64Array,
  g: Float64Array,
  only: Int32Array,
  count: number,
): void {
  const { nRows: n, data } = m;
  const sumRho = sum(rho);
  const { center, scale } = st;
  let t = 0;
  for (; t + 3 < count; t += 4) {
    const j0 = only[t]!;
    const j1 = only[t + 1]!;
    const j2 = only[t + 2]!;
    const j3 = only[t + 3]!;
    const o0 = j0 * n;
    const o1 = j1 * n;
    const o2 = j2 * n;
    const o3 = j3 * n;
    // even/odd partial sums per column, as in gradientPass, so both give the same bits
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const r = rho[i]!;
      const q = rho[i + 1]!;
      a0 += data[o0 + i]! * r;
      b0 += data[o0 + i + 1]! * q;
      a1 += data[o1 + i]! * r;
      b1 += data[o1 + i + 1]! * q;
      a2 += data[o2 + i]! * r;
      b2 += data[o2 + i + 1]! * q;
      a3 += data[o3 + i]! * r;
      b3 += data[o3 + i + 1]! * q;
    }
    if (i < n) {
      const r = rho[i]!;
      a0 += data[o0 + i]! * r;
      a1 += data[o1 + i]! * r;
      a2 += data[o2 + i]! * r;
      a3 += data[o3 + i]! * r;
    }
    a0 += b0;
    a1 += b1;
    a2 += b2;
    a3 += b3;
    if (a0 !== a0) a0 = weightedRowsDot(data, o0, rho, st.rows);
    if (a1 !== a1) a1 = weightedRowsDot(data, o1, rho, st.rows);
    if (a2 !== a2) a2 = weightedRowsDot(data, o2, rho, st.rows);
    if (a3 !== a3) a3 = weightedRowsDot(data, o3, rho, st.rows);
    g[j0] = (a0 - center[j0]! * sumRho) / scale[j0]!;
    g[j1] = (a1 - center[j1]! * sumRho) / scale[j1]!;
    g[j2] = (a2 - center[j2]! * sumRho) / scale[j2]!;
    g[j3] = (a3 - center[j3]! * sumRho) / scale[j3]!;
  }
  for (; t < count; t++) {
    const j = only[t]!;
    g[j] = (columnDot(data, j * n, n, rho, st.rows) - center[j]! * sumRho) / scale[j]!;
  }
}

function sum(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return s;
}

function weightedRowsDot(data: Float64Array, off: number, rho: Float64Array, rows: Int32Array): number {
  let d = 0;
  for (let k = 0; k < rows.length; k++) d += data[off + rows[k]!]! * rho[rows[k]!]!;
  return d;
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
  // rows left out (weight 0) get 0, so a non-finite value there cannot reach η
  for (let i = 0; i < n; i++) s.cols[dst + i] = s.w[i] === 0 ? 0 : (m.data[off + i]! - c) / sc;
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
