/**
 * tfjs kernel configs for Conv3D, Conv3DBackpropInputV2 and Conv3DBackpropFilterV2 on the `cpu`
 * backend that compute with BLAS. Cases they do not cover (dilation > 1, non-float32) go to the
 * stock kernel saved at registration.
 *
 * @module
 */

import {
  Conv3D,
  Conv3DBackpropFilterV2,
  Conv3DBackpropInputV2,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import type { BlasLibrary } from "./load_blas.ts";
import { type ConvGeometry, convGeometry, type ConvPad } from "./_conv_layout.ts";
import { conv3dFilterGradIm2col, conv3dIm2col, conv3dInputGradIm2col } from "./_conv_im2col.ts";
import { conv3dFilterGradShifted, conv3dInputGradShifted, conv3dShifted } from "./_conv_shifted.ts";
import type { ThreadPool } from "./_thread_pool.ts";

/** How the convolutions are lowered to GEMM. */
export type ConvAlgorithm = "auto" | "shifted" | "im2col";

/** The three kernels this module replaces. */
export const CONV3D_KERNELS = [Conv3D, Conv3DBackpropInputV2, Conv3DBackpropFilterV2] as const;

interface CpuBackend {
  data: { get(id: unknown): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: "float32", values: Float32Array): TensorInfo;
}

interface ConvAttrs {
  strides: number | [number, number, number];
  pad: ConvPad;
  dilations?: number | [number, number, number];
  inputShape?: number[];
  filterShape?: number[];
}

function valuesOf(backend: CpuBackend, t: TensorInfo): Float32Array | undefined {
  const v = backend.data.get(t.dataId).values;
  return t.dtype === "float32" && v instanceof Float32Array ? v : undefined;
}

function unitDilation(d: ConvAttrs["dilations"]): boolean {
  return d === undefined || (typeof d === "number" ? d === 1 : d.every((v) => v === 1));
}

/**
 * Shifted GEMM applies to stride 1 only; there it beat blocked im2col for every channel count
 * measured (2–32 in, 8–32 out; 1.3–4× on 1 thread, `bench/blas_bench.ts`): im2col's gather in
 * JavaScript costs more than the small GEMM inner size of shifted costs BLAS.
 */
function useShifted(algorithm: ConvAlgorithm, g: ConvGeometry): boolean {
  if (g.sd !== 1 || g.sh !== 1 || g.sw !== 1) return false;
  return algorithm !== "im2col";
}

type Compute = (
  blas: BlasLibrary,
  g: ConvGeometry,
  a: Float32Array,
  b: Float32Array,
  pool?: ThreadPool,
) => Float32Array;

interface KernelPlan {
  name: string;
  inputs: [string, string];
  geometry(inputs: TensorInfo[], attrs: ConvAttrs): ConvGeometry;
  outShape(g: ConvGeometry): number[];
  shifted: Compute;
  im2col: Compute;
}

const PLANS: readonly KernelPlan[] = [
  {
    name: Conv3D,
    inputs: ["x", "filter"],
    geometry: ([x, f], a) => convGeometry(x!.shape, f!.shape, a.strides, a.pad),
    outShape: (g) => [g.n, g.od, g.oh, g.ow, g.k],
    shifted: conv3dShifted,
    im2col: conv3dIm2col,
  },
  {
    name: Conv3DBackpropInputV2,
    inputs: ["dy", "filter"],
    geometry: ([, f], a) => convGeometry(a.inputShape!, f!.shape, a.strides, a.pad),
    outShape: (g) => [g.n, g.d, g.h, g.w, g.c],
    shifted: conv3dInputGradShifted,
    im2col: conv3dInputGradIm2col,
  },
  {
    name: Conv3DBackpropFilterV2,
    inputs: ["x", "dy"],
    geometry: ([x], a) => convGeometry(x!.shape, a.filterShape!, a.strides, a.pad),
    outShape: (g) => [g.kd, g.kh, g.kw, g.c, g.k],
    shifted: conv3dFilterGradShifted,
    im2col: conv3dFilterGradIm2col,
  },
];

/**
 * BLAS kernel configs for the `cpu` backend.
 *
 * @param blas the opened library
 * @param stock the stock configs, by kernel name, used for cases BLAS does not cover
 * @param algorithm lowering to use
 * @param pool threads for the stride-1 (shifted GEMM) kernels; none: this thread only. Strided
 *   convolutions (im2col) make a few large GEMMs, which OpenBLAS threads itself.
 * @returns one config per name in {@linkcode CONV3D_KERNELS}
 */
export function blasKernelConfigs(
  blas: BlasLibrary,
  stock: ReadonlyMap<string, KernelConfig>,
  algorithm: ConvAlgorithm,
  pool?: ThreadPool,
): KernelConfig[] {
  return PLANS.map((plan) => {
    const kernelFunc = (args: Parameters<KernelFunc>[0]) => {
      const backend = args.backend as unknown as CpuBackend;
      const attrs = args.attrs as unknown as ConvAttrs;
      const ins = plan.inputs.map((name) => args.inputs[name]!);
      const a = valuesOf(backend, ins[0]!);
      const b = valuesOf(backend, ins[1]!);
      if (a === undefined || b === undefined || !unitDilation(attrs.dilations)) {
        return stock.get(plan.name)!.kernelFunc(args);
      }
      const g = plan.geometry(ins, attrs);
      const out = useShifted(algorithm, g) ? plan.shifted(blas, g, a, b, pool) : plan.im2col(blas, g, a, b);
      return backend.makeTensorInfo(plan.outShape(g), "float32", out);
    };
    return { kernelName: plan.name, backendName: "cpu", kernelFunc: kernelFunc as KernelFunc };
  });
}
