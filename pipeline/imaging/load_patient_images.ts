/**
 * Reading one patient's CT, PET and mask, whatever their storage (NIfTI, DICOM series, RTSTRUCT).
 *
 * @module
 */
import { DeepmarkerError } from "../errors.ts";
import { checkMaskOverlap, DEFAULT_MIN_MASK_OVERLAP } from "./check_mask_overlap.ts";
import type { Patient } from "./cohort.ts";
import { readDicomPet } from "./read_dicom_pet.ts";
import { type DicomSeries, readDicomSeries } from "./read_dicom_series.ts";
import { readRtstruct } from "./read_rtstruct.ts";
import { readVolumeFile } from "./read_volume_file.ts";
import type { SuvMethod } from "./suv_factors.ts";
import type { Volume } from "./volume.ts";

/** Options of {@linkcode loadPatientImages}. */
export interface LoadPatientImagesOptions {
  /**
   * SUV normalisation for DICOM PET (NIfTI PET is taken as SUV already).
   * @default "bw"
   */
  readonly suvMethod?: SuvMethod;
  /**
   * Smallest fraction of the ROI that must lie inside the CT's and the PET's field of view.
   * @default DEFAULT_MIN_MASK_OVERLAP (0.9)
   */
  readonly minMaskOverlap?: number;
}

/** A patient's volumes on their native grids (an RTSTRUCT mask is rasterised on the CT grid). */
export interface PatientImages {
  /** CT in HU. */
  readonly ct: Volume;
  /** PET in SUV. */
  readonly pet: Volume;
  /** 0/1 mask. */
  readonly mask: Volume<Uint8Array>;
}

/** Which input failed: the error's `column` says which `cohort.csv` column to blame. */
export class PatientImageError extends DeepmarkerError {
  /** `ct`, `pet` or `mask`. */
  readonly column: "ct" | "pet" | "mask";
  /**
   * @param column the column whose file failed
   * @param cause the original error
   */
  constructor(column: "ct" | "pet" | "mask", cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "PatientImageError";
    this.column = column;
  }
}

async function step<T>(column: "ct" | "pet" | "mask", fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof DeepmarkerError) throw new PatientImageError(column, e);
    throw e;
  }
}

function labelMask(v: Volume, roi: string, path: string): Volume<Uint8Array> {
  const label = roi === "" ? undefined : Number(roi);
  if (label !== undefined && !Number.isFinite(label)) {
    throw new DeepmarkerError(
      `Cannot read mask "${path}": mask_roi "${roi}" is not a label value of a NIfTI label map`,
    );
  }
  const out = new Uint8Array(v.data.length);
  let any = false;
  for (let n = 0; n < out.length; n++) {
    const on = label === undefined ? v.data[n]! > 0 : v.data[n] === label;
    if (on) out[n] = 1, any = true;
  }
  if (!any) {
    throw new DeepmarkerError(
      `Cannot read mask "${path}": no voxel has ${label === undefined ? "a label > 0" : `label ${label}`}`,
    );
  }
  return { data: out, dims: v.dims, affine: v.affine };
}

/**
 * Reads a patient's CT (HU), PET (SUV) and mask (0/1). DICOM PET is converted to SUV; an RTSTRUCT
 * ROI is rasterised on the CT grid (its referenced series must be the CT series when the CT is DICOM).
 * NIfTI and NRRD files are read alike (`ct_volume` / `pet_volume` choose the volume of a 4D file). The
 * three are related through their affines, never by index: the ROI must lie inside the CT's and the
 * PET's field of view (at least `minMaskOverlap` of its voxels), else the mask (for the CT) or the PET
 * is refused with the distance in mm.
 *
 * @param patient a validated patient from `loadCohort`
 * @param options SUV normalisation, smallest accepted ROI overlap
 * @returns the three volumes on their native grids
 * @throws {PatientImageError} naming the failing column, with the reader's message
 *
 * @example Usage
 * ```ts ignore
 * import { loadCohort } from "./cohort.ts";
 * import { loadPatientImages } from "./load_patient_images.ts";
 * const { patients } = await loadCohort("data/lung");
 * const { ct, pet, mask } = await loadPatientImages(patients[0]!);
 * ```
 */
export async function loadPatientImages(
  patient: Pick<
    Patient,
    "id" | "ct" | "ctKind" | "pet" | "petKind" | "mask" | "maskKind" | "maskRoi" | "ctVolume" | "petVolume"
  >,
  options: LoadPatientImagesOptions = {},
): Promise<PatientImages> {
  let ctSeries: DicomSeries | undefined;
  const ct = await step("ct", async () => {
    if (patient.ctKind !== "dicom") return await readVolumeFile(patient.ct, { volume: patient.ctVolume });
    ctSeries = await readDicomSeries(patient.ct);
    return ctSeries.volume;
  });
  const pet = await step("pet", async () => {
    if (patient.petKind !== "dicom") return await readVolumeFile(patient.pet, { volume: patient.petVolume });
    return (await readDicomPet(patient.pet, options.suvMethod ? { method: options.suvMethod } : {})).volume;
  });
  const mask = await step("mask", async () => {
    if (patient.maskKind === "rtstruct") {
      const m = await readRtstruct(patient.mask, ctSeries ?? { volume: ct }, { roi: patient.maskRoi });
      if (!m.data.includes(1)) {
        throw new DeepmarkerError(
          `Cannot read RTSTRUCT "${patient.mask}": ROI "${patient.maskRoi}" covers no CT voxel`,
        );
      }
      return m;
    }
    return labelMask(await readVolumeFile(patient.mask), patient.maskRoi, patient.mask);
  });
  const minOverlap = options.minMaskOverlap ?? DEFAULT_MIN_MASK_OVERLAP;
  await step(
    "mask",
    () => Promise.resolve(checkMaskOverlap(mask, ct, { imageName: "CT", maskName: patient.mask, minOverlap })),
  );
  await step(
    "pet",
    () => Promise.resolve(checkMaskOverlap(mask, pet, { imageName: "PET", maskName: patient.mask, minOverlap })),
  );
  return { ct, pet, mask };
}
