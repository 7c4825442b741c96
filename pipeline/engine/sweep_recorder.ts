/**
 * Records a sweep's node outcomes as tracked runs, one per variant: a node shared by several
 * variants counts as computed for the first and as a cache hit for the others (as if the variants
 * had run one after another). Only the submitting process (or `runs sync`) writes the database.
 *
 * @module
 */
import type { JobOutcome } from "./run_folder.ts";
import type { Tracker } from "./tracking.ts";

/** A node as the recorder needs it (a `SweepNode` or a stored plan node). */
export interface RecordedNode {
  readonly id: string;
  readonly stage: string;
  readonly variants: readonly string[];
}

/** Variant name → tracked run id. */
export type SweepRunIds = Readonly<Record<string, string>>;

/** Writes outcomes of one sweep into the tracking database, each (run, stage) once. */
export class SweepRecorder {
  #tracker: Tracker;
  #runIds: SweepRunIds;
  #done = new Set<string>();
  #failed = new Set<string>();

  /**
   * @param tracker the tracking database
   * @param runIds variant → run id (runs already started)
   * @param recorded `runId/stage` pairs already in the database (for `runs sync`) @default none
   */
  constructor(tracker: Tracker, runIds: SweepRunIds, recorded: Iterable<string> = []) {
    this.#tracker = tracker;
    this.#runIds = runIds;
    for (const r of recorded) this.#done.add(r);
  }

  /**
   * Record one node's outcome (or that it was skipped) for every variant that uses it.
   *
   * @param node the node
   * @param outcome its outcome; `undefined` = skipped because an input failed or the run stopped
   * @param why reason of a skip
   */
  async record(node: RecordedNode, outcome: JobOutcome | undefined, why = "an input failed"): Promise<void> {
    for (const [i, variant] of node.variants.entries()) {
      const runId = this.#runIds[variant];
      if (!runId) continue;
      if (!outcome || outcome.status !== "ok") this.#failed.add(variant);
      if (this.#done.has(`${runId}/${node.stage}`)) continue;
      this.#done.add(`${runId}/${node.stage}`);
      const first = i === 0;
      await this.#tracker.recordStage({
        runId,
        stage: node.stage,
        key: outcome?.key ?? "",
        cacheHit: outcome?.status === "ok" && (outcome.cacheHit || !first),
        durationMs: first ? outcome?.durationMs ?? 0 : 0,
        status: outcome ? outcome.status : "skipped",
        error: outcome ? outcome.error : `Skipped stage "${node.stage}": ${why}`,
      }, outcome?.status === "ok" ? outcome.metrics : []);
    }
  }

  /**
   * Close every variant's run: `ok` when all its stages finished, else `failed` (or `interrupted`).
   *
   * @param interrupted whether the user stopped the sweep @default false
   * @param backends variant → training backend used (recorded with the run) @default none
   * @param failedAfter the runs' stages finished but what follows them (the report) failed @default false
   * @returns variant → status
   */
  async finish(
    interrupted = false,
    backends: Readonly<Record<string, string>> = {},
    failedAfter = false,
  ): Promise<Record<string, "ok" | "failed" | "interrupted">> {
    const out: Record<string, "ok" | "failed" | "interrupted"> = {};
    for (const [variant, runId] of Object.entries(this.#runIds)) {
      const stopped = this.#failed.has(variant) || failedAfter;
      const status = stopped ? (interrupted ? "interrupted" : "failed") : "ok";
      const backend = backends[variant];
      await this.#tracker.finishRun(runId, {
        status,
        endedAt: new Date().toISOString(),
        ...(backend ? { backend } : {}),
      });
      out[variant] = status;
    }
    return out;
  }
}
