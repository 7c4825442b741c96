/**
 * `deepmarker cohort export`: what the pipeline sees, per patient, as NIfTI.
 *
 * @module
 */
import type { CohortProblem } from "../errors.ts";
import { patientFolder } from "./patient_folder.ts";
import { type Progress, silentProgress } from "../progress.ts";
import { loadCohort } from "./cohort.ts";
import { cropPatient, type CropPatientOptions } from "./crop_patient.ts";
import { loadPatientImages, PatientImageError } from "./load_patient_images.ts";
import { resampleVolume } from "./resample_volume.ts";
import { writeNifti } from "./write_nifti.ts";

/** Options of {@linkcode exportCohort}. */
export interface ExportCohortOptions {
  /**
   * Crop options, or `false` for the native CT grid (PET resampled onto it, mask on it).
   * @default {} (the default crop of cropPatient)
   */
  readonly crop?: CropPatientOptions | false;
  /**
   * Leave out patients with problems (returned in `skipped`) instead of throwing.
   * @default false
   */
  readonly skipBad?: boolean;
  /**
   * Progress sink (one tick per patient).
   * @default silentProgress
   */
  readonly progress?: Progress;
}

/**
 * Writes `OUT/<patient_id>/{ct,pet,mask}.nii.gz` (CT HU float32, PET SUV float32, mask uint8) for every
 * patient: the crop of {@linkcode cropPatient}, or with `crop: false` the CT grid.
 *
 * @param dir cohort folder
 * @param out output folder (created)
 * @param options crop or not, skip bad patients, progress
 * @returns ids written and problems of patients left out
 * @throws {CohortError} on cohort problems without `skipBad`; image errors rethrown without `skipBad`
 *
 * @example Usage
 * ```ts ignore
 * import { exportCohort } from "./export_cohort.ts";
 * await exportCohort("data/lung", "out/check", { crop: { sizeMm: [96, 96, 48] } });
 * ```
 */
export async function exportCohort(
  dir: string,
  out: string,
  options: ExportCohortOptions = {},
): Promise<{ written: string[]; skipped: CohortProblem[] }> {
  const cohort = await loadCohort(dir, options.skipBad ? { skipBad: true } : {});
  const skipped = [...cohort.skipped];
  const written: string[] = [];
  const progress = options.progress ?? silentProgress;
  progress.start("export", cohort.patients.length);
  for (const p of cohort.patients) {
    let images;
    try {
      images = await loadPatientImages(p);
    } catch (e) {
      if (!(e instanceof PatientImageError) || !options.skipBad) throw e;
      skipped.push({ patient: p.id, column: e.column, problem: e.message });
      progress.tick(p.id);
      continue;
    }
    const vols = options.crop === false
      ? {
        ct: images.ct,
        pet: resampleVolume(images.pet, images.ct),
        mask: resampleVolume(images.mask, images.ct, { interpolation: "nearest", threshold: 0.5 }),
      }
      : cropPatient(images, options.crop ?? {});
    const folder = patientFolder(out, p.id);
    await Deno.mkdir(folder, { recursive: true });
    await writeNifti(`${folder}/ct.nii.gz`, vols.ct, { datatype: "float32", description: "CT HU" });
    await writeNifti(`${folder}/pet.nii.gz`, vols.pet, { datatype: "float32", description: "PET SUV" });
    await writeNifti(`${folder}/mask.nii.gz`, vols.mask, { datatype: "uint8", description: "mask" });
    written.push(p.id);
    progress.tick(p.id);
  }
  return { written, skipped };
}
