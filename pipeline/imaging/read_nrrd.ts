/**
 * Reading NRRD images (`.nrrd` with attached data, `.nhdr` with detached data) into a {@linkcode Volume}.
 *
 * @module
 */
import { dirname, isAbsolute, join } from "node:path";
import { gunzipSync } from "fflate";
import { DeepmarkerError } from "../errors.ts";
import { checkAffine } from "./_affine.ts";
import { chooseVolume } from "./_choose_volume.ts";
import { nrrdGeometry } from "./_nrrd_geometry.ts";
import { type NrrdHeader, NrrdHeaderError, parseNrrdHeader } from "./_nrrd_header.ts";
import { readVoxels } from "./_voxel_kinds.ts";
import type { Volume, VoxelArray } from "./volume.ts";

/** Options of {@linkcode readNrrd}. */
export interface ReadNrrdOptions {
  /**
   * Which volume of a 4D file (0-based, along its one non-spatial axis). A 4D file with more than one
   * volume is refused unless one is chosen.
   * @default undefined (3D files only)
   */
  readonly volume?: number;
}

function fail(path: string, why: string): DeepmarkerError {
  return new DeepmarkerError(`Cannot read NRRD "${path}": ${why}`);
}

function dataFiles(h: NrrdHeader, path: string): string[] | undefined {
  const spec = h.fields.get("data file");
  if (spec === undefined) return undefined;
  const at = (f: string) => (isAbsolute(f) ? f : join(dirname(path), f));
  if (/^LIST\b/.test(spec)) return h.listedFiles.filter((f) => f !== "").map(at);
  const t = spec.split(/\s+/);
  if (t.length >= 4 && /%\d*d/.test(t[0]!)) { // "<format> <min> <max> <step> [<subdim>]"
    const [min, max, step] = [Number(t[1]), Number(t[2]), Number(t[3])];
    if (!(step !== 0 && Number.isInteger(min) && Number.isInteger(max) && Number.isInteger(step))) {
      throw fail(path, `data file "${spec}" has no valid min, max, step`);
    }
    const names: string[] = [];
    for (let i = min; step > 0 ? i <= max : i >= max; i += step) {
      names.push(at(t[0]!.replace(/%(0?)(\d*)d/, (_, z, w) => String(i).padStart(Number(w || 0), z ? "0" : " "))));
    }
    return names;
  }
  return [at(spec)];
}

function skipLines(bytes: Uint8Array, lines: number): Uint8Array {
  let p = 0;
  for (let l = 0; l < lines; l++) p = bytes.indexOf(0x0a, p) + 1 || bytes.length;
  return bytes.subarray(p);
}

/** One data file (or the attached data) decoded into bytes (raw, gzip, hex) or numbers (text). */
function decodeChunk(h: NrrdHeader, chunk: Uint8Array, need: number, name: string): Uint8Array | number[] {
  chunk = skipLines(chunk, Number(h.fields.get("line skip") ?? 0));
  if (h.encoding === "text") {
    const text = new TextDecoder("latin1").decode(chunk).trim();
    return text === "" ? [] : text.split(/[\s,]+/).map(Number);
  }
  if (h.encoding === "hex") {
    const hex = new TextDecoder("latin1").decode(chunk).replace(/\s+/g, "");
    return Uint8Array.from({ length: hex.length >> 1 }, (_, n) => parseInt(hex.slice(2 * n, 2 * n + 2), 16));
  }
  if (h.encoding === "gzip") {
    try {
      chunk = gunzipSync(chunk);
    } catch (e) {
      throw fail(name, `gzip data are corrupt (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  const skip = Number(h.fields.get("byte skip") ?? 0);
  if (skip === -1 && h.encoding === "raw") return chunk.subarray(Math.max(0, chunk.length - need));
  if (!(Number.isInteger(skip) && skip >= 0)) throw fail(name, `byte skip is "${h.fields.get("byte skip")}"`);
  return chunk.subarray(skip);
}

async function readBytes(path: string, shown: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw fail(shown, `file "${path}" not found`);
    throw fail(shown, e instanceof Error ? e.message : String(e));
  }
}

/** Every voxel of the file, in file order (axis 0 fastest). */
async function allVoxels(h: NrrdHeader, path: string, bytes: Uint8Array): Promise<VoxelArray> {
  const total = h.sizes.reduce((a, b) => a * b, 1);
  const files = dataFiles(h, path);
  const chunks = files === undefined
    ? [decodeChunk(h, bytes.subarray(h.dataOffset), total * h.kind.bytes, path)]
    : await Promise.all(
      files.map(async (f) => decodeChunk(h, await readBytes(f, path), (total * h.kind.bytes) / files.length, path)),
    );
  if (h.encoding === "text") {
    const values = (chunks as number[][]).flat();
    if (values.length < total || values.some((v) => Number.isNaN(v))) {
      throw fail(path, `text data hold ${values.length} numbers (or non-numbers), the header announces ${total}`);
    }
    const out = new h.kind.out(total);
    out.set(values.slice(0, total));
    return out;
  }
  const parts = chunks as Uint8Array[];
  const length = parts.reduce((a, p) => a + p.length, 0);
  if (length < total * h.kind.bytes) {
    throw fail(path, `data are truncated: ${length} bytes, the header announces ${total * h.kind.bytes}`);
  }
  let joined = parts[0]!;
  if (parts.length > 1) {
    joined = new Uint8Array(length);
    parts.reduce((o, p) => (joined.set(p, o), o + p.length), 0);
  }
  return readVoxels(joined, 0, total, h.kind, h.littleEndian);
}

/**
 * Reads a NRRD image: raw, gzip, text or hex encoding, data attached (`.nrrd`) or in separate files
 * (`data file:` one name, `LIST`, or a `%d` pattern; paths relative to the header). `space directions`
 * and `space origin` give the affine; LPS and LAS spaces are turned into RAS+ (as DICOM's LPS is), so a
 * NRRD from 3D Slicer or PyRadiomics' test data lands where its NIfTI export would. Values are kept as
 * stored (integer types stay integer).
 *
 * @param path `.nrrd` or `.nhdr` file
 * @param options which volume of a 4D file
 * @returns the 3D volume in RAS+ world coordinates, x fastest
 * @throws {DeepmarkerError} on a missing, truncated or malformed file, an unsupported space, type or
 *   encoding, a non-finite affine, or an unchosen 4D volume — naming the file and the problem
 *
 * @example Usage
 * ```ts ignore
 * import { readNrrd } from "./read_nrrd.ts";
 * const image = await readNrrd("brain1_image.nrrd");
 * console.log(image.dims, image.affine);
 * ```
 */
export async function readNrrd(path: string, options: ReadNrrdOptions = {}): Promise<Volume> {
  const bytes = await readBytes(path, path);
  let h: NrrdHeader;
  let geo;
  try {
    h = parseNrrdHeader(bytes);
    geo = nrrdGeometry(h);
  } catch (e) {
    if (e instanceof NrrdHeaderError) throw fail(path, e.message);
    throw e;
  }
  const bad = checkAffine(geo.affine);
  if (bad) throw fail(path, `the affine from space directions and origin ${bad}`);
  const nt = geo.listAxis === undefined ? 1 : h.sizes[geo.listAxis]!;
  const t = chooseVolume(nt, options.volume, path);
  const all = await allVoxels(h, path, bytes);
  const [ax, ay, az] = geo.spatialAxes;
  const dims: [number, number, number] = [h.sizes[ax]!, h.sizes[ay]!, h.sizes[az]!];
  const stride = h.sizes.map((_, a) => h.sizes.slice(0, a).reduce((p, s) => p * s, 1));
  const count = dims[0] * dims[1] * dims[2];
  if (ax === 0 && ay === 1 && az === 2) {
    return { data: nt > 1 ? all.slice(t * count, (t + 1) * count) : all, dims, affine: geo.affine };
  }
  const data = new h.kind.out(count);
  const base = geo.listAxis === undefined ? 0 : t * stride[geo.listAxis]!;
  let n = 0;
  for (let k = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      for (let i = 0; i < dims[0]; i++) data[n++] = all[base + i * stride[ax]! + j * stride[ay]! + k * stride[az]!]!;
    }
  }
  return { data, dims, affine: geo.affine };
}
