/**
 * Decoding of DICOM pixel data (private to `pipeline/imaging/`): native little/big endian, 8/16/32
 * bits, signed or unsigned, and RLE Lossless. Compressed JPEG syntaxes are refused by name.
 *
 * @module
 */
import dicomParser from "dicom-parser";
import type { DicomDataset } from "./_dicom_dataset.ts";

const IMPLICIT_LE = "1.2.840.10008.1.2";
const EXPLICIT_LE = "1.2.840.10008.1.2.1";
const EXPLICIT_BE = "1.2.840.10008.1.2.2";
const RLE = "1.2.840.10008.1.2.5";

/** Stored pixel values of one frame, row-major (column fastest). */
export type StoredPixels = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/**
 * Decodes frame `frame` of the data set's Pixel Data to stored values (before rescale).
 *
 * @param ds data set with Pixel Data
 * @param frame 0-based frame index
 * @returns stored values, `rows * columns` of them
 * @throws {Error} with a reason (no pixel data, unsupported transfer syntax or bit depth, short data)
 */
export function decodeFrame(ds: DicomDataset, frame = 0): StoredPixels {
  const el = ds.raw.elements["x7fe00010"];
  if (!el) throw new Error("it has no Pixel Data (7FE0,0010)");
  const rows = ds.number("0028,0010") ?? 0;
  const cols = ds.number("0028,0011") ?? 0;
  const bits = ds.number("0028,0100") ?? 16;
  const signed = (ds.number("0028,0103") ?? 0) === 1;
  const spp = ds.number("0028,0002") ?? 1;
  if (spp !== 1) throw new Error(`it has ${spp} samples per pixel, only grayscale is supported`);
  if (bits !== 8 && bits !== 16 && bits !== 32) throw new Error(`BitsAllocated ${bits} is not supported`);
  const n = rows * cols;
  const bytesPer = bits / 8;
  const syntax = ds.raw.string("x00020010")?.trim() ?? IMPLICIT_LE;
  let bytes: Uint8Array;
  let le = true;
  if (syntax === IMPLICIT_LE || syntax === EXPLICIT_LE || syntax === EXPLICIT_BE) {
    const start = el.dataOffset + frame * n * bytesPer;
    if (start + n * bytesPer > ds.raw.byteArray.length) {
      throw new Error(`its Pixel Data is shorter than ${rows}×${cols}×${bits / 8} bytes (file truncated?)`);
    }
    bytes = ds.raw.byteArray.subarray(start, start + n * bytesPer);
    le = syntax !== EXPLICIT_BE || bits === 8;
  } else if (syntax === RLE) {
    const frag = dicomParser.readEncapsulatedPixelDataFromFragments(ds.raw, el, frame, 1);
    bytes = decodeRle(frag, n, bytesPer);
    le = true;
  } else {
    throw new Error(`transfer syntax ${syntax} (compressed) is not supported; convert to uncompressed first`);
  }
  const Out = bits === 8
    ? (signed ? Int8Array : Uint8Array)
    : bits === 16
    ? (signed ? Int16Array : Uint16Array)
    : (signed ? Int32Array : Uint32Array);
  if (le) return new Out(bytes.slice().buffer); // host is little-endian (x86, ARM)
  const out = new Out(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let p = 0; p < n; p++) {
    const o = p * bytesPer;
    out[p] = bits === 8
      ? (signed ? view.getInt8(o) : view.getUint8(o))
      : bits === 16
      ? (signed ? view.getInt16(o, le) : view.getUint16(o, le))
      : (signed ? view.getInt32(o, le) : view.getUint32(o, le));
  }
  return out;
}

/**
 * RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, one PackBits segment per byte
 * plane, most significant plane first. Returns little-endian interleaved bytes.
 */
function decodeRle(frag: Uint8Array, n: number, bytesPer: number): Uint8Array {
  const v = new DataView(frag.buffer, frag.byteOffset, frag.byteLength);
  const segments = v.getUint32(0, true);
  if (segments !== bytesPer) throw new Error(`RLE frame has ${segments} segments, expected ${bytesPer}`);
  const out = new Uint8Array(n * bytesPer);
  for (let s = 0; s < segments; s++) {
    const start = v.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? v.getUint32(8 + 4 * s, true) : frag.length;
    const plane = bytesPer - 1 - s; // segment 0 = most significant byte
    let p = start;
    let o = 0;
    while (p < end && o < n) {
      const h = (frag[p++]! << 24) >> 24; // signed header byte
      if (h >= 0) {
        for (let c = 0; c <= h && o < n; c++) out[(o++) * bytesPer + plane] = frag[p++]!;
      } else if (h !== -128) {
        const b = frag[p++]!;
        for (let c = 0; c < 1 - h && o < n; c++) out[(o++) * bytesPer + plane] = b;
      }
    }
    if (o < n) throw new Error(`RLE segment ${s} decodes to ${o} pixels, expected ${n}`);
  }
  return out;
}
