/**
 * Where each stage of a Slurm submission stands: its outcome file when the job finished, else
 * what Slurm says of its job. Read by `run` while it waits, by `runs show` and by `runs sync`.
 *
 * @module
 */
import type { JobOutcome, RunFolder } from "./run_folder.ts";
import { jobStates } from "./slurm_commands.ts";
import type { SweepPlanFile } from "./sweep_plan_file.ts";

/** One stage of a submission. */
export interface SlurmNodeState {
  readonly node: string;
  readonly stage: string;
  /** `cached`: nothing submitted; `cancelled`: an input failed, so Slurm dropped the job. */
  readonly state: "cached" | "queued" | "running" | "done" | "failed" | "cancelled";
  readonly jobId: string | null;
  readonly log: string | null;
  /** Why it failed or waits (one line). */
  readonly detail: string;
  /** The job's outcome, once written. */
  readonly outcome: JobOutcome | undefined;
}

/**
 * The state of every node of a submission.
 *
 * @param folder the submission folder
 * @param plan its plan
 * @returns one state per node, in plan order
 */
export async function slurmNodeStates(folder: RunFolder, plan: SweepPlanFile): Promise<SlurmNodeState[]> {
  const jobs = await folder.readJobs();
  const pending = [];
  for (const n of plan.nodes) if (jobs[n.id]) pending.push(n.id);
  const outcomes = new Map<string, JobOutcome>();
  for (const id of pending) {
    const o = await folder.readOutcome(id);
    if (o) outcomes.set(id, o);
  }
  const slurm = await jobStates(pending.filter((id) => !outcomes.has(id)).map((id) => jobs[id]!));
  return plan.nodes.map((n): SlurmNodeState => {
    const jobId = jobs[n.id] ?? null;
    const base = { node: n.id, stage: n.stage, jobId, log: jobId ? folder.logPath(n.id, n.stage) : null };
    if (!jobId) return { ...base, state: "cached", detail: "", outcome: undefined };
    const outcome = outcomes.get(n.id);
    if (outcome) {
      return { ...base, state: outcome.status === "ok" ? "done" : "failed", detail: outcome.error ?? "", outcome };
    }
    const s = slurm.get(jobId);
    if (!s) {
      return { ...base, state: "failed", detail: "Slurm no longer knows the job and it left no outcome", outcome };
    }
    if (s.state === "PENDING") return { ...base, state: "queued", detail: s.reason, outcome };
    if (["RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING"].includes(s.state)) {
      return { ...base, state: "running", detail: "", outcome };
    }
    if (s.state === "CANCELLED" && s.reason === "DependencyNeverSatisfied") {
      return { ...base, state: "cancelled", detail: "an input's job failed", outcome };
    }
    return {
      ...base,
      state: "failed",
      detail: `job ${jobId} ended ${s.state}${
        s.reason && s.reason !== "None" ? ` (${s.reason})` : ""
      } without an outcome`,
      outcome,
    };
  });
}
