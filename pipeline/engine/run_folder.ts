/**
 * A submission's folder, `HOME/runs/ID/`: the sweep's plan (`plan.json`), one log per stage job
 * (`logs/`), the Slurm job ids (`jobs.json`) and one outcome file per finished stage
 * (`outcomes/NODE.json`). Jobs on compute nodes write only their outcome file (atomically); the
 * submitting command — or `runs sync` — reads them and records the runs in the tracking database,
 * so no two nodes ever write one DuckDB file.
 *
 * @module
 */
import { join } from "node:path";
import type { StageMetric } from "./stage.ts";

/** What a stage job leaves behind. */
export interface JobOutcome {
  /** Graph node id. */
  readonly node: string;
  readonly stage: string;
  readonly status: "ok" | "failed";
  /** Cache key of the entry (null when the stage failed before its key was known). */
  readonly key: string | null;
  readonly cacheHit: boolean;
  readonly durationMs: number;
  /** One-line failure message. */
  readonly error: string | null;
  readonly metrics: readonly StageMetric[];
  /** Host the stage ran on. */
  readonly host: string;
}

/**
 * The outcome of a stage whose job failed before it could leave one (killed, cancelled by Slurm,
 * out of memory): failed, no key, with the scheduler's reason.
 *
 * @param node graph node id
 * @param stage stage name
 * @param detail why, as the scheduler tells it
 * @returns the outcome to record
 */
export function failedJobOutcome(node: string, stage: string, detail: string): JobOutcome {
  return {
    node,
    stage,
    status: "failed",
    key: null,
    cacheHit: false,
    durationMs: 0,
    error: detail,
    metrics: [],
    host: "",
  };
}

/** The folder of one submission. */
export class RunFolder {
  /** Absolute folder. */
  readonly dir: string;
  /** Submission id (the folder's name). */
  readonly id: string;

  /**
   * @param home state folder (`DEEPMARKER_HOME`)
   * @param id submission id
   */
  constructor(home: string, id: string) {
    this.id = id;
    this.dir = join(home, "runs", id);
  }

  /** The sweep's plan, read by every stage job. */
  get planPath(): string {
    return join(this.dir, "plan.json");
  }

  /**
   * Log file of one stage's job.
   *
   * @param node graph node id
   * @param stage stage name
   * @returns `DIR/logs/STAGE-NODE12.log`
   */
  logPath(node: string, stage: string): string {
    return join(this.dir, "logs", `${stage}-${node.slice(0, 12)}.log`);
  }

  /**
   * Create the folder and its `logs/` and `outcomes/`.
   */
  async create(): Promise<void> {
    await Deno.mkdir(join(this.dir, "logs"), { recursive: true });
    await Deno.mkdir(join(this.dir, "outcomes"), { recursive: true });
  }

  /**
   * Write a stage's outcome (temp file + rename: a reader never sees half a file).
   *
   * @param outcome the outcome
   */
  async writeOutcome(outcome: JobOutcome): Promise<void> {
    await writeAtomic(join(this.dir, "outcomes", `${outcome.node}.json`), JSON.stringify(outcome, null, 2));
  }

  /**
   * A stage's outcome, if its job finished.
   *
   * @param node graph node id
   * @returns the outcome or `undefined`
   */
  async readOutcome(node: string): Promise<JobOutcome | undefined> {
    return await readJson<JobOutcome>(join(this.dir, "outcomes", `${node}.json`));
  }

  /**
   * Record the Slurm job id of each submitted node.
   *
   * @param jobs node id → job id
   */
  async writeJobs(jobs: Readonly<Record<string, string>>): Promise<void> {
    await writeAtomic(join(this.dir, "jobs.json"), JSON.stringify(jobs, null, 2));
  }

  /**
   * The Slurm job ids of the submitted nodes.
   *
   * @returns node id → job id (empty when nothing was submitted)
   */
  async readJobs(): Promise<Record<string, string>> {
    return await readJson<Record<string, string>>(join(this.dir, "jobs.json")) ?? {};
  }
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${Deno.pid}.tmp`;
  await Deno.writeTextFile(temp, text);
  await Deno.rename(temp, path);
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(path)) as T;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}
