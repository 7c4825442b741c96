/**
 * Patient ids as folder names. An id is safe when it is 1–128 characters from `A–Z a–z 0–9 - _ .`
 * and is not `.` or `..`; `cohort.csv` rows with any other id are refused by `readCohort`. Every
 * per-patient folder (crops, exports) is made by {@linkcode patientFolder}, which refuses an unsafe
 * id again, so no id can name a path outside its parent folder.
 *
 * @module
 */
import { join } from "node:path";
import { DeepmarkerError } from "../errors.ts";

/** The characters and length a patient id may have. */
export const SAFE_PATIENT_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Why a patient id is not safe, or `undefined` when it is.
 *
 * @param id the id as written in `cohort.csv` (trimmed)
 * @returns the problem, sentence case
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { patientIdProblem } from "./patient_folder.ts";
 * assert.equal(patientIdProblem("LUNG1-001"), undefined);
 * assert.match(patientIdProblem("../x")!, /letters, digits/);
 * ```
 */
export function patientIdProblem(id: string): string | undefined {
  if (id === "." || id === "..") return `patient id "${id}" is not allowed`;
  if (!SAFE_PATIENT_ID.test(id)) {
    return `patient id ${JSON.stringify(id)} must be 1–128 letters, digits, "-", "_" or "."`;
  }
  return undefined;
}

/**
 * The folder of one patient under `parent`.
 *
 * @param parent folder that holds one sub-folder per patient
 * @param id patient id
 * @returns `parent/id`
 * @throws {DeepmarkerError} when the id is not safe (it would leave `parent`)
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { patientFolder } from "./patient_folder.ts";
 * assert.equal(patientFolder("/c/crops", "P1"), "/c/crops/P1");
 * assert.throws(() => patientFolder("/c/crops", "../../etc"));
 * ```
 */
export function patientFolder(parent: string, id: string): string {
  const problem = patientIdProblem(id);
  if (problem) throw new DeepmarkerError(`Cannot make a folder for a patient: ${problem}`);
  return join(parent, id);
}
