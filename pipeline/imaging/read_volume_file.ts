/**
 * Reading an image file whatever its format (NIfTI or NRRD), by its extension.
 *
 * @module
 */
import { readNifti } from "./read_nifti.ts";
import { readNrrd } from "./read_nrrd.ts";
import type { Volume } from "./volume.ts";

/** Single-file image formats deepmarker reads. */
export type VolumeFileFormat = "nifti" | "nrrd";

/**
 * The format of an image path by its extension: `.nii`/`.nii.gz` NIfTI, `.nrrd`/`.nhdr` NRRD; anything
 * else (a DICOM series folder, an RTSTRUCT file) is not a volume file.
 *
 * @param path file path
 * @returns the format, or `undefined`
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { volumeFileFormat } from "./read_volume_file.ts";
 * assert.equal(volumeFileFormat("ct.nii.gz"), "nifti");
 * assert.equal(volumeFileFormat("label.NRRD"), "nrrd");
 * assert.equal(volumeFileFormat("P001/ct"), undefined);
 * ```
 */
export function volumeFileFormat(path: string): VolumeFileFormat | undefined {
  if (/\.nii(\.gz)?$/i.test(path)) return "nifti";
  if (/\.(nrrd|nhdr)$/i.test(path)) return "nrrd";
  return undefined;
}

/** Options of {@linkcode readVolumeFile}. */
export interface ReadVolumeFileOptions {
  /**
   * Which volume of a 4D file (0-based); a 4D file is refused without it.
   * @default undefined (3D files only)
   */
  readonly volume?: number | undefined;
}

/**
 * Reads a NIfTI (`.nii`, `.nii.gz`) or NRRD (`.nrrd`, `.nhdr`) image into a RAS+ {@linkcode Volume}.
 *
 * @param path file path (the format comes from the extension, see {@linkcode volumeFileFormat})
 * @param options which volume of a 4D file
 * @returns the volume
 * @throws {DeepmarkerError} from the reader (missing, malformed, 4D without a volume …)
 * @throws {TypeError} when the extension is neither format
 *
 * @example Usage
 * ```ts ignore
 * import { readVolumeFile } from "./read_volume_file.ts";
 * const image = await readVolumeFile("brain1_image.nrrd");
 * const mask = await readVolumeFile("brain1_label.nii.gz");
 * ```
 */
export async function readVolumeFile(path: string, options: ReadVolumeFileOptions = {}): Promise<Volume> {
  const format = volumeFileFormat(path);
  const opts = options.volume === undefined ? {} : { volume: options.volume };
  if (format === "nifti") return await readNifti(path, opts);
  if (format === "nrrd") return await readNrrd(path, opts);
  throw new TypeError(`Cannot read "${path}": not a NIfTI (.nii, .nii.gz) or NRRD (.nrrd, .nhdr) file`);
}
