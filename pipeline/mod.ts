/**
 * The pipeline engine: YAML specs, the stage graph, the content-addressed cache, the runner
 * and DuckDB run tracking.
 *
 * @example Run a spec twice; the second run is all cache hits
 * ```ts ignore
 * import { openWorkspace, runExperiment } from "./mod.ts";
 * const ws = await openWorkspace();
 * await runExperiment("experiments/toy.yaml", ws);
 * const [again] = await runExperiment("experiments/toy.yaml", ws);
 * console.log(again!.outcomes.every((o) => o.cacheHit)); // true
 * ```
 *
 * @module
 */
export * from "./errors.ts";
export * from "./progress.ts";
export * from "./canonical_json.ts";
export * from "./csv.ts";
export * from "./sha256.ts";
export * from "./file_hasher.ts";
export * from "./closest_name.ts";
export * from "./spec_schema.ts";
export * from "./spec.ts";
export * from "./stage.ts";
export * from "./graph.ts";
export * from "./cache.ts";
export * from "./runner.ts";
export * from "./tracking.ts";
export * from "./workspace.ts";
export * from "./code_version.ts";
export * from "./params_diff.ts";
export * from "./experiment.ts";
export * from "./experiment_status.ts";
export * from "./collect_garbage.ts";
export * from "./compare_runs.ts";
export * from "./run_report.ts";
export * from "./doctor.ts";
export * from "./headline_table.ts";
export * from "./parallel_inclusion.ts";
export * from "./parallel_evaluation.ts";
