/**
 * LASSO inclusion of one endpoint: bootstrap resamples of the labelled patients, one LASSO-logistic
 * fit each (glmnet conventions), and how often each feature enters. Resamples run on worker threads;
 * the numbers never depend on how many.
 *
 * @module
 */
import type { FeatureMatrix } from "../../../stats/feature_matrix.ts";
import type { LambdaRule } from "../../../stats/lasso_fit.ts";
import type { InclusionRecord } from "../artifacts/stats_tables.ts";
import { parallelInclusion } from "../parallel_inclusion.ts";
import { inclusionStream, type Streams } from "./streams.ts";

/** What {@linkcode lassoInclusion} returns. */
export interface EndpointInclusion {
  /** Features selected at least once, in column order. */
  readonly rows: InclusionRecord[];
  /** Resamples fitted. */
  readonly used: number;
  /** Resamples skipped (one class). */
  readonly skipped: number;
}

/**
 * Bootstrap inclusion probabilities of every feature for one endpoint.
 *
 * @param matrix patients × features
 * @param names feature names
 * @param endpoint name and labels
 * @param options resamples, λ rule, the streams of the `lasso` stage, progress callback
 * @returns the `inclusion.csv` rows
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { featureMatrix } from "../../../stats/mod.ts";
 * import { lassoInclusion } from "./inclusion.ts";
 * import { stageStreams } from "./streams.ts";
 * const y = Array.from({ length: 20 }, (_, i) => i % 2);
 * const m = featureMatrix([y.map((v, i) => v + 0.3 * Math.sin(i)), y.map((_, i) => Math.cos(7 * i))]);
 * const r = await lassoInclusion(m, ["a", "b"], { name: "os2y", labels: y },
 *   { resamples: 4, rule: { kind: "nonzero", count: 1 }, rng: stageStreams(1, "lasso") });
 * assert.equal(r.rows[0]!.feature, "a");
 * ```
 */
export async function lassoInclusion(
  matrix: FeatureMatrix,
  names: readonly string[],
  endpoint: { readonly name: string; readonly labels: ArrayLike<number> },
  options: {
    readonly resamples: number;
    readonly rule: LambdaRule;
    readonly rng: Streams;
    readonly onResample?: () => void;
  },
): Promise<EndpointInclusion> {
  const inc = await parallelInclusion(matrix, endpoint.labels, {
    rng: options.rng(inclusionStream(endpoint.name)),
    resamples: options.resamples,
    rule: options.rule,
    topK: 1,
    ...(options.onResample ? { onResample: options.onResample } : {}),
  });
  const rows: InclusionRecord[] = [];
  for (let j = 0; j < names.length; j++) {
    if (inc.probability[j]! > 0) {
      rows.push({
        feature: names[j]!,
        endpoint: endpoint.name,
        probability: inc.probability[j]!,
        meanAbsCoefficient: inc.meanAbsCoefficient[j]!,
        index: j,
      });
    }
  }
  return { rows, used: inc.used, skipped: inc.skipped };
}
