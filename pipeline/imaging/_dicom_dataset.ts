/**
 * A thin typed wrapper over `dicom-parser` data sets (private to `pipeline/imaging/`).
 *
 * Tags are written `gggg,eeee` as in the standard; values come back trimmed, numbers parsed.
 *
 * @module
 */
import dicomParser from "dicom-parser";
import { inflateSync } from "fflate";

const DEFLATED_LE = "1.2.840.10008.1.2.1.99";

/** Parsed DICOM data set (or sequence item) with value accessors. */
export interface DicomDataset {
  /** The underlying dicom-parser data set. */
  readonly raw: dicomParser.DataSet;
  /** Whether the tag is present with a value. */
  has(tag: string): boolean;
  /** String value (trimmed), or undefined. */
  text(tag: string): string | undefined;
  /** Multi-valued decimal/integer string (DS/IS) as numbers, or undefined. */
  numbers(tag: string): number[] | undefined;
  /** First numeric value: US/SS/UL/FL/FD by VR, DS/IS by text; undefined when absent. */
  number(tag: string): number | undefined;
  /** Items of a sequence (empty when absent). */
  items(tag: string): DicomDataset[];
}

const key = (tag: string) => `x${tag.replace(",", "").toLowerCase()}`;

const BINARY: Record<string, "uint16" | "int16" | "uint32" | "int32" | "float" | "double"> = {
  // implicit-VR files carry no VR: binary tags we read, by tag
  x00280010: "uint16", // Rows
  x00280011: "uint16", // Columns
  x00280100: "uint16", // BitsAllocated
  x00280101: "uint16", // BitsStored
  x00280103: "uint16", // PixelRepresentation
  x00280002: "uint16", // SamplesPerPixel
};

/**
 * Wraps a dicom-parser data set.
 *
 * @param raw data set
 * @returns accessor object
 */
export function wrapDataset(raw: dicomParser.DataSet): DicomDataset {
  const el = (tag: string) => raw.elements[key(tag)];
  const ds: DicomDataset = {
    raw,
    has: (tag) => {
      const e = el(tag);
      return e !== undefined && (e.length > 0 || (e.items?.length ?? 0) > 0);
    },
    text: (tag) => {
      const e = el(tag);
      if (!e || e.length === 0) return undefined;
      const s = raw.string(key(tag));
      return s === undefined ? undefined : s.trim();
    },
    numbers: (tag) => {
      const s = ds.text(tag);
      if (s === undefined || s === "") return undefined;
      return s.split("\\").map((x) => Number(x.trim()));
    },
    number: (tag) => {
      const e = el(tag);
      if (!e || e.length === 0) return undefined;
      const vr = e.vr ?? BINARY[key(tag)];
      const k = key(tag);
      switch (vr) {
        case "US":
        case "uint16":
          return raw.uint16(k);
        case "SS":
        case "int16":
          return raw.int16(k);
        case "UL":
        case "uint32":
          return raw.uint32(k);
        case "SL":
        case "int32":
          return raw.int32(k);
        case "FL":
        case "float":
          return raw.float(k);
        case "FD":
        case "double":
          return raw.double(k);
        default: {
          const v = ds.numbers(tag)?.[0];
          return v === undefined || Number.isNaN(v) ? undefined : v;
        }
      }
    },
    items: (tag) => (el(tag)?.items ?? []).flatMap((it) => (it.dataSet ? [wrapDataset(it.dataSet)] : [])),
  };
  return ds;
}

/**
 * A Deflated Explicit VR Little Endian file (PS3.5 A.5: the data set after the File Meta is raw deflate)
 * rewritten as the Explicit VR Little Endian file it encodes; other files are returned as they are.
 * dicom-parser's own deflate path does not work here (it needs Node's Buffer, or restarts parsing at
 * the preamble).
 */
function inflated(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 132 || new TextDecoder().decode(bytes.subarray(128, 132)) !== "DICM") return bytes;
  const meta = dicomParser.readPart10Header(bytes) as dicomParser.DataSet & { position: number };
  const ts = meta.elements["x00020010"];
  if (!ts || meta.string("x00020010")?.trim() !== DEFLATED_LE) return bytes;
  let body: Uint8Array;
  try {
    body = inflateSync(bytes.subarray(meta.position));
  } catch (e) {
    throw new Error(`its deflated data set cannot be inflated (${e instanceof Error ? e.message : String(e)})`);
  }
  const out = new Uint8Array(meta.position + body.length);
  out.set(bytes.subarray(0, meta.position));
  out.set(body, meta.position);
  // same value length: "1.2.840.10008.1.2.1" then NUL padding (dicom-parser stops at the first NUL)
  const uid = new TextEncoder().encode("1.2.840.10008.1.2.1");
  out.fill(0, ts.dataOffset, ts.dataOffset + ts.length);
  out.set(uid, ts.dataOffset);
  return out;
}

/**
 * Parses DICOM bytes: Part-10 files (Deflated Explicit VR Little Endian inflated first), and files
 * without preamble/File Meta (read as implicit VR LE).
 *
 * @param bytes file contents
 * @returns the data set
 * @throws {Error} (a string from dicom-parser is wrapped) when the bytes are not DICOM
 */
export function parseDicomBytes(bytes: Uint8Array): DicomDataset {
  try {
    const raw = dicomParser.parseDicom(inflated(bytes), { TransferSyntaxUID: "1.2.840.10008.1.2" } as never);
    return wrapDataset(raw);
  } catch (e) {
    const inner = typeof e === "object" && e !== null && "exception" in e ? (e as { exception: unknown }).exception : e;
    throw new Error(inner instanceof Error ? inner.message : typeof inner === "string" ? inner : "not a DICOM file");
  }
}
