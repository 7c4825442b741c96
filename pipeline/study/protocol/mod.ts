/**
 * The statistics protocol: screening, LASSO inclusion, selection and evaluation over every endpoint,
 * in memory ({@linkcode statsProtocol}) or from CSV files to an output folder
 * ({@linkcode runStatsProtocol}, behind `deepmarker stats`).
 *
 * @example In memory
 * ```ts
 * import assert from "node:assert/strict";
 * import { featureMatrix } from "../../../stats/mod.ts";
 * import { statsProtocol } from "./mod.ts";
 * const y = Array.from({ length: 24 }, (_, i) => i % 2);
 * const m = featureMatrix([y.map((v, i) => v + Math.sin(i))]);
 * const r = await statsProtocol(m, { featureNames: ["a"], endpoints: { os2y: y } },
 *   { inclusionResamples: 4, evaluationResamples: 4, folds: 3, topK: 1 });
 * assert.equal(r.ttest.length, 1);
 * ```
 *
 * @module
 */
export * from "./stats_protocol.ts";
export * from "./run_stats_protocol.ts";
