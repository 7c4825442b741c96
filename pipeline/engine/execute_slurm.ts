/**
 * The Slurm executor: every node of a sweep that is not cached becomes one `sbatch` job, its
 * inputs' jobs as `afterok` dependencies, its resources as the job's. A job runs one stage
 * (`stage run NODE --run DIR`) and leaves its outcome in the submission folder; the submitting
 * command watches the outcomes and Slurm's queue ({@linkcode slurmNodeStates}).
 *
 * @module
 */
import { join } from "node:path";
import { DeepmarkerError } from "../errors.ts";
import type { RunFolder } from "./run_folder.ts";
import { sbatchArgs, type SlurmSubmitOptions } from "./sbatch_args.ts";
import { cancelJobs, slurmUnavailable, submitJob } from "./slurm_commands.ts";
import type { SweepGraph } from "./sweep_graph.ts";

/** Options of {@linkcode submitSweep}. */
export interface SubmitSweepOptions extends SlurmSubmitOptions {
  /** The submission folder (plan written). */
  readonly folder: RunFolder;
  /** The command line a job runs for one node (run from `cwd`). */
  jobCommand(nodeId: string): string[];
  /** Folder the jobs start in (the project, on the shared filesystem). */
  readonly cwd: string;
  /** Environment the jobs need (e.g. `DEEPMARKER_HOME`). @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** Node ids to recompute even when cached. @default none */
  readonly force?: ReadonlySet<string>;
  /** Entries that exist, by node id (see `knownEntries`); these nodes are not submitted. */
  readonly cached: ReadonlyMap<string, unknown>;
}

/**
 * Submit every node that is not cached, in dependency order.
 *
 * @param graph the sweep
 * @param options cache, folder, job command, partition/account/extra arguments
 * @returns node id → Slurm job id (empty when everything is cached)
 * @throws {DeepmarkerError} when Slurm is missing or refuses a job (jobs already submitted are cancelled)
 */
export async function submitSweep(graph: SweepGraph, options: SubmitSweepOptions): Promise<Record<string, string>> {
  const missing = graph.nodes.filter((n) => options.force?.has(n.id) || !options.cached.has(n.id));
  if (missing.length === 0) return {};
  const why = await slurmUnavailable();
  if (why !== null) {
    throw new DeepmarkerError(
      `Cannot submit to Slurm: ${why}\nhint: run on a Slurm login node, or run locally (--jobs N)`,
    );
  }
  const jobs: Record<string, string> = {};
  await Deno.mkdir(join(options.folder.dir, "jobs"), { recursive: true });
  try {
    for (const n of missing) {
      const stage = n.planned.stage.name;
      const script = join(options.folder.dir, "jobs", `${stage}-${n.id.slice(0, 12)}.sh`);
      await Deno.writeTextFile(script, jobScript(n.id, stage, options));
      const args = sbatchArgs({
        name: `dm-${stage}-${n.id.slice(0, 8)}`,
        log: options.folder.logPath(n.id, stage),
        needs: n.needs,
        after: n.deps.map((d) => jobs[d]).filter((j): j is string => j !== undefined),
      }, options);
      try {
        jobs[n.id] = await submitJob(script, args);
      } catch (e) {
        throw new DeepmarkerError(`Cannot submit stage "${stage}": ${(e as Error).message}`);
      }
    }
  } catch (e) {
    await cancelJobs(Object.values(jobs));
    throw e;
  } finally {
    await options.folder.writeJobs(jobs);
  }
  return jobs;
}

function jobScript(nodeId: string, stage: string, options: SubmitSweepOptions): string {
  const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  const env = Object.entries(options.env ?? {}).map(([k, v]) => `export ${k}=${q(v)}`);
  return [
    "#!/bin/bash",
    `# deepmarker: stage ${stage} (node ${nodeId}) of submission ${options.folder.id}`,
    ...env,
    `cd ${q(options.cwd)}`,
    `exec ${[...options.jobCommand(nodeId), ...(options.force?.has(nodeId) ? ["--force"] : [])].map(q).join(" ")}`,
    "",
  ].join("\n");
}
