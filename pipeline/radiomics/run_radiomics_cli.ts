/**
 * The stand-alone extractor behind `deepmarker radiomics --image --mask --settings --out`.
 *
 * @module
 */
import { dirname } from "node:path";
import { DeepmarkerError } from "../errors.ts";
import { alignMask } from "../imaging/align_mask.ts";
import { readDicomPet } from "../imaging/read_dicom_pet.ts";
import { type DicomSeries, readDicomSeries } from "../imaging/read_dicom_series.ts";
import { readRtstruct } from "../imaging/read_rtstruct.ts";
import { readVolumeFile, volumeFileFormat } from "../imaging/read_volume_file.ts";
import type { Volume } from "../imaging/volume.ts";
import { extractRadiomics } from "./extract_radiomics.ts";
import { loadRadiomicsSettings } from "./settings.ts";
import { writeFeaturesCsv } from "./write_features_csv.ts";

/** Paths given to the extractor. */
export interface RunRadiomicsCliOptions {
  /** NIfTI or NRRD file, or DICOM series folder (CT in HU; PET converted to SUVbw). */
  readonly image: string;
  /** NIfTI or NRRD mask, or RTSTRUCT file (then `roi` is required). */
  readonly mask: string;
  /** ROI name inside the RTSTRUCT. */
  readonly roi?: string;
  /** Settings YAML. */
  readonly settings: string;
  /** Output CSV (`tag,value`). */
  readonly out: string;
}

async function readImage(path: string, volume: number | undefined): Promise<{ volume: Volume; series?: DicomSeries }> {
  if (volumeFileFormat(path)) return { volume: await readVolumeFile(path, { volume }) };
  if (volume !== undefined) {
    throw new DeepmarkerError(
      `Cannot read image "${path}": settings input.volume applies to a 4D NIfTI or NRRD file only`,
    );
  }
  const series = await readDicomSeries(path);
  if (series.modality === "PT") {
    const pet = await readDicomPet(path);
    return { volume: pet.volume, series: pet };
  }
  return { volume: series.volume, series };
}

/** The output's folder must exist before any work (a missing one used to fail after the extraction). */
async function checkOutFolder(out: string): Promise<void> {
  const folder = dirname(out);
  let st: Deno.FileInfo;
  try {
    st = await Deno.stat(folder);
  } catch {
    throw new DeepmarkerError(`Cannot write features to "${out}": folder "${folder}" does not exist`);
  }
  if (!st.isDirectory) throw new DeepmarkerError(`Cannot write features to "${out}": "${folder}" is not a folder`);
}

/**
 * Read image, mask and settings, extract the features, write `tag,value` CSV. The mask is related to
 * the image through their affines (`alignMask`): on another grid it is resampled (settings
 * `input.mask_resampling`), and refused with the distance in mm when it misses the image or overlaps it
 * less than `input.min_mask_overlap`. A 4D image needs `input.volume`.
 *
 * @param options paths and ROI name
 * @returns the number of feature rows written
 * @throws {DeepmarkerError} on a missing output folder (checked first), unreadable inputs, a missing ROI
 *   name, a mask that does not overlap the image, invalid settings
 *
 * @example Usage
 * ```ts ignore
 * await runRadiomicsCli({ image: "ct.nii.gz", mask: "gtv.nrrd", settings: "s.yaml", out: "f.csv" });
 * ```
 */
export async function runRadiomicsCli(options: RunRadiomicsCliOptions): Promise<number> {
  await checkOutFolder(options.out);
  const settings = await loadRadiomicsSettings(options.settings);
  const { volume, series } = await readImage(options.image, settings.input.volume);
  let mask: Volume;
  if (volumeFileFormat(options.mask)) {
    mask = alignMask(await readVolumeFile(options.mask), volume, {
      resampling: settings.input.maskResampling,
      minOverlap: settings.input.minMaskOverlap,
      maskName: options.mask,
    });
  } else {
    if (!options.roi) {
      throw new DeepmarkerError(`Cannot read mask "${options.mask}": an RTSTRUCT needs --roi NAME`);
    }
    mask = await readRtstruct(options.mask, series ?? { volume }, { roi: options.roi });
  }
  const rows = extractRadiomics(volume, mask, settings);
  await writeFeaturesCsv(options.out, rows);
  return rows.length;
}
