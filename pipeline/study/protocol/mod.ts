/**
 * The statistics protocol, written once: settings (the spec's `stats:` block), random streams,
 * screening, LASSO inclusion, selection, evaluation, the comparator models and the survival view.
 * The stages call these functions one step each; `deepmarker stats` calls them all
 * ({@linkcode statsProtocol}, {@linkcode runStatsProtocol}) — the same files, byte for byte.
 *
 * @example In memory
 * ```ts
 * import assert from "node:assert/strict";
 * import { featureMatrix } from "../../../stats/mod.ts";
 * import { parseStatsSettings, statsProtocol } from "./mod.ts";
 * const y = Array.from({ length: 24 }, (_, i) => i % 2);
 * const table = { ids: y.map((_, i) => `P${i}`), names: ["a"], matrix: featureMatrix([y.map((v, i) => v + Math.sin(i))]) };
 * const settings = parseStatsSettings("seed: 1\nlasso: {bootstrap: 4, top_k: 1}\nevaluation: {resamples: 4}\n", "s.yaml");
 * const r = await statsProtocol(table, [{ name: "os2y", labels: y }], settings);
 * assert.equal(r.ttest.length, 1);
 * ```
 *
 * @module
 */
export * from "./settings.ts";
export * from "./streams.ts";
export * from "./screening.ts";
export * from "./inclusion.ts";
export * from "./selection.ts";
export * from "./evaluation.ts";
export * from "./models.ts";
export * from "./risk_group_survival.ts";
export * from "./stats_protocol.ts";
export * from "./run_stats_protocol.ts";
