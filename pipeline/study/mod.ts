/**
 * The biomarker study on top of the engine: the spec schema, the stages (one file each, in
 * `stages/`), the statistics protocol (`protocol/`), the report assembly after a run, the headline
 * table and the compute doctor.
 *
 * @example The headline table of stored metrics
 * ```ts
 * import assert from "node:assert/strict";
 * import { SpecSchema } from "./mod.ts";
 * assert.equal(typeof SpecSchema.parse, "function");
 * ```
 *
 * @module
 */
export * from "./spec_schema.ts";
export * from "./run_report.ts";
export * from "./doctor.ts";
export * from "./headline_table.ts";
export * from "./parallel_inclusion.ts";
export * from "./parallel_evaluation.ts";
export * from "./load_spec.ts";
export * from "./biomarker_study.ts";
export * from "./run_experiment.ts";
export * from "./export_run_stats.ts";
export * from "./runs_index.ts";
export * from "./remove_runs.ts";
export * from "./visualise_check.ts";
