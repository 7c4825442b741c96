/**
 * Imaging ingest: NIfTI, NRRD and DICOM readers, SUV, RTSTRUCT rasterisation, world-space resampling and
 * ROI crops, and the cohort loader. Every volume is a {@linkcode Volume} in RAS+ millimetres.
 *
 * @example Usage
 * ```ts ignore
 * import { cropPatient, loadCohort, loadPatientImages, writeNifti } from "./mod.ts";
 * const cohort = await loadCohort("data/lung");
 * for (const p of cohort.patients) {
 *   const crop = cropPatient(await loadPatientImages(p), { sizeMm: [96, 96, 48], spacingMm: [1, 1, 1] });
 *   await writeNifti(`out/${p.id}_ct.nii.gz`, crop.ct);
 * }
 * ```
 *
 * @module
 */
export * from "./volume.ts";
export * from "./read_nifti.ts";
export * from "./read_nrrd.ts";
export * from "./read_volume_file.ts";
export * from "./write_nifti.ts";
export * from "./read_dicom_series.ts";
export * from "./read_dicom_pet.ts";
export * from "./suv_factors.ts";
export * from "./read_rtstruct.ts";
export * from "./resample_volume.ts";
export * from "./same_grid.ts";
export * from "./check_mask_overlap.ts";
export * from "./align_mask.ts";
export * from "./crop_patient.ts";
export * from "./cohort.ts";
export * from "./cohort_external_files.ts";
export * from "./load_patient_images.ts";
export * from "./check_cohort.ts";
export * from "./export_cohort.ts";
