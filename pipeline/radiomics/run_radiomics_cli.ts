/**
 * The stand-alone extractor behind `deepmarker radiomics --image --mask --settings --out`.
 *
 * @module
 */
import { DeepmarkerError } from "../errors.ts";
import { readDicomPet } from "../imaging/read_dicom_pet.ts";
import { type DicomSeries, readDicomSeries } from "../imaging/read_dicom_series.ts";
import { readNifti } from "../imaging/read_nifti.ts";
import { readRtstruct } from "../imaging/read_rtstruct.ts";
import type { Volume } from "../imaging/volume.ts";
import { extractRadiomics } from "./extract_radiomics.ts";
import { loadRadiomicsSettings } from "./settings.ts";
import { writeFeaturesCsv } from "./write_features_csv.ts";

/** Paths given to the extractor. */
export interface RunRadiomicsCliOptions {
  /** NIfTI file (.nii/.nii.gz) or DICOM series folder (CT in HU; PET converted to SUVbw). */
  readonly image: string;
  /** NIfTI mask, or RTSTRUCT file (then `roi` is required). */
  readonly mask: string;
  /** ROI name inside the RTSTRUCT. */
  readonly roi?: string;
  /** Settings YAML. */
  readonly settings: string;
  /** Output CSV (`tag,value`). */
  readonly out: string;
}

const isNifti = (p: string) => /\.nii(\.gz)?$/i.test(p);

async function readImage(path: string): Promise<{ volume: Volume; series?: DicomSeries }> {
  if (isNifti(path)) return { volume: await readNifti(path) };
  const series = await readDicomSeries(path);
  if (series.modality === "PT") {
    const pet = await readDicomPet(path);
    return { volume: pet.volume, series: pet };
  }
  return { volume: series.volume, series };
}

/**
 * Read image, mask and settings, extract the features, write `tag,value` CSV.
 *
 * @param options paths and ROI name
 * @returns the number of feature rows written
 * @throws {DeepmarkerError} on unreadable inputs, a missing ROI name, invalid settings
 *
 * @example Usage
 * ```ts ignore
 * await runRadiomicsCli({ image: "ct.nii.gz", mask: "gtv.nii.gz", settings: "s.yaml", out: "f.csv" });
 * ```
 */
export async function runRadiomicsCli(options: RunRadiomicsCliOptions): Promise<number> {
  const settings = await loadRadiomicsSettings(options.settings);
  const { volume, series } = await readImage(options.image);
  let mask: Volume;
  if (isNifti(options.mask)) mask = await readNifti(options.mask);
  else {
    if (!options.roi) {
      throw new DeepmarkerError(`Cannot read mask "${options.mask}": an RTSTRUCT needs --roi NAME`);
    }
    mask = await readRtstruct(options.mask, series ?? { volume }, { roi: options.roi });
  }
  const rows = extractRadiomics(volume, mask, settings);
  await writeFeaturesCsv(options.out, rows);
  return rows.length;
}
