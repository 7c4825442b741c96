/**
 * Full check of a cohort folder for `deepmarker cohort check DIR`.
 *
 * @module
 */
import type { CohortProblem } from "../errors.ts";
import { type Progress, silentProgress } from "../progress.ts";
import { readCohort } from "./cohort.ts";
import { loadPatientImages, PatientImageError } from "./load_patient_images.ts";

/** Options of {@linkcode checkCohort}. */
export interface CheckCohortOptions {
  /**
   * Decode every image (slow, thorough); `false` only checks the table and that files exist.
   * @default true
   */
  readonly images?: boolean;
  /**
   * Progress sink (one tick per patient).
   * @default silentProgress
   */
  readonly progress?: Progress;
}

/**
 * Every problem of a cohort at once: table problems (columns, ids, clinical values, missing files)
 * and, for patients whose row is valid, images that cannot be read (unreadable series, missing PET
 * tag, ROI not found …). An empty list means the cohort is usable.
 *
 * @param dir cohort folder
 * @param options decode images or not, progress
 * @returns the problems, in row order
 *
 * @example Usage
 * ```ts ignore
 * import { checkCohort } from "./check_cohort.ts";
 * for (const p of await checkCohort("data/lung")) console.log(p.patient, p.column, p.problem);
 * ```
 */
export async function checkCohort(dir: string, options: CheckCohortOptions = {}): Promise<CohortProblem[]> {
  const { patients, problems } = await readCohort(dir);
  if (options.images === false) return problems;
  const progress = options.progress ?? silentProgress;
  progress.start("check images", patients.length);
  for (const p of patients) {
    try {
      await loadPatientImages(p);
    } catch (e) {
      if (!(e instanceof PatientImageError)) throw e;
      problems.push({ patient: p.id, column: e.column, problem: e.message.replace(/\n/g, "; ") }); // one line each
    }
    progress.tick(p.id);
  }
  return problems;
}
