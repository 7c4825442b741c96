/** Shared pieces of the logistic models (private): label checks, weights, deviance. @module */

/** Labels as 0/1 doubles (NaN kept, meaning excluded); throws on anything else or one class. */
export function checkBinary(y: ArrayLike<number>, n: number, what: string): Float64Array {
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
export function normaliseWeights(
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
export function deviance(y: Float64Array, w: Float64Array, prob: Float64Array | null, ybar: number): number {
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
export function logLoss(y: Float64Array, w: Float64Array, eta: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w[i]!;
    if (wi === 0) continue;
    const e = eta[i]!;
    s += wi * (Math.max(e, 0) + Math.log1p(Math.exp(-Math.abs(e))) - y[i]! * e);
  }
  return s;
}
