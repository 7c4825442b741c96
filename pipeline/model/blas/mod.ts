/**
 * BLAS-backed conv3d kernels for TensorFlow.js's `cpu` backend: tfjs keeps autodiff, optimisers
 * and every other op; Conv3D and its two gradients call `cblas_sgemm` (OpenBLAS, Accelerate, …)
 * through Deno FFI (10–50× the stock JavaScript loops on 2 cores). Needs `--allow-ffi`. The same
 * registration swaps the generic kernels that then dominate a U-Net step (broadcasting float32
 * binary ops, Slice/SplitV, Tile, Sum/Mean/Max, MaxPool3DGrad) for allocation-free loops.
 *
 * @example Usage
 * ```ts ignore
 * import * as tf from "@tensorflow/tfjs-core";
 * import { registerBlasKernels, unregisterBlasKernels } from "./mod.ts";
 * const result = await registerBlasKernels({ threads: 2 });
 * // result: { ok: true, reason: "...", library: "libopenblas.so.0", threads: 2 }
 * const y = tf.conv3d(tf.ones([1, 8, 8, 8, 4]), tf.ones([3, 3, 3, 4, 8]), 1, "same");
 * unregisterBlasKernels();
 * ```
 *
 * @module
 */

export * from "./load_blas.ts";
export * from "./register_blas_kernels.ts";
export * from "./conv3d_transpose_gradient.ts";
export * from "./sgemm_peak.ts";
