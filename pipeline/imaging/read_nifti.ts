/**
 * Reading NIfTI-1 and NIfTI-2 images (`.nii`, `.nii.gz`, either byte order) into a {@linkcode Volume}.
 *
 * @module
 */
import { gunzipSync } from "fflate";
import { DeepmarkerError } from "../errors.ts";
import { checkAffine } from "./_affine.ts";
import { chooseVolume } from "./_choose_volume.ts";
import { bestAffine, type NiftiHeader, NiftiHeaderError, parseNiftiHeader } from "./_nifti_header.ts";
import { readVoxels, VOXEL_KINDS, type VoxelKind } from "./_voxel_kinds.ts";
import type { Volume } from "./volume.ts";

/** Options of {@linkcode readNifti}. */
export interface ReadNiftiOptions {
  /**
   * Which volume of a 4D file to read (0-based index along the 4th dimension). A 4D file with more
   * than one volume is refused unless one is chosen.
   * @default undefined (3D files only)
   */
  readonly volume?: number;
}

const KINDS: Record<number, VoxelKind> = {
  2: VOXEL_KINDS.uint8,
  4: VOXEL_KINDS.int16,
  8: VOXEL_KINDS.int32,
  16: VOXEL_KINDS.float32,
  64: VOXEL_KINDS.float64,
  256: VOXEL_KINDS.int8,
  512: VOXEL_KINDS.uint16,
  768: VOXEL_KINDS.uint32,
  1024: VOXEL_KINDS.int64,
  1280: VOXEL_KINDS.uint64,
};

function fail(path: string, why: string): DeepmarkerError {
  return new DeepmarkerError(`Cannot read NIfTI "${path}": ${why}`);
}

/**
 * Decodes NIfTI bytes (already read from disk; gzip is detected by its magic number).
 *
 * @param bytes file contents
 * @param name file name used in error messages
 * @param options which 4D volume
 * @returns the volume; scaled by `scl_slope`/`scl_inter` when those are set
 * @throws {DeepmarkerError} on a truncated file, wrong magic or size, unsupported datatype
 */
export function decodeNifti(bytes: Uint8Array, name: string, options: ReadNiftiOptions = {}): Volume {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw fail(name, `gzip data is corrupt (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  let h: NiftiHeader;
  try {
    h = parseNiftiHeader(bytes);
  } catch (e) {
    if (e instanceof NiftiHeaderError) throw fail(name, e.message);
    throw e;
  }
  if (h.voxOffset < 0) throw fail(name, `two-file NIfTI (.hdr/.img) is not supported`);
  const kind = KINDS[h.datatype];
  if (!kind) throw fail(name, `datatype ${h.datatype} is not supported`);
  const { dims, nt } = checkDims(h, name);
  const t = chooseVolume(nt, options.volume, name);
  const count = dims[0] * dims[1] * dims[2];
  const start = Math.trunc(h.voxOffset) + t * count * kind.bytes;
  const need = Math.trunc(h.voxOffset) + nt * count * kind.bytes;
  if (bytes.length < need) {
    throw fail(name, `file is truncated: ${bytes.length} bytes, header announces ${need}`);
  }
  let data = readVoxels(bytes, start, count, kind, h.littleEndian);
  const slope = h.sclSlope;
  if (Number.isFinite(slope) && slope !== 0 && !(slope === 1 && h.sclInter === 0)) {
    const inter = Number.isFinite(h.sclInter) ? h.sclInter : 0;
    const out = kind.bytes <= 2 ? new Float32Array(count) : new Float64Array(count);
    for (let n = 0; n < count; n++) out[n] = data[n]! * slope + inter;
    data = out;
  }
  const nanPixdim = [1, 2, 3].find((n) => !Number.isFinite(h.pixdim[n]!));
  if (h.sformCode <= 0 && nanPixdim !== undefined) { // qform and the fallback would read it as spacing 1
    throw fail(name, `pixdim[${nanPixdim}] is ${h.pixdim[nanPixdim]}: the voxel spacing is not a number`);
  }
  const affine = bestAffine(h);
  const bad = checkAffine(affine);
  if (bad) throw fail(name, `the ${h.sformCode > 0 ? "sform" : h.qformCode > 0 ? "qform" : "pixdim"} affine ${bad}`);
  return { data, dims, affine };
}

/** Header sizes checked against `dim[0]`: every used size ≥ 1, none set past `dim[0]`, at most 4D. */
function checkDims(h: NiftiHeader, name: string): { dims: [number, number, number]; nt: number } {
  const nd = h.dim[0]!;
  if (!Number.isInteger(nd) || nd < 1 || nd > 7) throw fail(name, `dim[0] is ${nd}, expected 1 to 7`);
  for (let n = 1; n <= 7; n++) {
    const d = h.dim[n]!;
    if (n <= nd && d < 1) throw fail(name, `dim[${n}] is ${d}: every size up to dim[0] = ${nd} must be at least 1`);
    if (n > nd && d > 1) {
      throw fail(name, `dim[0] is ${nd} but dim[${n}] is ${d}: the header is inconsistent`);
    }
  }
  const big = [5, 6, 7].find((n) => n <= nd && h.dim[n]! > 1);
  if (big !== undefined) {
    throw fail(name, `dim[${big}] is ${h.dim[big]}: images of more than 4 dimensions are not supported`);
  }
  const size = (n: number) => (n <= nd ? h.dim[n]! : 1);
  return { dims: [size(1), size(2), size(3)], nt: size(4) };
}

/**
 * Reads a NIfTI-1 or NIfTI-2 file (`.nii` or gzip-compressed `.nii.gz`, either byte order).
 *
 * The affine follows the standard's precedence (sform if `sform_code > 0`, else qform, else pixdim);
 * `scl_slope`/`scl_inter` are applied when set (the result is then float). Integer and float
 * datatypes uint8/int8/int16/uint16/int32/uint32/int64/uint64/float32/float64 are read.
 *
 * @param path file path
 * @param options which volume of a 4D file
 * @returns the 3D volume in RAS+ world coordinates
 * @throws {DeepmarkerError} on a missing, truncated or malformed file, naming the file and the problem
 *
 * @example Usage
 * ```ts ignore
 * import { readNifti } from "./read_nifti.ts";
 * const ct = await readNifti("patient1/ct.nii.gz");
 * console.log(ct.dims, ct.affine);
 * ```
 */
export async function readNifti(path: string, options: ReadNiftiOptions = {}): Promise<Volume> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw fail(path, "file not found");
    throw fail(path, e instanceof Error ? e.message : String(e));
  }
  return decodeNifti(bytes, path, options);
}
