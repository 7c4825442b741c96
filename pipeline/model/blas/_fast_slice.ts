/**
 * Slice and SplitV for the `cpu` backend without per-element `TensorBuffer` calls: a
 * non-contiguous slice (the gradient of a channel concat in a U-Net decoder) is copied as nested
 * contiguous runs. Contiguous slices and strings still go to the stock kernel (a zero-copy view).
 * SplitV is replaced too because the stock one calls the stock slice directly.
 *
 * @module
 */

import {
  backend_util,
  type KernelConfig,
  Slice,
  slice_util,
  SplitV,
  type TensorInfo,
  util,
} from "@tensorflow/tfjs-core";
import { type CpuBackend, type KernelArgs, sizeOf, type StockKernels, withFallback } from "./_fast_common.ts";
import { takeFloat32 } from "./_buffer_pool.ts";

/** The kernels replaced. */
export const FAST_SLICE_KERNELS: readonly string[] = [Slice, SplitV];

type Numeric = Float32Array | Int32Array | Uint8Array;

/** Copy `x[begin : begin + size]` of a row-major `shape` into a new array of the same type. */
function sliceCopy(x: Numeric, shape: readonly number[], begin: readonly number[], size: readonly number[]): Numeric {
  const out = x instanceof Float32Array
    ? takeFloat32(sizeOf(size))
    : new (x.constructor as new (n: number) => Numeric)(sizeOf(size));
  if (out.length === 0) return out;
  // Merge each dim that is taken whole into its outer neighbour.
  const dims: number[] = [];
  const starts: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    const k = dims.length - 1;
    if (k >= 0 && size[i] === shape[i]) {
      dims[k]! *= shape[i]!;
      starts[k] = starts[k]! * shape[i]! + begin[i]!;
      full[k]! *= shape[i]!;
    } else {
      dims.push(size[i]!);
      starts.push(begin[i]!);
      full.push(shape[i]!);
    }
  }
  const r = dims.length;
  const strides = new Array<number>(r);
  let s = 1;
  for (let i = r - 1; i >= 0; i--) {
    strides[i] = s;
    s *= full[i]!;
  }
  let src = 0;
  for (let i = 0; i < r; i++) src += starts[i]! * strides[i]!;
  const n = dims[r - 1]!;
  const count = new Int32Array(r);
  for (let o = 0; o < out.length; o += n) {
    if (n >= 64) out.set(x.subarray(src, src + n), o);
    else for (let j = 0; j < n; j++) out[o + j] = x[src + j]!;
    for (let d = r - 2; d >= 0; d--) {
      src += strides[d]!;
      if (++count[d]! < dims[d]!) break;
      count[d] = 0;
      src -= strides[d]! * dims[d]!;
    }
  }
  return out;
}

function fastSlice(backend: CpuBackend, x: TensorInfo, begin: number[], size: number[]): TensorInfo | undefined {
  const values = backend.data.get(x.dataId).values;
  const numeric = values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint8Array;
  if (!numeric || x.dtype === "string" || x.dtype === "complex64") return undefined;
  if (slice_util.isSliceContinous(x.shape, begin, size)) return undefined;
  return backend.makeTensorInfo(size, x.dtype, sliceCopy(values, x.shape, begin, size));
}

/**
 * Fast Slice and SplitV configs.
 *
 * @param stock stock configs by kernel name
 * @returns one config per name in {@linkcode FAST_SLICE_KERNELS}
 */
export function fastSliceConfigs(stock: StockKernels): KernelConfig[] {
  const stockSlice = stock.get(Slice);
  function slice(args: KernelArgs, backend: CpuBackend): TensorInfo {
    const x = args.inputs.x!;
    const attrs = args.attrs as unknown as { begin: number | number[]; size?: number | number[] };
    const [begin, size] = slice_util.parseSliceParams(x, attrs.begin, attrs.size) as [number[], number[]];
    slice_util.assertParamsValid(x, begin, size);
    const fast = fastSlice(backend, x, begin, size);
    if (fast !== undefined) return fast;
    return stockSlice!.kernelFunc({ ...args, attrs: { begin, size } }) as TensorInfo;
  }
  return [
    withFallback(Slice, stock, (args, backend) => slice(args, backend)),
    withFallback(SplitV, stock, (args, backend) => {
      const x = args.inputs.x!;
      const attrs = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number | number[] };
      const axis = util.parseAxisParam(attrs.axis, x.shape)[0]!;
      const sizes = backend_util.prepareSplitSize(x, attrs.numOrSizeSplits, axis);
      const begin = new Array<number>(x.shape.length).fill(0);
      return sizes.map((s) => {
        const size = x.shape.slice();
        size[axis] = s;
        const part = slice({ ...args, inputs: { x }, attrs: { begin: begin.slice(), size } }, backend);
        begin[axis]! += s;
        return part;
      });
    }),
  ];
}
