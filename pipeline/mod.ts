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
export * from "./csv.ts";
export * from "./engine/mod.ts";
export * from "./study/mod.ts";
