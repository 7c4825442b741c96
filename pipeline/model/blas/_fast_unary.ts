/**
 * Float32 unary kernels (Relu, Step, Square, Sqrt, Rsqrt, Neg, Abs, Exp, Log1p, Sigmoid), ZerosLike
 * and Concat for the `cpu` backend, writing into pooled buffers (`_buffer_pool.ts`): stock tfjs
 * allocates every output afresh, which costs more than the arithmetic here. Each op is the stock
 * expression evaluated the same way (a double, stored as float32), so results are bit-identical;
 * other dtypes go to the stock kernels.
 *
 * @module
 */

import {
  Abs,
  backend_util,
  Concat,
  Exp,
  type KernelConfig,
  Log1p,
  Neg,
  Relu,
  Rsqrt,
  Sigmoid,
  Sqrt,
  Square,
  Step,
  type TensorInfo,
  util,
  ZerosLike,
} from "@tensorflow/tfjs-core";
import { float32Values, sizeOf, type StockKernels, withFallback } from "./_fast_common.ts";
import { takeFloat32, zeroedFloat32 } from "./_buffer_pool.ts";

type Unary = (x: Float32Array, out: Float32Array, alpha: number) => void;

/** One loop per op (monomorphic), each the stock cpu kernel's expression. */
const UNARY: Record<string, Unary> = {
  [Relu]: (x, out) => {
    // Math.max(0, v) on the bits, without a data-dependent branch (8× faster on activations
    // that are half negative): a set sign bit gives +0 (-0 and -Infinity included), NaN stays NaN.
    const xi = new Int32Array(x.buffer, x.byteOffset, x.length);
    const oi = new Int32Array(out.buffer, out.byteOffset, out.length);
    for (let i = 0; i < xi.length; i++) {
      const b = xi[i]!;
      oi[i] = (b & ~(b >> 31)) | ((b & 0x7fffffff) > 0x7f800000 ? b : 0);
    }
  },
  [Step]: (x, out, alpha) => {
    if (alpha !== 0) {
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!;
        out[i] = v !== v ? NaN : v > 0 ? 1 : alpha;
      }
      return;
    }
    // A comparison turned into a number instead of a branch; NaN in a second loop, or V8 branches.
    for (let i = 0; i < x.length; i++) out[i] = +(x[i]! > 0);
    for (let i = 0; i < x.length; i++) if (x[i] !== x[i]) out[i] = NaN;
  },
  [Square]: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = x[i]! * x[i]!;
  },
  [Sqrt]: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.sqrt(x[i]!);
  },
  [Rsqrt]: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = 1 / Math.sqrt(x[i]!);
  },
  [Neg]: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = -1 * x[i]!;
  },
  [Abs]: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.abs(x[i]!);
  },
  [Exp]: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]!);
  },
  [Log1p]: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.log1p(x[i]!);
  },
  [Sigmoid]: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = 1 / (1 + Math.exp(-x[i]!));
  },
};

/** The kernels replaced. */
export const FAST_UNARY_KERNELS: readonly string[] = [...Object.keys(UNARY), ZerosLike, Concat];

/** Channel (or any-axis) concat of float32 tensors as row copies: `[outer, Σ inner_i]`. */
function concat(inputs: readonly TensorInfo[], values: readonly Float32Array[], axis: number): Float32Array {
  const outShape = backend_util.computeOutShape(inputs.map((t) => t.shape), axis);
  const out = takeFloat32(sizeOf(outShape));
  const outer = sizeOf(outShape.slice(0, axis));
  const row = sizeOf(outShape.slice(axis));
  let offset = 0;
  inputs.forEach((t, i) => {
    const inner = sizeOf(t.shape.slice(axis));
    const x = values[i]!;
    for (let r = 0; r < outer; r++) {
      const src = r * inner;
      const dst = offset + r * row;
      if (inner >= 64) out.set(x.subarray(src, src + inner), dst);
      else for (let j = 0; j < inner; j++) out[dst + j] = x[src + j]!;
    }
    offset += inner;
  });
  return out;
}

/**
 * Fast unary, ZerosLike and Concat configs.
 *
 * @param stock stock configs by kernel name
 * @returns one config per name in {@linkcode FAST_UNARY_KERNELS}
 */
export function fastUnaryConfigs(stock: StockKernels): KernelConfig[] {
  const unary = Object.entries(UNARY).map(([name, op]) =>
    withFallback(name, stock, ({ inputs, attrs }, backend) => {
      const x = float32Values(backend, inputs.x);
      if (x === undefined) return undefined;
      const out = takeFloat32(x.length);
      op(x, out, (attrs as { alpha?: number } | undefined)?.alpha ?? 0);
      return backend.makeTensorInfo(inputs.x!.shape, "float32", out);
    })
  );
  const zerosLike = withFallback(ZerosLike, stock, ({ inputs }, backend) => {
    const x = inputs.x!;
    if (x.dtype !== "float32") return undefined;
    return backend.makeTensorInfo(x.shape, "float32", zeroedFloat32(sizeOf(x.shape)));
  });
  const concatConfig = withFallback(Concat, stock, ({ inputs, attrs }, backend) => {
    const list = Object.values(inputs) as TensorInfo[];
    const values = list.map((t) => float32Values(backend, t));
    if (list.length < 2 || values.some((v) => v === undefined || v.length === 0)) return undefined;
    const axis = util.parseAxisParam((attrs as unknown as { axis: number }).axis, list[0]!.shape)[0]!;
    backend_util.assertParamsConsistent(list.map((t) => t.shape), axis);
    const outShape = backend_util.computeOutShape(list.map((t) => t.shape), axis);
    return backend.makeTensorInfo(outShape, "float32", concat(list, values as Float32Array[], axis));
  });
  return [...unary, zerosLike, concatConfig];
}
