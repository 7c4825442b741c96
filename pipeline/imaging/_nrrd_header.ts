/**
 * NRRD header parsing (private to `pipeline/imaging/`), after the NRRD0001–5 format specification
 * (teem.sourceforge.net/nrrd/format.html): the magic line, `field: value` lines, `key:=value` pairs
 * (ignored) and `#` comments, up to the blank line that starts attached data.
 *
 * @module
 */
import { VOXEL_KINDS, type VoxelKind } from "./_voxel_kinds.ts";

/** Thrown by {@linkcode parseNrrdHeader}; the caller adds the file name. */
export class NrrdHeaderError extends Error {}

/** The header fields deepmarker uses. */
export interface NrrdHeader {
  readonly kind: VoxelKind;
  readonly sizes: readonly number[];
  readonly encoding: "raw" | "gzip" | "text" | "hex";
  readonly littleEndian: boolean;
  /** Lower-case field name → raw value (every field, for the affine and the data location). */
  readonly fields: ReadonlyMap<string, string>;
  /** Lines after `data file: LIST` (file names, one per line). */
  readonly listedFiles: readonly string[];
  /** Byte offset of attached data (just after the blank line); the file length when there is none. */
  readonly dataOffset: number;
}

const TYPES: Record<string, keyof typeof VOXEL_KINDS> = {};
for (
  const [kind, names] of Object.entries({
    int8: ["signed char", "int8", "int8_t"],
    uint8: ["uchar", "unsigned char", "uint8", "uint8_t"],
    int16: ["short", "short int", "signed short", "signed short int", "int16", "int16_t"],
    uint16: ["ushort", "unsigned short", "unsigned short int", "uint16", "uint16_t"],
    int32: ["int", "signed int", "int32", "int32_t"],
    uint32: ["uint", "unsigned int", "uint32", "uint32_t"],
    int64: ["longlong", "long long", "long long int", "signed long long", "signed long long int", "int64", "int64_t"],
    uint64: ["ulonglong", "unsigned long long", "unsigned long long int", "uint64", "uint64_t"],
    float32: ["float"],
    float64: ["double"],
  })
) for (const n of names) TYPES[n] = kind as keyof typeof VOXEL_KINDS;

const ENCODINGS: Record<string, NrrdHeader["encoding"]> = {
  raw: "raw",
  gz: "gzip",
  gzip: "gzip",
  txt: "text",
  text: "text",
  ascii: "text",
  hex: "hex",
};

/**
 * Parses the header of a `.nrrd` (attached data) or `.nhdr` (detached) file.
 *
 * @param bytes the file (the header is read up to the first blank line)
 * @returns the parsed header
 * @throws {NrrdHeaderError} on a wrong magic, a missing or unsupported field
 */
export function parseNrrdHeader(bytes: Uint8Array): NrrdHeader {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, Math.min(bytes.length, 1 << 16)));
  const magic = head.slice(0, 8);
  if (!/^NRRD000[1-5]$/.test(magic)) {
    throw new NrrdHeaderError(`magic is "${magic.replace(/\W/g, "?")}", expected "NRRD0001" to "NRRD0005"`);
  }
  const fields = new Map<string, string>();
  const listedFiles: string[] = [];
  let pos = head.indexOf("\n") + 1;
  let listing = false;
  let dataOffset = bytes.length;
  while (pos > 0 && pos < head.length) {
    const end = head.indexOf("\n", pos);
    const line = head.slice(pos, end < 0 ? head.length : end).replace(/\r$/, "");
    pos = end < 0 ? head.length : end + 1;
    if (line === "") {
      dataOffset = pos;
      break;
    }
    if (listing) listedFiles.push(line.trim());
    else if (line.startsWith("#") || /^[^:]*:=/.test(line)) continue;
    else {
      const at = line.indexOf(": ");
      if (at < 0) throw new NrrdHeaderError(`header line "${line.slice(0, 60)}" is not "field: value"`);
      const name = line.slice(0, at).trim().toLowerCase().replace(/^datafile$/, "data file");
      fields.set(name, line.slice(at + 2).trim());
      if (name === "data file" && /^LIST\b/.test(fields.get(name)!)) listing = true;
    }
  }
  const need = (f: string) => {
    const v = fields.get(f);
    if (v === undefined) throw new NrrdHeaderError(`required field "${f}" is missing`);
    return v;
  };
  const typeName = need("type").toLowerCase();
  const kindName = TYPES[typeName];
  if (!kindName) throw new NrrdHeaderError(`type "${typeName}" is not supported`);
  const kind: VoxelKind = VOXEL_KINDS[kindName];
  const dimension = Number(need("dimension"));
  const sizes = need("sizes").split(/\s+/).map(Number);
  if (!Number.isInteger(dimension) || dimension < 1 || sizes.length !== dimension) {
    throw new NrrdHeaderError(`dimension is ${need("dimension")} but sizes are "${need("sizes")}"`);
  }
  const badSize = sizes.findIndex((s) => !Number.isInteger(s) || s < 1);
  if (badSize >= 0) {
    throw new NrrdHeaderError(
      `size of axis ${badSize} is ${need("sizes").split(/\s+/)[badSize]}, expected a positive integer`,
    );
  }
  const encodingName = need("encoding").toLowerCase();
  const encoding = ENCODINGS[encodingName];
  if (!encoding) throw new NrrdHeaderError(`encoding "${encodingName}" is not supported (raw, gzip, text, hex are)`);
  const endian = fields.get("endian")?.toLowerCase();
  if (kind.bytes > 1 && (encoding === "raw" || encoding === "gzip" || encoding === "hex") && endian === undefined) {
    throw new NrrdHeaderError(`required field "endian" is missing (type "${typeName}")`);
  }
  if (endian !== undefined && endian !== "little" && endian !== "big") {
    throw new NrrdHeaderError(`endian is "${endian}", expected "little" or "big"`);
  }
  return { kind, sizes, encoding, littleEndian: endian !== "big", fields, listedFiles, dataOffset };
}
