/**
 * `runs rm`: remove runs from tracking and their report folders, then rewrite the runs index.
 * Cache entries are freed by `gc`, which deletes those no remaining run uses.
 *
 * @module
 */
import { join } from "node:path";
import { deleteRuns, type RunSelection } from "../engine/delete_runs.ts";
import type { Workspace } from "../engine/workspace.ts";
import { writeRunsIndex } from "./runs_index.ts";

/**
 * Remove the selected runs.
 *
 * @param workspace tracking and report folders
 * @param selection ids, or an experiment and/or an age
 * @returns the removed run ids
 * @throws {DeepmarkerError} when an id matches no run or several, or nothing is selected
 */
export async function removeRuns(workspace: Workspace, selection: RunSelection): Promise<string[]> {
  const removed = await deleteRuns(workspace.tracker, selection);
  for (const r of removed) {
    await Deno.remove(join(workspace.outRoot, r.experiment, r.id), { recursive: true }).catch((e) => {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    });
  }
  await writeRunsIndex(workspace);
  return removed.map((r) => r.id);
}
