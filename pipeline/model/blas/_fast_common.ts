/**
 * What the `_fast_*` kernels share: the slice of tfjs' `cpu` backend they use and the kernel
 * argument type.
 *
 * @module
 */

import type { DataType, KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";

/** The part of tfjs' `MathBackendCPU` the fast kernels use. */
export interface CpuBackend {
  data: { get(id: unknown): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: DataType, values: ArrayLike<number>): TensorInfo;
}

/** Arguments tfjs passes to a kernel function. */
export type KernelArgs = Parameters<KernelFunc>[0];

/** A stock kernel to fall back on, by name. */
export type StockKernels = ReadonlyMap<string, KernelConfig>;

/** The values of a float32 tensor, or undefined when it is not a plain float32 one. */
export function float32Values(backend: CpuBackend, t: TensorInfo | undefined): Float32Array | undefined {
  if (t === undefined || t.dtype !== "float32") return undefined;
  const v = backend.data.get(t.dataId).values;
  return v instanceof Float32Array ? v : undefined;
}

/** Product of a shape's dimensions. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * A kernel config for `name` that runs `fast`, or the stock kernel when `fast` returns undefined.
 *
 * @param name kernel name
 * @param stock stock configs saved at registration
 * @param fast the replacement; undefined means "not my case"
 * @returns a `cpu` kernel config
 */
export function withFallback(
  name: string,
  stock: StockKernels,
  fast: (args: KernelArgs, backend: CpuBackend) => TensorInfo | TensorInfo[] | undefined,
): KernelConfig {
  const fallback = stock.get(name);
  const kernelFunc = (args: KernelArgs) => {
    const out = fast(args, args.backend as unknown as CpuBackend);
    if (out !== undefined) return out;
    if (fallback === undefined) throw new Error(`No stock cpu kernel "${name}" to fall back on`);
    return fallback.kernelFunc(args);
  };
  return { kernelName: name, backendName: "cpu", kernelFunc: kernelFunc as KernelFunc };
}
