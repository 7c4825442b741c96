/**
 * The `sbatch` options of one stage's job: its resources as `--cpus-per-task/--mem/--gres/--time`,
 * its inputs' jobs as `--dependency=afterok:` (a failed input cancels it), one log file, and the
 * user's partition, account and extra arguments (last, so they win).
 *
 * @module
 */
import type { ResourceNeeds } from "./resources.ts";

/** Where and how to submit, from the command line. */
export interface SlurmSubmitOptions {
  /** `--partition`. @default the cluster's default */
  readonly partition?: string;
  /** `--account`. @default the user's default */
  readonly account?: string;
  /** Further `sbatch` arguments, passed as given (e.g. `--qos=long`). @default [] */
  readonly sbatchArgs?: readonly string[];
}

/** One job to submit. */
export interface SbatchJob {
  /** Job name (`squeue` shows it). */
  readonly name: string;
  /** Log file (stdout and stderr). */
  readonly log: string;
  /** The stage's needs; `cpus: "all"` asks for a whole node (`--exclusive`). */
  readonly needs: ResourceNeeds;
  /** Job ids that must complete successfully first. */
  readonly after: readonly string[];
}

/**
 * Build the `sbatch` arguments of one job.
 *
 * @param job name, log, needs and dependencies
 * @param options partition, account and extra arguments
 * @returns arguments (without the script path)
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { sbatchArgs } from "./sbatch_args.ts";
 * const args = sbatchArgs(
 *   { name: "dm-train_ct", log: "/runs/x/train_ct.log", needs: { cpus: 4, memGb: 8, gpus: 1, time: "24:00:00" }, after: ["17"] },
 *   { partition: "gpu" },
 * );
 * assert.deepEqual(args, [
 *   "--job-name=dm-train_ct", "--output=/runs/x/train_ct.log", "--cpus-per-task=4", "--mem=8192M",
 *   "--time=24:00:00", "--gres=gpu:1", "--dependency=afterok:17", "--kill-on-invalid-dep=yes", "--partition=gpu",
 * ]);
 * ```
 */
export function sbatchArgs(job: SbatchJob, options: SlurmSubmitOptions = {}): string[] {
  const { needs } = job;
  return [
    `--job-name=${job.name}`,
    `--output=${job.log}`,
    needs.cpus === "all" ? "--exclusive" : `--cpus-per-task=${needs.cpus}`,
    `--mem=${Math.ceil(needs.memGb * 1024)}M`,
    `--time=${needs.time}`,
    ...(needs.gpus > 0 ? [`--gres=gpu:${needs.gpus}`] : []),
    ...(job.after.length > 0 ? [`--dependency=afterok:${job.after.join(":")}`, "--kill-on-invalid-dep=yes"] : []),
    ...(needs.partition ?? options.partition ? [`--partition=${needs.partition ?? options.partition}`] : []),
    ...(options.account ? [`--account=${options.account}`] : []),
    ...(options.sbatchArgs ?? []),
  ];
}
