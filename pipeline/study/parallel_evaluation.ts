/** Resampling evaluation of a logistic classifier with the splits spread over worker threads. @module */
import {
  evaluateClassifier,
  type EvaluateClassifierOptions,
  type EvaluationResult,
  type EvaluationSplit,
  type FeatureMatrix,
  type LambdaRule,
  lassoTopFeatures,
} from "../../stats/mod.ts";
import { runResampleJob } from "./_resample_pool.ts";

/** Options for {@linkcode parallelEvaluation}. */
export interface ParallelEvaluationOptions extends Omit<EvaluateClassifierOptions, "select" | "splits"> {
  /**
   * Nested protocol: LASSO selection inside every training split, the `topK` largest
   * |standardised coefficients| of one fit with `rule` (see `lassoTopFeatures`). Absent: every column
   * of `matrix` (the optimistic order when `matrix` holds pre-selected features).
   */
  readonly nested?: { readonly topK: number; readonly rule: LambdaRule };
  /**
   * Worker threads (1 = run in this thread).
   * @default {navigator.hardwareConcurrency, or 1 when features × resamples < 2,000,000}
   */
  readonly workers?: number;
}

/**
 * {@linkcode evaluateClassifier}, bit for bit, with its train/test splits run on `workers` threads;
 * with `nested` it is `evaluateClassifier` with `select` = `lassoTopFeatures(matrix, y, { weights, rng,
 * topK, rule })`. Split b always uses the b-th resample of the generator's stream and its own forked
 * rng, and the splits are summarised in order, so the worker count never changes a number. `rng` must
 * be fresh (nothing drawn from it yet): the workers restart its stream from its seed and label.
 *
 * @param matrix patients × candidate features
 * @param y per patient 1, 0 or NaN (excluded)
 * @param options as {@linkcode evaluateClassifier}, with `nested` instead of `select`, plus the worker count
 * @returns metric means and intervals, pooled ROC, counts
 * @throws {RangeError} as {@linkcode evaluateClassifier}, or on a bad worker count
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng, evaluateClassifier, featureMatrix } from "../../stats/mod.ts";
 * import { parallelEvaluation } from "./parallel_evaluation.ts";
 * const y = Array.from({ length: 40 }, (_, i) => i % 2);
 * const m = featureMatrix([y.map((v, i) => v + Math.sin(7 * i))]);
 * const protocol = { kind: "bootstrap", resamples: 30 } as const;
 * const r = await parallelEvaluation(m, y, { rng: createRng(5), protocol, workers: 2 });
 * assert.deepEqual(r, evaluateClassifier(m, y, { rng: createRng(5), protocol }));
 * ```
 */
export async function parallelEvaluation(
  matrix: FeatureMatrix,
  y: ArrayLike<number>,
  options: ParallelEvaluationOptions,
): Promise<EvaluationResult> {
  const { rng, workers, nested, protocol, threshold, ...summary } = options;
  const splits = await runResampleJob<EvaluationSplit>(
    matrix,
    y,
    {
      kind: "evaluation",
      seed: rng.seed,
      label: rng.label,
      protocol,
      ...(threshold === undefined ? {} : { threshold }),
      ...(nested ? { nested } : {}),
    },
    workers === undefined ? {} : { workers },
  );
  return evaluateClassifier(matrix, y, {
    ...summary,
    rng,
    protocol,
    splits,
    ...(threshold === undefined ? {} : { threshold }),
    ...(nested ? { select: (weights, r) => lassoTopFeatures(matrix, y, { weights, rng: r, ...nested }) } : {}),
  });
}
