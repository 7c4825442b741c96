/**
 * The machine's ceiling for the BLAS rung: what `sgemm` reaches on a large square product on all
 * cores (OpenBLAS' own threads). Convolution speed is read against it.
 *
 * @module
 */

import { defaultBlasThreads, loadBlas } from "./load_blas.ts";

/**
 * Best GFLOP/s of `C = A·B` at n × n × n (float32), over about `seconds`, on `threads` threads.
 *
 * @param options product size (default 512), seconds (default 0.5), threads (default {@linkcode defaultBlasThreads})
 * @returns GFLOP/s (2·n³ flops per product)
 * @throws {BackendUnavailableError} when no BLAS library can be opened
 *
 * @example Usage
 * ```ts ignore
 * import { sgemmPeakGflops } from "./sgemm_peak.ts";
 * const peak = sgemmPeakGflops({ seconds: 0.2 }); // e.g. 120 on 2 cores of this project's machine
 * ```
 */
export function sgemmPeakGflops(options: { n?: number; seconds?: number; threads?: number } = {}): number {
  const n = options.n ?? 512;
  const blas = loadBlas({ threads: options.threads ?? defaultBlasThreads() });
  try {
    const a = Float32Array.from({ length: n * n }, (_, i) => ((i * 7) % 13) / 13);
    const b = Float32Array.from({ length: n * n }, (_, i) => ((i * 5) % 11) / 11);
    const c = new Float32Array(n * n);
    let best = Infinity;
    const start = performance.now();
    for (let i = 0; i < 3 || performance.now() - start < (options.seconds ?? 0.5) * 1000; i++) {
      const t = performance.now();
      blas.sgemm(false, false, [n, n, n], a, n, b, n, 0, c, n);
      best = Math.min(best, performance.now() - t);
    }
    return (2 * n ** 3) / (best / 1000) / 1e9;
  } finally {
    blas.close();
  }
}
