/**
 * A worker of `_thread_pool.ts`: opens the BLAS library the pool names, says so, then runs the
 * parts of conv jobs it is sent (buffers by position in the shared arena) and counts each one done
 * in the shared control array.
 *
 * @module
 */

import { parentPort, workerData } from "node:worker_threads";
import { type BlasLibrary, loadBlas } from "./load_blas.ts";
import { runConvPart } from "./_conv_parts.ts";
import type { ArenaRef } from "./_shared_arena.ts";
import type { PartMessage, PoolShared } from "./_thread_pool.ts";

const port = parentPort!;
const { path, arena, control, message } = workerData as PoolShared;
let blas: BlasLibrary | undefined;
try {
  // The calling thread owns OpenBLAS' thread count; a worker never changes it.
  blas = loadBlas({ path, manageThreads: false });
  port.postMessage({ ok: true, reason: "" });
} catch (error) {
  port.postMessage({ ok: false, reason: error instanceof Error ? error.message : String(error) });
}

const view = ([offset, length]: ArenaRef) => new Float32Array(arena, offset, length);

port.on("message", ({ op, g, a, b, out, part, parts }: PartMessage) => {
  try {
    runConvPart(blas!, { op, g, a: view(a), b: view(b), out: view(out) }, part, parts);
  } catch (error) {
    if (Atomics.compareExchange(control, 1, 0, 1) === 0) {
      message.set(new TextEncoder().encode(String(error instanceof Error ? error.message : error)).subarray(0, 1024));
    }
  } finally {
    Atomics.add(control, 0, 1);
    Atomics.notify(control, 0);
  }
});
