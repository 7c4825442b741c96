/**
 * The generic pipeline engine: YAML specs with located errors (`extends`, `matrix`, `--set`), the
 * stage graph and its content keys, the content-addressed cache, the runner, DuckDB run tracking,
 * `status` and `gc`. It knows nothing of the biomarker study: the study hands it a schema, its
 * stages and an after-run hook.
 *
 * @example Plan and run a two-stage graph through the cache
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineStage, planStages, runPipeline, StageCache } from "./mod.ts";
 * const root = await Deno.makeTempDir();
 * const one = defineStage({
 *   name: "one", source: import.meta.url, inputs: [], description: "writes 1",
 *   params: () => ({}),
 *   run: async (ctx) => await Deno.writeTextFile(`${ctx.outDir}/n.txt`, "1"),
 * });
 * const plan = await planStages([one], {} as never);
 * const cache = new StageCache(root);
 * const first = await runPipeline(plan, { cache });
 * const again = await runPipeline(plan, { cache });
 * assert.equal(first.outcomes[0]!.cacheHit, false);
 * assert.equal(again.outcomes[0]!.cacheHit, true);
 * await Deno.remove(root, { recursive: true });
 * ```
 *
 * @module
 */
export * from "./canonical_json.ts";
export * from "./sha256.ts";
export * from "./duckdb_digest.ts";
export * from "./differing_outputs.ts";
export * from "./file_hasher.ts";
export * from "./closest_name.ts";
export * from "./schema_keys.ts";
export * from "./spec.ts";
export * from "./read_spec_text.ts";
export * from "./stage.ts";
export * from "./graph.ts";
export * from "./cache.ts";
export * from "./runner.ts";
export * from "./resources.ts";
export * from "./local_grant.ts";
export * from "./schedule_graph.ts";
export * from "./sbatch_args.ts";
export * from "./slurm_commands.ts";
export * from "./run_folder.ts";
export * from "./sweep_graph.ts";
export * from "./sweep_plan_file.ts";
export * from "./sweep_recorder.ts";
export * from "./sweep_status.ts";
export * from "./stage_job.ts";
export * from "./worker_pool.ts";
export * from "./execute_local.ts";
export * from "./execute_slurm.ts";
export * from "./slurm_node_states.ts";
export * from "./submission.ts";
export * from "./run_sweep.ts";
export * from "./tracking.ts";
export * from "./workspace.ts";
export * from "./code_version.ts";
export * from "./params_diff.ts";
export * from "./experiment.ts";
export * from "./experiment_status.ts";
export * from "./study.ts";
export * from "./code_closure.ts";
export * from "./collect_garbage.ts";
export * from "./process_alive.ts";
export * from "./verify_cache.ts";
export * from "./run_summaries.ts";
export * from "./delete_runs.ts";
export * from "./compare_runs.ts";
