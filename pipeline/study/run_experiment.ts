/**
 * The biomarker study's entry points: the engine's `runSweep`, `sweepStatus` and `specStatus` bound to
 * {@linkcode biomarkerStudy}, with the CLI flags that stand for spec overrides (`--cohort`,
 * `--backend`, `--skip-bad`).
 *
 * @module
 */
import type { VariantRun } from "../engine/experiment.ts";
import { specStatus, type VariantStatus } from "../engine/experiment_status.ts";
import { runSweep, type RunSweepOptions, type SweepResult } from "../engine/run_sweep.ts";
import { type SweepNodeStatus, sweepStatus } from "../engine/sweep_status.ts";
import type { Workspace } from "../engine/workspace.ts";
import { biomarkerStudy } from "./biomarker_study.ts";
import type { Spec } from "./spec_schema.ts";

/**
 * Options of {@linkcode runExperiment}: the engine's (overrides, force, executor, jobs, Slurm
 * options), without the study, plus the study's flags.
 */
export interface RunExperimentOptions extends Omit<RunSweepOptions<Spec>, "study"> {
  /** `--cohort DIR`: use this cohort folder instead of the spec's cohort. */
  readonly cohort?: string;
  /** `--backend NAME`: pin the training backend. */
  readonly backend?: string;
  /** `--skip-bad`: leave out patients whose data cannot be used (recorded as warnings) instead of failing. */
  readonly skipBad?: boolean;
}

/**
 * Overrides that the CLI's `--cohort`, `--backend` and `--skip-bad` flags stand for.
 *
 * @param options the flags
 * @returns `--set` items
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { flagOverrides } from "./run_experiment.ts";
 * assert.deepEqual(flagOverrides({ backend: "cpu" }), ["train.backend=cpu"]);
 * ```
 */
export function flagOverrides(options: Pick<RunExperimentOptions, "set" | "cohort" | "backend" | "skipBad">): string[] {
  const set = [...(options.set ?? [])];
  if (options.cohort) set.push(`cohort=${JSON.stringify({ dir: options.cohort, skip_bad: Boolean(options.skipBad) })}`);
  else if (options.skipBad) set.push("cohort.skip_bad=true");
  if (options.backend) set.push(`train.backend=${options.backend}`);
  return set;
}

/**
 * Load a biomarker (or toy) spec and run every variant; render the reports.
 *
 * @param specPath YAML spec
 * @param workspace cache and tracking
 * @param options overrides, flags, force, hooks
 * @returns one tracked run per variant
 * @throws {SpecError} on a bad spec; {StageError} (or a DeepmarkerError listing several) when stages fail
 */
export async function runExperiment(
  specPath: string,
  workspace: Workspace,
  options: RunExperimentOptions = {},
): Promise<VariantRun<Spec>[]> {
  return [...(await sweepExperiment(specPath, workspace, options)).runs];
}

/**
 * Run a spec's whole sweep as one graph (see the engine's `runSweep`): locally with `jobs` at once,
 * or on Slurm; render the reports.
 *
 * @param specPath YAML spec
 * @param workspace cache and tracking
 * @param options overrides, flags, force, executor, jobs, hooks
 * @returns the submission, its graph and one tracked run per variant (none yet when detached)
 * @throws {SpecError} on a bad spec; {DeepmarkerError} naming every failed stage
 */
export async function sweepExperiment(
  specPath: string,
  workspace: Workspace,
  options: RunExperimentOptions = {},
): Promise<SweepResult<Spec>> {
  const { cohort: _c, backend: _b, skipBad: _s, ...engine } = options;
  return await runSweep(specPath, workspace, { ...engine, study: biomarkerStudy, set: flagOverrides(options) });
}

/**
 * The sweep's graph of unique stages: cached, stale or waiting, with resources, variants and why.
 *
 * @param specPath YAML spec
 * @param workspace cache and tracking
 * @param options the overrides `run` takes, and a variant filter
 * @returns unique nodes in dependency order
 * @throws {SpecError} on a bad spec
 */
export async function sweepExperimentStatus(
  specPath: string,
  workspace: Workspace,
  options: Pick<RunExperimentOptions, "set" | "cohort" | "backend" | "skipBad" | "variants"> = {},
): Promise<SweepNodeStatus[]> {
  return await sweepStatus(specPath, workspace, {
    study: biomarkerStudy,
    set: flagOverrides(options),
    ...(options.variants ? { variants: options.variants } : {}),
  });
}

/**
 * Explain which stages of each variant would be reused and which recomputed.
 *
 * @param specPath YAML spec
 * @param workspace cache and tracking
 * @param options the same overrides `run` takes
 * @returns one status per variant
 * @throws {SpecError} on a bad spec
 */
export async function experimentStatus(
  specPath: string,
  workspace: Workspace,
  options: Pick<RunExperimentOptions, "set" | "cohort" | "backend" | "skipBad"> = {},
): Promise<VariantStatus[]> {
  return await specStatus(specPath, workspace, { study: biomarkerStudy, set: flagOverrides(options) });
}
