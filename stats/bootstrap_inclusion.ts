/** Bootstrap inclusion probability of LASSO-selected features. @module */
import type { FeatureMatrix } from "./feature_matrix.ts";
import type { Rng } from "./random.ts";
import type { LassoFitOptions } from "./lasso_fit.ts";
import { inclusionResamples, type InclusionSelection } from "./inclusion_resamples.ts";

/** Options for {@linkcode bootstrapInclusion}. */
export interface BootstrapInclusionOptions
  extends Pick<LassoFitOptions, "rule" | "nLambda" | "lambdaMinRatio" | "tolerance"> {
  /** Seeded generator (resamples, and CV folds when the rule is CV). */
  readonly rng: Rng;
  /** Number of resamples B. @default {1000} */
  readonly resamples?: number;
  /** How many features to rank in `top`. @default {20} */
  readonly topK?: number;
  /** Called after each resample (progress). */
  readonly onResample?: (done: number, total: number) => void;
  /**
   * The per-resample selections, already computed (e.g. by {@linkcode inclusionResamples} over ranges,
   * in parallel): then nothing is fitted and `rng` is not used. @default {computed here}
   */
  readonly selections?: readonly InclusionSelection[];
}

/** Inclusion probabilities and the ranked top-k. */
export interface BootstrapInclusionResult {
  /** Per feature: fraction of usable resamples in which its coefficient was non-zero. */
  readonly probability: Float64Array;
  /** Per feature: mean |standardised coefficient| over usable resamples (0 when never selected). */
  readonly meanAbsCoefficient: Float64Array;
  /** Top-k features: probability desc, then mean |coef| desc, then feature index asc. */
  readonly top: Uint32Array;
  /** Resamples fitted. */
  readonly used: number;
  /** Resamples skipped because they held a single class. */
  readonly skipped: number;
}

/**
 * Bootstrap inclusion probability: draw B resamples of the labelled patients with replacement, fit
 * LASSO-logistic on each with the λ rule (see {@linkcode lassoFit}), and count how often each feature
 * enters. Resamples are row weights, so the matrix is never copied. A single-class resample is
 * skipped and counted. Ties in probability break on mean |standardised coefficient|, then on the
 * feature index, so the ranking is total and deterministic. The fits are {@linkcode inclusionResamples};
 * pass its output as `selections` to summarise fits computed elsewhere (the same numbers, bit for bit).
 *
 * @param matrix patients × features
 * @param y per patient 1, 0 or NaN (excluded)
 * @param options rng, B, rule, k
 * @returns probabilities, tie-break scores and the top-k
 * @throws {RangeError} when every resample is single-class, or on bad options
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { bootstrapInclusion, createRng, featureMatrix } from "./mod.ts";
 * const y = [0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1];
 * const m = featureMatrix([y.map((v, i) => v + 0.4 * Math.cos(i)), y.map((_, i) => Math.sin(3 * i))]);
 * const r = bootstrapInclusion(m, y, { rng: createRng(3), resamples: 20, topK: 1, rule: { kind: "nonzero", count: 1 } });
 * assert.deepEqual([...r.top], [0]);
 * ```
 */
export function bootstrapInclusion(
  matrix: FeatureMatrix,
  y: ArrayLike<number>,
  options: BootstrapInclusionOptions,
): BootstrapInclusionResult {
  const { resamples = 1000, topK = 20, onResample, selections: given, ...fitOptions } = options;
  const p = matrix.nCols;
  const selections = given ?? inclusionResamples(matrix, y, {
    ...fitOptions,
    resamples,
    ...(onResample ? { onResample: (b: number) => onResample(b + 1, resamples) } : {}),
  });
  if (selections.length !== resamples) {
    throw new RangeError(`Cannot summarise inclusion: ${selections.length} selections for ${resamples} resamples`);
  }
  const hits = new Float64Array(p);
  const sumAbs = new Float64Array(p);
  let used = 0;
  let skipped = 0;
  for (const s of selections) {
    if (s === null) {
      skipped++;
      continue;
    }
    s.index.forEach((j, k) => {
      hits[j] = hits[j]! + 1;
      sumAbs[j] = sumAbs[j]! + s.absCoefficient[k]!;
    });
    used++;
  }
  if (used === 0) {
    throw new RangeError(`Cannot compute inclusion probabilities: all ${resamples} resamples held one class`);
  }
  const probability = hits.map((h) => h / used);
  const meanAbsCoefficient = sumAbs.map((s) => s / used);
  const order = Array.from({ length: p }, (_, j) => j).filter((j) => hits[j]! > 0);
  order.sort((a, b) => probability[b]! - probability[a]! || meanAbsCoefficient[b]! - meanAbsCoefficient[a]! || a - b);
  return { probability, meanAbsCoefficient, top: Uint32Array.from(order.slice(0, topK)), used, skipped };
}
