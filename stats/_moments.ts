/** Two-pass mean and variance over a subset of a column (shared by t-tests and standardisation). @module */
import { studentTwoSided } from "./_special.ts";

/** Mean and unbiased (n−1) variance of `x[offset + idx[k]]`; two-pass for accuracy. */
export function subsetMoments(
  x: ArrayLike<number>,
  offset: number,
  idx: Uint32Array,
): { mean: number; variance: number } {
  const n = idx.length;
  let s = 0;
  for (let k = 0; k < n; k++) s += x[offset + idx[k]!]!;
  const mean = s / n;
  let ss = 0;
  let c = 0;
  for (let k = 0; k < n; k++) {
    const d = x[offset + idx[k]!]! - mean;
    ss += d * d;
    c += d;
  }
  // corrected two-pass (Chan, Golub & LeVeque 1983): removes the rounding error of the mean
  return { mean, variance: (ss - c * c / n) / (n - 1) };
}

/** Indices of rows labelled 1 and 0; NaN rows are skipped, anything else throws. */
export function splitLabels(labels: ArrayLike<number>, what: string): { ones: Uint32Array; zeros: Uint32Array } {
  const ones: number[] = [];
  const zeros: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (v === 1) ones.push(i);
    else if (v === 0) zeros.push(i);
    else if (!Number.isNaN(v)) throw new RangeError(`Cannot ${what}: label ${i} is "${v}", expected 0, 1 or NaN`);
  }
  return { ones: Uint32Array.from(ones), zeros: Uint32Array.from(zeros) };
}

/** Shared by tTest and feature screening: the statistic from group moments. */
export function tFromMoments(
  m1: number,
  v1: number,
  n1: number,
  m0: number,
  v0: number,
  n0: number,
  equalVariance: boolean,
): { statistic: number; df: number; pValue: number } {
  let se2: number;
  let df: number;
  if (equalVariance) {
    df = n1 + n0 - 2;
    se2 = ((n1 - 1) * v1 + (n0 - 1) * v0) / df * (1 / n1 + 1 / n0);
  } else {
    const a = v1 / n1;
    const b = v0 / n0;
    se2 = a + b;
    const fa = a / se2;
    const fb = b / se2; // scale-free form: no overflow for huge values
    df = 1 / (fa * fa / (n1 - 1) + fb * fb / (n0 - 1));
  }
  if (!(se2 > 0)) return { statistic: NaN, df: equalVariance ? df : NaN, pValue: NaN };
  const statistic = (m1 - m0) / Math.sqrt(se2);
  return { statistic, df, pValue: studentTwoSided(statistic, df) };
}
