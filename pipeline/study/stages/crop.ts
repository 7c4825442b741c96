/**
 * Stage `crop`: every patient's CT (HU), PET (SUV) and contour resampled in world space onto one
 * grid — a box of `crop.size_mm` at `crop.spacing_mm` centred on the contour — written as NIfTI
 * under `crops/<patient>/` with the crop's affine, so every later output maps back to the patient.
 *
 * @module
 */
import { join } from "node:path";
import { cropPatient } from "../../imaging/crop_patient.ts";
import { loadPatientImages } from "../../imaging/load_patient_images.ts";
import { writeNifti } from "../../imaging/write_nifti.ts";
import { CohortError } from "../../errors.ts";
import { cropsFile } from "../artifacts/json_file.ts";
import { defineStudyStage } from "./_define_study_stage.ts";
import { imagesOf } from "./_entries.ts";

/** Load, resample and crop every patient. */
export const crop = defineStudyStage({
  name: "crop",
  source: import.meta.url,
  inputs: ["ingest"],
  reads: { ingest: ["images.json"] },
  description: "resample CT, PET and contour onto one grid and crop the ROI box",
  params: (spec) => ({
    sizeMm: spec.crop.size_mm,
    spacingMm: spec.crop.spacing_mm,
    center: spec.crop.center,
    padCt: spec.crop.pad_ct,
    padPet: spec.crop.pad_pet,
    skipBad: spec.cohort.dir !== undefined && spec.cohort.skip_bad,
  }),
  async run(ctx) {
    const patients = await imagesOf(ctx.inputs.ingest!);
    const kept: string[] = [];
    ctx.progress.start("patients", patients.length);
    for (const patient of patients) {
      try {
        const images = await loadPatientImages(patient);
        const c = cropPatient(images, {
          sizeMm: ctx.params.sizeMm,
          spacingMm: ctx.params.spacingMm,
          center: ctx.params.center,
          padCt: ctx.params.padCt,
          padPet: ctx.params.padPet,
        });
        const dir = join(ctx.outDir, "crops", patient.id);
        await Deno.mkdir(dir, { recursive: true });
        await writeNifti(join(dir, "ct.nii.gz"), c.ct, { datatype: "float32", description: "CT crop (HU)" });
        await writeNifti(join(dir, "pet.nii.gz"), c.pet, { datatype: "float32", description: "PET crop (SUV)" });
        await writeNifti(join(dir, "mask.nii.gz"), c.mask, { datatype: "uint8", description: "contour crop" });
        kept.push(patient.id);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        if (!ctx.params.skipBad) {
          throw new CohortError(`Cannot crop patient "${patient.id}": ${why}`, [{
            patient: patient.id,
            column: "images",
            problem: why,
          }]);
        }
        ctx.warn(`patient "${patient.id}" skipped: cannot crop: ${why}`);
      }
      ctx.progress.tick(patient.id);
    }
    await cropsFile.write(ctx.outDir, { patients: kept });
    ctx.metric({ name: "patients", value: kept.length });
  },
});
