/**
 * Stride-1 conv3d as one GEMM per filter tap over the padded-input grid ("shifted GEMM", the loops are
 * in `_conv_parts.ts`): no im2col copy. With a thread pool the GEMM loops run on all its threads over
 * shared scratch buffers; without one, on this thread over the tensor buffer pool. Letters as in
 * `_conv_layout.ts`.
 *
 * @module
 */

import type { BlasLibrary } from "./load_blas.ts";
import { type ConvGeometry, cropInput, moveGrid, padInput } from "./_conv_layout.ts";
import { type ConvJob, leadRows, runConvPart } from "./_conv_parts.ts";
import { poolScratch, type Scratch } from "./_scratch.ts";
import type { ThreadPool } from "./_thread_pool.ts";

/** The pool when this convolution is worth its threads (its arena emptied for the call), else none. */
function poolFor(g: ConvGeometry, pool: ThreadPool | undefined): ThreadPool | undefined {
  if (pool === undefined || !pool.worthIt(g.n * g.od * g.oh * g.ow * g.kd * g.kh * g.kw * g.c * g.k)) return undefined;
  pool.arena.reset();
  return pool;
}

/** Run a job on the pool's threads, or on this one (same result: see `_conv_parts.ts`). */
function run(blas: BlasLibrary, job: ConvJob, pool: ThreadPool | undefined): void {
  if (pool === undefined) runConvPart(blas, job, 0, 1);
  else pool.run(blas, job);
}

function scratchOf(pool: ThreadPool | undefined): Scratch {
  return pool === undefined ? poolScratch : pool.arena;
}

/** A copy of the filter where the pool's threads can read it. */
function filterFor(w: Float32Array, scratch: Scratch): Float32Array {
  if (scratch === poolScratch) return w;
  const copy = scratch.take(w.length);
  copy.set(w);
  return copy;
}

/** y[N,OD,OH,OW,K] = conv(x[N,D,H,W,C], w[KD,KH,KW,C,K]), stride 1. */
export function conv3dShifted(
  blas: BlasLibrary,
  g: ConvGeometry,
  x: Float32Array,
  w: Float32Array,
  threads?: ThreadPool,
): Float32Array {
  const pool = poolFor(g, threads);
  const scratch = scratchOf(pool);
  const xp = padInput(x, g, scratch);
  const ws = filterFor(w, scratch);
  // Rows past the last real output are never read, and the first tap overwrites the others: no zeroing.
  const grid = scratch.take(g.n * g.dp * g.hp * g.wp * g.k);
  run(blas, { op: "forward", g, a: xp, b: ws, out: grid }, pool);
  [xp, ws].forEach((s) => s !== w && scratch.release(s));
  const y = moveGrid(grid, g, false);
  scratch.release(grid);
  return y;
}

/** dx[N,D,H,W,C] from dy[N,OD,OH,OW,K] and w, stride 1. */
export function conv3dInputGradShifted(
  blas: BlasLibrary,
  g: ConvGeometry,
  dy: Float32Array,
  w: Float32Array,
  threads?: ThreadPool,
): Float32Array {
  const pool = poolFor(g, threads);
  const scratch = scratchOf(pool);
  const grid = moveGrid(dy, g, true, scratch, leadRows(g));
  const ws = filterFor(w, scratch);
  // Every row is written by its first tap: no zeroing.
  const dxp = scratch.take(g.n * g.dp * g.hp * g.wp * g.c);
  run(blas, { op: "inputGrad", g, a: grid, b: ws, out: dxp }, pool);
  [grid, ws].forEach((s) => s !== w && scratch.release(s));
  const dx = cropInput(dxp, g);
  scratch.release(dxp);
  return dx;
}

/** dw[KD,KH,KW,C,K] from x and dy, stride 1. */
export function conv3dFilterGradShifted(
  blas: BlasLibrary,
  g: ConvGeometry,
  x: Float32Array,
  dy: Float32Array,
  threads?: ThreadPool,
): Float32Array {
  const pool = poolFor(g, threads);
  const scratch = scratchOf(pool);
  const xp = padInput(x, g, scratch);
  const grid = moveGrid(dy, g, true, scratch);
  const size = g.kd * g.kh * g.kw * g.c * g.k;
  const dw = pool === undefined ? new Float32Array(size) : scratch.take(size);
  run(blas, { op: "filterGrad", g, a: xp, b: grid, out: dw }, pool);
  [xp, grid].forEach((s) => scratch.release(s));
  if (pool === undefined) return dw;
  const out = dw.slice(); // a plain array: tensor data never lives in shared memory
  scratch.release(dw);
  return out;
}
