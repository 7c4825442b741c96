/**
 * The Slurm client commands the Slurm executor uses — `sbatch`, `squeue`, `scontrol`, `scancel` —
 * run as subprocesses, their answers parsed. Slurm's own error message is passed on as is.
 *
 * @module
 */
import { DeepmarkerError } from "../errors.ts";

/** A Slurm job's state as `squeue` / `scontrol` spell it (`PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, …). */
export interface SlurmJobState {
  readonly jobId: string;
  readonly state: string;
  /** Why it waits or ended (`Dependency`, `DependencyNeverSatisfied`, `NonZeroExitCode`, …). */
  readonly reason: string;
}

async function slurm(command: string, args: readonly string[]): Promise<{ ok: boolean; out: string; err: string }> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(command, { args: [...args], stdout: "piped", stderr: "piped" }).output();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new DeepmarkerError(
        `Cannot use the Slurm executor: "${command}" is not on the PATH\nhint: run on a Slurm login node, or use the local executor (--jobs N)`,
      );
    }
    throw e;
  }
  const text = (b: Uint8Array) => new TextDecoder().decode(b).trim();
  return { ok: output.success, out: text(output.stdout), err: text(output.stderr) };
}

/**
 * Whether the Slurm commands are on the PATH and a controller answers.
 *
 * @returns `null` when Slurm is usable, else why not (one line)
 */
export async function slurmUnavailable(): Promise<string | null> {
  for (const command of ["sbatch", "squeue", "scontrol", "scancel", "sinfo"]) {
    try {
      await new Deno.Command(command, { args: ["--version"], stdout: "null", stderr: "null" }).output();
    } catch {
      return `"${command}" is not on the PATH`;
    }
  }
  const r = await slurm("sinfo", ["--noheader", "--format=%a"]);
  return r.ok ? null : `no Slurm controller answers: ${r.err.split("\n")[0]}`;
}

/**
 * Submit a batch script.
 *
 * @param script path of the job script
 * @param args `sbatch` options (see `sbatchArgs`)
 * @returns the job id
 * @throws {DeepmarkerError} with Slurm's message when `sbatch` refuses the job
 */
export async function submitJob(script: string, args: readonly string[]): Promise<string> {
  const r = await slurm("sbatch", ["--parsable", ...args, script]);
  if (!r.ok) throw new DeepmarkerError(`Slurm refused the job: ${r.err.split("\n").join(" ") || "sbatch failed"}`);
  return r.out.split(";")[0]!.trim();
}

/**
 * The states of jobs Slurm still knows (queued, running, or recently ended).
 *
 * @param jobIds job ids
 * @returns state by job id; a job Slurm has forgotten is absent
 */
export async function jobStates(jobIds: readonly string[]): Promise<Map<string, SlurmJobState>> {
  const out = new Map<string, SlurmJobState>();
  if (jobIds.length === 0) return out;
  const q = await slurm("squeue", ["--noheader", "--states=all", "--format=%i %T %r", `--jobs=${jobIds.join(",")}`]);
  for (const line of q.out.split("\n")) {
    const [jobId, state, reason] = line.trim().split(/\s+/);
    if (jobId && state) out.set(jobId, { jobId, state, reason: reason ?? "" });
  }
  // squeue drops ended jobs quickly; scontrol keeps them for MinJobAge
  for (const id of jobIds.filter((j) => !out.has(j) || !isActive(out.get(j)!.state))) {
    const s = await slurm("scontrol", ["show", "job", "--oneliner", id]);
    const state = /JobState=(\S+)/.exec(s.out)?.[1];
    if (s.ok && state) out.set(id, { jobId: id, state, reason: /Reason=(\S+)/.exec(s.out)?.[1] ?? "" });
  }
  return out;
}

/**
 * Whether a job still waits or runs.
 *
 * @param state Slurm job state
 * @returns true for pending, configuring, running and similar states
 */
export function isActive(state: string): boolean {
  return ["PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING"].includes(state);
}

/**
 * Cancel jobs (`scancel`); ids Slurm no longer knows are ignored.
 *
 * @param jobIds job ids
 */
export async function cancelJobs(jobIds: readonly string[]): Promise<void> {
  if (jobIds.length > 0) await slurm("scancel", [...jobIds]);
}
