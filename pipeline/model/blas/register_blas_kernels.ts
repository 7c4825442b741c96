/**
 * Swapping tfjs's `cpu` conv3d kernels for BLAS ones, and back.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { type BlasLibrary, defaultBlasThreads, loadBlas, type LoadBlasOptions } from "./load_blas.ts";
import { startThreadPool, type ThreadPool } from "./_thread_pool.ts";
import { blasKernelConfigs, CONV3D_KERNELS, type ConvAlgorithm } from "./_kernels.ts";
import { registerConv3dTransposeGradient } from "./conv3d_transpose_gradient.ts";
import { maxPool3dGradConfig } from "./_max_pool3d_grad.ts";
import { maxPool3dConfig } from "./_max_pool3d.ts";
import { FAST_BINARY_KERNELS, fastBinaryConfigs } from "./_fast_binary.ts";
import { FAST_SLICE_KERNELS, fastSliceConfigs } from "./_fast_slice.ts";
import { FAST_REDUCE_KERNELS, fastReduceConfigs } from "./_fast_reduce.ts";
import { FAST_TILE_KERNELS, fastTileConfigs } from "./_fast_tile.ts";
import { FAST_UNARY_KERNELS, fastUnaryConfigs } from "./_fast_unary.ts";
import { installBufferPool, uninstallBufferPool } from "./_buffer_pool.ts";
import { registerFastGradients, unregisterFastGradients } from "./_fast_gradients.ts";

/**
 * Every `cpu` kernel replaced: the three conv3d ones, MaxPool3DGrad, MaxPool3D, and the generic kernels that
 * dominate a U-Net step once conv3d is fast (broadcasting binary ops, Slice/SplitV, Sum/Mean/Max, Tile,
 * unary ops, ZerosLike, Concat).
 */
const REPLACED = [
  ...CONV3D_KERNELS,
  tf.MaxPool3DGrad,
  tf.MaxPool3D,
  ...FAST_BINARY_KERNELS,
  ...FAST_SLICE_KERNELS,
  ...FAST_REDUCE_KERNELS,
  ...FAST_TILE_KERNELS,
  ...FAST_UNARY_KERNELS,
];

/** Options of {@linkcode registerBlasKernels}. */
export interface RegisterBlasKernelsOptions extends LoadBlasOptions {
  /**
   * How convolutions are lowered to GEMM; `auto` picks per call (see `bench/blas_bench.ts`).
   * @default "auto"
   */
  algorithm?: ConvAlgorithm;
  /**
   * Where the one fallback warning goes (it is also in `reason`).
   * @default a line on stderr
   */
  warn?: (message: string) => void;
}

/** Outcome of {@linkcode registerBlasKernels}; the backend ladder records it in the run. */
export interface BlasRegistration {
  /** True when the BLAS kernels are now the `cpu` backend's conv3d kernels. */
  ok: boolean;
  /** Why not (or what was loaded). */
  reason: string;
  /** Library path or name opened. */
  library?: string;
  /** Threads the conv kernels run on (`options.threads`, else {@linkcode defaultBlasThreads}). */
  threads?: number;
}

interface Installed {
  blas: BlasLibrary;
  pool: ThreadPool | undefined;
  stock: Map<string, tf.KernelConfig>;
  result: BlasRegistration;
}

let installed: Installed | undefined;

function stderrWarn(message: string): void {
  Deno.stderr.writeSync(new TextEncoder().encode(`warning: ${message}\n`));
}

/**
 * Replace the `cpu` backend's Conv3D, Conv3DBackpropInputV2 and Conv3DBackpropFilterV2 kernels
 * by BLAS-backed ones (channels-last buffers, `cblas_sgemm` through Deno FFI), MaxPool3DGrad and
 * MaxPool3D by channels-last JavaScript ones (10× the stock grad; it dominated a U-Net step next), the broadcasting
 * float32 binary ops, Slice/SplitV, Tile and Sum/Mean/Max by allocation-free loops (bit-identical to
 * stock except Sum/Mean over axes given out of order, ≤ 1e-6 relative), the float32 unary ops,
 * ZerosLike and Concat likewise (bit-identical), Mean's and Sum's gradients by a broadcast of `dy`
 * instead of a product with a tensor of ones (bit-identical), and register the
 * gradient of Conv3DBackpropInputV2 so `tf.conv3dTranspose` trains. With `threads` > 1 the stride-1
 * convolutions (every one of the U-Net's) run on that many threads (`_thread_pool.ts`), bit-identical
 * to one thread; give the count a stage's resources allow. These kernels write into a pool
 * of recycled buffers (`_buffer_pool.ts`): fresh memory, not arithmetic, was most of a
 * paper-size training step. When no BLAS can be opened
 * (missing library, no `--allow-ffi`) the stock kernels stay, one warning is given and the result
 * says why; it never throws. Calling it again first undoes the previous registration.
 *
 * @param options library path, threads (default {@linkcode defaultBlasThreads}), algorithm, warning sink
 * @returns whether BLAS is in use, why, and which library with how many threads
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { registerBlasKernels, unregisterBlasKernels } from "./register_blas_kernels.ts";
 * const result = await registerBlasKernels({ path: "/nonexistent/libblas.so", warn: () => {} });
 * assert.equal(result.ok, false);
 * unregisterBlasKernels();
 * ```
 */
export async function registerBlasKernels(options: RegisterBlasKernelsOptions = {}): Promise<BlasRegistration> {
  unregisterBlasKernels();
  registerConv3dTransposeGradient();
  const threads = Math.max(1, Math.floor(options.threads ?? defaultBlasThreads()));
  let blas: BlasLibrary;
  let pool: ThreadPool | undefined;
  try {
    blas = loadBlas({ ...options, threads });
    try {
      pool = threads > 1 ? await startThreadPool(threads, blas.path) : undefined;
    } catch (error) {
      blas.close();
      throw error;
    }
  } catch (error) {
    const reason = `${error instanceof Error ? error.message : String(error)}; using stock tfjs-cpu conv3d kernels`;
    (options.warn ?? stderrWarn)(reason);
    return { ok: false, reason };
  }
  const stock = new Map<string, tf.KernelConfig>();
  for (const name of REPLACED) {
    const config = tf.getKernel(name, "cpu");
    if (config !== undefined) stock.set(name, config);
  }
  const configs = blasKernelConfigs(blas, stock, options.algorithm ?? "auto", pool);
  const fast = [
    ...fastBinaryConfigs(stock),
    ...fastSliceConfigs(stock),
    ...fastReduceConfigs(stock),
    ...fastTileConfigs(stock),
    ...fastUnaryConfigs(stock),
    maxPool3dConfig(stock),
  ];
  for (const config of [...configs, maxPool3dGradConfig(stock.get(tf.MaxPool3DGrad)), ...fast]) {
    if (stock.has(config.kernelName)) tf.unregisterKernel(config.kernelName, "cpu");
    tf.registerKernel(config);
  }
  installBufferPool(tf.engine().findBackend("cpu"));
  registerFastGradients();
  const result: BlasRegistration = {
    ok: true,
    reason: `conv3d kernels use cblas_sgemm from "${blas.path}" on ${threads} thread${threads === 1 ? "" : "s"}`,
    library: blas.path,
    threads,
  };
  installed = { blas, pool, stock, result };
  return result;
}

/**
 * Put the stock `cpu` conv3d kernels back and close the BLAS library (no-op when not registered).
 * The conv3dTranspose gradient stays registered: it is correct on every backend.
 *
 * @returns true when BLAS kernels were registered and have been removed
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { unregisterBlasKernels } from "./register_blas_kernels.ts";
 * assert.equal(unregisterBlasKernels(), false);
 * ```
 */
export function unregisterBlasKernels(): boolean {
  if (installed === undefined) return false;
  for (const name of REPLACED) {
    tf.unregisterKernel(name, "cpu");
    const config = installed.stock.get(name);
    if (config !== undefined) tf.registerKernel(config);
  }
  uninstallBufferPool();
  unregisterFastGradients();
  installed.pool?.close();
  installed.blas.close();
  installed = undefined;
  return true;
}

/**
 * The current registration, if BLAS kernels are installed.
 *
 * @returns the result of the successful {@linkcode registerBlasKernels} call, or undefined
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { blasKernelsRegistered } from "./register_blas_kernels.ts";
 * assert.equal(blasKernelsRegistered(), undefined);
 * ```
 */
export function blasKernelsRegistered(): BlasRegistration | undefined {
  return installed?.result;
}
