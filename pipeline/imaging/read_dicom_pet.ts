/**
 * Reading a DICOM PET series as SUV.
 *
 * @module
 */
import { DeepmarkerError } from "../errors.ts";
import type { DicomDataset } from "./_dicom_dataset.ts";
import { type DicomSeries, readDicomSeries, type ReadDicomSeriesOptions } from "./read_dicom_series.ts";
import { type PetSuvTags, suvFactors, type SuvMethod } from "./suv_factors.ts";

/** Options of {@linkcode readDicomPet}. */
export interface ReadDicomPetOptions extends ReadDicomSeriesOptions {
  /**
   * SUV normalisation.
   * @default "bw"
   */
  readonly method?: SuvMethod;
}

/**
 * Collects the SUV-relevant tags of one PET instance by DICOM keyword.
 *
 * @param ds an instance
 * @returns the tags present
 */
export function petSuvTags(ds: DicomDataset): PetSuvTags {
  const radio = ds.items("0054,0016")[0];
  const out: Record<string, unknown> = {
    Units: ds.text("0054,1001"),
    DecayCorrection: ds.text("0054,1102"),
    CorrectedImage: ds.text("0028,0051")?.split("\\").map((s) => s.trim()),
    SeriesDate: ds.text("0008,0021"),
    SeriesTime: ds.text("0008,0031"),
    AcquisitionDate: ds.text("0008,0022"),
    AcquisitionTime: ds.text("0008,0032"),
    RadiopharmaceuticalStartDateTime: radio?.text("0018,1078"),
    RadiopharmaceuticalStartTime: radio?.text("0018,1072"),
    RadionuclideTotalDose: radio?.number("0018,1074"),
    RadionuclideHalfLife: radio?.number("0018,1075"),
    PatientWeight: ds.number("0010,1030"),
    PatientSize: ds.number("0010,1020"),
    PatientSex: ds.text("0010,0040"),
    FrameReferenceTime: ds.number("0054,1300"),
    ActualFrameDuration: ds.number("0018,1242"),
    GEPrivatePostInjectionDateTime: ds.text("0009,100d"),
  };
  if (ds.has("7053,1000") || ds.has("7053,1009")) {
    out.PhilipsPETPrivateGroup = {
      SUVScaleFactor: ds.number("7053,1000") ?? 0,
      ActivityConcentrationScaleFactor: ds.number("7053,1009") ?? 0,
    };
  }
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as PetSuvTags;
}

/**
 * Reads a PET series and converts it to SUV (body weight by default): rescaled values × the
 * per-instance factor of {@linkcode suvFactors}.
 *
 * @param dir folder of the PET series
 * @param options series choice and SUV normalisation
 * @returns the series with `volume` in SUV (g/ml)
 * @throws {DeepmarkerError} for an unreadable series, or a PET tag SUV needs and cannot find (named)
 *
 * @example Usage
 * ```ts ignore
 * import { readDicomPet } from "./read_dicom_pet.ts";
 * const pet = await readDicomPet("patient1/pet");
 * ```
 */
export async function readDicomPet(dir: string, options: ReadDicomPetOptions = {}): Promise<DicomSeries> {
  const series = await readDicomSeries(dir, options);
  if (series.modality !== "PT") {
    throw new DeepmarkerError(`Cannot read PET series "${dir}": Modality is "${series.modality}", expected "PT"`);
  }
  let factors: number[];
  try {
    factors = suvFactors(series.instances.map(petSuvTags), options.method ? { method: options.method } : {});
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^Cannot compute SUV: /, "") : String(e);
    throw new DeepmarkerError(`Cannot compute SUV for PET series "${dir}": ${why}`, { cause: e });
  }
  const { data, dims } = series.volume;
  const n = dims[0] * dims[1];
  factors.forEach((f, k) => {
    for (let p = k * n; p < (k + 1) * n; p++) data[p] = data[p]! * f;
  });
  return series;
}
