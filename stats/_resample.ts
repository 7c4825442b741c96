/** Bootstrap resampling as per-row counts (private). @module */
import type { Rng } from "./random.ts";

/** Counts of a size-|rows| draw with replacement from `rows` (an n-length weight vector). */
export function resampleCounts(n: number, rows: ArrayLike<number>, rng: Rng): Float64Array {
  const counts = new Float64Array(n);
  for (let k = 0; k < rows.length; k++) {
    const i = rows[rng.int(rows.length)]!;
    counts[i] = counts[i]! + 1;
  }
  return counts;
}

/** R type-7 quantile of sorted values. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
