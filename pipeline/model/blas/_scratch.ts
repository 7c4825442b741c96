/**
 * Scratch buffers of the conv kernels: the zero-padded input, the output gradient on the padded grid,
 * the GEMMs' outputs before they are moved into a tensor. On one thread they come from the tensor
 * buffer pool; on several, from the thread pool's shared arena (`_shared_arena.ts`).
 *
 * @module
 */

import { releaseFloat32, takeFloat32, zeroedFloat32 } from "./_buffer_pool.ts";

/** A scratch allocator: `take` gives arbitrary contents, `zeroed` zeros, `release` gives a buffer back. */
export interface Scratch {
  take(n: number): Float32Array;
  zeroed(n: number): Float32Array;
  release(a: Float32Array): void;
}

/** The tensor buffer pool's buffers (`_buffer_pool.ts`), for kernels that run on one thread. */
export const poolScratch: Scratch = { take: takeFloat32, zeroed: zeroedFloat32, release: releaseFloat32 };
