/**
 * A pool of worker threads for the conv kernels: each worker opens the BLAS library itself (Deno
 * FFI) and runs its part of a job (`_conv_parts.ts`) on buffers of the pool's shared arena
 * (`_shared_arena.ts`), while the calling thread runs part 0 and then blocks (`Atomics.wait`) until
 * every part is done — tfjs kernels are synchronous. A job costs one small message per worker
 * (≈ 0.1 ms on this project's machine), so small convolutions stay on the calling thread
 * ({@linkcode ThreadPool.worthIt}).
 *
 * While a job runs, OpenBLAS is held to one thread per call: its own thread server is not reentrant
 * when several threads call `sgemm` at once, and the pool's threads are the parallelism. Workers are
 * `unref`ed (an idle pool does not keep the process alive) and ended by {@linkcode ThreadPool.close}.
 *
 * @module
 */

import { Worker } from "node:worker_threads";
import type { BlasLibrary } from "./load_blas.ts";
import { type ConvJob, runConvPart } from "./_conv_parts.ts";
import { type ArenaRef, type SharedArena, sharedArena } from "./_shared_arena.ts";

/** A job as a worker receives it: buffers by position in the arena. */
export interface PartMessage {
  op: ConvJob["op"];
  g: ConvJob["g"];
  a: ArenaRef;
  b: ArenaRef;
  out: ArenaRef;
  part: number;
  parts: number;
}

/** What a worker is given once: the arena, the control array ([parts done, failed]) and the failure text. */
export interface PoolShared {
  path: string;
  arena: SharedArrayBuffer;
  control: Int32Array;
  message: Uint8Array;
}

/** Threads (the calling one included) that run the conv kernels' GEMM loops. */
export interface ThreadPool {
  /** Threads in all, the calling one included. */
  readonly threads: number;
  /** Where a job's buffers must be taken from; reset it before each kernel call. */
  readonly arena: SharedArena;
  /** Whether a convolution of this many multiply-adds is worth the messages (else: run it on one thread). */
  worthIt(multiplyAdds: number): boolean;
  /** Run `job` cut into {@linkcode threads} parts; returns when all are done, throws if one failed. */
  run(blas: BlasLibrary, job: ConvJob): void;
  /** End the workers. */
  close(): void;
}

/** Below this many multiply-adds (≈ 1 ms on one core) a convolution runs on the calling thread. */
const MIN_MULTIPLY_ADDS = 2 ** 24;

/**
 * Start `threads − 1` workers that open the BLAS library at `path`.
 *
 * @param threads threads in all (at least 2)
 * @param path the library the calling thread opened
 * @returns the pool, once every worker has its library open
 * @throws Error when a worker cannot open the library
 */
export async function startThreadPool(threads: number, path: string): Promise<ThreadPool> {
  const arena = sharedArena();
  const control = new Int32Array(new SharedArrayBuffer(8));
  const message = new Uint8Array(new SharedArrayBuffer(1024));
  const shared: PoolShared = { path, arena: arena.buffer, control, message };
  const url = new URL("./_conv_worker.ts", import.meta.url);
  const workers = Array.from({ length: threads - 1 }, () => new Worker(url, { workerData: shared }));
  try {
    await Promise.all(workers.map((w) =>
      new Promise<void>((resolve, reject) => {
        w.once("message", (m: { ok: boolean; reason: string }) => m.ok ? resolve() : reject(new Error(m.reason)));
        w.once("error", reject);
      })
    ));
  } catch (error) {
    workers.forEach((w) => w.terminate());
    throw error;
  }
  workers.forEach((w) => w.unref());
  return {
    threads,
    arena,
    worthIt: (multiplyAdds) => multiplyAdds >= MIN_MULTIPLY_ADDS,
    run(blas, job) {
      blas.setThreads(1);
      Atomics.store(control, 0, 0);
      Atomics.store(control, 1, 0);
      const refs = { op: job.op, g: job.g, a: arena.ref(job.a), b: arena.ref(job.b), out: arena.ref(job.out) };
      workers.forEach((w, i) => w.postMessage({ ...refs, part: i + 1, parts: threads } satisfies PartMessage));
      let failure: unknown;
      try {
        runConvPart(blas, job, 0, threads);
      } catch (error) {
        failure = error;
      }
      for (let done = Atomics.load(control, 0); done < threads - 1; done = Atomics.load(control, 0)) {
        Atomics.wait(control, 0, done);
      }
      if (failure !== undefined) throw failure;
      if (Atomics.load(control, 1) !== 0) {
        const text = new TextDecoder().decode(message.slice()).replace(/\0+$/, "");
        throw new Error(`conv3d worker failed: ${text}`);
      }
    },
    close() {
      workers.forEach((w) => w.terminate());
    },
  };
}
