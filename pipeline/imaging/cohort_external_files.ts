/**
 * The image and contour files a cohort reads from outside its folder (absolute paths in `cohort.csv`),
 * so that they enter a cache key along with the folder.
 *
 * @module
 */
import { isAbsolute } from "node:path";
import { parseCsvRecords } from "../csv.ts";

/**
 * Absolute `ct`, `pet` and `mask` paths of `DIR/cohort.csv` that exist, sorted, without duplicates.
 * Synchronous (it serves a stage's `files(spec)`); an unreadable table gives none (loading reports it).
 *
 * @param dir cohort folder
 * @returns absolute paths of files or folders outside the cohort's own tree
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cohortExternalFiles } from "./cohort_external_files.ts";
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/cohort.csv`, `patient_id,ct,pet,mask\nP1,${dir},ct,mask.nii\n`);
 * assert.deepEqual(cohortExternalFiles(dir), [dir]);
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function cohortExternalFiles(dir: string): string[] {
  let rows: string[][];
  try {
    rows = parseCsvRecords(Deno.readTextFileSync(`${dir}/cohort.csv`));
  } catch {
    return [];
  }
  const header = (rows.shift() ?? []).map((h) => h.trim());
  const cols = ["ct", "pet", "mask"].map((c) => header.indexOf(c)).filter((c) => c >= 0);
  const out = new Set<string>();
  for (const r of rows) {
    for (const c of cols) {
      const p = (r[c] ?? "").trim();
      if (!isAbsolute(p)) continue;
      try {
        Deno.statSync(p);
        out.add(p);
      } catch {
        // missing: the cohort check names it
      }
    }
  }
  return [...out].sort();
}
