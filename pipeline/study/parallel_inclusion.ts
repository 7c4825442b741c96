/** Bootstrap LASSO inclusion probabilities with the resamples spread over worker threads. @module */
import {
  bootstrapInclusion,
  type BootstrapInclusionOptions,
  type BootstrapInclusionResult,
  type FeatureMatrix,
  type InclusionSelection,
} from "../../stats/mod.ts";
import { runResampleJob } from "./_resample_pool.ts";

/** Options for {@linkcode parallelInclusion}. */
export interface ParallelInclusionOptions extends Omit<BootstrapInclusionOptions, "selections"> {
  /**
   * Worker threads (1 = run in this thread).
   * @default {navigator.hardwareConcurrency, or 1 when features × resamples < 2,000,000}
   */
  readonly workers?: number;
}

/**
 * {@linkcode bootstrapInclusion}, bit for bit, with its B LASSO fits run on `workers` threads: each
 * worker gets the matrix once (shared memory, not copied) and takes chunks of resamples; resample b
 * always draws the b-th counts of the generator's stream and its own forked CV rng, and the fits are
 * summarised in resample order, so the worker count never changes a number. `rng` must be fresh
 * (nothing drawn from it yet): the workers restart its stream from its seed and label.
 *
 * @param matrix patients × features
 * @param y per patient 1, 0 or NaN (excluded)
 * @param options as {@linkcode bootstrapInclusion}, plus the worker count
 * @returns probabilities, tie-break scores and the top-k
 * @throws {RangeError} as {@linkcode bootstrapInclusion}, or on a bad worker count
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { bootstrapInclusion, createRng, featureMatrix } from "../../stats/mod.ts";
 * import { parallelInclusion } from "./parallel_inclusion.ts";
 * const y = [0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1];
 * const m = featureMatrix([y.map((v, i) => v + 0.4 * Math.cos(i)), y.map((_, i) => Math.sin(3 * i))]);
 * const o = { resamples: 20, topK: 1, rule: { kind: "nonzero", count: 1 } } as const;
 * const r = await parallelInclusion(m, y, { ...o, rng: createRng(3), workers: 2 });
 * assert.deepEqual(r, bootstrapInclusion(m, y, { ...o, rng: createRng(3) }));
 * ```
 */
export async function parallelInclusion(
  matrix: FeatureMatrix,
  y: ArrayLike<number>,
  options: ParallelInclusionOptions,
): Promise<BootstrapInclusionResult> {
  const { rng, workers, onResample, resamples = 1000, ...rest } = options;
  const { topK: _t, ...fit } = rest;
  let done = 0;
  const selections = await runResampleJob<InclusionSelection>(
    matrix,
    y,
    { kind: "inclusion", seed: rng.seed, label: rng.label, resamples, ...fit },
    {
      ...(workers === undefined ? {} : { workers }),
      onChunk: (from, to) => {
        for (let b = from; b < to; b++) onResample?.(++done, resamples);
      },
    },
  );
  return bootstrapInclusion(matrix, y, { ...options, selections });
}
