/**
 * Finding and opening a CBLAS library through Deno FFI.
 *
 * @module
 */

import { BackendUnavailableError } from "../../errors.ts";

/** Options of {@linkcode loadBlas}. */
export interface LoadBlasOptions {
  /**
   * Library to open; when set (here or in `DEEPMARKER_BLAS`) it is the only one tried.
   * @default undefined (the env var, then the usual system names)
   */
  path?: string;
  /**
   * Threads BLAS may use (`openblas_set_num_threads`, when the library exports it). Lower it
   * when onnxruntime runs at the same time so the two pools do not fight for cores.
   * @default {@linkcode defaultBlasThreads}()
   */
  threads?: number;
  /**
   * False: never call `openblas_set_num_threads` (a worker of the conv thread pool: the main thread
   * owns the library's thread count, which is global to the process).
   * @default true
   */
  manageThreads?: boolean;
}

/** A CBLAS library opened through FFI. Matrices are row-major; `trans*` transposes an operand. */
export interface BlasLibrary {
  /** Path or name the library was opened from. */
  readonly path: string;
  /** Thread count asked of the library (`undefined` when it cannot be set, e.g. Accelerate). */
  readonly threads: number | undefined;
  /**
   * `C = A·B + beta·C` (alpha 1) with `cblas_sgemm`, row-major; `A` is m×k (k×m when
   * `transA`), `B` is k×n (n×k when `transB`), `C` is m×n. Views may start inside a buffer.
   */
  sgemm(
    transA: boolean,
    transB: boolean,
    dims: readonly [m: number, n: number, k: number],
    a: Float32Array,
    lda: number,
    b: Float32Array,
    ldb: number,
    beta: number,
    c: Float32Array,
    ldc: number,
  ): void;
  /**
   * {@linkcode BlasLibrary.sgemm} on one thread with operands given by address in bytes (memory that
   * does not move: a `SharedArrayBuffer`'s), for the conv thread pool.
   */
  sgemmAt(
    transA: boolean,
    transB: boolean,
    dims: readonly [m: number, n: number, k: number],
    a: number,
    lda: number,
    b: number,
    ldb: number,
    beta: number,
    c: number,
    ldc: number,
  ): void;
  /** Set the library's thread count now (no-op when it cannot be set or is not managed). */
  setThreads(threads: number): void;
  /** Close the library; calling `sgemm` afterwards is an error. */
  close(): void;
}

const ROW_MAJOR = 101;
const NO_TRANS = 111;
const TRANS = 112;

const SYMBOLS = {
  cblas_sgemm: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "f32",
      "buffer",
      "i32",
      "buffer",
      "i32",
      "f32",
      "buffer",
      "i32",
    ],
    result: "void",
  },
  // The same function with operands by address: Deno's FFI passes views of a SharedArrayBuffer as "buffer"
  // arguments several times slower per call than plain ones (≈ 30 µs vs 6 µs measured here).
  cblas_sgemm_at: {
    name: "cblas_sgemm",
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "f32",
      "usize",
      "i32",
      "usize",
      "i32",
      "f32",
      "usize",
      "i32",
    ],
    result: "void",
  },
  openblas_set_num_threads: { parameters: ["i32"], result: "void", optional: true },
} as const;

/**
 * The libraries {@linkcode loadBlas} tries, in order, when no path is given.
 *
 * @param os operating system, as `Deno.build.os`
 * @returns file names (resolved by the system loader) or absolute paths
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { blasCandidates } from "./load_blas.ts";
 * assert.equal(blasCandidates("linux")[0], "libopenblas.so.0");
 * ```
 */
export function blasCandidates(os: typeof Deno.build.os = Deno.build.os): readonly string[] {
  if (os === "darwin") {
    return [
      "/System/Library/Frameworks/Accelerate.framework/Accelerate",
      "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
      "/usr/local/opt/openblas/lib/libopenblas.dylib",
    ];
  }
  if (os === "windows") return ["openblas.dll", "libopenblas.dll"];
  return ["libopenblas.so.0", "libopenblas.so", "libblas.so.3", "libcblas.so.3"];
}

function envPath(): string | undefined {
  try {
    return Deno.env.get("DEEPMARKER_BLAS") || undefined;
  } catch {
    return undefined; // no --allow-env: behave as if unset
  }
}

function ffiGranted(): boolean {
  try {
    return Deno.permissions.querySync({ name: "ffi" }).state === "granted";
  } catch {
    return false;
  }
}

/**
 * Products that run on one thread whatever the count asked: small ones (under 2^25 multiply-adds,
 * about a millisecond; a demo-size conv tap), where waking and joining threads costs more than it
 * saves, and ones with a tiny output and a long inner dimension (a conv filter gradient: C×K
 * outputs summed over every voxel), which OpenBLAS splits by output, not by sum. Both measured
 * 1.5–10× slower with 2 threads than with 1 on this project's 2-core machine.
 */
function singleThreaded(m: number, n: number, k: number): boolean {
  return m * n * k < 2 ** 25 || (m * n <= 4096 && k >= 64 * Math.max(m, n));
}

function open(path: string, threads: number, manage: boolean): BlasLibrary {
  const lib = Deno.dlopen(path, SYMBOLS);
  const set = manage ? lib.symbols.openblas_set_num_threads : null;
  if (set) set(threads);
  const sgemm = lib.symbols.cblas_sgemm;
  let current = threads;
  return {
    path,
    threads: set ? threads : undefined,
    sgemm(transA, transB, [m, n, k], a, lda, b, ldb, beta, c, ldc) {
      const want = set && threads > 1 && singleThreaded(m, n, k) ? 1 : threads;
      if (set && want !== current) set(current = want);
      sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, 1, a, lda, b, ldb, beta, c, ldc);
    },
    sgemmAt(transA, transB, [m, n, k], a, lda, b, ldb, beta, c, ldc) {
      // usize arguments take numbers at run time (addresses are below 2^53); the declared type says bigint.
      const f = lib.symbols.cblas_sgemm_at as unknown as (...args: number[]) => void;
      f(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, 1, a, lda, b, ldb, beta, c, ldc);
    },
    setThreads(n) {
      if (set && n !== current) set(current = n);
    },
    close() {
      lib.close();
    },
  };
}

/**
 * The thread count training uses when none is given: `DEEPMARKER_BLAS_THREADS` when set (the test task
 * sets 1), else the machine's logical cores.
 *
 * @returns a positive integer
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultBlasThreads } from "./load_blas.ts";
 * assert.ok(defaultBlasThreads() >= 1);
 * ```
 */
export function defaultBlasThreads(): number {
  let fromEnv = NaN;
  try {
    fromEnv = Number(Deno.env.get("DEEPMARKER_BLAS_THREADS") ?? NaN);
  } catch {
    // no --allow-env: behave as if unset
  }
  return Math.max(1, Math.floor(Number.isFinite(fromEnv) ? fromEnv : navigator.hardwareConcurrency ?? 1));
}

/**
 * Open a CBLAS library exporting `cblas_sgemm`: `options.path`, else `DEEPMARKER_BLAS`, else the
 * system names of {@linkcode blasCandidates} (Debian `libopenblas.so.0`, `libblas.so.3` when it
 * is a CBLAS, macOS Accelerate, Windows `openblas.dll`). Never prompts for permission.
 *
 * @param options path and thread count
 * @returns the opened library
 * @throws {BackendUnavailableError} when FFI is not permitted or no candidate opens with `cblas_sgemm`
 *
 * @example Usage
 * ```ts ignore
 * import { loadBlas } from "./load_blas.ts";
 * const blas = loadBlas({ threads: 2 });
 * const c = new Float32Array(1);
 * blas.sgemm(false, false, [1, 1, 2], new Float32Array([1, 2]), 2, new Float32Array([3, 4]), 1, 0, c, 1);
 * blas.close(); // c[0] === 11
 * ```
 */
export function loadBlas(options: LoadBlasOptions = {}): BlasLibrary {
  if (!ffiGranted()) {
    throw new BackendUnavailableError(
      "Cannot load BLAS: FFI permission is not granted\nhint: run deno with --allow-ffi (or -A)",
    );
  }
  // DEEPMARKER_BLAS_THREADS caps OpenBLAS's own thread pool: the test task sets it to 1 because OpenBLAS's
  // pthread server is not reentrant when several Deno workers (parallel test files) call sgemm at once.
  const threads = Math.max(1, Math.floor(options.threads ?? defaultBlasThreads()));
  const explicit = options.path ?? envPath();
  const candidates = explicit === undefined ? blasCandidates() : [explicit];
  const failures: string[] = [];
  for (const path of candidates) {
    try {
      return open(path, threads, options.manageThreads ?? true);
    } catch (error) {
      const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
      failures.push(`"${path}" (${why})`);
    }
  }
  throw new BackendUnavailableError(
    `Cannot load BLAS: no library with cblas_sgemm among ${failures.join(", ")}\n` +
      "hint: install OpenBLAS (Debian: apt-get install libopenblas0-pthread) or set DEEPMARKER_BLAS",
  );
}
