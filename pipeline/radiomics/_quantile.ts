/**
 * Quantile of sorted values, linear interpolation between order statistics (Hyndman–Fan type 7,
 * numpy's default), as used by IBSI reference implementations.
 *
 * @module
 */

/** Quantile `q` ∈ [0, 1] of ascending `sorted` values. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
