/**
 * One growable `SharedArrayBuffer` that the conv thread pool's workers receive once, at start: a job
 * then names its buffers by offset and length (a message of a few numbers). Posting the buffers
 * themselves costs seconds per job: Deno's `node:worker_threads` takes ≈ 80 ms per MB of
 * `SharedArrayBuffer` in a message. The arena is a bump allocator reset before each kernel call
 * (every scratch buffer of a call is dropped when it returns); it grows to the largest call and
 * keeps that memory, as the tensor buffer pool does.
 *
 * @module
 */

import type { Scratch } from "./_scratch.ts";

/** A buffer of the arena by position: byte offset and float count. */
export type ArenaRef = readonly [byteOffset: number, length: number];

/** Largest arena: address space reserved up front, memory used only as the arena grows. */
const MAX_BYTES = 2 ** 36;
/** Buffers start on 64-byte boundaries (cache lines). */
const ALIGN = 64;

interface GrowableSab extends SharedArrayBuffer {
  grow(bytes: number): void;
  readonly maxByteLength: number;
}

/** The arena: a {@linkcode Scratch} over one growable shared buffer. */
export interface SharedArena extends Scratch {
  /** The buffer (send it to each worker once). */
  readonly buffer: SharedArrayBuffer;
  /** Forget every buffer taken (before a kernel call). */
  reset(): void;
  /** Where `a`, a buffer of this arena, lies. */
  ref(a: Float32Array): ArenaRef;
}

/**
 * A new, empty arena.
 *
 * @returns the arena
 */
export function sharedArena(): SharedArena {
  const Sab = SharedArrayBuffer as unknown as new (bytes: number, options: { maxByteLength: number }) => GrowableSab;
  const buffer = new Sab(0, { maxByteLength: MAX_BYTES });
  let used = 0;
  const take = (n: number): Float32Array => {
    const start = Math.ceil(used / ALIGN) * ALIGN;
    const end = start + 4 * n;
    if (end > buffer.byteLength) buffer.grow(Math.min(MAX_BYTES, Math.max(end, Math.ceil(buffer.byteLength * 1.25))));
    used = end;
    return new Float32Array(buffer, start, n);
  };
  return {
    buffer,
    take,
    zeroed: (n) => take(n).fill(0),
    release() {},
    reset() {
      used = 0;
    },
    ref(a) {
      if (a.buffer !== buffer) throw new Error("internal: a conv buffer outside the shared arena");
      return [a.byteOffset, a.length];
    },
  };
}
