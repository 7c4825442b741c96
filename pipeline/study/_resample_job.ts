/**
 * A resampling job as plain data (private): what the main thread sends to a resample worker, and the
 * one function both the worker and the in-thread path run, so one range gives the same numbers in
 * either place.
 *
 * @module
 */
import {
  createRng,
  type EvaluationProtocol,
  type EvaluationSplit,
  evaluationSplits,
  type FeatureMatrix,
  inclusionResamples,
  type InclusionSelection,
  type LambdaRule,
  lassoTopFeatures,
} from "../../stats/mod.ts";

/** Bootstrap LASSO inclusion fits, or evaluation splits (with nested LASSO selection or not). */
export type ResampleJob =
  | {
    readonly kind: "inclusion";
    readonly seed: number;
    readonly label: string;
    readonly resamples: number;
    readonly rule?: LambdaRule;
    readonly nLambda?: number;
    readonly lambdaMinRatio?: number;
    readonly tolerance?: number;
  }
  | {
    readonly kind: "evaluation";
    readonly seed: number;
    readonly label: string;
    readonly protocol: EvaluationProtocol;
    readonly threshold?: number;
    /** Nested selection: LASSO top-k inside every training split. */
    readonly nested?: { readonly topK: number; readonly rule: LambdaRule };
  };

/** Number of resamples (inclusion) or splits (evaluation) of a job. */
export function jobSize(job: ResampleJob): number {
  if (job.kind === "inclusion") return job.resamples;
  const p = job.protocol;
  return p.kind === "bootstrap" ? p.resamples ?? 1000 : (p.folds ?? 6) * (p.repeats ?? 1);
}

/** Run resamples/splits `from … to − 1` of a job. */
export function runJob(
  matrix: FeatureMatrix,
  y: ArrayLike<number>,
  job: ResampleJob,
  from: number,
  to: number,
): InclusionSelection[] | EvaluationSplit[] {
  const rng = createRng(job.seed, job.label);
  if (job.kind === "inclusion") {
    const { kind: _k, seed: _s, label: _l, ...options } = job;
    return inclusionResamples(matrix, y, { ...options, rng, from, to });
  }
  const nested = job.nested;
  return evaluationSplits(matrix, y, {
    rng,
    protocol: job.protocol,
    from,
    to,
    ...(job.threshold === undefined ? {} : { threshold: job.threshold }),
    ...(nested ? { select: (weights, r) => lassoTopFeatures(matrix, y, { weights, rng: r, ...nested }) } : {}),
  });
}
