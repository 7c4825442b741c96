/**
 * Sum, Mean and Max over any axes for the `cpu` backend without the transpose the stock kernels
 * do first (bias gradients, instance-norm moments). The input is read once in memory order into
 * float64 accumulators; each output sees its inputs in the same order as stock when the reduced
 * axes are given in ascending order, so results are bit-identical there.
 *
 * @module
 */

import { backend_util, type KernelConfig, Max, Mean, Sum, util } from "@tensorflow/tfjs-core";
import { float32Values, sizeOf, type StockKernels, withFallback } from "./_fast_common.ts";

/** The kernels replaced. */
export const FAST_REDUCE_KERNELS: readonly string[] = [Sum, Mean, Max];

type Kind = "sum" | "mean" | "max";

/** Reduction dims: what {@linkcode reducePlan} returns. */
export interface Plan {
  dims: number[];
  reduced: boolean[];
  /** Output stride per dim, 0 where reduced. */
  outStrides: number[];
}

/** Dims with size-1 ones dropped and neighbours of the same kind (reduced or kept) merged. */
export function reducePlan(shape: readonly number[], axes: readonly number[]): Plan {
  const dims: number[] = [];
  const reduced: boolean[] = [];
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (d === 1) continue;
    const r = axes.includes(i);
    const k = dims.length - 1;
    if (k >= 0 && reduced[k] === r) dims[k]! *= d;
    else {
      dims.push(d);
      reduced.push(r);
    }
  }
  if (dims.length === 0) {
    dims.push(1);
    reduced.push(false);
  }
  const outStrides = new Array<number>(dims.length).fill(0);
  let s = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    if (reduced[i]) continue;
    outStrides[i] = s;
    s *= dims[i]!;
  }
  return { dims, reduced, outStrides };
}

/**
 * The plan's shape when it is `[outer?, rows, C]` with the rows reduced and C kept (a bias gradient,
 * a norm's moments over D·H·W): `[outer, rows, c]`, else undefined.
 */
function rowsPlan(p: Plan): [outer: number, rows: number, c: number] | undefined {
  const { dims, reduced } = p;
  if (dims.length === 2 && reduced[0] && !reduced[1]) return [1, dims[0]!, dims[1]!];
  if (dims.length === 3 && !reduced[0] && reduced[1] && !reduced[2]) return [dims[0]!, dims[1]!, dims[2]!];
  return undefined;
}

/**
 * Sum (or Mean's sum of `x/n`) of each block's rows on subarrays, the same additions in the same
 * order as the general loop (V8 drops the offset arithmetic: ≈ 2× faster).
 */
function sumRows(x: Float32Array, y: Float32Array | undefined, shape: [number, number, number], scale: number) {
  const [outer, rows, c] = shape;
  const acc = new Float64Array(outer * c);
  const f = Math.fround;
  for (let b = 0; b < outer; b++) {
    const a = acc.subarray(b * c, b * c + c);
    const xs = x.subarray(b * rows * c, (b + 1) * rows * c);
    if (y !== undefined) {
      const ys = y.subarray(b * rows * c, (b + 1) * rows * c);
      let k = 0;
      for (let r = 0; r < rows; r++) for (let j = 0; j < c; j++, k++) a[j]! += f(xs[k]! * ys[k]!);
    } else if (scale === 1) {
      let k = 0;
      for (let r = 0; r < rows; r++) for (let j = 0; j < c; j++, k++) a[j]! += xs[k]!;
    } else {
      let k = 0;
      for (let r = 0; r < rows; r++) for (let j = 0; j < c; j++, k++) a[j]! += f(xs[k]! / scale);
    }
  }
  return Float32Array.from(acc);
}

/**
 * Output offset of the next row of the input (rows are runs of the last dim): an odometer over the
 * leading dims in `count`, stepping `o` by the output strides (0 along reduced dims).
 */
function nextRowOutput(o: number, count: Int32Array, p: Plan): number {
  const { dims, outStrides } = p;
  for (let d = dims.length - 2; d >= 0; d--) {
    o += outStrides[d]!;
    if (++count[d]! < dims[d]!) break;
    count[d] = 0;
    o -= outStrides[d]! * dims[d]!;
  }
  return o;
}

function reduce(kind: Kind, x: Float32Array, p: Plan, outSize: number, reduceSize: number): Float32Array {
  const rows = kind === "max" ? undefined : rowsPlan(p);
  if (rows !== undefined) return sumRows(x, undefined, rows, kind === "mean" ? reduceSize : 1);
  const acc = new Float64Array(outSize).fill(kind === "max" ? -Infinity : 0);
  const { dims, reduced } = p;
  const last = dims.length - 1;
  const n = dims[last]!;
  const inner = reduced[last]!;
  const scale = reduceSize;
  const count = new Int32Array(last);
  let o = 0;
  for (let i = 0; i < x.length; i += n) {
    const e = i + n;
    if (kind === "sum") {
      if (inner) {
        let s = acc[o]!;
        for (let j = i; j < e; j++) s += x[j]!;
        acc[o] = s;
      } else {
        let q = o;
        for (let j = i; j < e; j++, q++) acc[q]! += x[j]!;
      }
    } else if (kind === "mean") {
      // Stock divides each element in float32 first, then sums.
      if (inner) {
        let s = acc[o]!;
        for (let j = i; j < e; j++) s += Math.fround(x[j]! / scale);
        acc[o] = s;
      } else {
        let q = o;
        for (let j = i; j < e; j++, q++) acc[q]! += Math.fround(x[j]! / scale);
      }
    } else if (inner) {
      let m = acc[o]!;
      for (let j = i; j < e; j++) {
        const v = x[j]!;
        if (v > m || v !== v) m = v;
      }
      acc[o] = m;
    } else {
      let q = o;
      for (let j = i; j < e; j++, q++) {
        const v = x[j]!;
        if (v > acc[q]! || v !== v) acc[q] = v;
      }
    }
    o = nextRowOutput(o, count, p);
  }
  return Float32Array.from(acc);
}

/**
 * `Σ fround(a·b)` over the plan's reduced dims, a and b of the same shape: the fast Sum of tfjs'
 * `mul(a, b)` without the product tensor, same float64 accumulation in the same order (so the same
 * bits as `sum(mul(a, b), axes)` with ascending axes).
 *
 * @param a first factor (tfjs' `dy`)
 * @param b second factor, same length
 * @param p plan of the reduction
 * @param outSize number of outputs
 * @returns the sums as float32
 */
export function sumProducts(a: Float32Array, b: Float32Array, p: Plan, outSize: number): Float32Array {
  const rows = rowsPlan(p);
  if (rows !== undefined) return sumRows(a, b, rows, 1);
  const acc = new Float64Array(outSize);
  const { dims, reduced } = p;
  const last = dims.length - 1;
  const n = dims[last]!;
  const inner = reduced[last]!;
  const f = Math.fround;
  const count = new Int32Array(last);
  let o = 0;
  for (let i = 0; i < a.length; i += n) {
    const e = i + n;
    if (inner) {
      let s = acc[o]!;
      for (let j = i; j < e; j++) s += f(a[j]! * b[j]!);
      acc[o] = s;
    } else {
      let q = o;
      for (let j = i; j < e; j++, q++) acc[q]! += f(a[j]! * b[j]!);
    }
    o = nextRowOutput(o, count, p);
  }
  return Float32Array.from(acc);
}

/**
 * Fast Sum, Mean and Max configs; non-float32 inputs and empty reductions go to stock.
 *
 * @param stock stock configs by kernel name
 * @returns one config per name in {@linkcode FAST_REDUCE_KERNELS}
 */
export function fastReduceConfigs(stock: StockKernels): KernelConfig[] {
  const kinds: [string, Kind][] = [[Sum, "sum"], [Mean, "mean"], [Max, "max"]];
  return kinds.map(([name, kind]) =>
    withFallback(name, stock, ({ inputs, attrs }, backend) => {
      const x = inputs.x;
      const values = float32Values(backend, x);
      if (values === undefined) return undefined;
      const a = attrs as unknown as {
        axis?: number | number[];
        reductionIndices?: number | number[];
        keepDims: boolean;
      };
      const axes = util.parseAxisParam((kind === "max" ? a.reductionIndices : a.axis) as number[], x!.shape);
      const [outShape, reduceShape] = backend_util.computeOutAndReduceShapes(x!.shape, axes);
      const outSize = sizeOf(outShape);
      const reduceSize = sizeOf(reduceShape);
      if (outSize === 0 || reduceSize === 0) return undefined;
      const out = reduce(kind, values, reducePlan(x!.shape, axes), outSize, reduceSize);
      const shape = a.keepDims ? backend_util.expandShapeToKeepDim(outShape, axes) : outShape;
      return backend.makeTensorInfo(shape, "float32", out);
    })
  );
}
