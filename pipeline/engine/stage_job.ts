/**
 * One stage of a submission, run on its own (`deepmarker stage run NODE --run DIR`): by a local
 * parallel run's worker process or by a Slurm job on a compute node. It re-plans its variant from
 * the submission's `plan.json`, finds its inputs' entries in the shared cache, computes (or finds)
 * its own entry exactly as an in-process run does — temp folder, key lock, atomic commit — and
 * leaves its outcome in the submission folder. It never touches the tracking database.
 *
 * @module
 */
import { hostname } from "node:os";
import { DeepmarkerError } from "../errors.ts";
import type { StageCache } from "./cache.ts";
import type { FileHasher } from "./file_hasher.ts";
import { localGrant } from "./local_grant.ts";
import type { Progress } from "../progress.ts";
import type { ResourceGrant, ResourceNeeds } from "./resources.ts";
import type { JobOutcome, RunFolder } from "./run_folder.ts";
import { obtainStage, resolveEntries } from "./runner.ts";
import type { CacheEntry } from "./stage.ts";
import { planSweep, type PlanSweepOptions } from "./sweep_graph.ts";
import { readSweepPlan } from "./sweep_plan_file.ts";

/** Options of {@linkcode runStageJob}. */
export interface RunStageJobOptions extends PlanSweepOptions {
  /** The shared stage cache. */
  readonly cache: StageCache;
  /** Code version recorded in the manifest. @default "unknown" */
  readonly codeVersion?: string;
  /** Cores granted (the local executor's share). @default Slurm's allocation, else the machine's */
  readonly cpus?: number;
  /** Progress of the stage, by stage name. */
  readonly progressFor?: (stage: string) => Progress;
  /** Recompute even when cached. @default false */
  readonly force?: boolean;
  /** Soft problems. */
  readonly warn?: (message: string) => void;
  /** Cancels the stage. */
  readonly signal?: AbortSignal;
  /** File hasher for re-planning. */
  readonly hasher?: FileHasher;
}

/**
 * Run one node of a submission and record its outcome in the submission folder.
 *
 * @param folder the submission folder (with `plan.json`)
 * @param nodeId the node's id
 * @param options cache, the study's stages, grant and hooks
 * @returns the outcome (also written to `outcomes/NODE.json`)
 * @throws {DeepmarkerError} when the plan or the node cannot be found (nothing is written then)
 */
export async function runStageJob(folder: RunFolder, nodeId: string, options: RunStageJobOptions): Promise<JobOutcome> {
  const file = await readSweepPlan(folder);
  if (!file) throw new DeepmarkerError(`Cannot run stage ${nodeId}: "${folder.planPath}" does not exist`);
  const stored = file.nodes.find((n) => n.id === nodeId || n.id.startsWith(nodeId));
  if (!stored) throw new DeepmarkerError(`Cannot run stage ${nodeId}: no such node in "${folder.planPath}"`);
  const t0 = performance.now();
  const base = { node: stored.id, stage: stored.stage, host: hostname() };
  let outcome: JobOutcome;
  try {
    const variant = file.variants.find((v) => v.name === stored.variants[0])!;
    const graph = await planSweep([{ name: variant.name, spec: variant.spec, overrides: {} }], options);
    const node = graph.nodes.find((n) => n.id === stored.id);
    if (!node) {
      throw new DeepmarkerError(
        `stage "${stored.stage}" no longer plans to node ${
          stored.id.slice(0, 12)
        }: its code, parameters or files changed since the submission`,
      );
    }
    // every ancestor is committed (afterok / the local scheduler), so walking from the roots finds the inputs
    const resolved = await resolveEntries(graph.variants[0]!.plan, options.cache);
    const inputs: Record<string, CacheEntry> = {};
    for (const name of node.planned.stage.inputs) {
      const entry = resolved.get(name)?.entry;
      if (!entry) throw new DeepmarkerError(`input "${name}" is not in the cache`);
      inputs[name] = entry;
    }
    const grant = jobGrant(stored.needs, options.cpus);
    capBlasThreads(grant.cpus);
    const { entry, hit } = await obtainStage(node.planned, inputs, {
      cache: options.cache,
      grantFor: () => grant,
      ...(options.codeVersion ? { codeVersion: options.codeVersion } : {}),
      ...(options.progressFor ? { progressFor: options.progressFor } : {}),
      ...(options.force ? { force: true } : {}),
      ...(options.warn ? { warn: options.warn } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    outcome = {
      ...base,
      status: "ok",
      key: entry.key,
      cacheHit: hit,
      durationMs: hit ? 0 : performance.now() - t0,
      error: null,
      metrics: entry.manifest.metrics,
    };
  } catch (e) {
    const message = (e as Error).message.split("\n")[0]!;
    outcome = {
      ...base,
      status: "failed",
      key: null,
      cacheHit: false,
      durationMs: performance.now() - t0,
      error: message,
      metrics: [],
    };
  }
  await folder.writeOutcome(outcome);
  return outcome;
}

/** Cores from the option, else Slurm's allocation of this job, else this machine. */
function jobGrant(needs: ResourceNeeds, cpus: number | undefined): ResourceGrant {
  const fromSlurm = Number(Deno.env.get("SLURM_CPUS_PER_TASK") ?? Deno.env.get("SLURM_CPUS_ON_NODE") ?? NaN);
  const given = cpus ?? (Number.isInteger(fromSlurm) && fromSlurm > 0 ? fromSlurm : undefined);
  return given === undefined ? localGrant(needs) : { ...localGrant(needs), cpus: given };
}

/** BLAS (loaded later, by the stage) follows the grant; a smaller cap already set is kept. */
function capBlasThreads(cpus: number): void {
  const current = Number(Deno.env.get("DEEPMARKER_BLAS_THREADS") ?? NaN);
  const threads = Number.isFinite(current) && current > 0 ? Math.min(current, cpus) : cpus;
  Deno.env.set("DEEPMARKER_BLAS_THREADS", String(threads));
  Deno.env.set("OPENBLAS_NUM_THREADS", String(threads));
}
