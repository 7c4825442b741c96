/**
 * Test helper: read the PyRadiomics `brain1` NRRD files (gzip encoding, LPS space) as a
 * {@linkcode Volume}. Stand-in until the project's NRRD reader (issue 20, imaging half) lands;
 * only the header fields those files use are understood.
 *
 * @module
 */
import { gunzipSync } from "fflate";
import type { Volume } from "../../../pipeline/imaging/volume.ts";

const TYPES: Record<string, [Int16ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor, number]> = {
  short: [Int16Array, 2],
  int: [Int32Array, 4],
  uchar: [Uint8Array, 1],
};

/** Read a gzip or raw little-endian NRRD file into a volume (affine LPS → RAS). */
export async function readNrrdForTest(path: string): Promise<Volume> {
  const bytes = await Deno.readFile(path);
  let end = 0;
  while (!(bytes[end] === 10 && bytes[end + 1] === 10)) end++;
  const header = new TextDecoder().decode(bytes.subarray(0, end));
  const field = (k: string) => header.match(new RegExp(`^${k}: *(.*)$`, "m"))?.[1]?.trim() ?? "";
  const sizes = field("sizes").split(/\s+/).map(Number) as [number, number, number];
  const dirs = [...field("space directions").matchAll(/\(([^)]*)\)/g)].map((m) => m[1]!.split(",").map(Number));
  const origin = field("space origin").replace(/[()]/g, "").split(",").map(Number);
  const raw = field("encoding") === "gzip" ? gunzipSync(bytes.subarray(end + 2)) : bytes.subarray(end + 2);
  const [Ctor, size] = TYPES[field("type")]!;
  const data = new Ctor(raw.buffer.slice(raw.byteOffset, raw.byteOffset + sizes[0] * sizes[1] * sizes[2] * size));
  const affine = new Array(16).fill(0);
  for (let r = 0; r < 3; r++) {
    const sign = r < 2 ? -1 : 1; // LPS → RAS
    for (let c = 0; c < 3; c++) affine[4 * r + c] = sign * dirs[c]![r]!;
    affine[4 * r + 3] = sign * origin[r]!;
  }
  affine[15] = 1;
  return { data: Float32Array.from(data), dims: sizes, affine };
}
