/**
 * Kernels of our own on the `cpu` backend that fuse what tfjs' gradients of Relu, Square and a
 * broadcasting Multiply do in two or three full-size passes (`_fast_gradients.ts` calls them):
 *
 * - `DeepmarkerReluGrad`: `dy · step(x)` (tfjs: Step, Cast, Multiply);
 * - `DeepmarkerSquareGrad`: `dy · (x · 2)` (tfjs: two Multiply);
 * - `DeepmarkerMulSum`: `Σ dy · a` over the axes where the other factor broadcasts (tfjs: Multiply,
 *   then Sum).
 *
 * Each rounds to float32 where tfjs' kernels store a tensor, in the same order, so the results are
 * the same bits.
 *
 * @module
 */

import type { KernelConfig, KernelFunc } from "@tensorflow/tfjs-core";
import { type CpuBackend, float32Values, type KernelArgs, sizeOf } from "./_fast_common.ts";
import { takeFloat32 } from "./_buffer_pool.ts";
import { reducePlan, sumProducts } from "./_fast_reduce.ts";

/** Kernel names registered on `cpu` by {@linkcode fusedGradKernelConfigs}. */
export const RELU_GRAD = "DeepmarkerReluGrad";
export const SQUARE_GRAD = "DeepmarkerSquareGrad";
export const MUL_SUM = "DeepmarkerMulSum";

function reluGrad(dy: Float32Array, x: Float32Array): Float32Array {
  const out = takeFloat32(x.length);
  // Two loops: with the NaN test in the first, V8 branches on the sign (8× slower on activations).
  for (let i = 0; i < x.length; i++) out[i] = dy[i]! * +(x[i]! > 0);
  for (let i = 0; i < x.length; i++) if (x[i] !== x[i]) out[i] = NaN; // step(NaN) = NaN
  return out;
}

function squareGrad(dy: Float32Array, x: Float32Array): Float32Array {
  const out = takeFloat32(x.length);
  for (let i = 0; i < x.length; i++) out[i] = dy[i]! * Math.fround(x[i]! * 2);
  return out;
}

function config(name: string, fn: (args: KernelArgs, backend: CpuBackend) => unknown): KernelConfig {
  const kernelFunc = (args: KernelArgs) => fn(args, args.backend as unknown as CpuBackend);
  return { kernelName: name, backendName: "cpu", kernelFunc: kernelFunc as KernelFunc };
}

function pair(args: KernelArgs, backend: CpuBackend, a: string, b: string): [Float32Array, Float32Array] {
  const av = float32Values(backend, args.inputs[a]);
  const bv = float32Values(backend, args.inputs[b]);
  if (av === undefined || bv === undefined || av.length !== bv.length) {
    throw new TypeError(`Cannot run a fused gradient kernel: "${a}" and "${b}" must be float32 of one size`);
  }
  return [av, bv];
}

/**
 * The three kernel configs (float32 only; the gradients check dtypes before calling them).
 *
 * @returns configs for {@linkcode RELU_GRAD}, {@linkcode SQUARE_GRAD} and {@linkcode MUL_SUM}
 */
export function fusedGradKernelConfigs(): KernelConfig[] {
  return [
    config(RELU_GRAD, (args, backend) => {
      const [dy, x] = pair(args, backend, "dy", "x");
      return backend.makeTensorInfo(args.inputs.x!.shape, "float32", reluGrad(dy, x));
    }),
    config(SQUARE_GRAD, (args, backend) => {
      const [dy, x] = pair(args, backend, "dy", "x");
      return backend.makeTensorInfo(args.inputs.x!.shape, "float32", squareGrad(dy, x));
    }),
    config(MUL_SUM, (args, backend) => {
      const [dy, a] = pair(args, backend, "dy", "a");
      const { axes, shape } = args.attrs as unknown as { axes: number[]; shape: number[] };
      const out = sumProducts(dy, a, reducePlan(args.inputs.dy!.shape, axes), sizeOf(shape));
      return backend.makeTensorInfo(shape, "float32", out);
    }),
  ];
}
