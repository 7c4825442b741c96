/** Stratified fold assignment (private, shared by LASSO CV and k-fold evaluation). @module */
import type { Rng } from "./random.ts";

/** Fold of each row (−1 = unused: NaN label or zero weight), stratified by class, Fisher–Yates shuffled. */
export function stratifiedFolds(
  y: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  k: number,
  rng: Rng,
): Int32Array {
  const fold = new Int32Array(y.length).fill(-1);
  let offset = 0;
  for (const cls of [1, 0]) {
    const rows: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === cls && (weights === undefined || weights[i]! > 0)) rows.push(i);
    for (let i = rows.length - 1; i > 0; i--) {
      const r = rng.int(i + 1);
      [rows[i], rows[r]] = [rows[r]!, rows[i]!];
    }
    rows.forEach((row, t) => (fold[row] = (t + offset) % k));
    offset = (offset + rows.length) % k;
  }
  return fold;
}
