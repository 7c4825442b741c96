/**
 * Tile for the `cpu` backend as nested row copies, each repetition a `copyWithin` of the first: the
 * stock one calls `TensorBuffer.indexToLoc` and `locToIndex` per output element, and the U-Net's
 * nearest-neighbour upsampling is three tiles per decoder level (and, with `_fast_gradients.ts`,
 * every Mean/Sum gradient a broadcast). Strings and complex numbers go to the stock kernel.
 *
 * @module
 */

import { type KernelConfig, type TensorInfo, Tile } from "@tensorflow/tfjs-core";
import { type CpuBackend, sizeOf, type StockKernels, withFallback } from "./_fast_common.ts";
import { takeFloat32 } from "./_buffer_pool.ts";

/** The kernels replaced. */
export const FAST_TILE_KERNELS: readonly string[] = [Tile];

type Numeric = Float32Array | Int32Array | Uint8Array;

interface TilePlan {
  x: Numeric;
  out: Numeric;
  shape: readonly number[];
  reps: readonly number[];
  xStrides: number[];
  outStrides: number[];
}

function copy(p: TilePlan, d: number, src: number, dst: number): void {
  const s = p.shape[d]!;
  if (d === p.shape.length - 1) {
    if (s >= 64) p.out.set(p.x.subarray(src, src + s), dst);
    else for (let j = 0; j < s; j++) p.out[dst + j] = p.x[src + j]!;
  } else {
    for (let i = 0; i < s; i++) copy(p, d + 1, src + i * p.xStrides[d]!, dst + i * p.outStrides[d]!);
  }
  // The first repetition is written; the others are copies of it, doubling each time (memcpy).
  const block = s * p.outStrides[d]!;
  const total = block * p.reps[d]!;
  for (let filled = block; filled < total; filled *= 2) {
    p.out.copyWithin(dst + filled, dst, dst + Math.min(filled, total - filled));
  }
}

function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = s;
    s *= shape[i]!;
  }
  return out;
}

function fastTile(backend: CpuBackend, x: TensorInfo, reps: readonly number[]): TensorInfo | undefined {
  const values = backend.data.get(x.dataId).values;
  const numeric = values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint8Array;
  if (!numeric || x.dtype === "string" || x.dtype === "complex64" || reps.length !== x.shape.length) return undefined;
  const outShape = x.shape.map((d, i) => d * reps[i]!);
  const out = values instanceof Float32Array
    ? takeFloat32(sizeOf(outShape))
    : new (values.constructor as new (n: number) => Numeric)(sizeOf(outShape));
  if (out.length > 0 && x.shape.length > 0) {
    copy({ x: values, out, shape: x.shape, reps, xStrides: strides(x.shape), outStrides: strides(outShape) }, 0, 0, 0);
  } else if (out.length > 0) out[0] = values[0]!;
  return backend.makeTensorInfo(outShape, x.dtype, out);
}

/**
 * Fast Tile config.
 *
 * @param stock stock configs by kernel name
 * @returns one config per name in {@linkcode FAST_TILE_KERNELS}
 */
export function fastTileConfigs(stock: StockKernels): KernelConfig[] {
  return [
    withFallback(Tile, stock, ({ inputs, attrs }, backend) => {
      const reps = (attrs as unknown as { reps: number[] }).reps;
      return fastTile(backend, inputs.x!, reps);
    }),
  ];
}
