/** Benjamini–Hochberg false-discovery-rate adjustment. @module */

/**
 * Benjamini–Hochberg q-values: q₍i₎ = min over k ≥ i of min(1, m·p₍k₎/k). Matches R
 * `p.adjust(p, "BH")` and statsmodels `multipletests(p, method="fdr_bh")`. NaN p-values (degenerate
 * features) are left out of the family: their q is NaN and m counts only the finite ones.
 *
 * @param pValues p-values in [0, 1] or NaN
 * @returns q-values in the input order
 * @throws {RangeError} when a p-value is outside [0, 1]
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { benjaminiHochberg } from "./benjamini_hochberg.ts";
 * assert.deepEqual([...benjaminiHochberg([0.01, 0.04, 0.03, 0.5])], [0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.5]);
 * ```
 */
export function benjaminiHochberg(pValues: ArrayLike<number>): Float64Array {
  const idx: number[] = [];
  for (let i = 0; i < pValues.length; i++) {
    const p = pValues[i]!;
    if (Number.isNaN(p)) continue;
    if (!(p >= 0 && p <= 1)) {
      throw new RangeError(`Cannot adjust p-values: p[${i}] is "${p}", expected a value in [0, 1]`);
    }
    idx.push(i);
  }
  const q = new Float64Array(pValues.length).fill(NaN);
  const m = idx.length;
  idx.sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const i = idx[k]!;
    running = Math.min(running, m * pValues[i]! / (k + 1));
    q[i] = running;
  }
  return q;
}
