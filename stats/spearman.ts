/** Spearman rank correlation (Pearson's r of mid-ranks). @module */

/** 1-based mid-ranks by binary search in the natively sorted values (no comparator sort: fast on 10⁵ values). */
function midRanksSorted(values: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    hi = n;
    while (end < hi) {
      const mid = (end + hi) >>> 1;
      if (sorted[mid]! <= v) end = mid + 1;
      else hi = mid;
    }
    ranks[i] = (lo + 1 + end) / 2;
  }
  return ranks;
}

/**
 * Spearman's ρ: the Pearson correlation of the two samples' mid-ranks (ties share their mean rank).
 *
 * @param x first sample (finite values)
 * @param y second sample, same length
 * @returns ρ in [−1, 1]; NaN when either sample is constant
 * @throws {RangeError} when the lengths differ or there are fewer than 2 pairs
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { spearman } from "./spearman.ts";
 * assert.equal(spearman([1, 2, 3, 4], [10, 20, 30, 1000]), 1);
 * assert.equal(spearman([1, 2, 3], [3, 2, 1]), -1);
 * ```
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`Cannot rank-correlate: ${n} x values but ${y.length} y values`);
  if (n < 2) throw new RangeError(`Cannot rank-correlate: ${n} pairs, expected at least 2`);
  const rx = midRanksSorted(x);
  const ry = midRanksSorted(y);
  const mean = (n + 1) / 2;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const a = rx[i]! - mean;
    const b = ry[i]! - mean;
    sxx += a * a;
    syy += b * b;
    sxy += a * b;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}
