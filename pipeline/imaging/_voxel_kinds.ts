/**
 * Stored voxel types and their decoding into typed arrays (private to `pipeline/imaging/`), shared by
 * the NIfTI and NRRD readers.
 *
 * @module
 */
import type { VoxelArray } from "./volume.ts";

type Ctor = { new (n: number): VoxelArray; BYTES_PER_ELEMENT: number };

/** One stored voxel type: its size on disk, the array it is read into, and a reader. */
export interface VoxelKind {
  readonly name: string;
  readonly bytes: number;
  readonly out: Ctor;
  readonly get: (v: DataView, o: number, le: boolean) => number;
}

/** The voxel types deepmarker reads; 32-bit unsigned and 64-bit integers are widened to float64. */
export const VOXEL_KINDS = {
  uint8: { name: "uint8", bytes: 1, out: Uint8Array, get: (v, o) => v.getUint8(o) },
  int8: { name: "int8", bytes: 1, out: Int8Array, get: (v, o) => v.getInt8(o) },
  int16: { name: "int16", bytes: 2, out: Int16Array, get: (v, o, le) => v.getInt16(o, le) },
  uint16: { name: "uint16", bytes: 2, out: Uint16Array, get: (v, o, le) => v.getUint16(o, le) },
  int32: { name: "int32", bytes: 4, out: Int32Array, get: (v, o, le) => v.getInt32(o, le) },
  uint32: { name: "uint32", bytes: 4, out: Float64Array, get: (v, o, le) => v.getUint32(o, le) },
  int64: { name: "int64", bytes: 8, out: Float64Array, get: (v, o, le) => Number(v.getBigInt64(o, le)) },
  uint64: { name: "uint64", bytes: 8, out: Float64Array, get: (v, o, le) => Number(v.getBigUint64(o, le)) },
  float32: { name: "float32", bytes: 4, out: Float32Array, get: (v, o, le) => v.getFloat32(o, le) },
  float64: { name: "float64", bytes: 8, out: Float64Array, get: (v, o, le) => v.getFloat64(o, le) },
} as const satisfies Record<string, VoxelKind>;

const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Reads `count` voxels of `kind` starting at byte `start` (a straight copy when byte order and width
 * match the host).
 *
 * @param bytes the data
 * @param start byte offset of the first voxel
 * @param count number of voxels
 * @param kind stored type
 * @param le whether the data are little-endian
 * @returns a new typed array
 */
export function readVoxels(bytes: Uint8Array, start: number, count: number, kind: VoxelKind, le: boolean): VoxelArray {
  const out = new kind.out(count);
  if (le === HOST_LE && out.BYTES_PER_ELEMENT === kind.bytes) {
    new Uint8Array(out.buffer).set(bytes.subarray(start, start + count * kind.bytes));
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let n = 0; n < count; n++) out[n] = kind.get(view, start + n * kind.bytes, le);
  return out;
}
