/**
 * NIfTI-1 / NIfTI-2 header parsing and the voxel → world affine (private to `pipeline/imaging/`).
 *
 * Layouts from the NIfTI-1 (nifti1.h) and NIfTI-2 (nifti2.h) standards; the affine follows the
 * standard's precedence: sform when `sform_code > 0`, else qform when `qform_code > 0`, else the
 * pixdim diagonal ("method 1").
 *
 * @module
 */

/** The header fields deepmarker uses. */
export interface NiftiHeader {
  readonly version: 1 | 2;
  readonly littleEndian: boolean;
  /** `dim[0..7]`. */
  readonly dim: readonly number[];
  readonly datatype: number;
  readonly bitpix: number;
  /** `pixdim[0..7]`. */
  readonly pixdim: readonly number[];
  readonly voxOffset: number;
  readonly sclSlope: number;
  readonly sclInter: number;
  readonly qformCode: number;
  readonly sformCode: number;
  readonly quatern: readonly [number, number, number];
  readonly qoffset: readonly [number, number, number];
  /** `srow_x, srow_y, srow_z`, 12 numbers. */
  readonly srow: readonly number[];
  readonly description: string;
}

/** Thrown by {@linkcode parseNiftiHeader}; the caller adds the file name. */
export class NiftiHeaderError extends Error {}

function ascii(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return new TextDecoder("latin1").decode(end < 0 ? bytes : bytes.subarray(0, end));
}

/**
 * Parses the fixed header (348 bytes for NIfTI-1, 540 for NIfTI-2) in either byte order.
 *
 * @param bytes the (decompressed) file, at least the header
 * @returns the parsed header
 * @throws {NiftiHeaderError} on a wrong size or magic
 */
export function parseNiftiHeader(bytes: Uint8Array): NiftiHeader {
  if (bytes.length < 348) {
    throw new NiftiHeaderError(`file is ${bytes.length} bytes, shorter than a NIfTI header (348)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sizeLe = view.getInt32(0, true);
  const sizeBe = view.getInt32(0, false);
  const size = sizeLe === 348 || sizeLe === 540 ? sizeLe : sizeBe;
  const le = size === sizeLe;
  if (size !== 348 && size !== 540) {
    throw new NiftiHeaderError(`header size is ${sizeLe}, expected 348 or 540`);
  }
  if (size === 540 && bytes.length < 540) {
    throw new NiftiHeaderError(`file is ${bytes.length} bytes, shorter than a NIfTI-2 header (540)`);
  }
  return size === 348 ? parseV1(bytes, view, le) : parseV2(bytes, view, le);
}

function parseV1(bytes: Uint8Array, v: DataView, le: boolean): NiftiHeader {
  const magic = ascii(bytes.subarray(344, 348));
  if (magic !== "n+1" && magic !== "ni1") {
    throw new NiftiHeaderError(`magic is "${magic}", expected "n+1" or "ni1"`);
  }
  const i16 = (o: number) => v.getInt16(o, le);
  const f32 = (o: number) => v.getFloat32(o, le);
  return {
    version: 1,
    littleEndian: le,
    dim: Array.from({ length: 8 }, (_, n) => i16(40 + 2 * n)),
    datatype: i16(70),
    bitpix: i16(72),
    pixdim: Array.from({ length: 8 }, (_, n) => f32(76 + 4 * n)),
    voxOffset: magic === "ni1" ? -1 : f32(108),
    sclSlope: f32(112),
    sclInter: f32(116),
    qformCode: i16(252),
    sformCode: i16(254),
    quatern: [f32(256), f32(260), f32(264)],
    qoffset: [f32(268), f32(272), f32(276)],
    srow: Array.from({ length: 12 }, (_, n) => f32(280 + 4 * n)),
    description: ascii(bytes.subarray(148, 228)),
  };
}

function parseV2(bytes: Uint8Array, v: DataView, le: boolean): NiftiHeader {
  const magic = ascii(bytes.subarray(4, 8));
  if (magic !== "n+2" && magic !== "ni2") {
    throw new NiftiHeaderError(`magic is "${magic}", expected "n+2" or "ni2"`);
  }
  const i64 = (o: number) => Number(v.getBigInt64(o, le));
  const f64 = (o: number) => v.getFloat64(o, le);
  const i32 = (o: number) => v.getInt32(o, le);
  return {
    version: 2,
    littleEndian: le,
    dim: Array.from({ length: 8 }, (_, n) => i64(16 + 8 * n)),
    datatype: v.getInt16(12, le),
    bitpix: v.getInt16(14, le),
    pixdim: Array.from({ length: 8 }, (_, n) => f64(104 + 8 * n)),
    voxOffset: magic === "ni2" ? -1 : i64(168),
    sclSlope: f64(176),
    sclInter: f64(184),
    qformCode: i32(344),
    sformCode: i32(348),
    quatern: [f64(352), f64(360), f64(368)],
    qoffset: [f64(376), f64(384), f64(392)],
    srow: Array.from({ length: 12 }, (_, n) => f64(400 + 8 * n)),
    description: ascii(bytes.subarray(240, 320)),
  };
}

/**
 * The qform affine (NIfTI "method 2") from quaternion, offsets and pixdim.
 *
 * @param h a parsed header
 * @returns row-major 4×4 matrix
 */
export function qformAffine(h: NiftiHeader): number[] {
  let [b, c, d] = h.quatern;
  let a2 = 1 - (b * b + c * c + d * d);
  if (a2 < 1e-7) { // nifti1_io: a = 0, renormalise (b, c, d)
    const n = Math.hypot(b, c, d);
    b /= n, c /= n, d /= n;
    a2 = 0;
  }
  const a = Math.sqrt(a2);
  const qfac = h.pixdim[0]! < 0 ? -1 : 1;
  const [dx, dy, dz0] = [h.pixdim[1]!, h.pixdim[2]!, h.pixdim[3]!].map((p) => (p > 0 ? p : 1)) as [
    number,
    number,
    number,
  ];
  const dz = dz0 * qfac;
  const r = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
  const out: number[] = [];
  for (let row = 0; row < 3; row++) {
    const rr = r[row]!;
    out.push(rr[0]! * dx, rr[1]! * dy, rr[2]! * dz, h.qoffset[row]!);
  }
  out.push(0, 0, 0, 1);
  return out;
}

/**
 * The voxel → world affine by the standard's precedence (sform, then qform, then pixdim).
 *
 * @param h a parsed header
 * @returns row-major 4×4 matrix
 */
export function bestAffine(h: NiftiHeader): number[] {
  if (h.sformCode > 0) return [...h.srow, 0, 0, 0, 1];
  if (h.qformCode > 0) return qformAffine(h);
  const p = (n: number) => (h.pixdim[n]! > 0 ? h.pixdim[n]! : 1);
  return [p(1), 0, 0, 0, 0, p(2), 0, 0, 0, 0, p(3), 0, 0, 0, 0, 1];
}
