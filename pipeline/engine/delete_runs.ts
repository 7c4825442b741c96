/**
 * Remove runs from tracking (`runs rm`): their rows in `runs`, `stage_runs` and `metrics`. Cache
 * entries stay until `gc`, which then deletes those no remaining run uses.
 *
 * @module
 */
import { DeepmarkerError } from "../errors.ts";
import type { Tracker } from "./tracking.ts";

/** Which runs to remove: ids (unique prefixes), and/or an experiment's runs older than some days. */
export interface RunSelection {
  /** Run ids or unique prefixes. @default none */
  readonly ids?: readonly string[];
  /** Only runs of this experiment. @default any */
  readonly experiment?: string;
  /** Only runs started more than this many days before `now`. @default any age */
  readonly olderThanDays?: number;
  /** The clock, for `olderThanDays`. @default the current time */
  readonly now?: Date;
}

/**
 * Delete the selected runs from tracking.
 *
 * @param tracker tracking database
 * @param selection ids, or an experiment and/or an age
 * @returns the removed runs' ids and experiments
 * @throws {DeepmarkerError} when an id matches no run or several, or the selection is empty
 *
 * @example Usage
 * ```ts ignore
 * const removed = await deleteRuns(workspace.tracker, { experiment: "demo", olderThanDays: 30 });
 * ```
 */
export async function deleteRuns(
  tracker: Tracker,
  selection: RunSelection,
): Promise<{ id: string; experiment: string }[]> {
  const ids = selection.ids ?? [];
  if (ids.length === 0 && selection.experiment === undefined && selection.olderThanDays === undefined) {
    throw new DeepmarkerError("Cannot remove runs: name run ids, or --experiment and/or --older-than");
  }
  return await tracker.use(async (db) => {
    const chosen = new Map<string, string>();
    for (const id of ids) {
      const rows = (await db.runAndReadAll(`SELECT id, experiment FROM runs WHERE starts_with(id, $1)`, [id]))
        .getRowObjectsJson();
      if (rows.length !== 1) {
        throw new DeepmarkerError(
          `Cannot remove run "${id}": ${rows.length === 0 ? "no run matches" : `${rows.length} runs match`}` +
            "\nhint: deepmarker runs list",
        );
      }
      chosen.set(String(rows[0]!.id), String(rows[0]!.experiment));
    }
    if (ids.length === 0) {
      const cutoff = selection.olderThanDays === undefined
        ? null
        : new Date((selection.now ?? new Date()).getTime() - selection.olderThanDays * 86_400_000).toISOString();
      const rows = (await db.runAndReadAll(
        `SELECT id, experiment FROM runs WHERE ($1::VARCHAR IS NULL OR experiment = $1)
           AND ($2::VARCHAR IS NULL OR started_at < CAST($2 AS TIMESTAMP))`,
        [selection.experiment ?? null, cutoff === null ? null : cutoff.replace("T", " ").replace("Z", "")],
      )).getRowObjectsJson();
      for (const r of rows) chosen.set(String(r.id), String(r.experiment));
    }
    for (const id of chosen.keys()) {
      for (const table of ["metrics", "stage_runs"]) await db.run(`DELETE FROM ${table} WHERE run_id = $1`, [id]);
      await db.run(`DELETE FROM runs WHERE id = $1`, [id]);
    }
    return [...chosen].map(([id, experiment]) => ({ id, experiment }));
  });
}
