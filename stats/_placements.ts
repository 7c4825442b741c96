/** DeLong placement values (shared by the AUC interval and the paired DeLong test). @module */
import { midRanks } from "./_ranks.ts";
import { splitLabels } from "./_moments.ts";

/** Cases, controls, U, and the placement values V10 (per case) and V01 (per control). */
export interface Placements {
  readonly nCases: number;
  readonly nControls: number;
  /** Mann–Whitney U of cases against controls (case > control pairs, ½ per tie). */
  readonly u: number;
  /** Per case: fraction of controls scored below it (½ per tie). */
  readonly v10: Float64Array;
  /** Per control: fraction of cases scored above it (½ per tie). */
  readonly v01: Float64Array;
}

/** Placement values from mid-ranks, exact (half-integer arithmetic), O(n log n). */
export function placements(labels: ArrayLike<number>, scores: ArrayLike<number>, what: string): Placements {
  if (labels.length !== scores.length) {
    throw new RangeError(`Cannot ${what}: ${labels.length} labels but ${scores.length} scores`);
  }
  const { ones, zeros } = splitLabels(labels, what);
  const n1 = ones.length;
  const n0 = zeros.length;
  if (n1 === 0 || n0 === 0) {
    throw new RangeError(`Cannot ${what}: ${n1} cases and ${n0} controls, expected at least 1 each`);
  }
  const take = (idx: Uint32Array) => {
    const v = new Float64Array(idx.length);
    for (let k = 0; k < idx.length; k++) {
      const s = scores[idx[k]!]!;
      if (Number.isNaN(s)) throw new RangeError(`Cannot ${what}: score ${idx[k]} is NaN`);
      v[k] = s;
    }
    return v;
  };
  const cases = take(ones);
  const controls = take(zeros);
  const all = new Float64Array(n1 + n0);
  all.set(cases);
  all.set(controls, n1);
  const rAll = new Float64Array(n1 + n0);
  const order = new Uint32Array(n1 + n0);
  midRanks(all, rAll, order);
  const rCase = new Float64Array(n1);
  const rCtrl = new Float64Array(n0);
  midRanks(cases, rCase, new Uint32Array(n1));
  midRanks(controls, rCtrl, new Uint32Array(n0));
  const v10 = new Float64Array(n1);
  const v01 = new Float64Array(n0);
  let rankSum = 0;
  for (let i = 0; i < n1; i++) {
    rankSum += rAll[i]!;
    v10[i] = (rAll[i]! - rCase[i]!) / n0;
  }
  for (let j = 0; j < n0; j++) v01[j] = 1 - (rAll[n1 + j]! - rCtrl[j]!) / n1;
  return { nCases: n1, nControls: n0, u: rankSum - n1 * (n1 + 1) / 2, v10, v01 };
}

/** Sample covariance (n − 1) of two equal-length vectors. */
export function covariance(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i]! - ma) * (b[i]! - mb);
  return s / (n - 1);
}
