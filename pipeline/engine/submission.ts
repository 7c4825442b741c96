/**
 * A submission after the fact (`runs show`, `runs sync`, `runs cancel`): find it by its id or by
 * one of its variants' run ids, tell where each stage stands, and record finished stages in the
 * tracking database — the step a detached Slurm submission leaves to later.
 *
 * @module
 */
import { join } from "node:path";
import { failedJobOutcome, RunFolder } from "./run_folder.ts";
import { type SlurmNodeState, slurmNodeStates } from "./slurm_node_states.ts";
import { readSweepPlan, type SweepPlanFile } from "./sweep_plan_file.ts";
import { SweepRecorder } from "./sweep_recorder.ts";
import type { Tracker } from "./tracking.ts";

/** A submission found on disk. */
export interface Submission {
  readonly folder: RunFolder;
  readonly plan: SweepPlanFile;
}

/**
 * Find a submission by its id, a variant's run id, or a unique prefix of either.
 *
 * @param home state folder
 * @param id submission or run id (or prefix)
 * @returns the submission, or `undefined` when none or several match
 */
export async function findSubmission(home: string, id: string): Promise<Submission | undefined> {
  const found: Submission[] = [];
  try {
    for await (const e of Deno.readDir(join(home, "runs"))) {
      if (!e.isDirectory) continue;
      const folder = new RunFolder(home, e.name);
      const plan = await readSweepPlan(folder);
      if (!plan) continue;
      if (e.name.startsWith(id) || plan.variants.some((v) => v.runId.startsWith(id))) found.push({ folder, plan });
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return found.length === 1 ? found[0] : undefined;
}

/**
 * Where each stage of a submission stands (Slurm's view for Slurm submissions, outcome files for local
 * ones: a local stage without one did not run).
 *
 * @param submission the submission
 * @returns one state per node
 */
export async function submissionStates(submission: Submission): Promise<SlurmNodeState[]> {
  const { folder, plan } = submission;
  if (plan.executor === "slurm") return await slurmNodeStates(folder, plan);
  const out: SlurmNodeState[] = [];
  for (const n of plan.nodes) {
    const outcome = await folder.readOutcome(n.id);
    out.push({
      node: n.id,
      stage: n.stage,
      state: outcome ? (outcome.status === "ok" ? "done" : "failed") : "cancelled",
      jobId: null,
      log: folder.logPath(n.id, n.stage),
      detail: outcome ? outcome.error ?? (outcome.cacheHit ? "cached" : "") : "not run",
      outcome,
    });
  }
  return out;
}

/**
 * Record every finished stage of a submission not yet in the tracking database, and close the
 * variants' runs once nothing waits or runs.
 *
 * @param submission the submission
 * @param tracker the tracking database
 * @returns the states read, and whether the runs were closed
 */
export async function syncSubmission(
  submission: Submission,
  tracker: Tracker,
): Promise<{ states: SlurmNodeState[]; finished: boolean }> {
  const states = await submissionStates(submission);
  const runIds = Object.fromEntries(submission.plan.variants.map((v) => [v.name, v.runId]));
  const recorded: string[] = [];
  const open: Record<string, string> = {};
  for (const [variant, runId] of Object.entries(runIds)) {
    const run = await tracker.getRun(runId);
    for (const s of run?.stages ?? []) recorded.push(`${runId}/${s.stage}`);
    if (run?.run.status === "running") open[variant] = runId;
  }
  const recorder = new SweepRecorder(tracker, open, recorded);
  for (const s of states) {
    const node = submission.plan.nodes.find((n) => n.id === s.node)!;
    if (s.outcome) await recorder.record(node, s.outcome);
    else if (s.state === "failed") {
      await recorder.record(node, failedJobOutcome(s.node, s.stage, s.detail));
    } else if (s.state === "cancelled") await recorder.record(node, undefined, s.detail);
  }
  const active = states.some((s) => s.state === "queued" || s.state === "running");
  if (!active && Object.keys(open).length > 0) await recorder.finish();
  return { states, finished: !active };
}
