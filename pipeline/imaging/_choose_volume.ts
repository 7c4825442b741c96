/**
 * Which volume of a 4D image to read (private to `pipeline/imaging/`): shared by the NIfTI and NRRD
 * readers, so that a 4D file is refused the same way whatever its format.
 *
 * @module
 */
import { DeepmarkerError } from "../errors.ts";

/**
 * The volume index of a 4D image: the chosen one (in range), or 0 for a 3D image.
 *
 * @param count volumes in the file
 * @param chosen the requested volume, if any
 * @param name file name for messages
 * @returns the 0-based index
 */
export function chooseVolume(count: number, chosen: number | undefined, name: string): number {
  if (chosen === undefined) {
    if (count === 1) return 0;
    throw new DeepmarkerError(
      `Cannot read image "${name}": it is 4D with ${count} volumes and no volume was chosen\n` +
        "hint: choose one (0-based) with the ct_volume / pet_volume column of cohort.csv or the radiomics " +
        "settings key input.volume",
    );
  }
  if (!Number.isInteger(chosen) || chosen < 0 || chosen >= count) {
    throw new DeepmarkerError(`Cannot read image "${name}": volume ${chosen} requested, the file has ${count}`);
  }
  return chosen;
}
