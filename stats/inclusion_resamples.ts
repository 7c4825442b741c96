/** The per-resample LASSO fits behind bootstrap inclusion probabilities, for any range of resamples. @module */
import type { FeatureMatrix } from "./feature_matrix.ts";
import type { Rng } from "./random.ts";
import { lassoFit, type LassoFitOptions } from "./lasso_fit.ts";
import { resampleCounts } from "./_resample.ts";

/** Options for {@linkcode inclusionResamples}. */
export interface InclusionResamplesOptions
  extends Pick<LassoFitOptions, "rule" | "nLambda" | "lambdaMinRatio" | "tolerance"> {
  /** Seeded generator (resamples, and CV folds when the rule is CV); pass a fresh one. */
  readonly rng: Rng;
  /** Number of resamples B of the whole bootstrap. @default {1000} */
  readonly resamples?: number;
  /** First resample fitted (0-based). @default {0} */
  readonly from?: number;
  /** One past the last resample fitted. @default {resamples} */
  readonly to?: number;
  /** Called after each fitted resample with its index. */
  readonly onResample?: (index: number) => void;
}

/** The features one resample's fit selected (`null`: the resample held one class and was skipped). */
export type InclusionSelection = {
  /** Non-zero features, ascending. */
  readonly index: Uint32Array;
  /** Their |standardised coefficient|. */
  readonly absCoefficient: Float64Array;
} | null;

/**
 * Resamples `from … to − 1` of a bootstrap-inclusion run (see {@linkcode bootstrapInclusion}): resample
 * b is the b-th draw of the generator's stream and its CV folds come from `rng.fork("cv<b>")`, so the
 * same resample gets the same fit whichever range it is computed in — a caller may split [0, B) into
 * ranges (e.g. one per worker), concatenate the selections in order and get bit-for-bit the result of
 * one run. The draws before `from` are replayed (cheap: one integer per patient), not fitted.
 *
 * @param matrix patients × features
 * @param y per patient 1, 0 or NaN (excluded)
 * @param options rng, B, range, λ rule
 * @returns one selection per resample of the range, in order
 * @throws {RangeError} on a bad range or resample count
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng, featureMatrix, inclusionResamples } from "./mod.ts";
 * const y = [0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1];
 * const m = featureMatrix([y.map((v, i) => v + 0.4 * Math.cos(i)), y.map((_, i) => Math.sin(3 * i))]);
 * const o = { resamples: 6, rule: { kind: "nonzero", count: 1 } } as const;
 * const all = inclusionResamples(m, y, { ...o, rng: createRng(3) });
 * const tail = inclusionResamples(m, y, { ...o, rng: createRng(3), from: 4 });
 * assert.deepEqual(tail, all.slice(4));
 * ```
 */
export function inclusionResamples(
  matrix: FeatureMatrix,
  y: ArrayLike<number>,
  options: InclusionResamplesOptions,
): InclusionSelection[] {
  const { rng, resamples = 1000, from = 0, to = resamples, onResample, ...fitOptions } = options;
  if (!(Number.isInteger(resamples) && resamples >= 1)) {
    throw new RangeError(`Cannot draw inclusion resamples: resamples is "${resamples}", expected an integer ≥ 1`);
  }
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= resamples)) {
    throw new RangeError(`Cannot draw inclusion resamples: range [${from}, ${to}) is outside [0, ${resamples})`);
  }
  const n = matrix.nRows;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (y[i] === 0 || y[i] === 1) rows.push(i);
  const out: InclusionSelection[] = [];
  for (let b = 0; b < to; b++) {
    const counts = resampleCounts(n, rows, rng);
    if (b < from) continue;
    let n1 = 0;
    for (const i of rows) if (y[i] === 1) n1 += counts[i]!;
    if (n1 === 0 || n1 === rows.length) {
      out.push(null);
      continue;
    }
    const fit = lassoFit(matrix, y, { ...fitOptions, weights: counts, rng: rng.fork(`cv${b}`) });
    out.push({ index: fit.index, absCoefficient: fit.betaStandardized.map(Math.abs) });
    onResample?.(b);
  }
  return out;
}
