/**
 * How an activation reached by activation maximisation compares with the unit's activations on
 * real patients.
 *
 * @module
 */

/** Result of {@linkcode compareActivation}. */
export interface ActivationComparison {
  /** The activation compared. */
  readonly reached: number;
  /** Mid-rank percentile (0–100) of `reached` among the real activations (100: above all). */
  readonly percentile: number;
  readonly realMin: number;
  readonly realMax: number;
  readonly realMean: number;
  /** Sample standard deviation (NaN for one patient). */
  readonly realSd: number;
  /** `(reached − realMean) / realSd` (NaN when the SD is 0 or undefined). */
  readonly zScore: number;
  /** `reached / realMax` (NaN when realMax ≤ 0). */
  readonly ratioToMax: number;
  readonly n: number;
}

/**
 * Place an activation among the unit's activations on real patients (e.g. its column of the
 * feature table).
 *
 * @param reached the activation reached (e.g. the best start's)
 * @param real the unit's activation on each real patient
 * @returns percentile, z-score, ratio to the real maximum and summary of the real values
 * @throws {RangeError} when `real` is empty or holds a non-finite value
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareActivation } from "./compare_activation.ts";
 * const c = compareActivation(10, [1, 2, 3, 4]);
 * assert.equal(c.percentile, 100);
 * assert.equal(c.ratioToMax, 2.5);
 * assert.equal(compareActivation(2, [1, 2, 3, 4]).percentile, 37.5);
 * ```
 */
export function compareActivation(reached: number, real: ArrayLike<number>): ActivationComparison {
  const n = real.length;
  if (n === 0) throw new RangeError("Cannot compare an activation: no real activations given");
  let below = 0;
  let equal = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = real[i]!;
    if (!Number.isFinite(v)) throw new RangeError(`Cannot compare an activation: real activation ${i} is "${v}"`);
    if (v < reached) below++;
    else if (v === reached) equal++;
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (real[i]! - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : NaN;
  return {
    reached,
    percentile: (100 * (below + equal / 2)) / n,
    realMin: min,
    realMax: max,
    realMean: mean,
    realSd: sd,
    zScore: sd > 0 ? (reached - mean) / sd : NaN,
    ratioToMax: max > 0 ? reached / max : NaN,
    n,
  };
}
