/**
 * Cubic B-spline interpolation along one axis (Unser's prefilter + the cubic B-spline basis), as
 * IBSI configuration E and the reference tools (scipy `map_coordinates(order=3, mode="nearest")`
 * in MIRP) define "tricubic spline" interpolation: the line is extended by {@linkcode SPLINE_PAD}
 * edge values, turned into spline coefficients with mirror boundaries, then sampled.
 *
 * @module
 */

/** Edge values added on each side before the prefilter (scipy pads 12 for mode "nearest"). */
export const SPLINE_PAD = 12;

const POLE = Math.sqrt(3) - 2;

/**
 * Replace `c[0..n)` (stride 1) by its cubic B-spline coefficients, mirror boundary conditions.
 *
 * @param c samples, overwritten with coefficients
 */
export function splinePrefilter(c: Float64Array): void {
  const n = c.length;
  if (n < 2) return;
  const z = POLE;
  for (let k = 0; k < n; k++) c[k] = c[k]! * 6; // gain (1 − z)(1 − 1/z)
  // Causal initialisation, exact for a mirror-symmetric extension of period 2n − 2.
  const z2n = z ** (2 * n - 2);
  let sum = c[0]! + z ** (n - 1) * c[n - 1]!;
  let zk = z;
  for (let k = 1; k < n - 1; k++) {
    sum += (zk + z2n / zk) * c[k]!;
    zk *= z;
  }
  c[0] = sum / (1 - z2n);
  for (let k = 1; k < n; k++) c[k] = c[k]! + z * c[k - 1]!;
  c[n - 1] = (z / (z * z - 1)) * (c[n - 1]! + z * c[n - 2]!);
  for (let k = n - 2; k >= 0; k--) c[k] = z * (c[k + 1]! - c[k]!);
}

/**
 * Cubic B-spline weights of the taps `f − 1 … f + 2` for a sample at `f + t`, `0 ≤ t < 1`.
 *
 * @param t fractional position
 * @returns four weights summing to 1
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { splineWeights } from "./_bspline.ts";
 * assert.deepEqual(splineWeights(0).map((w) => Math.round(w * 6)), [1, 4, 1, 0]);
 * ```
 */
export function splineWeights(t: number): [number, number, number, number] {
  const u = 1 - t;
  const t2 = t * t;
  const t3 = t2 * t;
  return [u * u * u / 6, (4 - 6 * t2 + 3 * t3) / 6, (1 + 3 * t + 3 * t2 - 3 * t3) / 6, t3 / 6];
}
